import { describe, expect, it } from 'vitest';
import { registrableDomain, urlExpressions } from '../../../../src/core/url/index.ts';

describe('urlExpressions (Safe Browsing host-suffix × path-prefix)', () => {
  it('matches the published example http://a.b.c/1/2.html?param=1', () => {
    expect(urlExpressions('http://a.b.c/1/2.html?param=1')).toEqual([
      'a.b.c/1/2.html?param=1',
      'a.b.c/1/2.html',
      'a.b.c/1/',
      'a.b.c/',
      'b.c/1/2.html?param=1',
      'b.c/1/2.html',
      'b.c/1/',
      'b.c/',
    ]);
  });

  it('matches the published example http://a.b.c.d.e.f.g/1.html (5 hosts, never the bare TLD)', () => {
    expect(urlExpressions('http://a.b.c.d.e.f.g/1.html')).toEqual([
      'a.b.c.d.e.f.g/1.html',
      'a.b.c.d.e.f.g/',
      'c.d.e.f.g/1.html',
      'c.d.e.f.g/',
      'd.e.f.g/1.html',
      'd.e.f.g/',
      'e.f.g/1.html',
      'e.f.g/',
      'f.g/1.html',
      'f.g/',
    ]);
  });

  it('matches the published example http://1.2.3.4/1/ (IP: exact host only)', () => {
    expect(urlExpressions('http://1.2.3.4/1/')).toEqual(['1.2.3.4/1/', '1.2.3.4/']);
  });

  it('caps at 6 paths: path+query, path, and the 4 prefixes from the root', () => {
    expect(urlExpressions('http://x.com/1/2/3/4/5.html?q')).toEqual([
      'x.com/1/2/3/4/5.html?q',
      'x.com/1/2/3/4/5.html',
      'x.com/1/2/3/',
      'x.com/1/2/',
      'x.com/1/',
      'x.com/',
    ]);
  });

  it('reaches the listed registrable domain from any depth of subdomain', () => {
    const exprs = urlExpressions('https://a.b.c.d.e.scam.co.uk/x');
    expect(exprs).toContain('scam.co.uk/');
    expect(exprs).not.toContain('uk/');
    expect(exprs.length).toBeLessThanOrEqual(30);
  });

  it('is empty for URLs that are not http(s)', () => {
    expect(urlExpressions('javascript:alert(1)')).toEqual([]);
  });
});

describe('registrableDomain (tldts, private suffixes on)', () => {
  it.each([
    ['www.example.com', 'example.com'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['scam-shop.github.io', 'scam-shop.github.io'],
    ['foo.blogspot.com', 'foo.blogspot.com'],
    ['xn--fsqu00a.xn--fiqs8s', 'xn--fsqu00a.xn--fiqs8s'],
    ['shop.taobao.com', 'taobao.com'],
    ['co.uk', null],
    ['1.2.3.4', null],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});
