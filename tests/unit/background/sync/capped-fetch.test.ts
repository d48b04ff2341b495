import { describe, expect, it } from 'vitest';
import { fetchCapped, type FetchLike } from '../../../../src/background/sync';
import { endless, hang, respond, type EndlessStats, type Route } from './helpers/feed';

const URL_ = 'https://lists.test/x';

function via(route: Route, seen: RequestInit[] = []): FetchLike {
  return async (_url, init) => {
    seen.push(init);
    return route(init.signal ?? null, {});
  };
}

describe('fetchCapped', () => {
  it('returns the body, ETag and content type; requests with no cookies, no cache, no referrer', async () => {
    const seen: RequestInit[] = [];
    const r = await fetchCapped(URL_, {
      fetch: via(respond(200, 'hello', { etag: '"e1"', 'content-type': 'application/json' }), seen),
      maxBytes: 100,
      timeoutMs: 1000,
      headers: { 'If-None-Match': '"e0"' },
    });
    expect(r).toMatchObject({ ok: true, value: { kind: 'body', etag: '"e1"', contentType: 'application/json' } });
    if (r.ok && r.value.kind === 'body') expect(new TextDecoder().decode(r.value.bytes)).toBe('hello');
    expect(seen[0]).toMatchObject({ cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(seen[0]!.headers).toEqual({ 'If-None-Match': '"e0"' });
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('304 → not-modified', async () => {
    const r = await fetchCapped(URL_, { fetch: via(respond(304)), maxBytes: 10, timeoutMs: 1000 });
    expect(r).toEqual({ ok: true, value: { kind: 'not-modified' } });
  });

  it.each([
    [{ contentLength: 5 }, 'lying Content-Length'],
    [{}, 'no Content-Length'],
  ])('endless body with %o (%s) stops at the cap and cancels the stream', async (opts, _label) => {
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    const r = await fetchCapped(URL_, { fetch: via(endless(stats, { ...opts, chunk: 1000 })), maxBytes: 10_000, timeoutMs: 5000 });
    expect(r).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(13_000);
  });

  it('with expectLength, one byte more is BAD_LENGTH; fewer bytes are returned as they are', async () => {
    const long = await fetchCapped(URL_, { fetch: via(respond(200, 'abcdef')), maxBytes: 100, expectLength: 5, timeoutMs: 1000 });
    expect(long).toMatchObject({ ok: false, reason: 'BAD_LENGTH' });
    const short = await fetchCapped(URL_, { fetch: via(respond(200, 'abc')), maxBytes: 100, expectLength: 5, timeoutMs: 1000 });
    expect(short.ok && short.value.kind === 'body' && short.value.bytes.length).toBe(3);
  });

  it('a declared Content-Length above the cap is refused before reading', async () => {
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    const r = await fetchCapped(URL_, { fetch: via(endless(stats, { contentLength: 1e9, chunk: 10 })), maxBytes: 1000, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: false, reason: 'TOO_LARGE' });
    expect(stats.pulled).toBeLessThanOrEqual(20);
  });

  it('times out a server that never answers, and one that ignores the abort signal', async () => {
    for (const route of [hang(), hang({ ignoreAbort: true })]) {
      const t0 = Date.now();
      const r = await fetchCapped(URL_, { fetch: via(route), maxBytes: 10, timeoutMs: 40 });
      expect(r).toMatchObject({ ok: false, reason: 'TIMEOUT' });
      expect(Date.now() - t0).toBeLessThan(1000);
    }
  });

  it('a rejected fetch is NETWORK; an HTTP error names the status', async () => {
    const net = await fetchCapped(URL_, { fetch: () => Promise.reject(new TypeError('fetch failed')), maxBytes: 10, timeoutMs: 100 });
    expect(net).toMatchObject({ ok: false, reason: 'NETWORK' });
    const http = await fetchCapped(URL_, { fetch: via(respond(503, 'x')), maxBytes: 10, timeoutMs: 100 });
    expect(http).toMatchObject({ ok: false, reason: 'HTTP_ERROR' });
    expect(!http.ok && http.message).toContain('503');
  });
});
