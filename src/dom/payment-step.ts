/**
 * The one DOM reader for "is this user action a payment step?" (its vocabulary: src/core/classify/payment-step.ts).
 * Decided at the moment of the click / submit / Enter, only on pages whose verdict is caution or worse (or not
 * known yet), so ordinary pages pay nothing.
 *  - a form that asks for card / CVV / expiry / bank account / SMS code / amount / ID number (field extraction +
 *    core field rules; passwords too on phishing pages) being submitted, or any button in it clicked;
 *  - a control whose label is a money word: the classifier model's pay / recharge / withdraw / invest button words
 *    (lexicon.json `action.buttons`, zh + en) plus the payment-step words of the vocabulary;
 *  - outside any form, a control (or an element that reads like one) whose nearest field-holding ancestor asks for
 *    money as a form would (controls.ts fieldBox: the amount field and the script button "确定" that sends it).
 * DOM reads go through ./safe.ts (prototype getters: a page's named inputs cannot shadow them), and a form that
 * cannot be read may be a payment step (fail closed).
 * Plain navigation links (to another path) are not payment steps: the page they open gets its own check.
 */
import { action as modelActions } from '../core/classify/lexicon.json';
import { compileMatcher, matchPhrases, type CompiledMatcher } from '../core/classify/matcher';
import { normalizeText } from '../core/classify/normalize';
import { isPaymentField, moneyWords } from '../core/classify/payment-step';
import type { Category } from '../core/types';
import { actorOf, fieldBox, findIn, isNavigationLink, LABEL_MAX_CHARS, labelOf, NUMERIC_FIELD } from './controls';
import { extractFeaturesChecked } from './extract';
import * as dom from './safe';

const CONTROL_SELECTOR = 'button,input[type=submit],input[type=button],input[type=image],a[href],[role="button"],[role="link"],[onclick],summary,label';

let matcher: CompiledMatcher<true> | null = null;

function moneyMatcher(): CompiledMatcher<true> {
  if (matcher) return matcher;
  const words = moneyWords(modelActions.buttons as Partial<Record<string, readonly string[]>>);
  matcher = compileMatcher(words.map((phrase) => ({ phrase, data: true as const })));
  return matcher;
}

export function isMoneyLabel(label: string): boolean {
  if (!label || label.length > LABEL_MAX_CHARS * 2) return false;
  return matchPhrases(moneyMatcher(), normalizeText(label)).length > 0;
}

/**
 * Does submitting this form move money? Fails closed: when the form cannot be read (the walk threw on a hostile DOM,
 * e.g. `<input name="ownerDocument">`), or not to its end (node, field or time cap: 40 hidden inputs or 3,000 empty
 * elements ahead of the card field), it may be a payment step.
 */
export function formAsksForMoney(form: Element | DocumentFragment, category: Category | undefined): boolean {
  try {
    const { features: f, failed } = extractFeaturesChecked(form, { limits: { maxNodes: 3000, maxFields: 40 }, totalBudgetMs: 5 });
    if (failed || f.truncated) return true;
    return f.fields.some((x) => isPaymentField(x.kind, category));
  } catch {
    return true;
  }
}

export function isSubmitControl(el: Element): boolean {
  const tag = dom.localName(el);
  if (tag === 'button') return ((el as HTMLButtonElement).type || 'submit') === 'submit';
  if (tag === 'input') return ['submit', 'image'].includes((el as HTMLInputElement).type);
  return false;
}

const formOf = dom.formOf;

/** The element a click acts on, if the click is a payment step. */
export function paymentClickTarget(target: EventTarget | undefined, category: Category | undefined): Element | null {
  if (!(target instanceof Element)) return null;
  const control = dom.closest(target, CONTROL_SELECTOR);
  const parent = dom.parentElement(target);
  const candidates = [control, target, parent, parent && dom.parentElement(parent)];
  for (const el of candidates) {
    if (!el || isNavigationLink(el)) continue;
    if (isMoneyLabel(labelOf(el))) return control ?? el;
  }
  if (control && !isNavigationLink(control) && dom.localName(control) !== 'label') {
    const form = formOf(control);
    if (form && formAsksForMoney(form, category)) return control;
    if (isSubmitControl(control) && form && isMoneyLabel(labelOf(control))) return control;
  }
  // No form: a button (or what reads like one: a short label of its own) next to a payment field — a bare amount
  // field and a `type=button` "确定" that sends it by script (red team, session 25).
  const actor = actorOf(target, control && dom.localName(control) !== 'label' && !isNavigationLink(control) ? control : null);
  if (!actor || (control && isNavigationLink(control)) || formOf(actor)) return null;
  // A number field there counts as an amount whatever its label says (a page can leave every hint out).
  const box = fieldBox(actor);
  return box && (findIn(box, NUMERIC_FIELD) !== null || formAsksForMoney(box, category)) ? actor : null;
}

/** Is submitting `form` (with `submitter`) a payment step? */
export function isPaymentSubmit(form: HTMLFormElement, submitter: Element | null, category: Category | undefined): boolean {
  return (submitter !== null && isMoneyLabel(labelOf(submitter))) || formAsksForMoney(form, category);
}

/** Enter in a field of a payment form (or in a payment field outside any form). */
export function isPaymentEnter(target: EventTarget | undefined, category: Category | undefined): HTMLElement | null {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return null;
  const form = formOf(target);
  if (form) return formAsksForMoney(form, category) ? target : null;
  // outside any form a number field is an amount whatever its label says (a page can leave every hint out)
  if (dom.matches(target, NUMERIC_FIELD)) return target;
  const parent = dom.parentElement(target);
  return parent && formAsksForMoney(parent, category) ? target : null;
}
