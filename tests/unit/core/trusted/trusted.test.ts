import { describe, expect, it } from 'vitest';
import { parse } from 'tldts';
import {
  TRUSTED_DOMAINS,
  TRUSTED_SUFFIXES,
  SHARED_HOSTING_SUFFIXES,
  URL_SHORTENERS,
  isSharedHosting,
  isTrustedDomain,
  isUrlShortener,
  normalizeHost,
  sharedHostingPlatform,
} from '../../../../src/core/trusted/index.ts';

describe('isTrustedDomain', () => {
  it.each([
    ['taobao.com', true],
    ['www.taobao.com', true],
    ['item.taobao.com', true],
    ['TMALL.COM', true],
    ['https://www.icbc.com.cn:443/icbc/', true],
    ['icbc.com.cn.', true],
    ['12306.cn', true],
    ['kyfw.12306.cn', true],
    ['www.gov.cn', true],
    ['beian.miit.gov.cn', true],
    ['irs.gov', true],
    ['www.gov.uk', true],
    ['www.gov.hk', true],
    ['95516.com', true],
    ['paypal.com', true],
    ['binance.com', true],
    ['feishu.cn', true], // platform apex stays trusted
    // not trusted
    ['taobao.com.evil.cn', false],
    ['taobao-kefu.com', false],
    ['gov.cn.evil.com', false],
    ['xgov.cn', false],
    ['sites.google.com', false], // path hosting: scam pages live there
    ['mp.weixin.qq.com', false],
    ['alice.github.io', false],
    ['github.io', false],
    ['shop.feishu.cn', false],
    ['', false],
    ['com', false],
  ])('%s → %s', (input, expected) => {
    expect(isTrustedDomain(input)).toBe(expected);
  });

  it('accepts an extra allowlist', () => {
    expect(isTrustedDomain('shop.example.org', new Set(['example.org']))).toBe(true);
    expect(isTrustedDomain('x.github.io', new Set(['github.io']))).toBe(false);
  });
});

describe('isSharedHosting / sharedHostingPlatform', () => {
  it.each([
    ['alice.github.io', 'github.io', 'subdomain', false],
    ['github.io', 'github.io', 'subdomain', true],
    ['my-shop.vercel.app', 'vercel.app', 'subdomain', false],
    ['bucket.oss-cn-hangzhou.aliyuncs.com', 'aliyuncs.com', 'subdomain', false],
    ['x-125.cos.ap-guangzhou.myqcloud.com', 'myqcloud.com', 'subdomain', false],
    ['lh3.googleusercontent.com', 'googleusercontent.com', 'subdomain', false],
    ['sites.google.com', 'sites.google.com', 'path', true],
    ['docs.google.com', 'docs.google.com', 'path', true],
    ['t.me', 't.me', 'path', true],
  ] as const)('%s → %s (%s)', (host, platform, kind, isApex) => {
    expect(isSharedHosting(host)).toBe(true);
    expect(sharedHostingPlatform(host)).toEqual({ platform, kind, isApex });
  });

  it.each(['google.com', 'www.taobao.com', 'github.com', 'example.com', 'notgithub.io', ''])('%s is not shared', (h) => {
    expect(isSharedHosting(h)).toBe(false);
  });
});

describe('isUrlShortener', () => {
  it.each(['bit.ly', 't.cn', 'url.cn', 'tinyurl.com', 'tb.cn', 'm.tb.cn', 'https://t.cn/A6xyz'])('%s', (h) => {
    expect(isUrlShortener(h)).toBe(true);
  });
  it.each(['taobao.com', 'bit.ly.evil.com', 'xt.cn', ''])('%s is not a shortener', (h) => {
    expect(isUrlShortener(h)).toBe(false);
  });
});

describe('data hygiene', () => {
  it('has a shippable size and no duplicates', () => {
    expect(TRUSTED_DOMAINS.length).toBeGreaterThanOrEqual(400);
    expect(new Set(TRUSTED_DOMAINS).size).toBe(TRUSTED_DOMAINS.length);
  });

  it('every entry is normalised lower-case ASCII', () => {
    for (const d of [...TRUSTED_DOMAINS, ...TRUSTED_SUFFIXES, ...SHARED_HOSTING_SUFFIXES, ...URL_SHORTENERS]) {
      expect(d, d).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      expect(normalizeHost(d)).toBe(d);
    }
  });

  it('trusted entries are registrable domains (ICANN, tldts defaults), except platform sub-brands', () => {
    const notRegistrable = TRUSTED_DOMAINS.filter((d) => parse(d).domain !== d);
    expect(notRegistrable).toEqual([]);
  });

  it('no trusted domain is a shared-hosting tenant', () => {
    const bad = TRUSTED_DOMAINS.filter((d) => {
      const m = sharedHostingPlatform(d);
      return m !== null && !m.isApex;
    });
    expect(bad).toEqual([]);
  });
});

describe('normalizeHost', () => {
  it.each([
    ['HTTPS://User@Taobao.COM.:443/x?y#z', 'taobao.com'],
    ['*.example.com', 'example.com'],
    ['  jd.com  ', 'jd.com'],
    ['[::1]:80', '[::1]:80'],
  ])('%s → %s', (a, b) => {
    expect(normalizeHost(a)).toBe(b);
  });
});
