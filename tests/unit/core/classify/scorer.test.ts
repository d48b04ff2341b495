import { describe, expect, it } from 'vitest';
import { classifyPage, explainPage, paymentIntent, getDefaultModel, textFeatures, type PageFeatures } from '../../../../src/core/classify/index.ts';

function page(p: Partial<PageFeatures>): PageFeatures {
  return { ...textFeatures(p.text ?? ''), ...p };
}

describe('page scorer', () => {
  it('phishing: brand login form off the brand domain warns, on its domain it does not', () => {
    const f = page({
      title: '支付宝 - 登录',
      headings: ['支付宝 账户安全验证'],
      text: '支付宝 账户安全验证 您的账户存在风险，请登录完成安全验证',
      fields: [{ kind: 'login-id', evidence: 'name=logonId' }, { kind: 'password', evidence: 'type=password' }],
    });
    const off = classifyPage({ ...f, url: 'https://alipay-secure.top/', host: 'alipay-secure.top' });
    expect(off.level).toBe('warn');
    expect(off.category).toBe('phishing');
    expect(off.reasons[0]?.signal).toBe('brand:off-domain');
    expect(off.reasons[0]?.evidence).toContain('alipay-secure.top');
    expect(classifyPage({ ...f, url: 'https://auth.alipay.com/login', host: 'auth.alipay.com' }).level).toBe('none');
  });

  it('a brand only in a payment-method list does not make a checkout phishing', () => {
    const f = page({
      title: '确认订单', headings: ['确认订单'], text: '支付方式：支付宝 微信支付 银行卡',
      fields: [{ kind: 'card-number', evidence: 'name=cardNo' }], buttons: ['提交订单'],
      url: 'https://shop.example.cn/', host: 'shop.example.cn',
    });
    expect(explainPage(f).signals.has('brand:off-domain')).toBe(false);
  });

  it('warn needs the page to ask for action; the same words without any ask are at most caution', () => {
    const words = '任务大厅 一键抢单 连单 卡单 充值解冻 每单佣金 5% 提现';
    expect(classifyPage(page({ text: words })).level).not.toBe('warn');
    const asks = classifyPage(page({ text: words, buttons: ['一键抢单'], fields: [{ kind: 'amount', evidence: 'label "充值金额"' }] }));
    expect(asks.level).toBe('warn');
    expect(asks.category).toBe('task-rebate');
    expect(asks.reasons.some((r) => r.signal === 'button:grab' && r.evidence.includes('一键抢单'))).toBe(true);
  });

  it('awareness context damps scam words and says so', () => {
    const base = '刷单返利 先垫付 连单 卡单 充值解冻 日结 兼职';
    const scam = explainPage(page({ text: base, buttons: ['立即充值'] }));
    const aware = explainPage(page({ text: `国家反诈中心提醒：${base} 都是诈骗，警惕！请拨打 96110`, buttons: ['立即充值'] }));
    expect(aware.damping).toBeLessThan(1);
    expect(aware.scores['task-rebate']).toBeLessThan(scam.scores['task-rebate']);
    expect(aware.verdict.level).not.toBe('warn');
  });

  it('every reason carries evidence text; level none has no reasons and no category', () => {
    const v = classifyPage(page({ text: '天气不错' }));
    expect(v).toEqual({ level: 'none', score: 0, reasons: [] });
  });

  it('never throws on malformed features', () => {
    const bad = { ...textFeatures('x'), fields: null } as unknown as PageFeatures;
    expect(classifyPage(bad).level).toBe('none');
  });

  it('payment intent: card / amount fields, pay buttons, QR near pay words, wallets', () => {
    const m = getDefaultModel();
    expect(paymentIntent(page({ text: '欢迎光临' }), m).present).toBe(false);
    const p = paymentIntent(page({ text: 'USDT TWFfYfcWr6HqLwHercQyKYxz2MEhXPQ7PC', buttons: ['确认付款'], fields: [{ kind: 'card-number', evidence: 'autocomplete=cc-number' }] }), m);
    expect(p.present).toBe(true);
    expect(p.reasons.map((r) => r.signal)).toEqual(expect.arrayContaining(['field:card-number', 'button:pay', 'crypto:address']));
  });
});
