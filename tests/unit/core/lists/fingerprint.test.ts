import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTable, fingerprintOf, lookup } from '../../../../src/core/lists/index.ts';
import { urlExpressions } from '../../../../src/core/url/index.ts';
import { generateEntries } from '../../../bench/lib/gen-list-data.ts';

const urlArb = fc
  .tuple(
    fc.array(fc.constantFrom('a', 'b', 'www', 'x-1', 'scam'), { minLength: 1, maxLength: 7 }),
    fc.constantFrom('com', 'co.uk', 'cn'),
    fc.array(fc.constantFrom('p', 'q', 'index.html', '', '..', '%41'), { maxLength: 6 }),
    fc.option(fc.constantFrom('x=1', '', 'a=b&c=d')),
  )
  .map(([labels, tld, segments, query]) => `http://${labels.join('.')}.${tld}/${segments.join('/')}${query === null ? '' : '?' + query}`);

describe('fingerprints', () => {
  it('the lookup fast path finds every expression of a URL when it is listed', async () => {
    await fc.assert(
      fc.asyncProperty(urlArb, fc.nat(), async (url, n) => {
        const exprs = urlExpressions(url);
        const listed = exprs[n % exprs.length]!;
        const table = await buildTable([{ key: listed, category: 'phishing', severity: 'low' }], { listId: 't', version: 1 });
        expect(lookup(table, url)?.expression).toBe(listed);
      }),
      { numRuns: 300 },
    );
  });

  it('has no 64-bit collisions and well mixed halves on 300k realistic keys', () => {
    const keys = generateEntries(300_000, 42).map((e) => e.key);
    const full = new Set<string>();
    const crossed = new Set<number>();
    let crossedCollisions = 0;
    for (const k of keys) {
      const { hi, lo } = fingerprintOf(k);
      full.add(`${hi}:${lo}`);
      const mix = ((hi & 0xffff0000) | (lo & 0xffff)) >>> 0;
      if (crossed.has(mix)) crossedCollisions++;
      crossed.add(mix);
    }
    expect(full.size).toBe(keys.length);
    // 32 bits taken half from each lane: expect n²/2^33 ≈ 10.5 collisions if the lanes are independent.
    expect(crossedCollisions).toBeLessThan(30);
  });

  it('spreads keys evenly over the 65536 buckets', () => {
    const counts = new Uint32Array(65536);
    const keys = generateEntries(200_000, 7).map((e) => e.key);
    for (const k of keys) counts[fingerprintOf(k).hi >>> 16]!++;
    const mean = keys.length / 65536;
    let chi = 0;
    for (const c of counts) chi += (c - mean) ** 2 / mean;
    // χ² with 65535 degrees of freedom: mean 65535, sd ≈ 362.
    expect(Math.abs(chi - 65535)).toBeLessThan(5 * 362);
  });
});
