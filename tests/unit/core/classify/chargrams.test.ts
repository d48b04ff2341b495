import { describe, expect, it } from 'vitest';
import { gramsOf } from '../../../../src/core/classify/vectorize.ts';
import { analyze, getDefaultModel, textFeatures } from '../../../../src/core/classify/index.ts';
import { normalizeText } from '../../../../src/core/classify/normalize.ts';

describe('character n-grams of Latin words (format 4 heads, charGrams)', () => {
  it('off by default: words, word bigrams and CJK grams only', () => {
    expect([...gramsOf('verify now 刷单').keys()]).toEqual(['verify', 'now', 'verify now', '刷单']);
  });

  it('3- to 5-grams inside words of ≥ 4 letters, marked ~, located at the whole word', () => {
    const s = 'please verify 刷单';
    const g = gramsOf(s, 100);
    for (const c of ['~ver', '~eri', '~rif', '~ify', '~veri', '~erif', '~rify', '~verif', '~erify']) expect(g.get(c), c).toEqual({ start: 7, end: 13 });
    expect(g.has('~ple')).toBe(true);
    // short words, digits and CJK give none
    expect([...gramsOf('now 300 刷单返利', 100).keys()].some((k) => k.startsWith('~'))).toBe(false);
    expect(s.slice(7, 13)).toBe('verify');
  });

  it('at most charGrams distinct ones per text, the first found', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}xyz`).join(' ');
    const n = (cap: number): number => [...gramsOf(text, cap).keys()].filter((k) => k.startsWith('~')).length;
    expect(n(50)).toBe(50);
    expect(n(7)).toBe(7);
    expect([...gramsOf('abcdefgh', 2).keys()].filter((k) => k.startsWith('~'))).toEqual(['~abc', '~bcd']);
  });

  it('the shipped page head reads them, and a reason built on one names the whole visible word', () => {
    const model = getDefaultModel();
    expect(model.heads.page.charGrams).toBeGreaterThan(0);
    expect(model.heads.page.features.some((f) => f.startsWith('~'))).toBe(true);
    const text = 'Deposit USDT to unlock your withdrawal. Daily profit guaranteed, invest now, minimum deposit 100 USDT, referral commission';
    const d = analyze({ ...textFeatures(text), title: 'Investment plans' }, model, 'page');
    const spaced = normalizeText(`Investment plans\n${text}`).spaced;
    for (const r of d.verdict.reasons) if (r.signal === 'page:phrase') expect(spaced).toContain(r.phrase);
    expect(d.contributions.some((c) => c.feature.startsWith('~'))).toBe(true);
  });
});
