/**
 * Building ScamSentinel's own UI: DOM nodes only (page text is appended as Text nodes, never parsed as HTML),
 * inside a CLOSED shadow root whose host carries inline `!important` styles that page stylesheets cannot beat.
 * The host has a marker attribute (`data-scamsentinel="overlay"` …) so tests — and our own MutationObserver —
 * can recognise it; the page can see the host but not reach inside it.
 */
import * as safeDom from '../dom/safe';

export const HOST_TAG = 'scamsentinel-ui';
export const HOST_ATTR = 'data-scamsentinel';

export type HostKind = 'badge' | 'overlay' | 'banner' | 'link-confirm';
type Child = Node | string | null | undefined | false;

/** createElement + attributes + children; strings become Text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Inline host styles per kind: `all: initial` first, then what the host needs; all `!important`. */
const HOST_STYLES: Record<HostKind, readonly [string, string][]> = {
  badge: [
    ['display', 'inline-block'],
    ['position', 'relative'],
    ['vertical-align', 'middle'],
    ['margin', '0 4px'],
  ],
  overlay: [
    ['display', 'block'],
    ['position', 'fixed'],
    ['inset', '0'],
    ['width', '0'],
    ['height', '0'],
    ['z-index', '2147483647'],
  ],
  banner: [
    ['display', 'block'],
    ['position', 'fixed'],
    ['top', '0'],
    ['left', '0'],
    ['right', '0'],
    ['z-index', '2147483647'],
  ],
  'link-confirm': [
    ['display', 'block'],
    ['position', 'fixed'],
    ['inset', '0'],
    ['width', '0'],
    ['height', '0'],
    ['z-index', '2147483647'],
  ],
};

const COMMON: readonly [string, string][] = [
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['pointer-events', 'auto'],
  ['transform', 'none'],
  ['filter', 'none'],
  ['clip-path', 'none'],
  ['contain', 'none'],
  ['content-visibility', 'visible'],
];

/** (Re)applies the protective inline style through CSSOM (works under a strict page CSP). */
export function applyHostStyle(host: HTMLElement, kind: HostKind): void {
  const s = host.style;
  s.cssText = '';
  s.setProperty('all', 'initial', 'important');
  for (const [p, v] of COMMON) s.setProperty(p, v, 'important');
  for (const [p, v] of HOST_STYLES[kind]) s.setProperty(p, v, 'important');
}

export interface UiHost {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
}

/**
 * The hosts we made, in a set both scripts of the isolated world share (content.js and content-ui.js are separate
 * bundles): the tag name alone is the page's to use, and a page that wrapped its pay button's text in a
 * `<scamsentinel-ui>` of its own had the guard ignore the click (red team class 12). A symbol-keyed property of the
 * content script's global: the page's named properties and its script cannot reach it.
 */
const OWN_HOSTS = Symbol.for('scamsentinel.ownHosts');

function ownHosts(): WeakSet<Node> {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const known = g[OWN_HOSTS];
  if (known instanceof WeakSet) return known as WeakSet<Node>;
  const set = new WeakSet<Node>();
  Object.defineProperty(globalThis, OWN_HOSTS, { value: set });
  return set;
}

export function createHost(kind: HostKind, css: string): UiHost {
  const host = document.createElement(HOST_TAG);
  ownHosts().add(host);
  host.setAttribute(HOST_ATTR, kind);
  applyHostStyle(host, kind);
  const root = host.attachShadow({ mode: 'closed' });
  adoptCss(root, css);
  return { host, root };
}

const sheets = new Map<string, CSSStyleSheet>();

/** Constructable stylesheet, parsed once and shared by every root (not subject to the page's style-src CSP);
 *  a <style> element where that is unavailable. */
function adoptCss(root: ShadowRoot, css: string): void {
  try {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // Firefox content scripts cannot adopt a sheet built in their own compartment: use a <style> element
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}

/** One of the UI hosts we made (not merely an element with our tag name). */
export function isOwnUi(node: Node): boolean {
  return safeDom.nodeType(node) === 1 && safeDom.localName(node) === HOST_TAG && ownHosts().has(node);
}

export function truncate(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A small shield mark (SVG built with DOM calls; emoji fonts are missing on many systems). */
export function shieldIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3zm-1 6h2v6h-2V8zm0 8h2v2h-2v-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
