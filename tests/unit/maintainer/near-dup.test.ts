import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactOf, Groups, hamming, simhash } from '../../../src/maintainer/corpus/near-dup.ts';

// Long, unrelated English texts from the repository itself (no network, no /work/shared).
const read = (f: string): string => readFileSync(new URL(`../../../${f}`, import.meta.url), 'utf8').slice(0, 20_000);
const docs = ['README.md', 'docs/CONTRACTS.md', 'docs/maintainers.md', 'docs/security.md', 'docs/intake.md'].map(read);
const a = docs[0] ?? '';

describe('corpus near-duplicate SimHash', () => {
  it('keeps unrelated long pages far apart (3-gram sets saturated and chained the corpus into one split group)', () => {
    // 64-bit hashes of unrelated texts differ in ~32 bits; 3-gram sets gave 10–24 here (and ≤ 8 on news pages).
    const hs = docs.map((t) => simhash(compactOf(t)));
    let min = 64;
    for (let i = 0; i < hs.length; i++) for (let j = i + 1; j < hs.length; j++) min = Math.min(min, hamming(hs[i]!, hs[j]!));
    expect(min).toBeGreaterThan(16);
  });

  it('puts a lightly edited copy (a fork that changed a name and a number) within the duplicate distance', () => {
    const fork = a.replace(/ScamSentinel/g, 'ScamGuard').replace(/\b2\b/, '3');
    const d = hamming(simhash(compactOf(a)), simhash(compactOf(fork)));
    expect(d).toBeLessThanOrEqual(3);
  });

  it('handles texts shorter than a shingle and is deterministic', () => {
    expect(simhash(compactOf('ok'))).toEqual(simhash(compactOf('ok')));
    expect(hamming(simhash(compactOf('登录')), simhash(compactOf('登录')))).toBe(0);
  });

  it('joins groups transitively with a deterministic root', () => {
    const g = new Groups();
    g.union('b/repo', 'c/repo');
    g.union('c/repo', 'a/repo');
    expect(g.find('b/repo')).toBe('a/repo');
    expect(g.find('c/repo')).toBe('a/repo');
  });
});
