/**
 * Shadow roots as a content script may read them: open ones everywhere, closed ones where the browser lets an
 * extension (Firefox `Element.openOrClosedShadowRoot`, Chromium `chrome.dom.openOrClosedShadowRoot`). A page cannot
 * stand in for either: Firefox's is read through the content script's Xray view of the element, Chromium's `chrome`
 * object belongs to the isolated world. In Node (the maintainer's extraction) and in a page's own world there is
 * neither, and only open roots are read.
 */
import * as dom from './safe.ts';

/**
 * The elements that can have a shadow root besides custom elements (names with a hyphen): the DOM standard's
 * list for attachShadow (declarative shadow roots obey it too). Any other element's shadowRoot is always null.
 */
export const SHADOW_HOSTS: ReadonlySet<string> = new Set([
  'article', 'aside', 'blockquote', 'body', 'div', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'main', 'nav', 'p',
  'section', 'span',
]);

/** Whether an element of this name can host a shadow root (SHADOW_HOSTS or a custom element's name). */
export function mayHostShadow(localName: string): boolean {
  return SHADOW_HOSTS.has(localName) || localName.includes('-');
}

/** A shadow root of `host` (the browser's API answers with one or null; checked by shape, so a DOM without a global
 *  ShadowRoot class — the maintainer's Node DOM in tests — works the same). */
const isRootOf = (v: unknown, host: Element): v is ShadowRoot => typeof v === 'object' && v !== null && (v as { host?: unknown }).host === host;

type RootApi = (el: Element) => unknown;
/** Chromium's `chrome.dom.openOrClosedShadowRoot`, looked up once (undefined: not yet; null: there is none). */
let chromiumApi: RootApi | null | undefined;
function chromium(): RootApi | null {
  if (chromiumApi === undefined) {
    try {
      const api = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: RootApi } } }).chrome?.dom;
      const fn = api?.openOrClosedShadowRoot;
      chromiumApi = typeof fn === 'function' ? (el) => fn.call(api, el) : null;
    } catch {
      chromiumApi = null;
    }
  }
  return chromiumApi;
}
/** Tests swap the browser's API in and out: forget the one looked up. */
export function forgetShadowApi(): void {
  chromiumApi = undefined;
}

/** The element's shadow root, open or closed (see above). Null when it has none, or none that can be read. */
export function anyShadowRoot(el: Element): ShadowRoot | null {
  try {
    const cr = chromium();
    if (cr) {
      const root = cr(el);
      if (isRootOf(root, el)) return root;
    } else {
      const ff: unknown = (el as Element & { openOrClosedShadowRoot?: unknown }).openOrClosedShadowRoot;
      if (isRootOf(ff, el)) return ff;
    }
  } catch {
    // an element of another document or a detached one: only its open root, below
  }
  try {
    return dom.shadowRoot(el);
  } catch {
    return null;
  }
}

/** At most this many elements are asked for a closed root in one `unreadShadowRoot` (≈ 1.5–2.5 µs each in Chromium). */
export const CLOSED_SCAN_MAX_CALLS = 5000;

/**
 * Is there a shadow root the page's last check did not read? After an ordinary extraction (`extracted`): a closed
 * root of a div, span, p … (custom elements' closed roots and every open root are read by every extraction: walk.ts
 * `closedShadowRoots: 'custom'`). When the verdict came from the gate sample alone (no extraction): any shadow root
 * at all. Looks through the document and every shadow root in it, open or closed. True also when there are more
 * candidates than `maxCalls` (a page cannot pad its way past the look). Synchronous (the guard asks while it holds a
 * user's event). Reads through the prototypes: `<img name="querySelectorAll">` cannot make it throw.
 */
export function unreadShadowRoot(doc: Document, extracted: boolean, maxCalls = CLOSED_SCAN_MAX_CALLS): boolean {
  const roots: Node[] = [doc];
  let calls = 0;
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r] as Node;
    const all = dom.nodeType(root) === 9 ? dom.docQueryAll(root, '*') : dom.fragmentQueryAll(root, '*');
    for (let i = 0; i < all.length; i++) {
      const el = all[i] as Element;
      const tag = dom.localName(el);
      if (!mayHostShadow(tag)) continue;
      const open = dom.shadowRoot(el);
      if (open) {
        if (!extracted) return true;
        roots.push(open);
        continue;
      }
      if (++calls > maxCalls) return true;
      const closed = anyShadowRoot(el);
      if (!closed) continue;
      if (!extracted || !tag.includes('-')) return true;
      roots.push(closed); // a custom element's closed root was read; what is inside it may hold another
    }
  }
  return false;
}
