import { describe, expect, it } from 'vitest';
import { classifyField } from '../../../../src/core/classify/fields.ts';

// One string per rule (and the word-boundary cases), through every descriptor slot: the one-test pre-check of the
// rules' union (issue 18) must never drop a match, nor change which rule wins.
const CASES: [string, string][] = [
  ['CVV2', 'card-cvv'],
  ['安全码', 'card-cvv'],
  ['卡片有效期', 'card-expiry'],
  ['MM / YY', 'card-expiry'],
  ['提现密码', 'password'],
  ['PIN', 'password'],
  ['短信验证码', 'sms-code'],
  ['one-time code', 'sms-code'],
  ['銀行卡號', 'card-number'],
  ['card_no', 'card-number'],
  ['IBAN', 'bank-account'],
  ['身份证号码', 'id-number'],
  ['SSN', 'id-number'],
  ['充值金额', 'amount'],
  ['top-up', 'amount'],
  ['手机号', 'phone'],
  ['tel', 'phone'],
  ['用户名', 'login-id'],
  ['E-mail', 'login-id'],
  ['持卡人姓名', 'name'],
  ['Name', 'name'],
  ['收货地址', 'address'],
  ['hotel', 'other'],
  ['shipping', 'other'],
  ['field12', 'other'],
  ['ｃｖｖ', 'card-cvv'], // NFKC
];

describe('classifyField: kinds from each descriptor slot', () => {
  for (const slot of ['name', 'id', 'placeholder', 'ariaLabel', 'label', 'nearby'] as const) {
    it(`via ${slot}`, () => {
      for (const [text, kind] of CASES) expect(classifyField({ tag: 'input', [slot]: text })?.kind, `${slot}=${text}`).toBe(kind);
    });
  }

  it('the first slot that matches any rule decides; non-matching slots are skipped', () => {
    expect(classifyField({ tag: 'input', name: 'f1', id: 'x2', placeholder: '请输入', label: '提现密码', nearby: '金额' })).toEqual({
      kind: 'password',
      evidence: 'label "提现密码"',
    });
    expect(classifyField({ tag: 'input', name: 'field', placeholder: 'CVV' })).toEqual({ kind: 'card-cvv', evidence: 'placeholder "CVV"' });
  });
});
