import { describe, expect, it } from 'vitest';
import { classifyPage, explainPage, textFeatures, type PageFeatures } from '../../../../src/core/classify/index.ts';
import { describeSignal } from '../../../../src/core/signals.ts';

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
    const offDomain = off.reasons.find((r) => r.signal === 'brand:off-domain');
    expect(offDomain).toMatchObject({ host: 'alipay-secure.top', fields: ['password'] });
    expect(offDomain && describeSignal(offDomain)).toContain('alipay-secure.top');
    const on = classifyPage({ ...f, url: 'https://auth.alipay.com/login', host: 'auth.alipay.com' });
    expect(on.category).not.toBe('phishing');
    expect(on.level).not.toBe('warn');
  });

  it('a brand only in a payment-method list does not make a checkout phishing', () => {
    const f = page({
      title: '确认订单', headings: ['确认订单'], text: '支付方式：支付宝 微信支付 银行卡',
      fields: [{ kind: 'card-number', evidence: 'name=cardNo' }], buttons: ['提交订单'],
      url: 'https://shop.example.cn/', host: 'shop.example.cn',
    });
    expect(explainPage(f).signals.has('brand:off-domain')).toBe(false);
  });

  it('asking for action is a learned feature, not a gate: the same words score higher with a grab button and an amount field', () => {
    // Few words, so the plain text stays below 1.000 (scores are rounded to 3 decimals; a page full of task words
    // saturates with or without the ask, and the comparison would say nothing).
    const words = '抢单 佣金 提现';
    const plain = explainPage(page({ text: words }));
    const asks = explainPage(page({ text: words, buttons: ['一键抢单'], fields: [{ kind: 'amount', evidence: 'label "充值金额"' }] }));
    expect(asks.verdict.score).toBeGreaterThan(plain.verdict.score);
    expect(asks.verdict.level).toBe('warn');
    expect(asks.verdict.category).toBe('task-rebate');
    expect(asks.verdict.reasons.some((r) => r.signal === 'button:grab' && r.labels.includes('一键抢单'))).toBe(true);
  });

  it('awareness context (anti-fraud warning words) lowers the score and is named', () => {
    const base = '刷单返利 先垫付 连单 卡单 充值解冻 日结 兼职';
    const scam = explainPage(page({ text: base, buttons: ['立即充值'] }));
    const aware = explainPage(page({ text: `国家反诈中心提醒：${base} 都是诈骗，警惕！请拨打 96110。切勿相信，切勿转账，发现可疑请报警。`, buttons: ['立即充值'] }));
    expect(aware.awareness).toBeGreaterThan(0);
    expect(aware.verdict.score).toBeLessThan(scam.verdict.score);
    expect(aware.verdict.level).not.toBe('warn');
  });

  it('reasons map back to words the user can see', () => {
    const text = '欢迎来到任务大厅，一键抢单，每单佣金 5%，连单奖励，充值解冻后可提现';
    const d = explainPage(page({ text, buttons: ['一键抢单'] }));
    expect(d.verdict.level).not.toBe('none');
    const phrases = d.verdict.reasons.filter((r) => r.signal === 'page:phrase');
    expect(phrases.length).toBeGreaterThan(0);
    for (const r of phrases) {
      expect(text.replace(/\s+/g, ''), r.phrase).toContain(r.phrase.replace(/\s+/g, ''));
      expect(r.count).toBeGreaterThanOrEqual(1);
    }
  });

  it('every reason carries evidence text; level none has no reasons and no category', () => {
    const v = classifyPage(page({ text: '天气不错' }));
    expect(v.level).toBe('none');
    expect(v.reasons).toEqual([]);
    expect(v.category).toBeUndefined();
    for (const r of classifyPage(page({ text: '一键抢单 每单佣金 充值', buttons: ['立即充值'] })).reasons) expect(describeSignal(r).length, r.signal).toBeGreaterThan(0);
  });

  it('never throws on malformed features', () => {
    const bad = { ...textFeatures('x'), fields: null } as unknown as PageFeatures;
    expect(classifyPage(bad).level).toBe('none');
  });


});
