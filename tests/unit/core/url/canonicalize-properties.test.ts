import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, canonicalUrlString, urlExpressions } from '../../../../src/core/url/index.ts';
import { unescapeRepeatedly } from '../../../../src/core/url/percent.ts';
import { canonicalizeFully } from '../../../../src/core/url/canonicalize.ts';
import { canonicalizeFast } from '../../../../src/core/url/fast-path.ts';

const urlChars = fc.constantFrom(...'aZ0.-_~/%?#@:;=&+!$*()[]\\ \t\r\n\u0000\u007f\u0080é中'.split(''), '%2e', '%2F', '%25', '%3F', '%23', '%00', '%41', '..', '//');
const urlLike = fc
  .tuple(fc.constantFrom('', 'http://', 'https://', 'HTTP://', '//', 'ftp://'), fc.array(urlChars, { maxLength: 40 }))
  .map(([scheme, parts]) => scheme + parts.join(''));

function unescapeNaively(s: string): string {
  for (;;) {
    const next = s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (next === s) return s;
    s = next;
  }
}

describe('canonicalization properties', () => {
  it('is idempotent: canonicalizing a canonical URL changes nothing', () => {
    fc.assert(
      fc.property(urlLike, (url) => {
        const once = canonicalUrlString(url);
        if (once !== null) expect(canonicalUrlString(once)).toBe(once);
      }),
      { numRuns: 5000 },
    );
  });

  it('linear repeated unescape equals unescaping to a fixpoint', () => {
    const pieces = fc.constantFrom('%', '2', '5', '3', '4', '1', 'a', 'F', 'g', '%25', '%32', '%35');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const s = parts.join('');
        expect(unescapeRepeatedly(s)).toBe(unescapeNaively(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('yields at most 30 expressions, exact first, every one unique', () => {
    fc.assert(
      fc.property(urlLike, (url) => {
        const c = canonicalize(url);
        const exprs = urlExpressions(url);
        if (!c) {
          expect(exprs).toEqual([]);
          return;
        }
        expect(exprs.length).toBeLessThanOrEqual(30);
        expect(exprs[0]).toBe(c.expr);
        expect(new Set(exprs).size).toBe(exprs.length);
      }),
      { numRuns: 3000 },
    );
  });
});

const label = fc.stringMatching(/^[a-zA-Z0-9-]{1,6}$/);
const browserish = fc
  .tuple(
    fc.constantFrom('http://', 'https://', 'HTTP://'),
    fc.array(label, { minLength: 1, maxLength: 4 }),
    fc.constantFrom('', ':443', ':', '.', '@x', '..y'),
    fc.array(fc.constantFrom('p', 'A', 'index.html', '.', '..', '', '.x', '%41', ' ', 'é', '\\'), { maxLength: 5 }),
    fc.option(fc.constantFrom('', 'a=1&b=2', 'q=/../x//y', 'x?y', 'bad#frag', 'ok=%20')),
  )
  .map(([scheme, labels, hostTail, segments, query]) => {
    const path = segments.length ? '/' + segments.join('/') : '';
    return scheme + labels.join('.') + hostTail + path + (query === null ? '' : '?' + query);
  });

describe('fast path', () => {
  it('agrees with the full algorithm whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: browserish, weight: 5 }, { arbitrary: urlLike, weight: 1 }), (url) => {
        const fast = canonicalizeFast(url);
        if (fast === undefined) return;
        answered++;
        expect(fast).toEqual(canonicalizeFully(url));
      }),
      { numRuns: 20_000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });
});

describe('canonicalizer fuzz', () => {
  it('returns null or a result for 10k random strings, never throws', () => {
    const anyString = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), urlLike, fc.string({ maxLength: 100, unit: 'grapheme' }));
    let results = 0;
    fc.assert(
      fc.property(anyString, (s) => {
        const c = canonicalize(s);
        if (c) {
          results++;
          expect(c.expr.startsWith(c.host)).toBe(true);
          expect(/^[\x21-\x7e]*$/.test(c.expr)).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(results).toBeGreaterThan(1000);
  });

  it('stays linear on adversarial escapes (no hang)', () => {
    const nested = 'http://h/' + '%25'.repeat(1) + '25'.repeat(200_000);
    const start = performance.now();
    expect(canonicalize(nested)?.path).toBe('/%25');
    expect(performance.now() - start).toBeLessThan(2000);
    const long = 'http://' + 'a.'.repeat(100_000) + 'com/' + 'b/'.repeat(100_000);
    expect(urlExpressions(long).length).toBeLessThanOrEqual(30);
  });
});
