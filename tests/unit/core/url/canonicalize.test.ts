import { describe, expect, it } from 'vitest';
import vectors from '../../../fixtures/sb-canonicalization.json';
import { canonicalExpression, canonicalize, canonicalUrlString } from '../../../../src/core/url/index.ts';

describe('Safe Browsing published canonicalization vectors', () => {
  it('has the whole published list', () => {
    expect(vectors.vectors).toHaveLength(33);
  });
  it.each(vectors.vectors.map((v) => [v.input, v.expected]))('%j → %s', (input, expected) => {
    expect(canonicalUrlString(input)).toBe(expected);
  });
});

describe('canonicalize: beyond the published vectors', () => {
  it.each([
    ['http://abc:def@host.com/xyz', 'http://host.com/xyz'],
    ['http://host%3e.com/abc/%2e%2e%2fdef', 'http://host>.com/def'],
    ['http://.......host...com.....//abc/////def%2F%2F%2Fxyz', 'http://host.com/abc/def/xyz'],
    ['http://host.com/abc?val=xyz#anything', 'http://host.com/abc?val=xyz'],
    ['HTTPS://Example.COM/A/B', 'https://example.com/A/B'],
    ['http://example.com/a/./b/../c/', 'http://example.com/a/c/'],
    ['http://example.com/a/b/.', 'http://example.com/a/b/'],
    ['http://example.com/../../x', 'http://example.com/x'],
    ['http://example.com?q=1', 'http://example.com/?q=1'],
    ['//example.com/x', 'http://example.com/x'],
    ['http:\\\\example.com\\a\\b?c\\d', 'http://example.com/a/b?c\\d'],
    ['example.com:8080/path', 'http://example.com/path'],
    ['http://例子.com/路径', 'http://xn--fsqu00a.com/%E8%B7%AF%E5%BE%84'],
    ['http://%E4%BE%8B%E5%AD%90.COM/', 'http://xn--fsqu00a.com/'],
    ['http://MÜNCHEN.de/', 'http://xn--mnchen-3ya.de/'],
    ['http://a b.com/c d?e f', 'http://a%20b.com/c%20d?e%20f'],
  ])('%j → %s', (input, expected) => {
    expect(canonicalUrlString(input)).toBe(expected);
  });

  it.each([
    ['http://0x7f.1/', 'http://127.0.0.1/'],
    ['http://0300.0250.0.1/', 'http://192.168.0.1/'],
    ['http://0xc3.0x7f.0x0.0xb/', 'http://195.127.0.11/'],
    ['http://195.127.11/', 'http://195.127.0.11/'],
    ['http://127.1/', 'http://127.0.0.1/'],
    ['http://1.2.3.4./', 'http://1.2.3.4/'],
    ['http://256.256.256.256/', 'http://256.256.256.256/'],
    ['http://1234x.com/', 'http://1234x.com/'],
    ['http://08.1.2.3/', 'http://08.1.2.3/'],
    ['http://4294967296/', 'http://4294967296/'],
    ['http://[2001:DB8:0:0:0:0:0:1]:443/', 'http://[2001:db8::1]/'],
    ['http://[::ffff:192.168.0.1]/', 'http://[::ffff:c0a8:1]/'],
    ['http://[1:0:0:2:0:0:0:3]/', 'http://[1:0:0:2::3]/'],
  ])('IP literal %j → %s', (input, expected) => {
    expect(canonicalUrlString(input)).toBe(expected);
  });

  it('checks the host the browser will visit, not one hidden in escaped userinfo', () => {
    expect(canonicalize('http://bank.example%2F@scam.example/login')?.host).toBe('scam.example');
    expect(canonicalize('http://bank.example@scam.example/')?.host).toBe('scam.example');
  });

  it('escapes "/" inside a host so an expression always splits at its first "/"', () => {
    expect(canonicalize('http://evil.com%2Fx/')?.host).toBe('evil.com%2Fx');
  });

  it('marks IP hosts', () => {
    expect(canonicalize('http://3279880203/')?.isIp).toBe(true);
    expect(canonicalize('http://[::1]/')?.isIp).toBe(true);
    expect(canonicalize('http://example.com/')?.isIp).toBe(false);
  });

  it.each(['javascript:alert(1)', 'mailto:a@b.c', 'ftp://host/x', 'data:text/html,hi', 'chrome-extension://abc/x.html', 'about:blank', '', '   ', 'http://', 'http://.../x', 'http://:80/'])(
    'rejects %j',
    (input) => {
      expect(canonicalize(input)).toBeNull();
    },
  );

  it('splits into fields', () => {
    expect(canonicalize('https://Sub.Example.com:8443/a/../b?x=1#f')).toEqual({
      scheme: 'https',
      host: 'sub.example.com',
      path: '/b',
      query: 'x=1',
      expr: 'sub.example.com/b?x=1',
      isIp: false,
    });
  });
});

describe('canonicalExpression', () => {
  it.each([
    ['Example.COM', 'example.com/'],
    ['http://sites.google.com/view/x', 'sites.google.com/view/x'],
    ['https://sites.google.com/view/scam-shop/', 'sites.google.com/view/scam-shop/'],
    ['1.2.3.4', '1.2.3.4/'],
    ['wallet:trx:TXYZ', null],
  ])('%j → %j', (input, expected) => {
    expect(canonicalExpression(input)).toBe(expected);
  });
});
