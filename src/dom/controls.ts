/**
 * What a control says and whether it navigates — shared by the always-on guard (content.js: the quick pre-filter
 * before the UI part is loaded) and payment-step detection (./payment-step.ts, content-ui.js). Small: it ships in
 * both. Reads the page's own `location` (the document the control is in). DOM reads go
 * through src/dom/safe.ts (a `<form>` with an `<input name="getAttribute">` must not break the label).
 */
import * as dom from './safe';

const NOT_BLANK = /\S/;
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

/** Fields a user types into or picks from (not buttons, hidden inputs, check boxes or radios). */
export const VALUE_FIELD =
  'input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=image]):not([type=reset]):not([type=checkbox]):not([type=radio]),select,textarea';
/** Fields that take a number or a card / code / amount by their type or autocomplete alone (no label needed). */
export const NUMERIC_FIELD =
  'input[type=number],input[inputmode=numeric],input[inputmode=decimal],input[autocomplete^="cc-"],input[autocomplete="one-time-code"],input[autocomplete="transaction-amount"]';
/** How far up from what was clicked a form by another name is looked for. */
export const FIELD_BOX_LEVELS = 4;

/** Where a form by another name was found: an element, or the shadow root the clicked element sits at the top of. */
export type FieldBox = Element | DocumentFragment;

/** The first match of `selector` under `box`, through the prototypes. */
export function findIn(box: FieldBox, selector: string): Element | null {
  return dom.nodeType(box) === 11 ? (dom.fragmentQueryAll(box as DocumentFragment, selector)[0] ?? null) : dom.querySelector(box as Element, selector);
}

/**
 * The nearest ancestor of `el` (≤ FIELD_BOX_LEVELS up, in `el`'s own tree — its shadow root included —, never
 * `<body>` / `<html>`) that holds a field: the form of a page that has none — a bare amount field and a
 * `type=button` "确定" (or a `<div>` "提交") whose click handler sends it by script (red team, session 25). Null when
 * `el` is itself a field or a `<label>` (clicking into the amount field, or on its label, is not a step).
 */
export function fieldBox(el: Element): FieldBox | null {
  if (dom.matches(el, VALUE_FIELD)) return null;
  // a label of a field (for= or wrapping it); a bare <label class="btn">确定</label> is a button by another name
  if (dom.localName(el) === 'label' && (dom.hasAttribute(el, 'for') || dom.querySelector(el, VALUE_FIELD))) return null;
  let at: Element = el;
  for (let i = 0; i < FIELD_BOX_LEVELS; i++) {
    const box = dom.parentElement(at);
    if (!box) {
      // at the top of a shadow root: the root is the last box there is
      const root = dom.getRootNode(at);
      return dom.nodeType(root) === 11 && findIn(root as DocumentFragment, VALUE_FIELD) ? (root as DocumentFragment) : null;
    }
    const tag = dom.localName(box);
    if (tag === 'body' || tag === 'html') return null;
    if (dom.querySelector(box, VALUE_FIELD)) return box;
    at = box;
  }
  return null;
}

/** What a click acts on when it is not a known control: the clicked element itself, when it reads like a button — a
 *  short label of its own (a `<div class="btn">确定</div>`, a framework's `<uni-button>`), an image, or an empty leaf
 *  (its label drawn by CSS) — and holds no field itself. */
export function actorOf(target: Element, control: Element | null): Element | null {
  if (control) return control;
  if (dom.localName(target) === 'img') return target;
  if (dom.childElementCount(target) === 0 && !NOT_BLANK.test(dom.textContent(target) ?? '')) return target;
  return labelOf(target) !== '' && !dom.querySelector(target, VALUE_FIELD) ? target : null;
}
