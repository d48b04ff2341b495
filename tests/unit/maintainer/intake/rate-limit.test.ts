import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../../../src/maintainer/intake/rate-limit';
import { clientAddress, isExtensionOrigin, isJsonContentType } from '../../../../src/maintainer/intake/http-util';
import type { IncomingMessage } from 'node:http';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, with a correct retry hint', () => {
    const b = new TokenBuckets({ burst: 3, perMinute: 6 });
    expect([0, 0, 0].map((t) => b.take('k', t).ok)).toEqual([true, true, true]);
    expect(b.take('k', 0)).toEqual({ ok: false, retryAfterMs: 10_000 });
    expect(b.take('k', 5_000)).toEqual({ ok: false, retryAfterMs: 5_000 });
    expect(b.take('k', 10_000).ok).toBe(true);
    expect(b.take('other', 10_000).ok).toBe(true);
  });

  it('never holds more than burst tokens, refunds, and forgets refilled buckets', () => {
    const b = new TokenBuckets({ burst: 2, perMinute: 60 });
    b.take('k', 0);
    expect(b.take('k', 3_600_000).ok).toBe(true);
    expect(b.take('k', 3_600_000).ok).toBe(true);
    expect(b.take('k', 3_600_000).ok).toBe(false);
    b.refund('k');
    expect(b.take('k', 3_600_000).ok).toBe(true);
    b.sweep(3_600_000);
    expect(b.size).toBe(1);
    b.sweep(3_600_000 + 2_000);
    expect(b.size).toBe(0);
  });

  it('keeps at most maxKeys buckets, evicting the least recently used', () => {
    const b = new TokenBuckets({ burst: 1, perMinute: 1, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) b.take(`k${i}`, 0);
    expect(b.size).toBe(100);
    expect(b.take('k999', 0).ok).toBe(false); // still remembered
  });
});

describe('http helpers', () => {
  const req = (remote: string, xff?: string): IncomingMessage =>
    ({ socket: { remoteAddress: remote }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

  it.each([
    ['::ffff:127.0.0.1', undefined, 0, '127.0.0.1'],
    ['127.0.0.1', '1.1.1.1', 0, '127.0.0.1'],
    ['127.0.0.1', '6.6.6.6, 1.1.1.1', 1, '1.1.1.1'],
    ['127.0.0.1', '6.6.6.6, 1.1.1.1, 10.0.0.2', 2, '1.1.1.1'],
    ['127.0.0.1', '', 1, '127.0.0.1'],
    ['127.0.0.1', '1.1.1.1', 3, '127.0.0.1'],
  ] as const)('clientAddress(%s, XFF %s, hops %i) = %s', (remote, xff, hops, want) => {
    expect(clientAddress(req(remote, xff), hops)).toBe(want);
  });

  it.each([
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', true],
    ['moz-extension://0b1c2d3e-aaaa-bbbb-cccc-123456789abc', true],
    ['https://chrome-extension.example', false],
    ['chrome-extension://a/b', false],
    ['null', false],
  ] as const)('isExtensionOrigin(%s) = %s', (o, want) => expect(isExtensionOrigin(o)).toBe(want));

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['application/json; charset=iso-8859-1', false],
    ['application/jsonp', false],
    ['text/json', false],
  ] as const)('isJsonContentType(%s) = %s', (ct, want) => expect(isJsonContentType(ct)).toBe(want));
});
