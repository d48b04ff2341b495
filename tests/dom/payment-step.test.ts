/**
 * The one payment-step reader (src/dom/payment-step.ts) and its vocabulary (src/core/classify/payment-step.ts):
 * what the in-page guard treats as a payment step, and that the worker's "payment step on an unknown site" uses the
 * same fields. Fail closed: an ID-card number form is a payment step (refund / credit-repair scams ask for it there).
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action } from '../../src/core/classify/lexicon.json';
import { FIELD_KINDS } from '../../src/core/classify/features.ts';
import { isPaymentField, MONEY_ACTIONS, MONEY_STEM, PAYMENT_FIELD_KINDS, PAYMENT_STEP_WORDS } from '../../src/core/classify/payment-step.ts';
import { formAsksForMoney, isMoneyLabel, isPaymentSubmit, paymentClickTarget } from '../../src/dom/payment-step.ts';

const { document, Element, HTMLInputElement, HTMLSelectElement } = parseHTML(`<!doctype html><html><body>
<form id="idcard"><label>身份证号 <input name="idcard"></label><button id="idcard-next" type="submit">下一步</button></form>
<form id="card"><input autocomplete="cc-number"><button id="card-go">Continue</button></form>
<form id="login"><input name="user"><input type="password" name="pw"><button id="login-go">登录</button></form>
<form id="email-step"><label>Email or mobile phone number <input type="email" name="email"></label><button id="email-go">Continue</button></form>
<form id="contact"><label>姓名 <input name="name"></label><label>手机 <input name="phone"></label><button id="contact-go">提交</button></form>
<form id="padded-hidden">${'<input type="hidden" name="t">'.repeat(41)}<input autocomplete="cc-number"><input autocomplete="cc-csc"><button id="padded-hidden-go">Continue</button></form>
<form id="padded-nodes">${'<i></i>'.repeat(3001)}<input autocomplete="cc-number"><button id="padded-nodes-go">下一步</button></form>
<button type="button" id="paid">我已转账</button>
<button type="button" id="like">点赞</button>
<a href="http://shop.test/checkout" id="nav-pay">Pay now</a>
<p>${'一段普通的商品介绍文字，写得很长。'.repeat(20)}</p>
</body></html>`);

const g = globalThis as { Element?: unknown; HTMLInputElement?: unknown; HTMLSelectElement?: unknown; location?: unknown };
const saved = { Element: g.Element, HTMLInputElement: g.HTMLInputElement, HTMLSelectElement: g.HTMLSelectElement, location: g.location };
beforeAll(() => {
  Object.assign(g, { Element, HTMLInputElement, HTMLSelectElement, location: new URL('http://shop.test/pay') });
});
afterAll(() => {
  Object.assign(g, saved);
});
const el = (id: string) => document.getElementById(id) as unknown as Element;

describe('payment-step vocabulary', () => {
  it('fields: money, card, bank and identity fields count; a password or account name only on a phishing page; contact details never', () => {
    expect(PAYMENT_FIELD_KINDS).toContain('id-number');
    for (const k of ['card-number', 'card-cvv', 'card-expiry', 'bank-account', 'sms-code', 'amount', 'id-number'] as const) expect(isPaymentField(k, undefined), k).toBe(true);
    expect(isPaymentField('password', undefined)).toBe(false);
    expect(isPaymentField('password', 'phishing')).toBe(true);
    // a two-step kit's account-name step is held on a phishing page, nowhere else
    expect(isPaymentField('login-id', 'phishing')).toBe(true);
    expect(isPaymentField('login-id', undefined)).toBe(false);
    expect(isPaymentField('login-id', 'task-rebate')).toBe(false);
    for (const k of FIELD_KINDS.filter((x) => !PAYMENT_FIELD_KINDS.includes(x) && x !== 'password' && x !== 'login-id')) expect(isPaymentField(k, 'phishing'), k).toBe(false);
  });

  it('words: the model file’s money-button words and the step words are money labels; the quick stems cover the common ones', () => {
    const buttons = action.buttons as Record<string, string[]>;
    for (const a of MONEY_ACTIONS) for (const w of buttons[a] ?? []) expect(isMoneyLabel(w), `${a}: ${w}`).toBe(true);
    for (const w of PAYMENT_STEP_WORDS) expect(isMoneyLabel(w.replace('*', ' now')), w).toBe(true);
    expect(isMoneyLabel('点赞')).toBe(false);
    expect(isMoneyLabel('加入收藏')).toBe(false);
    for (const w of ['立即支付', '确认付款', '立即充值', '確認轉帳', 'Top up', 'Withdraw']) expect(MONEY_STEM.test(w), w).toBe(true);
  });
});

describe('payment-step reader (the in-page guard asks it)', () => {
  it('an ID-card number form is a payment step (fail closed, on any page)', () => {
    expect(formAsksForMoney(el('idcard'), undefined)).toBe(true);
    expect(paymentClickTarget(el('idcard-next'), 'fake-service')).toBe(el('idcard-next'));
    expect(isPaymentSubmit(el('idcard') as HTMLFormElement, null, undefined)).toBe(true);
  });

  it('a form read only in part (field or node cap: padding ahead of the card field) is a payment step (fail closed)', () => {
    for (const id of ['padded-hidden', 'padded-nodes']) {
      expect(formAsksForMoney(el(id), 'task-rebate'), id).toBe(true);
      expect(isPaymentSubmit(el(id) as HTMLFormElement, null, 'task-rebate'), id).toBe(true);
      expect(paymentClickTarget(el(`${id}-go`), 'task-rebate'), id).toBe(el(`${id}-go`));
    }
  });

  it('a card form is; a login form only on a phishing page; a name + phone form is not', () => {
    expect(formAsksForMoney(el('card'), undefined)).toBe(true);
    expect(formAsksForMoney(el('login'), 'task-rebate')).toBe(false);
    expect(formAsksForMoney(el('login'), 'phishing')).toBe(true);
    expect(formAsksForMoney(el('contact'), 'fake-shop')).toBe(false);
    // a two-step kit's e-mail step: its "Continue" is held on a phishing page only
    expect(paymentClickTarget(el('email-go'), 'phishing')).toBe(el('email-go'));
    expect(paymentClickTarget(el('email-go'), undefined)).toBeNull();
    expect(paymentClickTarget(el('email-go'), 'fake-shop')).toBeNull();
    expect(paymentClickTarget(el('contact-go'), 'fake-shop')).toBeNull();
  });

  it('money-word controls are payment steps; other buttons and navigation links are not', () => {
    expect(paymentClickTarget(el('paid'), undefined)).toBe(el('paid'));
    expect(paymentClickTarget(el('like'), undefined)).toBeNull();
    expect(paymentClickTarget(el('nav-pay'), undefined)).toBeNull();
  });
});

describe('a form by another name (no <form>: a field and a script button beside it; red team, session 25)', () => {
  const page = (body: string) => parseHTML(`<!doctype html><html><body>${body}</body></html>`).document;
  const at = (doc: ReturnType<typeof page>, id: string) => doc.getElementById(id) as unknown as Element;

  it('a type=button "确定", a <div> "提交" or a role=button next to an amount field with no hint at all is a payment step', () => {
    const doc = page(`<main><h1>会员中心</h1>
      <div id="a"><div><input type="number" value="3000"></div><div><button type="button" id="ok">确定</button></div></div>
      <div id="b"><input placeholder="请输入充值金额"><div class="btn" id="div-ok">提交</div></div>
      <div id="c"><input inputmode="decimal"><span role="button" id="role-ok">Confirm</span></div></main>`);
    expect(paymentClickTarget(at(doc, 'ok'), 'task-rebate')).toBe(at(doc, 'ok'));
    expect(paymentClickTarget(at(doc, 'div-ok'), 'task-rebate')).toBe(at(doc, 'div-ok'));
    expect(paymentClickTarget(at(doc, 'role-ok'), undefined)).toBe(at(doc, 'role-ok'));
  });

  it('not: clicking into the field or its label, a search box\'s button, a name + phone block, a button five levels away', () => {
    const doc = page(`<main>
      <div><label id="lab" for="amt">金额</label><input id="amt" type="number"></div>
      <div><input type="search" name="q"><button type="button" id="search">搜索</button></div>
      <div><input name="name" placeholder="姓名"><input name="phone" placeholder="手机"><button type="button" id="contact">确定</button></div>
      <section><input type="number"><div><div><div><div><div><button type="button" id="far">确定</button></div></div></div></div></div></section></main>`);
    for (const id of ['lab', 'amt', 'search', 'contact', 'far']) expect(paymentClickTarget(at(doc, id), 'task-rebate'), id).toBeNull();
  });

  it('also: a bare <label> used as the button, an image button, an empty element whose label CSS draws (review, session 25)', () => {
    const doc = page(`<main><div><input type="number"><label class="btn" id="lab">确定</label></div>
      <div><input type="number"><img id="img" src="ok.png" alt=""></div>
      <div><input type="number"><div class="btn" id="css"></div></div>
      <div><label for="x" id="for">金额</label><input id="x" type="number"></div></main>`);
    for (const id of ['lab', 'img', 'css']) expect(paymentClickTarget(at(doc, id), 'task-rebate'), id).toBe(at(doc, id));
    expect(paymentClickTarget(at(doc, 'for'), 'task-rebate')).toBeNull();
  });

  it('a long text next to the field is not a control (a paragraph is not clicked as a step)', () => {
    const doc = page(`<div><input type="number"><p id="p">${'说明文字，'.repeat(30)}</p></div>`);
    expect(paymentClickTarget(at(doc, 'p'), 'task-rebate')).toBeNull();
  });
});
