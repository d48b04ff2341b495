import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessUrl } from '../../../../src/core/lookalike/index.ts';
import { LEVELS, isCategory } from '../../../../src/core/types.ts';
import { describeSignal } from '../../../../src/core/signals.ts';

function checkVerdict(url: string): void {
  const v = assessUrl(url);
  expect(LEVELS).toContain(v.level);
  expect(v.level).not.toBe('block'); // heuristics never block
  expect(v.score).toBeGreaterThanOrEqual(0);
  expect(v.score).toBeLessThanOrEqual(1);
  if (v.level !== 'none') {
    expect(isCategory(v.category)).toBe(true);
    expect(v.reasons.length).toBeGreaterThan(0);
  }
  if (v.level === 'warn') expect(v.didYouMean).toBeDefined();
  for (const r of v.reasons) expect(typeof describeSignal(r)).toBe('string');
}

const hostChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._@:/%\u0430\u043e\u0440\u0441\u03bf淘宝客服'.split(''));
const label = fc.string({ unit: hostChar, maxLength: 20 });

describe('assessUrl fuzz', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => checkVerdict(s)), { numRuns: 2000 });
  });

  it('never throws on arbitrary unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => checkVerdict(s)), { numRuns: 1000 });
  });

  it('never throws on URL-shaped strings', () => {
    fc.assert(
      fc.property(fc.constantFrom('http://', 'https://', '', '//'), fc.array(label, { minLength: 1, maxLength: 6 }), fc.webPath(), (scheme, labels, path) =>
        checkVerdict(`${scheme}${labels.join('.')}${path}`),
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on generated web URLs', () => {
    fc.assert(fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (u) => checkVerdict(u)), { numRuns: 1000 });
  });
});
