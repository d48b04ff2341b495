import { describe, expect, it } from 'vitest';
import { assessUrl, DEFAULT_BRANDS, type BrandData } from '../../../../src/core/lookalike/index.ts';
import { TRUSTED_DOMAINS, isSharedHosting, isTrustedDomain } from '../../../../src/core/trusted/index.ts';
import { describeSignal } from '../../../../src/core/signals.ts';

const signals = (url: string): string[] => assessUrl(url).reasons.map((r) => r.signal);

describe('assessUrl — look-alikes that must warn, naming the real site', () => {
  it.each([
    ['https://taobao-vip-refund.top/', 'taobao.com', 'url:brand-name'],
    ['http://jd.com.kefu-tuikuan.cn/', 'jd.com', 'url:brand-domain-embedded'],
    ['https://paypa1-secure.com/', 'paypal.com', 'url:brand-name'],
    ['https://\u0430lipay.com/', 'alipay.com', 'url:homoglyph'],
    ['https://xn--pypal-4ve.com/', 'paypal.com', 'url:homoglyph'],
    ['https://icbc-95588.xyz/', 'icbc.com.cn', 'url:brand-name'],
    ['https://paypal.com@login-check.top/', 'paypal.com', 'url:brand-domain-embedded'],
    ['https://paypal-login.github.io/', 'paypal.com', 'url:brand-name'],
    ['https://www.gov.cn.shebao-butie.com/', 'www.gov.cn', 'url:brand-domain-embedded'],
    ['http://淘宝客服.com/', 'taobao.com', 'url:brand-name'],
    ['https://jdkefu.top/', 'jd.com', 'url:brand-name'],
    ['https://rnicrosoft.com/', 'microsoft.com', 'url:homoglyph'],
    ['https://binance-airdrop.top/', 'binance.com', 'url:brand-name'],
  ])('%s → warn, did you mean %s', (url, dym, signal) => {
    const v = assessUrl(url);
    expect(v.level).toBe('warn');
    expect(v.didYouMean).toBe(dym);
    expect(v.reasons.map((r) => r.signal)).toContain(signal);
    expect(v.category).toBeDefined();
    expect(v.score).toBeGreaterThanOrEqual(0.7);
  });
});

describe('assessUrl — weaker signals give caution', () => {
  it.each([
    ['https://paypai.com/', 'url:edit-distance'],
    ['https://taoboa.com/', 'url:edit-distance'],
    ['https://tuikuan-kefu.top/', 'url:scam-words'],
    ['http://45.76.12.9/taobao/', 'url:ip-host'],
    ['https://user@evil-example.com/', 'url:userinfo'],
    ['https://\u0441\u043e\u0441\u043e.com/', 'url:confusable-script'],
    ['https://icbc.de/', 'url:brand-other-suffix'], // a bank's national site name: caution, not warn
    ['https://icbc-at.com/', 'url:brand-name'],
  ])('%s → caution (%s)', (url, signal) => {
    const v = assessUrl(url);
    expect(v.level).toBe('caution');
    expect(v.reasons.map((r) => r.signal)).toContain(signal);
  });
});

describe('assessUrl — never cries wolf on', () => {
  it.each([
    'https://www.taobao.com/',
    'https://refund.taobao.com/',
    'https://kefu.jd.com/',
    'https://mybank.icbc.com.cn/icbc/perbank/index.jsp',
    'https://www.paypal.com/signin',
    'https://beian.miit.gov.cn/',
    'https://www.applebees.com/',
    'https://www.jdsports.com/',
    'https://www.pineapple.com/',
    'https://t.cn/A6abcd', // a shortener alone stays below caution
    'https://example.top/', // a TLD alone never warns
    'https://sites.google.com/view/club',
    'https://octocat.github.io/',
    'http://192.168.1.1/',
    'https://москва.рф/',
    'https://münchen.de/',
    'https://www.4399.com/',
    'https://www.vipkid.com/',
  ])('%s', (url) => {
    expect(assessUrl(url).level).toBe('none');
  });

  it('every brand domain, and subdomains of it, is silent (except user tenants on shared hosting)', () => {
    for (const b of DEFAULT_BRANDS.brands) {
      for (const d of b.domains) {
        for (const host of [d, `www.${d}`, `login.secure-verify.${d}`]) {
          if (host !== d && isSharedHosting(host)) continue; // e.g. x.sharepoint.com is anyone's tenant
          expect(assessUrl(`https://${host}/`).level, host).toBe('none');
        }
      }
    }
  });

  it('every trusted domain is silent', () => {
    for (const d of TRUSTED_DOMAINS) {
      expect(assessUrl(`https://${d}/account/verify`).level, d).toBe('none');
    }
  });

  it('non-web inputs are none', () => {
    for (const u of ['', '   ', 'javascript:alert(1)', 'mailto:a@b.c', 'data:text/html,hi', 'http://', 'http://[::1', '%%%']) {
      expect(assessUrl(u)).toEqual({ level: 'none', score: 0, reasons: [] });
    }
  });
});

describe('assessUrl — options', () => {
  it('uses custom brand data', () => {
    const brands: BrandData = { version: 1, brands: [{ id: 'acme', name: 'Acme Bank', domains: ['acmebank.example'], keywords: ['acmebank'] }] };
    const v = assessUrl('https://acmebank-verify.top/', { brands });
    expect(v.level).toBe('warn');
    expect(v.didYouMean).toBe('acmebank.example');
    expect(assessUrl('https://login.acmebank.example/', { brands }).level).toBe('none');
    const other = assessUrl('https://taobao-tuikuan.com/', { brands }); // taobao is not protected here
    expect(other.level).not.toBe('warn');
    expect(other.didYouMean).toBeUndefined();
  });

  it('a custom trusted predicate replaces the default one', () => {
    expect(assessUrl('https://paypal-login.example.org/', { trusted: (d) => d === 'paypal-login.example.org' }).level).toBe('none');
    const composed = (d: string): boolean => isTrustedDomain(d) || d === 'mine.example';
    expect(assessUrl('https://www.taobao.com/', { trusted: composed }).level).toBe('none');
  });

  it('does not let a trusted registrable domain hide a shared-hosting tenant', () => {
    expect(assessUrl('https://taobao-kefu.feishu.cn/', { trusted: isTrustedDomain }).level).toBe('warn');
  });
});

describe('reasons are explainable', () => {
  it('carry signal, human evidence and weight; scores add up', () => {
    const v = assessUrl('https://taobao-vip-refund.top/');
    for (const r of v.reasons) {
      expect(r.signal).toMatch(/^url:[a-z-]+$/);
      expect(describeSignal(r).length).toBeGreaterThan(3);
      expect(typeof r.weight).toBe('number');
    }
    const sum = v.reasons.reduce((a, r) => a + (r.weight ?? 0), 0);
    expect(v.score).toBeCloseTo(Math.min(1, sum), 2);
    expect(signals('https://taobao-vip-refund.top/')).toContain('url:risky-tld');
  });

  it('names the scam type from the words', () => {
    expect(assessUrl('https://taobao-tuikuan.com/').category).toBe('fake-service');
    expect(assessUrl('https://binance-airdrop.top/').category).toBe('investment');
    expect(assessUrl('https://douyin-shuadan.vip/').category).toBe('task-rebate');
    expect(assessUrl('https://paypal-login.top/').category).toBe('phishing');
  });
});

describe('the reason shows which letters differ', () => {
  it('names the look-alike letter, its alphabet and the letter it imitates', () => {
    const v = assessUrl('https://xn--lipay-3ve.com/');
    const brand = v.reasons.find((r) => r.signal === 'url:brand-name');
    expect(brand).toMatchObject({ swaps: [{ written: 'а', plain: 'a', script: 'cyrillic', codePoint: 'U+0430' }], domain: 'alipay.com' });
    expect(brand && describeSignal(brand)).toContain('"а" (Cyrillic, U+0430) in place of "a"');
  });
});
