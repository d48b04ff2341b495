import { describe, expect, it } from 'vitest';
import {
  ASCII_PROTOTYPES,
  SCRIPT,
  asciiPrototypesOfTable,
  foldToken,
  isMixedConfusableScript,
  leetVariants,
  scriptsOf,
  skeleton,
  skeletonIsAscii,
} from '../../../../src/core/lookalike/skeleton.ts';
import { boundedOsaDistance } from '../../../../src/core/lookalike/edit-distance.ts';

describe('skeleton (TR39 + case/diacritic folding)', () => {
  it('maps ASCII with exactly the table\'s ASCII entries (the full table is built only for non-ASCII text)', () => {
    expect(ASCII_PROTOTYPES).toEqual(asciiPrototypesOfTable());
    expect(skeleton('m0b1le|')).toBe('rnobllel'); // m→rn 0→O 1→l |→l, lower-cased
    expect(skeleton('g\u3007\u3007gle')).toBe(skeleton('g00gle')); // 〇 (non-ASCII, via the full table) and 0 (ASCII) → O
  });

  it.each([
    ['paypal', 'paypal'],
    ['p\u0430ypal', 'paypal'], // Cyrillic а
    ['paypa1', 'paypal'], // digit one
    ['g00gle', 'google'],
    ['\u0430\u0440\u0440le', 'apple'], // Cyrillic а р р
    ['faceb\u03bf\u03bfk', 'facebook'], // Greek omicron
    ['t\u00e1ob\u00e1o', 'taobao'], // diacritics dropped
    ['TAOBAO', 'taobao'],
    ['淘宝', '淘宝'],
  ])('skeleton(%s) = %s', (input, expected) => {
    expect(skeleton(input)).toBe(expected);
  });

  it('rn and m share a skeleton', () => {
    expect(skeleton('rnicrosoft')).toBe(skeleton('microsoft'));
  });

  it('foldToken maps only non-ASCII', () => {
    expect(foldToken('icbc95588')).toBe('icbc95588');
    expect(foldToken('\u0430lipay')).toBe('alipay');
    expect(foldToken('paypa1')).toBe('paypa1');
  });

  it.each([
    ['paypa1', ['paypal', 'paypai']],
    ['rnicrosoft', ['microsoft']],
    ['b1nance', ['blnance', 'binance']],
    ['taobao', []],
    ['12306', []],
  ])('leetVariants(%s)', (input, expected) => {
    expect(leetVariants(input)).toEqual(expected);
  });

  it('detects scripts', () => {
    expect(scriptsOf('paypal')).toBe(SCRIPT.latin);
    expect(isMixedConfusableScript(scriptsOf('p\u0430ypal'))).toBe(true);
    expect(isMixedConfusableScript(scriptsOf('москва'))).toBe(false);
    expect(scriptsOf('淘宝客服')).toBe(SCRIPT.han);
    expect(skeletonIsAscii('\u0441\u043e\u0441\u043e')).toBe(true); // сосо
    expect(skeletonIsAscii('сбербанк')).toBe(false);
  });
});

describe('boundedOsaDistance', () => {
  it.each([
    ['paypal', 'paypal', 1, 0],
    ['paypall', 'paypal', 1, 1],
    ['taoboa', 'taobao', 1, 1], // transposition
    ['amazom', 'amazon', 1, 1],
    ['metamaks', 'metamask', 2, 1],
    ['pinduoduo', 'pindouduo', 2, 1],
    ['microsoft', 'micrsft', 2, 2],
    ['google', 'yahoo', 1, 2], // early exit returns max + 1
    ['a', 'abcdef', 2, 3],
  ])('%s ~ %s (max %i) = %i', (a, b, max, d) => {
    expect(boundedOsaDistance(a, b, max)).toBe(d);
  });
});
