/**
 * The one vocabulary of "is this a payment step?" — data, used by the DOM reader (src/dom/payment-step.ts: the
 * in-page guard decides clicks, submits and Enter with it) and by the worker (whether a page is worth an online
 * check). Button words come from the model file (lexicon.json `action.buttons` for the money actions below); the
 * words here add what a payment *step* says that a page's button need not ("我已转账", "confirm refund").
 *
 * Fail closed: a field that may move money or open an account to a scammer counts — the ID-card number included
 * (refund and "credit repair" scams ask for it at the payment step). On a phishing page a password counts, and so
 * does the account name (e-mail, phone, user name): a two-step kit asks for it first, and the warning belongs there.
 */
import type { FieldKind } from './features.ts';
import type { Action } from './lexicon.ts';
import type { Category } from '../types.ts';

/** Fields whose submission is a payment step on a risky page. */
export const PAYMENT_FIELD_KINDS: readonly FieldKind[] = ['card-number', 'card-cvv', 'card-expiry', 'bank-account', 'sms-code', 'amount', 'id-number'];
const PAYMENT_FIELDS: ReadonlySet<FieldKind> = new Set(PAYMENT_FIELD_KINDS);

/** The model's button actions that move money. */
export const MONEY_ACTIONS: readonly Action[] = ['pay', 'recharge', 'withdraw', 'invest'];

/** Payment-step words beyond the model's money buttons (zh + en; `*` = prefix). */
export const PAYMENT_STEP_WORDS: readonly string[] = [
  '我已付款', '我已转账', '已转账', '已付款', '已汇款', '确认转账', '立即转账', '去转账', '确认充值', '确认提现', '确认支付',
  '提交付款', '确认下单', '立即下单', '确认退款', '提交退款', '立即退款', '确认理赔', '领取退款',
  'i have paid', "i've paid", 'i have transferred', 'transfer now', 'confirm transfer', 'submit payment', 'make payment',
  'complete payment', 'confirm order', 'confirm refund', 'submit refund', 'verify card', 'send payment', 'pay*',
];

/**
 * Stems for the always-on guard's pre-filter (zh-Hans, zh-Hant, en), before the word list above is loaded:
 * deliberately broad — a held click is replayed as soon as the verdict is known.
 */
export const MONEY_STEM =
  /支付|付款|充值|提现|转账|汇款|下单|退款|理赔|缴费|投资|儲值|提現|轉帳|匯款|繳費|投資|理賠|退款|pay|deposit|top[\s-]?up|recharge|withdraw|checkout|order|transfer|refund|invest/i;

/** Does a form field of this kind make its form a payment step (on a page of this category)? */
export function isPaymentField(kind: FieldKind, category: Category | undefined): boolean {
  return PAYMENT_FIELDS.has(kind) || ((kind === 'password' || kind === 'login-id') && category === 'phishing');
}

/** Every label that makes a control a money step: the model's money-button words plus PAYMENT_STEP_WORDS. */
export function moneyWords(buttons: Partial<Record<string, readonly string[]>>): string[] {
  return [...MONEY_ACTIONS.flatMap((a) => buttons[a] ?? []), ...PAYMENT_STEP_WORDS];
}
