/**
 * What a control says and whether it navigates — shared by the always-on guard (content.js: the quick pre-filter
 * before the UI part is loaded) and payment-step detection (./payment-step.ts, content-ui.js). Small: it ships in
 * both. Reads the page's own `location` (the document the control is in). DOM reads go
 * through src/dom/safe.ts (a `<form>` with an `<input name="getAttribute">` must not break the label).
 */
import * as dom from './safe';

/** A label longer than this is page text, not a button label. */
export const LABEL_MAX_CHARS = 60;

/** The visible / accessible label of a control (value, aria-label, short text, title), whitespace collapsed. */
export function labelOf(el: Element): string {
  const attr = (n: string): string => dom.getAttribute(el, n)?.trim() ?? '';
  if (dom.localName(el) === 'input') return attr('value') || attr('aria-label') || attr('title') || attr('alt');
  const aria = attr('aria-label');
  if (aria) return aria;
  const text = dom.textContent(el) ?? '';
  if (text.length <= LABEL_MAX_CHARS * 4) {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t && t.length <= LABEL_MAX_CHARS) return t;
  }
  return attr('title') || attr('value');
}

/** A plain link to another page (its own check follows there), not an in-page action dressed as a link. */
export function isNavigationLink(el: Element): boolean {
  if (dom.localName(el) !== 'a' || dom.getAttribute(el, 'role') === 'button') return false;
  const href = (el as HTMLAnchorElement).href;
  if (!href || href.startsWith('javascript:')) return false;
  try {
    const u = new URL(href);
    return u.origin !== location.origin || u.pathname !== location.pathname || u.search !== location.search;
  } catch {
    return false;
  }
}
