import { describe, expect, it } from 'vitest';
import { describeSignal, showsPaymentInstructions, signalKey, type Signal } from '../../../src/core/signals.ts';
import { ALL_SAMPLES, FIXED_SAMPLES } from './signal-samples.ts';
import { pageFlags } from '../../../src/core/verdict/index.ts';
import { assessUrl } from '../../../src/core/lookalike/index.ts';
import { classifyPage, textFeatures } from '../../../src/core/classify/index.ts';

describe('typed signals', () => {
  it('every signal has a maintainer line (report evidence, CLIs) that carries its data', () => {
    for (const s of ALL_SAMPLES) {
      const line = describeSignal(s);
      expect(line.length, s.signal).toBeGreaterThan(0);
      expect(line, s.signal).not.toBe(s.signal);
    }
    expect(describeSignal(FIXED_SAMPLES['url:homoglyph'])).toBe('"tаobao" imitates "taobao" with "а" (Cyrillic, U+0430) in place of "a" — Taobao 淘宝');
  });

  it('the key ignores the weight and tells different evidence apart', () => {
    const a: Signal = { signal: 'page:phrase', phrase: '抢单', count: 1, weight: 0.5 };
    expect(signalKey(a)).toBe(signalKey({ ...a, weight: 2 }));
    expect(signalKey(a)).not.toBe(signalKey({ ...a, phrase: '佣金' }));
  });

  it('"shows payment instructions" is decided from fields: wallet, payment QR, two or more bank-transfer words', () => {
    expect(showsPaymentInstructions([FIXED_SAMPLES['crypto:address']])).toBe(true);
    expect(showsPaymentInstructions([FIXED_SAMPLES['list:indicator-wallet']])).toBe(true);
    expect(showsPaymentInstructions([FIXED_SAMPLES['payment:qr']])).toBe(true);
    expect(showsPaymentInstructions([FIXED_SAMPLES['payment:bank-transfer']])).toBe(true);
    // one transfer word (a word with a comma in it must not count as two)
    expect(showsPaymentInstructions([{ signal: 'payment:bank-transfer', words: ['account name, routing'] }])).toBe(false);
    expect(showsPaymentInstructions([FIXED_SAMPLES['page:phrase'], FIXED_SAMPLES['list:indicator-contact']])).toBe(false);
    const v = { level: 'warn' as const, category: 'investment' as const, score: 0.9, reasons: [FIXED_SAMPLES['page:phrase']] };
    expect(pageFlags(v).paymentInstructions).toBe(false);
    expect(pageFlags(v, { images: { count: 1, qrCount: 1, qrNearPay: ['image "收款码"'] } }).paymentInstructions).toBe(true);
  });

  it('producers emit structured evidence: a look-alike names its brand, real domain and letters; a page its words and buttons', () => {
    const url = assessUrl('https://xn--lipay-3ve.com/').reasons.find((r) => r.signal === 'url:brand-name');
    expect(url).toMatchObject({ domain: 'alipay.com', swaps: [{ written: 'а', plain: 'a', script: 'cyrillic' }] });
    const page = classifyPage({
      ...textFeatures('任务大厅 一键抢单 连单 卡单 充值解冻 每单佣金 5% 提现 USDT TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE'),
      buttons: ['一键抢单', '立即充值'],
    });
    expect(page.level).not.toBe('none');
    expect(page.reasons.find((r) => r.signal === 'crypto:address')).toMatchObject({ addresses: [{ chain: 'trx', address: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE' }] });
    const buttons = page.reasons.filter((r) => r.signal.startsWith('button:')).flatMap((r) => ('labels' in r ? r.labels : []));
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(['一键抢单', '立即充值']).toContain(b);
  });
});
