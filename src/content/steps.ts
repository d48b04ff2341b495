/**
 * Payment steps as both guards see them — the top frame's (page/guard.ts) and every sub-frame's (frame/guard.ts):
 * what a held step is, which clicks may be payments before anything else is known, what the user acted on (also
 * inside closed shadow roots), and how a held step is carried out again once it may go ahead.
 */
import * as dom from '../dom/safe';
import { anyShadowRoot } from '../dom/shadow';
import { MONEY_STEM } from '../core/classify/payment-step';
import { actorOf, fieldBox, findIn, isNavigationLink, labelOf, type FieldBox } from '../dom/controls';
import { SENSITIVE_INPUTS } from '../dom/gate';
import { linkTarget } from './page/collect';

/** A held step waits this long for the page's verdict, and again for the UI part that shows the warning. */
export const HOLD_MAX_MS = 3000;

export type BlockedAction =
  | { readonly kind: 'click'; readonly el: Element; readonly newTab: boolean }
  | { readonly kind: 'submit'; readonly form: HTMLFormElement; readonly submitter: HTMLElement | null }
  /** Enter in a field (submits its form), or Enter / Space on an element that acts as a button without being one
   *  (`key`: keyActor — carried out again as that key press). */
  | { readonly kind: 'enter'; readonly el: HTMLElement; readonly key?: 'Enter' | ' ' }
  /** A step held in a sub-frame (frame/guard.ts): carried out there, by its id, when the user continues. */
  | { readonly kind: 'frame'; readonly frameId: number; readonly stepId: number }
  | { readonly kind: 'none' };

/**
 * While the UI part is not loaded (and the page's verdict is not known to be clean), clicks that may be payment steps
 * are held until it is: controls that submit a form, controls / short texts with a money word (MONEY_STEM of
 * the payment-step vocabulary; the full word list and field rules decide afterwards, src/dom/payment-step.ts), and
 * controls / short texts next to a payment field outside any form (fieldBox: a `type=button` "确定" that sends the
 * amount by script — red team, session 25). Deliberately broad — a held step is replayed as
 * soon as the verdict is known, ordinary pages' verdicts arrive within a moment of loading.
 */
export const QUICK_CONTROL = 'button,input[type=submit],input[type=button],input[type=image],[role="button"],[onclick],summary';

export function quickPaymentClick(target: EventTarget | undefined): Element | null {
  if (!(target instanceof Element)) return null;
  const link = dom.closest(target, 'a[href]');
  if (link && isNavigationLink(link)) return null;
  const control = dom.closest(target, QUICK_CONTROL);
  if (control) {
    const tag = dom.localName(control);
    const submits =
      (tag === 'button' && ((control as HTMLButtonElement).type || 'submit') === 'submit') ||
      (tag === 'input' && ['submit', 'image'].includes((control as HTMLInputElement).type));
    if (submits && dom.formOf(control)) return control;
  }
  const parent = dom.parentElement(target);
  for (const el of [control, target, parent, parent && dom.parentElement(parent)]) {
    if (el && MONEY_STEM.test(labelOf(el))) return control ?? el;
  }
  // A form by another name: a button (or what reads like one) next to a payment field, sending it by script.
  const actor = actorOf(target, control);
  const box = actor && fieldBox(actor);
  return box && hasPaymentField(box) ? actor : null;
}

/** Elements on which Enter / Space make a click of their own (the click listener sees it) or type. */
const KEY_CLICKS = new Set(['input', 'textarea', 'select', 'button', 'summary', 'option']);

/**
 * Enter or Space on an element that acts as a button without being one (`role=button`, a `<div tabindex>`): the
 * browser makes no click of it — the page's own key handler acts, so the click rules never see the step. The element,
 * else null. (A link with an address turns Enter into a click; Space on it scrolls.)
 */
export function keyActor(e: KeyboardEvent, target: EventTarget | undefined): HTMLElement | null {
  if ((e.key !== 'Enter' && e.key !== ' ') || !(target instanceof HTMLElement)) return null;
  const tag = dom.localName(target);
  // a link with an address: Enter makes a click of it (the click listener sees that); Space only on a role=button one
  const link = tag === 'a' && dom.hasAttribute(target, 'href') && (e.key === 'Enter' || dom.getAttribute(target, 'role') !== 'button');
  if (KEY_CLICKS.has(tag) || link || target.isContentEditable) return null;
  return target;
}

/**
 * Fields that make a frame a payment form: the gate's sensitive inputs (password, card, one-time code, amount, number)
 * or a numeric input mode, or one whose name, id, placeholder or label attribute says card, CVV, expiry or amount.
 */
const PAYMENT_INPUTS = `${SENSITIVE_INPUTS},input[inputmode=numeric],input[inputmode=decimal]`;
const PAYMENT_HINT = /card|cvv|cvc|csc|expir|amount|卡号|密码|验证码|金额|有效期|安全码|充值|提现/i;
const HINT_ATTRS = ['name', 'id', 'placeholder', 'aria-label', 'autocomplete'];
/** At most this many inputs are read for their hints. */
const MAX_HINT_INPUTS = 40;

function hasPaymentField(root: FieldBox): boolean {
  if (findIn(root, PAYMENT_INPUTS)) return true;
  const inputs = dom.nodeType(root) === 11 ? dom.fragmentQueryAll(root as DocumentFragment, 'input') : (root as Element).getElementsByTagName('input');
  for (let i = 0; i < inputs.length && i < MAX_HINT_INPUTS; i++) {
    const input = inputs[i]!;
    for (const a of HINT_ATTRS) if (PAYMENT_HINT.test(dom.getAttribute(input, a) ?? '')) return true;
  }
  return false;
}

/**
 * In a sub-frame, also a step: a click on any control of a frame that holds a payment field — a card or recharge
 * frame whose "Confirm" / "下一步" is a plain `type=button` that sends what was typed by script (no submit, no money
 * word: the quick test above let it through, session 22).
 */
export function framePaymentClick(target: EventTarget | undefined): Element | null {
  const quick = quickPaymentClick(target);
  if (quick || !(target instanceof Element)) return quick;
  const control = dom.closest(target, QUICK_CONTROL);
  if (!control) return null;
  const root = dom.documentElement(dom.ownerDocument(control) ?? document);
  return root && hasPaymentField(root) ? control : null;
}

/**
 * What the user acted on, also inside a closed shadow root: seen from `window`, an event from inside one has the
 * host as its target (and a submit event never leaves it), so a payment form in a closed root was invisible to the
 * guard (red team class 12). Pointer clicks go down by their position, keys and keyboard clicks by the focused
 * element, one root at a time. Our own UI hosts are recognised before this is asked (`ignore`). Asked only on pages
 * not known to be clean; the listed-link check reads the event's own target (a link in a closed root is not followed).
 */
export function deepTarget(e: Event): EventTarget | undefined {
  let t = e.composedPath()[0];
  for (let depth = 0; depth < 8 && t instanceof Element; depth++) {
    const root = anyShadowRoot(t);
    if (!root) break;
    // A click made with the keyboard (Enter / Space on a button: detail 0) has no position: the focused element is it.
    const inner = e instanceof MouseEvent && e.detail > 0 ? root.elementFromPoint(e.clientX, e.clientY) : root.activeElement;
    if (!inner || inner === t) break;
    t = inner;
  }
  return t;
}

/**
 * Carries out a held step again (the caller marks it as a replay so its own listeners let it through). A step of
 * another frame is not carried out here: the top frame's guard hands it back to that frame.
 */
export function perform(a: BlockedAction): void {
  if (a.kind === 'click') {
    const href = a.newTab ? linkTarget(a.el) : null;
    if (href) window.open(href, '_blank', 'noopener');
    else if (a.el instanceof HTMLElement) dom.click(a.el);
    else a.el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
  } else if (a.kind === 'submit') {
    if (!dom.isConnected(a.form)) return;
    try {
      if (a.submitter) dom.requestSubmit(a.form, a.submitter);
      else dom.requestSubmit(a.form);
    } catch {
      dom.requestSubmit(a.form);
    }
  } else if (a.kind === 'enter' && a.key !== undefined) {
    const init = { key: a.key, code: a.key === ' ' ? 'Space' : 'Enter', bubbles: true, cancelable: true, composed: true };
    a.el.dispatchEvent(new KeyboardEvent('keydown', init));
    a.el.dispatchEvent(new KeyboardEvent('keyup', init));
  } else if (a.kind === 'enter') {
    const form = dom.formOf(a.el);
    if (form) dom.requestSubmit(form);
    else a.el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  }
}
