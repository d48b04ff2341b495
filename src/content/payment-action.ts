/**
 * Is this user action a payment step? Decided at the moment of the click / submit / Enter, only on pages whose
 * verdict is caution or worse (or not known yet), so ordinary pages pay nothing.
 *  - a form that asks for card / CVV / expiry / bank account / SMS code / amount / ID number (src/dom field
 *    extraction + core field rules; passwords too on phishing pages) being submitted, or any button in it clicked;
 *  - a control whose label is a money word: the classifier model's pay / recharge / withdraw / invest button words
 *    (lexicon.json `action.buttons`, zh + en) plus "I have paid / 我已转账"-style words below.
 * Plain navigation links (to another path) are not payment steps: the page they open gets its own check.
 */
import { action as modelActions } from '../core/classify/lexicon.json';
import type { FieldKind } from '../core/classify/features';
import { compileMatcher, matchPhrases, type CompiledMatcher } from '../core/classify/matcher';
import { normalizeText } from '../core/classify/normalize';
import type { Category } from '../core/types';
import { extractFeaturesChecked } from '../dom/extract';
import * as dom from '../dom/safe';
import { isNavigationLink, LABEL_MAX_CHARS, labelOf } from './controls';

const MONEY_ACTIONS = ['pay', 'recharge', 'withdraw', 'invest'] as const;
const EXTRA_WORDS = [
  '我已付款', '我已转账', '已转账', '已付款', '已汇款', '确认转账', '立即转账', '去转账', '确认充值', '确认提现', '确认支付',
  '提交付款', '确认下单', '立即下单', '确认退款', '提交退款', '立即退款', '确认理赔', '领取退款',
  'i have paid', "i've paid", 'i have transferred', 'transfer now', 'confirm transfer', 'submit payment', 'make payment',
  'complete payment', 'confirm order', 'confirm refund', 'submit refund', 'verify card', 'send payment', 'pay*',
];
const PAY_FIELDS: ReadonlySet<FieldKind> = new Set<FieldKind>(['card-number', 'card-cvv', 'card-expiry', 'bank-account', 'sms-code', 'amount', 'id-number']);
const CONTROL_SELECTOR = 'button,input[type=submit],input[type=button],input[type=image],a[href],[role="button"],[role="link"],[onclick],summary,label';

let matcher: CompiledMatcher<true> | null = null;

function moneyMatcher(): CompiledMatcher<true> {
  if (matcher) return matcher;
  const buttons = modelActions.buttons as Partial<Record<string, readonly string[]>>;
  const words = [...MONEY_ACTIONS.flatMap((a) => buttons[a] ?? []), ...EXTRA_WORDS];
  matcher = compileMatcher(words.map((phrase) => ({ phrase, data: true as const })));
  return matcher;
}

export function isMoneyLabel(label: string): boolean {
  if (!label || label.length > LABEL_MAX_CHARS * 2) return false;
  return matchPhrases(moneyMatcher(), normalizeText(label)).length > 0;
}


/**
 * Does submitting this form move money? Fails closed: when the form cannot be read (the walk threw on a hostile DOM,
 * e.g. `<input name="ownerDocument">`), it may be a payment step.
 */
export function formAsksForMoney(form: Element, category: Category | undefined): boolean {
  try {
    const { features: f, failed } = extractFeaturesChecked(form, { limits: { maxNodes: 3000, maxFields: 40 }, totalBudgetMs: 5 });
    if (failed) return true;
    return f.fields.some((x) => PAY_FIELDS.has(x.kind) || (x.kind === 'password' && category === 'phishing'));
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
  return null;
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
  const parent = dom.parentElement(target);
  return parent && formAsksForMoney(parent, category) ? target : null;
}
