/**
 * Form-field kind from what a field says about itself (pure; the DOM layer gathers the strings).
 * Order matters: the first rule that matches wins ("提现密码" is a password, not an amount).
 * Example: { type: 'tel', name: 'cardNo', label: '银行卡号' } → { kind: 'card-number', evidence: 'name=cardNo, label "银行卡号"' }
 */
import type { FieldFeature, FieldKind } from './features.ts';
import { toSimplified } from './t2s.ts';

export interface FieldDescriptor {
  readonly tag: string;
  readonly type?: string;
  readonly autocomplete?: string;
  readonly name?: string;
  readonly id?: string;
  readonly placeholder?: string;
  readonly ariaLabel?: string;
  /** <label> text (for= or wrapping). */
  readonly label?: string;
  /** Short text just before the field (previous sibling / parent's own text). */
  readonly nearby?: string;
}

const NOT_FIELDS = new Set(['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'file', 'range', 'color']);

const AUTOCOMPLETE: readonly [RegExp, FieldKind][] = [
  [/\bcc-number\b/, 'card-number'],
  [/\bcc-csc\b/, 'card-cvv'],
  [/\bcc-exp/, 'card-expiry'],
  [/\b(current|new)-password\b/, 'password'],
  [/\bone-time-code\b/, 'sms-code'],
  [/\btransaction-amount\b/, 'amount'],
  [/\btel\b/, 'phone'],
  [/\b(username|email)\b/, 'login-id'],
  [/\b(cc-)?name\b|\b(given|family)-name\b/, 'name'],
  [/\b(street-address|address-line\d|postal-code)\b/, 'address'],
];

// (?<![a-z]) / (?![a-z]) keep short English tokens from firing inside words (pin/shipping, tel/hotel).
const RULES: readonly [RegExp, FieldKind][] = [
  [/cvv|cvc|(?<![a-z])csc(?![a-z])|安全码|security code|卡背/, 'card-cvv'],
  [/有效期|expir|exp\.?date|(?<![a-z])mm ?\/ ?yy/, 'card-expiry'],
  [/密码|password|passwd|(?<![a-z])pwd(?![a-z])|(?<![a-z])pin(?![a-z])/, 'password'],
  [/验证码|校验码|动态码|短信|(?<![a-z])sms|(?<![a-z])otp(?![a-z])|verification|verify ?code|one.?time|auth.?code|passcode/, 'sms-code'],
  [/card.?(?:no|num)|cardnumber|ccnum|cc.?number|银行卡|卡号|信用卡|储蓄卡|借记卡|bank ?card|debit card|credit card/, 'card-number'],
  [/account.?(?:no|num)|acct.?(?:no|num)|iban|routing|银行账号|银行账户|银行帐号|收款账户|收款账号|汇款账|转账账|开户行|bank.?account|sort.?code/, 'bank-account'],
  [/身份证|身分证|证件号|idcard|id.?card|idno|id.?number|national.?id|(?<![a-z])ssn(?![a-z])|social security|passport|护照/, 'id-number'],
  [/金额|充值|提现|amount|deposit|withdraw|top.?up|投资额|数额|(?<![a-z])sum(?![a-z])/, 'amount'],
  [/手机|电话|phone|mobile|(?<![a-z])tel(?![a-z])/, 'phone'],
  [/用户名|账号|账户|帐号|username|user.?(?:id|name)|login|email|e-mail|邮箱/, 'login-id'],
  [/姓名|full.?name|first.?name|last.?name|收货人|持卡人|cardholder|(?<![a-z])name(?![a-z])/, 'name'],
  [/地址|address|street|zip|postcode|邮编/, 'address'],
];

/**
 * Any of RULES (their union, same flags): most descriptor strings match none ("field12", "f3", "user_input"), and
 * one test then replaces twelve. A string that matches the union matches at least one rule, so the ordered loop
 * below still decides the kind (issue 18: ~100 fields × 4 strings on a busy page).
 */
const ANY_RULE = new RegExp(RULES.map(([re]) => `(?:${re.source})`).join('|'));

function attr(label: string, value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim().slice(0, 40);
  return v ? `${label}${/\s/.test(v) || label.endsWith(' ') ? `"${v}"` : v}` : null;
}

/** null when the element is not a user-fillable field (hidden, buttons, checkboxes…). */
export function classifyField(d: FieldDescriptor): FieldFeature | null {
  const type = (d.type ?? '').toLowerCase();
  if (d.tag === 'input' && NOT_FIELDS.has(type)) return null;
  const ac = (d.autocomplete ?? '').toLowerCase();
  if (ac) {
    for (const [re, kind] of AUTOCOMPLETE) if (re.test(ac)) return { kind, evidence: `autocomplete=${ac}` };
  }
  if (type === 'password') return { kind: 'password', evidence: 'type=password' };
  const parts: [string, string | undefined][] = [
    ['name=', d.name],
    ['id=', d.id],
    ['placeholder ', d.placeholder],
    ['aria-label ', d.ariaLabel],
    ['label ', d.label],
    ['text ', d.nearby],
  ];
  for (const [label, value] of parts) {
    if (!value) continue;
    const v = toSimplified(value.normalize('NFKC').toLowerCase());
    if (!ANY_RULE.test(v)) continue;
    for (const [re, kind] of RULES) {
      if (re.test(v)) return { kind, evidence: attr(label, value) ?? label };
    }
  }
  if (type === 'tel') return { kind: 'phone', evidence: 'type=tel' };
  if (type === 'email') return { kind: 'login-id', evidence: 'type=email' };
  return { kind: 'other', evidence: attr('name=', d.name) ?? attr('id=', d.id) ?? d.tag };
}
