import { describe, expect, it, vi } from 'vitest';
import type { PageFeatures } from '../../../../src/core/classify/features';
import { textFeatures } from '../../../../src/core/classify';
import { NO_VERDICT, type Verdict } from '../../../../src/core/types';
import { judgePage, judgeUrl, type Judge, type ListHit } from '../../../../src/core/verdict';

const hit: ListHit = { listId: 'main', listVersion: 2, expression: 'scam.test/', category: 'investment', severity: 'high' };
const lookalike: Verdict = { level: 'warn', category: 'phishing', score: 0.8, reasons: [{ signal: 'url:homoglyph', brand: 'Taobao', domain: 'taobao.com', written: 'ta0bao', word: 'taobao', swaps: [] }], didYouMean: 'taobao.com' };
const pageWarn: Verdict = { level: 'warn', category: 'task-rebate', score: 0.9, reasons: [{ signal: 'page:phrase', phrase: '抢单', count: 1 }] };
const indicator: Verdict = { level: 'block', category: 'task-rebate', score: 1, reasons: [{ signal: 'list:indicator-wallet', indicator: 'wallet', value: 'T…', category: 'task-rebate' }] };
const features: PageFeatures = textFeatures('抢单 佣金 充值');

function judge(extra: Partial<Judge> = {}): Judge {
  return { lookup: (u) => (u.includes('scam.test') ? hit : null), ...extra };
}

describe('judgeUrl / judgePage', () => {
  it('a list hit blocks with its evidence; URL risk adds its reasons; nothing known is no verdict', () => {
    expect(judgeUrl(judge(), 'http://x.test/')).toEqual(NO_VERDICT);
    expect(judgeUrl(judge(), 'http://scam.test/a')).toMatchObject({ level: 'block', category: 'investment', list: { expression: 'scam.test/' } });
    const v = judgeUrl(judge({ assessUrl: () => lookalike }), 'http://scam.test/a');
    expect(v.level).toBe('block');
    expect(v.reasons.map((r) => r.signal)).toEqual(['list:match', 'url:homoglyph']);
    expect(v.didYouMean).toBe('taobao.com');
  });

  it('the page model and indicators count, except on major sites; the URL verdict is kept apart', () => {
    const classifyPage = vi.fn(() => pageWarn);
    const j = judge({ classifyPage, lookupIndicators: () => [indicator], isMajorSite: (h) => h === 'bank.test' });
    const r = judgePage(j, 'http://x.test/', 'x.test', features);
    expect(r).toMatchObject({ url: NO_VERDICT, majorSite: false, page: { level: 'block', category: 'task-rebate' } });
    expect(r.page.reasons.map((x) => x.signal)).toEqual(['list:indicator-wallet', 'page:phrase']);
    expect(classifyPage).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://x.test/', host: 'x.test' }));
    const major = judgePage(j, 'http://bank.test/login', 'bank.test', features);
    expect(major).toEqual({ url: NO_VERDICT, page: NO_VERDICT, majorSite: true });
    expect(judgePage(j, 'http://x.test/', 'x.test').page).toEqual(NO_VERDICT); // no features yet: URL only
  });
});
