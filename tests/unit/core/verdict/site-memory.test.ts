import { describe, expect, it } from 'vitest';
import { carriedVerdict, isMoneyPage, isSiteMemo, memoApplies, memoFor, rememberable, siteOf, SITE_MEMORY_TTL_MS } from '../../../../src/core/verdict/site-memory';
import { describeSignal } from '../../../../src/core/signals';
import { NO_VERDICT, type Verdict } from '../../../../src/core/types';

const warn: Verdict = {
  level: 'warn',
  category: 'task-rebate',
  score: 0.93,
  reasons: [
    { signal: 'page:phrase', phrase: '抢单佣金', count: 3 },
    { signal: 'button:recharge', action: 'recharge', labels: ['立即充值'] },
    { signal: 'context:awareness', words: ['96110'] },
  ],
};
/** The 抢单 home page: a "立即充值" button that opens the recharge page, no payment field. */
const home = { buttons: ['立即充值', '去抢单'], fields: [{ kind: 'login-id' as const, evidence: 'name=user' }] };
const urlWarn: Verdict = { level: 'warn', category: 'phishing', score: 0.8, reasons: [{ signal: 'url:risky-tld', tld: 'top' }] };

describe('site memory (pure rule)', () => {
  it('a site is its registrable domain; each github.io site is its own; an IP is itself', () => {
    expect(siteOf('m.renwu.test')).toBe('renwu.test');
    expect(siteOf('app.example.co.uk')).toBe('example.co.uk');
    expect(siteOf('a.github.io')).toBe('a.github.io');
    expect(siteOf('203.0.113.7')).toBe('203.0.113.7');
  });

  it('remembers only a warn the page content earned: not caution, not a list block, not a warn the URL gives alone, not a major site', () => {
    expect(rememberable({ url: NO_VERDICT, page: warn, majorSite: false }, home)).toBe(true);
    expect(rememberable({ url: NO_VERDICT, page: { ...warn, level: 'caution' }, majorSite: false }, home)).toBe(false);
    expect(rememberable({ url: NO_VERDICT, page: { ...warn, level: 'block' }, majorSite: false }, home)).toBe(false);
    expect(rememberable({ url: urlWarn, page: warn, majorSite: false }, home)).toBe(false);
    expect(rememberable({ url: NO_VERDICT, page: warn, majorSite: true }, home)).toBe(false);
    // A carried verdict is not remembered again (it would renew itself forever).
    expect(rememberable({ url: NO_VERDICT, page: carriedVerdict(memoFor('http://a.test/', 'a.test', warn, 0)!), majorSite: false }, home)).toBe(false);
  });

  it('a page that is itself a money step (a payment field, or a button that commits a payment) does not mark its site; without features it cannot be told, so it does not either', () => {
    expect(isMoneyPage(home)).toBe(false);
    expect(isMoneyPage({ buttons: ['提交'], fields: [{ kind: 'amount', evidence: 'placeholder "提现金额"' }] })).toBe(true);
    expect(isMoneyPage({ buttons: ['提交'], fields: [{ kind: 'bank-account', evidence: 'name=bank_accounts' }] })).toBe(true);
    expect(isMoneyPage({ buttons: ['提现记录', '确认提现'], fields: [] })).toBe(true);
    expect(isMoneyPage({ buttons: ['確認提現'], fields: [] })).toBe(true); // traditional script reads the same
    expect(isMoneyPage({ buttons: ['Submit payment'], fields: [] })).toBe(true);
    expect(isMoneyPage({ buttons: ['Sign in'], fields: [{ kind: 'password', evidence: 'type=password' }] })).toBe(false);
    expect(rememberable({ url: NO_VERDICT, page: warn, majorSite: false }, { buttons: ['确认提现'], fields: [] })).toBe(false);
    expect(rememberable({ url: NO_VERDICT, page: warn, majorSite: false }, { buttons: [], fields: [{ kind: 'card-number', evidence: 'autocomplete=cc-number' }] })).toBe(false);
    expect(rememberable({ url: NO_VERDICT, page: warn, majorSite: false }, undefined)).toBe(false);
  });

  it('the memo keeps the path without query, the type, the score and the words (no awareness words); the carried verdict is warn with one reason', () => {
    const memo = memoFor('http://m.renwu.test/home/index.html?token=secret#x', 'm.renwu.test', warn, 5000)!;
    expect(memo).toEqual({ site: 'renwu.test', path: '/home/index.html', category: 'task-rebate', score: 0.93, words: ['抢单佣金', '立即充值'], at: 5000 });
    expect(JSON.stringify(memo)).not.toContain('secret');
    const v = carriedVerdict(memo);
    expect(v).toEqual({ level: 'warn', category: 'task-rebate', score: 0.93, reasons: [{ signal: 'site:earlier-page', path: '/home/index.html', category: 'task-rebate', words: ['抢单佣金', '立即充值'] }] });
    expect(describeSignal(v.reasons[0]!)).toBe('another page of this site (/home/index.html) looked like a task-rebate scam: "抢单佣金", "立即充值"');
    expect(memoFor('http://a.test/', 'a.test', { level: 'warn', score: 0.9, reasons: [] }, 0)).toBeNull();
  });

  it('a hostile page cannot make the memo large: path and words are capped', () => {
    const long = 'x'.repeat(5000);
    const memo = memoFor(`http://a.test/${long}`, 'a.test', { ...warn, reasons: Array.from({ length: 50 }, (_, i) => ({ signal: 'page:phrase' as const, phrase: `${long}${i}`, count: 1 })) }, 0)!;
    expect(memo.path.length).toBeLessThanOrEqual(81); // capText: 80 + '…'
    expect(memo.words.length).toBeLessThanOrEqual(6);
    for (const w of memo.words) expect(w.length).toBeLessThanOrEqual(81);
  });

  it('applies within the time limit only', () => {
    const memo = memoFor('http://renwu.test/', 'renwu.test', warn, 1000)!;
    expect(memoApplies(memo, 1000 + 60_000)).toBe(true);
    expect(memoApplies(memo, 1000 + SITE_MEMORY_TTL_MS)).toBe(false);
    expect(memoApplies(memo, 999)).toBe(false); // clock went back: not trusted
    expect(memoApplies(null, 1000)).toBe(false);
  });

  it('isSiteMemo refuses damaged storage', () => {
    const memo = memoFor('http://renwu.test/', 'renwu.test', warn, 1000)!;
    expect(isSiteMemo(memo)).toBe(true);
    for (const bad of [null, 'x', { ...memo, words: [1] }, { ...memo, at: '1' }, { site: 'a' }]) expect(isSiteMemo(bad)).toBe(false);
  });
});
