/**
 * What the warning page, popup, options and report show as a site's name (src/core/url/display-host.ts): Unicode
 * only where it cannot pass for another name; otherwise the ASCII form, as the browser's address bar shows it.
 */
import fc from 'fast-check';
import punycode from 'punycode.js';
import { describe, expect, it } from 'vitest';
import { displayHost, labelIsSafeToShow } from '../../../../src/core/url/display-host';

const ascii = (unicode: string): string => punycode.toASCII(unicode);

describe('displayHost', () => {
  it('keeps plain ASCII hosts as they are', () => {
    expect(displayHost('www.paypal.com')).toBe('www.paypal.com');
    expect(displayHost('qiangdan-vip.test')).toBe('qiangdan-vip.test');
  });

  it('shows a Latin letter swapped for a Cyrillic or Greek one in ASCII (the address bar does the same)', () => {
    expect(displayHost('xn--pypal-4ve.test')).toBe('xn--pypal-4ve.test'); // pаypal: Cyrillic а
    expect(displayHost('xn--lipay-login-xij.test')).toBe('xn--lipay-login-xij.test'); // аlipay-login
    expect(displayHost(ascii('αpple.com'))).toBe(ascii('αpple.com')); // Greek α
    // given in Unicode, it is shown encoded too
    expect(displayHost('pаypal.test')).toBe('xn--pypal-4ve.test');
    // one bad label is enough: the whole host is shown in ASCII
    expect(displayHost(ascii('login.pаypal.中国'))).toBe(ascii('login.pаypal.中国'));
  });

  it('shows a name written wholly in Cyrillic letters that read as Latin ones in ASCII', () => {
    expect(displayHost(ascii('аррӏе.com'))).toBe(ascii('аррӏе.com')); // "apple"
    expect(displayHost(ascii('сосо.test'))).toBe(ascii('сосо.test'));
    // real Cyrillic words are not look-alikes
    expect(displayHost(ascii('пример.рф'))).toBe('пример.рф');
    expect(displayHost(ascii('яндекс.рф'))).toBe('яндекс.рф');
  });

  it('shows names in one script, and the CJK combinations, as written', () => {
    expect(displayHost(ascii('中文网.test'))).toBe('中文网.test');
    expect(displayHost(ascii('bücher.de'))).toBe('bücher.de');
    expect(displayHost(ascii('ドメイン名例.jp'))).toBe('ドメイン名例.jp'); // Katakana + Han
    expect(displayHost(ascii('abc中文.com'))).toBe('abc中文.com'); // Latin + Han
    expect(displayHost(ascii('한국어.kr'))).toBe('한국어.kr');
    expect(displayHost(ascii('παράδειγμα.gr'))).toBe('παράδειγμα.gr'); // Greek with letters that read as Greek
  });

  it('never shows invisible or layout characters, and leaves an undecodable label alone', () => {
    expect(labelIsSafeToShow('pay\u200dpal')).toBe(false); // zero-width joiner
    expect(labelIsSafeToShow('abc\u202etxt')).toBe(false); // right-to-left override
    const rlo = `xn--${punycode.encode('abc\u202etxt')}.test`;
    expect(displayHost(rlo)).toBe(rlo);
    expect(displayHost('xn--.test')).toBe('xn--.test');
    expect(displayHost('xn--zz-!!.test')).toBe('xn--zz-!!.test');
  });

  it('property: a shown label never mixes Latin with Cyrillic or Greek letters', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzаеорсхуіαορνκ中文ü-0'.split(''));
    fc.assert(
      fc.property(fc.array(letter, { minLength: 1, maxLength: 12 }), (chars) => {
        const label = chars.join('').replace(/^-+|-+$/g, '') || 'a';
        let host: string;
        try {
          host = ascii(`${label}.test`);
        } catch {
          return true;
        }
        const shown = displayHost(host);
        const first = shown.split('.')[0]!;
        const latin = /\p{Script=Latin}/u.test(first);
        const cyrGreek = /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(first);
        return !(latin && cyrGreek) && (shown === host || punycode.toASCII(shown) === host);
      }),
      { numRuns: 500 },
    );
  });
});

describe('shownLabel (the evidence texts, without a punycode library)', () => {
  it('keeps a safe label and encodes a look-alike one as the URL parser does', async () => {
    const { shownLabel } = await import('../../../../src/core/url/label-display');
    expect(shownLabel('paypal')).toBe('paypal');
    expect(shownLabel('中文网')).toBe('中文网');
    expect(shownLabel('pаypal')).toBe('xn--pypal-4ve');
    expect(shownLabel('аррӏе')).toBe(punycode.toASCII('аррӏе'));
  });
});
