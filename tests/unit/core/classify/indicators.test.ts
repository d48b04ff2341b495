import { describe, expect, it } from 'vitest';
import { classifyField, findContacts, findCrypto, findIndicators, normalizeText } from '../../../../src/core/classify/index.ts';
import { compileMatcher, matchPhrases } from '../../../../src/core/classify/matcher.ts';
import { toSimplified } from '../../../../src/core/classify/t2s.ts';

describe('normalisation and phrase matching', () => {
  it('maps traditional to simplified, full-width to ASCII, strips zero-width and separators', () => {
    expect(toSimplified('儲值提現 連單 凍結 點讚關註')).toBe('储值提现 连单 冻结 点赞关注');
    const n = normalizeText('ＵＳＤＴ\u200b 刷·单 返-利');
    expect(n.spaced).toBe('usdt 刷·单 返-利');
    expect(n.compact).toBe('usdt刷单返利');
  });

  it('keeps clause punctuation in compact text so phrases do not span clauses', () => {
    expect(normalizeText('刷单，返利').compact).toBe('刷单,返利');
  });

  it('English phrases match on word boundaries; a trailing * matches a prefix', () => {
    const m = compileMatcher([{ phrase: 'vip', data: 1 }, { phrase: 'commission*', data: 2 }, { phrase: '刷单', data: 3 }]);
    const hits = (s: string): number[] => matchPhrases(m, normalizeText(s)).map((h) => h.entry.data).sort();
    expect(hits('vipassana retreat')).toEqual([]);
    expect(hits('VIP level, commissions paid')).toEqual([1, 2]);
    expect(hits('我要刷单')).toEqual([3]);
    expect(matchPhrases(m, normalizeText('刷单 刷单 刷单'))[0]?.count).toBe(3);
  });
});

describe('text indicators', () => {
  it('finds TRON, ETH and BTC addresses, not random words', () => {
    const c = findCrypto('TRC20: TWFfYfcWr6HqLwHercQyKYxz2MEhXPQ7PC ETH 0xa4ad3f1b218e372499ed586fe948fa8cdeca4d79 bc1q6rjk9445tkqjtn2nyg4pq6jszkcskf45pp2avj');
    expect(c.map((x) => x.chain).sort()).toEqual(['btc', 'eth', 'trx']);
    expect(findCrypto('Thisisjustaverylongwordwithoutdigitsinside and 1234567890123456789012345678')).toEqual([]);
  });

  it.each([
    ['客服飞机: @kefu_888', 'telegram', 'kefu_888'],
    ['https://t.me/appboost_cs', 'telegram', 'appboost_cs'],
    ['QQ：2893017745', 'qq', '2893017745'],
    ['添加微信：hr_xiaomei888', 'wechat', 'hr_xiaomei888'],
    ['vx: daoshi_lin66', 'wechat', 'daoshi_lin66'],
    ['加 LINE 免費諮詢：@creditfix', 'line', 'creditfix'],
    ['WhatsApp to start: +1 415 555 0199', 'whatsapp', '+14155550199'],
    ['wa.me/447700900123', 'whatsapp', '447700900123'],
  ] as const)('contact %s', (text, channel, handle) => {
    const found = findContacts(normalizeText(text).spaced);
    expect(found).toContainEqual({ channel, handle });
  });

  it('ICP numbers, countdowns, bank-transfer words, implausible returns, commissions, daily pay', () => {
    const i = findIndicators(
      normalizeText('京ICP备11041704号 距结束 02:14:59 开户行：农业银行 户名：李 日收益 3% 年化收益率 2.5% 每单佣金 5% 日结300元 30% monthly'),
    );
    expect(i.icp.length).toBe(1);
    expect(i.countdown.length).toBe(1);
    expect(i.bankTransfer).toEqual(expect.arrayContaining(['开户行', '户名']));
    expect(i.highReturn).toEqual(['日收益 3%', '30% monthly']);
    expect(i.commission).toEqual(['佣金 5%']);
    expect(i.dailyPay.length).toBe(1);
  });
});

describe('form field kinds', () => {
  it.each([
    [{ tag: 'input', type: 'password' }, 'password'],
    [{ tag: 'input', autocomplete: 'cc-number' }, 'card-number'],
    [{ tag: 'input', autocomplete: 'one-time-code' }, 'sms-code'],
    [{ tag: 'input', name: 'cardNo' }, 'card-number'],
    [{ tag: 'input', label: '银行卡号' }, 'card-number'],
    [{ tag: 'input', label: '信用卡號' }, 'card-number'],
    [{ tag: 'input', placeholder: 'CVV' }, 'card-cvv'],
    [{ tag: 'input', label: '身分證字號' }, 'id-number'],
    [{ tag: 'input', name: 'ssn' }, 'id-number'],
    [{ tag: 'input', label: '短信验证码' }, 'sms-code'],
    [{ tag: 'input', label: '簡訊驗證碼' }, 'sms-code'],
    [{ tag: 'input', label: '充值金额', type: 'number' }, 'amount'],
    [{ tag: 'input', label: '提现密码' }, 'password'],
    [{ tag: 'input', label: 'Routing number' }, 'bank-account'],
    [{ tag: 'input', name: 'shipping_notes' }, 'other'],
    [{ tag: 'input', name: 'hotel' }, 'other'],
  ] as const)('%o → %s', (d, kind) => {
    expect(classifyField(d)?.kind).toBe(kind);
  });

  it('hidden inputs and buttons are not fields', () => {
    expect(classifyField({ tag: 'input', type: 'hidden', name: 'cardNo' })).toBeNull();
    expect(classifyField({ tag: 'input', type: 'submit' })).toBeNull();
  });

  it('evidence says what identified the field', () => {
    expect(classifyField({ tag: 'input', name: 'x', label: '银行卡号' })?.evidence).toBe('label "银行卡号"');
    expect(classifyField({ tag: 'input', autocomplete: 'cc-csc' })?.evidence).toBe('autocomplete=cc-csc');
  });
});
