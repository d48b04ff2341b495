/**
 * Issue 13 part 4: the look-alike shapes seen on real phishing lists (tests/fixtures/urls/real-lookalikes.tsv) —
 * brand + risky TLD or scam word, digit/letter swaps, hyphenated compounds, confusables — reach warn and say which
 * brand and which trick; ordinary words holding a brand's letters, the brand's own sites and national bank sites
 * stay below warn.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessUrl, DEFAULT_BRANDS } from '../../../../src/core/lookalike/index.ts';
import { swapsOf } from '../../../../src/core/lookalike/letters.ts';
import { describeSignal, describeSwaps } from '../../../../src/core/signals.ts';
import { RISKY_TLDS } from '../../../../src/core/lookalike/words.ts';

const evidence = (url: string): string => assessUrl(url).reasons.map(describeSignal).join(' | ');

describe('real look-alike shapes reach warn, naming the brand', () => {
  it.each([
    // brand next to a throw-away TLD or a scam word
    ['https://icbc-online.top/', 'icbc.com.cn'],
    ['https://bankofchina-online.top/', 'boc.cn'],
    ['https://tmall-vip.shop/', 'tmall.com'],
    ['https://tmall3936.vip/', 'tmall.com'],
    ['https://jd-tw.shop/', 'jd.com'],
    ['https://taobao-kefu.xyz/', 'taobao.com'],
    ['https://pinduoduo-refund.icu/', 'pinduoduo.com'],
    ['https://alipay-secure.cc/', 'alipay.com'],
    ['https://wechat-login.buzz/', 'qq.com'],
    ['https://paypal.top/', 'paypal.com'],
    ['https://uniswap.online/', 'uniswap.org'],
    ['https://amazon8786.top/', 'amazon.com'],
    // brand inside someone else's registrable label (hyphenated or run together)
    ['https://coinbasekeys.com/', 'coinbase.com'],
    ['https://netflix-billing.com/', 'netflix.com'],
    ['https://wellsfargoweb.com/', 'wellsfargo.com'],
    ['https://metamask-airdrop.io/', 'metamask.io'],
    ['https://support-sellercentral-amazon.com/', 'amazon.com'],
    ['https://ebay-commerce.com/', 'ebay.com'],
    ['https://stores-apple.com/', 'apple.com'],
    ['https://chase-sms.info/', 'chase.com'],
    ['https://apple-id-verify.com/', 'apple.com'],
    // swaps and confusables
    ['https://amaz0n-verify.com/', 'amazon.com'],
    ['https://paypa1.com/', 'paypal.com'],
    ['https://rnicrosoft-login.com/', 'microsoft.com'],
    ['https://vvellsfargo.com/', 'wellsfargo.com'],
    ['https://b1nance.com/', 'binance.com'],
    ['https://xn--pypal-4ve.com/', 'paypal.com'],
    ['https://xn--metamsk-9wa.com/', 'metamask.io'],
  ])('%s → warn, looks like %s', (url, dym) => {
    const v = assessUrl(url);
    expect(v.level).toBe('warn');
    expect(v.didYouMean).toBe(dym);
  });
});

describe('each verdict names the trick', () => {
  it.each([
    ['https://paypa1.com/', 'digit 1 in place of "l"'],
    ['https://amaz0n-verify.com/', 'digit 0 in place of "o"'],
    ['https://rnicrosoft-login.com/', '"rn" in place of "m"'],
    ['https://vvellsfargo.com/', '"vv" in place of "w"'],
    ['https://tmall-vip.shop/', 'Tmall 天猫 name on .shop'],
    ['https://coinbasekeys.com/', '"coinbase" inside coinbasekeys'],
    ['https://xn--pypal-4ve.com/', '"pаypal" imitates "paypal" with "а" (Cyrillic, U+0430) in place of "a"'],
  ])('%s explains "%s"', (url, text) => {
    expect(evidence(url)).toContain(text);
  });

  it.each([
    ['paypa1', 'paypal', 'digit 1 in place of "l"'],
    ['amaz0n', 'amazon', 'digit 0 in place of "o"'],
    ['rnicrosoft', 'microsoft', '"rn" in place of "m"'],
    ['g00gle', 'google', 'digit 0 in place of "o"'],
  ])('swapsOf(%s, %s)', (written, brand, text) => {
    expect(describeSwaps(swapsOf(written, brand))).toContain(text);
  });
});

describe('hard negatives stay below warn', () => {
  it.each([
    // a brand's letters inside an ordinary word
    'https://www.pineapple.com/',
    'https://www.purchase.com/',
    'https://purchase-order.top/',
    'https://www.applebees.com/',
    'https://www.appleton.org/',
    'https://www.krakenbrewing.com/',
    'https://www.jdsports.com/',
    'https://ajdkx.com/',
    'https://weixing.com/', // 卫星 (satellite), not weixin
    'https://xiaomingtaiji.com/', // a name, not xiaomi
    'https://amazonas.am.gov.br/',
    'https://alicloud.com/', // Alibaba Cloud, not iCloud
    // the brand's own sites and subdomains
    'https://www.paypal.com/signin',
    'https://login.microsoftonline.com/',
    'https://mybank.icbc.com.cn/',
    'https://uniswap.org/',
    'https://app.uniswap.org/',
    'https://www.dropbox.com/',
    'https://tiktokforbusiness.com/',
    // a TLD alone is never enough
    'https://example.top/',
    'https://shop-online.xyz/',
  ])('%s', (url) => {
    expect(assessUrl(url).level).not.toBe('warn');
  });

  it.each(['https://icbc.de/', 'https://icbc-at.com/', 'https://icbcmy.com/', 'https://cmbchina.cn/'])(
    '%s: a bank\'s national site name is caution, not warn',
    (url) => {
      expect(assessUrl(url).level).toBe('caution');
    },
  );
});

describe('properties', () => {
  const strongKeywords = DEFAULT_BRANDS.brands.flatMap((b) => (b.keywords ?? []).filter((k) => k.length >= 5 && /^[a-z]+$/.test(k)).map((k) => ({ k, b })));
  const scamWords = ['login', 'verify', 'secure', 'refund', 'kefu', 'support', 'wallet', 'airdrop', 'online', 'vip', 'service'];
  const riskyTlds = [...RISKY_TLDS].filter((t) => t.length >= 2);

  it('a distinctive brand name next to a scam word on a risky TLD always warns', () => {
    fc.assert(
      fc.property(fc.constantFrom(...strongKeywords), fc.constantFrom(...scamWords), fc.constantFrom(...riskyTlds), fc.boolean(), ({ k }, w, t, before) => {
        const label = before ? `${w}-${k}` : `${k}-${w}`;
        expect(assessUrl(`https://${label}.${t}/`).level).toBe('warn');
      }),
      { numRuns: 300 },
    );
  });

  it('writing 0 for o in a distinctive brand name still warns and names that swap', () => {
    const withO = strongKeywords.filter(({ k }) => k.includes('o'));
    fc.assert(
      fc.property(fc.constantFrom(...withO), fc.constantFrom('com', 'net', 'top'), ({ k }, t) => {
        const url = `https://${k.replace(/o/g, '0')}-login.${t}/`;
        expect(assessUrl(url).level).toBe('warn');
        expect(evidence(url)).toContain('digit 0 in place of "o"');
      }),
      { numRuns: 200 },
    );
  });

  it("a brand's own domains and their subdomains never trigger", () => {
    const own = DEFAULT_BRANDS.brands.flatMap((b) => b.domains);
    fc.assert(
      fc.property(fc.constantFrom(...own), fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.boolean(), (d, sub, withSub) => {
        expect(assessUrl(`https://${withSub ? `${sub}.` : ''}${d}/`).level).toBe('none');
      }),
      { numRuns: 400 },
    );
  });

  it('a warn always names a brand and a reason', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/), fc.constantFrom('com', 'top', 'cn', 'xyz', 'shop'), (label, t) => {
        const v = assessUrl(`https://${label}.${t}/`);
        if (v.level === 'warn') {
          expect(v.didYouMean).toBeDefined();
          expect(v.reasons.some((r) => r.signal.startsWith('url:brand') || r.signal === 'url:homoglyph' || r.signal === 'url:edit-distance')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
