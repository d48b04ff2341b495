import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startIntakeServer, type IntakeServer, type IntakeServerOptions } from '../../../../src/maintainer/intake/server';
import { openSqliteStore, type SqliteReportStore } from '../../../../src/maintainer/intake/sqlite-store';
import { SCREENSHOT_MAX_BYTES } from '../../../../src/maintainer/intake/schema';
import type { ReportStore } from '../../../../src/maintainer/intake/store';
import { describeBackends, type StoreBackend } from './backends';
import { http, pngBytes, postJson, tempDir, validReport } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let sqlite: SqliteReportStore;
/** The store under test: SQLite by default; each backend's in the describeBackends blocks. */
let store: ReportStore;
let backend: StoreBackend | null = null;
let server: IntakeServer;

async function start(opts: Partial<IntakeServerOptions> = {}): Promise<void> {
  server = await startIntakeServer({ store, limits: { client: { burst: 1000, perMinute: 1000 }, ip: { burst: 5000, perMinute: 5000 } }, ...opts });
}

async function rowCount(): Promise<number> {
  if (backend !== null) return backend.countReports();
  return (sqlite.db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
}

/** Run the block once per backend (the server over SQLite, and over PostgreSQL with shared rate-limit buckets). */
function withBackends(title: string, body: () => void): void {
  describeBackends(title, (b) => {
    beforeEach(async () => {
      backend = b;
      store = await b.open();
    });
    afterEach(() => {
      backend = null;
    });
    body();
  });
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } }).error?.code;
}

beforeEach(() => {
  tmp = tempDir();
  sqlite = openSqliteStore(join(tmp.dir, 'reports.sqlite'));
  store = sqlite;
});

afterEach(async () => {
  await server?.close();
  await sqlite.close();
  tmp.cleanup();
});

withBackends('POST /v1/reports', () => {
  it('accepts a valid report (202), stores exactly what was sent, and serves its status', async () => {
    await start();
    const sent = validReport({
      url: 'https://a.shop.example/pay/step2',
      comment: '要求银行转账 — asked for a bank transfer',
      paid: true,
      evidence: { reasons: [{ signal: 'page:phrase', evidence: '仅限银行转账', weight: 0.4 }], screenshot: `data:image/png;base64,${pngBytes(64).toString('base64')}` },
    });
    const res = await postJson(server.url, sent, { 'x-client-key': 'client-one-123' });
    expect(res.status).toBe(202);
    const { id, status } = res.json() as { id: string; status: string };
    expect(status).toBe('received');
    expect(id).toMatch(/^r_[A-Za-z0-9_-]{16}$/);

    const stored = await store.get(id);
    expect(stored).toMatchObject({
      url: sent['url'],
      kind: 'scam',
      category: 'fake-shop',
      comment: sent['comment'],
      paid: true,
      reasons: [{ signal: 'page:phrase', evidence: '仅限银行转账', weight: 0.4 }],
      clientVersion: '0.1.0',
      locale: 'zh-CN',
      expression: 'a.shop.example/pay/step2',
      groupKey: 'shop.example/',
      screenshotBytes: 64,
      status: 'received',
    });
    expect(Buffer.from((await store.screenshot(id)) ?? [])).toEqual(pngBytes(64));

    const st = await http(server.url, 'GET', `/v1/reports/${id}`);
    expect(st.status).toBe(200);
    expect(st.json()).toEqual({ id, status: 'received' });
  });

  it('stores no address, client key or header anywhere', async () => {
    await start();
    const res = await postJson(server.url, validReport(), { 'x-client-key': 'secret-client-key-42', 'user-agent': 'UA-MARKER' });
    expect(res.status).toBe(202);
    const dump = await (backend?.dump() ?? Promise.resolve(''));
    for (const marker of ['127.0.0.1', '::1', 'secret-client-key-42', 'UA-MARKER']) expect(dump).not.toContain(marker);
  });

  it('is idempotent: the same key twice → same id, stored once; a different body with that key → 409', async () => {
    await start();
    const r = validReport();
    const a = await postJson(server.url, r);
    const b = await postJson(server.url, r);
    expect(a.status).toBe(202);
    expect(b.status).toBe(200);
    expect((b.json() as { id: string }).id).toBe((a.json() as { id: string }).id);
    expect(await rowCount()).toBe(1);
    const reordered = Object.fromEntries(Object.entries(r).reverse());
    expect((await postJson(server.url, reordered)).status).toBe(200);
    const upper = await postJson(server.url, { ...r, idempotencyKey: String(r['idempotencyKey']).toUpperCase() });
    expect(upper.status).toBe(200);
    const other = await postJson(server.url, { ...r, comment: 'different' });
    expect(other.status).toBe(409);
    expect(errorCode(other.json())).toBe('IDEMPOTENCY_CONFLICT');
    expect(await rowCount()).toBe(1);
  });

  it('stores a report once when 40 retries race', async () => {
    await start();
    const r = validReport();
    const answers = await Promise.all(Array.from({ length: 40 }, () => postJson(server.url, r)));
    const ids = new Set(answers.map((a) => (a.json() as { id: string }).id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(await rowCount()).toBe(1);
  });

  it('stores SQL-ish and odd strings literally', async () => {
    await start();
    const nasty = [
      "'; DROP TABLE reports; --",
      '" OR 1=1 --',
      "Robert'); DELETE FROM reports WHERE ('1'='1",
      '\\x00 \u0000 nul and 🦊 emoji, 中文, \u202e rtl',
      '%27%20OR%20%271%27=%271',
    ];
    for (const comment of nasty) {
      const res = await postJson(server.url, validReport({ comment, url: `https://shop.example/p?q=${encodeURIComponent(comment)}` }));
      expect(res.status).toBe(202);
      const got = await store.get((res.json() as { id: string }).id);
      expect(got?.comment).toBe(comment);
      expect(got?.url).toBe(`https://shop.example/p?q=${encodeURIComponent(comment)}`);
    }
    expect(await rowCount()).toBe(nasty.length);
  });

  it('answers malformed JSON and bad UTF-8 with 400 BAD_JSON', async () => {
    await start();
    for (const body of ['{bad', '', '{"a":1', 'null x', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])]) {
      const res = await http(server.url, 'POST', '/v1/reports', { body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({ error: { code: 'BAD_JSON', message: expect.any(String) } });
    }
    expect(await rowCount()).toBe(0);
  });

  it('refuses other content types with 415', async () => {
    await start();
    const body = JSON.stringify(validReport());
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined]) {
      const res = await http(server.url, 'POST', '/v1/reports', { body, headers: ct === undefined ? {} : { 'content-type': ct } });
      expect(res.status).toBe(415);
      expect(errorCode(res.json())).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const ok = await http(server.url, 'POST', '/v1/reports', { body, headers: { 'content-type': 'Application/JSON; Charset=UTF-8' } });
    expect(ok.status).toBe(202);
  });

  it('refuses oversize bodies with 413, declared or streamed', async () => {
    await start();
    const big = JSON.stringify(validReport({ comment: 'x'.repeat(2 * 1024 * 1024) }));
    const declared = await http(server.url, 'POST', '/v1/reports', { body: big, headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(errorCode(declared.json())).toBe('TOO_LARGE');
    const streamed = await http(server.url, 'POST', '/v1/reports', { body: big, chunked: true, headers: { 'content-type': 'application/json' } });
    expect(streamed.status).toBe(413);
    expect(await rowCount()).toBe(0);
    // the server is still fine afterwards
    expect((await postJson(server.url, validReport())).status).toBe(202);
  });

  it('accepts a screenshot at the 1 MiB cap and refuses a larger one or a non-PNG', async () => {
    await start();
    const at = `data:image/png;base64,${pngBytes(SCREENSHOT_MAX_BYTES).toString('base64')}`;
    const withShot = validReport({ evidence: { screenshot: at } });
    const ok = await postJson(server.url, withShot);
    expect(ok.status).toBe(202);
    expect((await postJson(server.url, withShot)).status).toBe(200);
    const otherShot = `data:image/png;base64,${pngBytes(SCREENSHOT_MAX_BYTES - 1).toString('base64')}`;
    expect((await postJson(server.url, { ...withShot, evidence: { screenshot: otherShot } })).status).toBe(409);
    expect((await store.get((ok.json() as { id: string }).id))?.screenshotBytes).toBe(SCREENSHOT_MAX_BYTES);
    const over = `data:image/png;base64,${pngBytes(SCREENSHOT_MAX_BYTES + 3).toString('base64')}`;
    expect((await postJson(server.url, validReport({ evidence: { screenshot: over } }))).status).toBe(400);
    const jpeg = `data:image/jpeg;base64,${pngBytes(100).toString('base64')}`;
    expect((await postJson(server.url, validReport({ evidence: { screenshot: jpeg } }))).status).toBe(400);
    const notPng = `data:image/png;base64,${Buffer.from('GIF89a-not-a-png').toString('base64')}`;
    expect((await postJson(server.url, validReport({ evidence: { screenshot: notPng } }))).status).toBe(400);
  });

  const invalid: [string, unknown][] = [
    ['an array body', [validReport()]],
    ['a null body', null],
    ['a string body', 'report'],
    ['kind not in the enum', validReport({ kind: 'spam' })],
    ['a javascript: URL', validReport({ url: 'javascript:alert(1)' })],
    ['a numeric URL', validReport({ url: 12345 })],
    ['an overlong URL', validReport({ url: `https://shop.example/${'a'.repeat(5000)}` })],
    ['an unknown category', validReport({ category: 'lottery' })],
    ['a comment over 2000 chars', validReport({ comment: 'x'.repeat(2001) })],
    ['paid as a string', validReport({ paid: 'yes' })],
    ['21 reasons', validReport({ evidence: { reasons: Array.from({ length: 21 }, () => ({ signal: 's', evidence: 'e' })) } })],
    ['a reason with a bad signal', validReport({ evidence: { reasons: [{ signal: '<b>x</b>', evidence: 'e' }] } })],
    ['a non-uuid idempotency key', validReport({ idempotencyKey: 'not-a-uuid' })],
    ['a missing idempotency key', validReport({ idempotencyKey: undefined })],
    ['a bad client version', validReport({ clientVersion: 'latest' })],
    ['a bad locale', validReport({ locale: '<script>' })],
    ['an unknown top-level field', validReport({ ip: '1.2.3.4' })],
    ['an unknown evidence field', validReport({ evidence: { cookies: 'a=b' } })],
    ['an unknown reason field', validReport({ evidence: { reasons: [{ signal: 's', evidence: 'e', html: '<b>' }] } })],
  ];
  it.each(invalid)('refuses %s with 400 INVALID and stores nothing', async (_name, body) => {
    await start();
    const res = await postJson(server.url, body);
    expect(res.status).toBe(400);
    const json = res.json() as { error: { code: string; message: string; issues?: unknown[] } };
    expect(json.error.code).toBe('INVALID');
    expect(json.error.issues?.length).toBeGreaterThan(0);
    expect(await rowCount()).toBe(0);
  });

  it('refuses a __proto__ key instead of merging it', async () => {
    await start();
    const text = JSON.stringify(validReport()).replace(/^\{/, '{"__proto__":{"polluted":true},');
    const res = await http(server.url, 'POST', '/v1/reports', { body: text, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

withBackends('rate limiting', () => {
  it('holds against a flood from one client key while other clients are still served', async () => {
    await start({ limits: { client: { burst: 5, perMinute: 6 }, ip: { burst: 1000, perMinute: 1000 } } });
    const flood = await Promise.all(Array.from({ length: 30 }, () => postJson(server.url, validReport(), { 'x-client-key': 'flooder-0001' })));
    expect(flood.filter((r) => r.status === 202)).toHaveLength(5);
    const limited = flood.filter((r) => r.status === 429);
    expect(limited).toHaveLength(25);
    expect(Number(limited[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0]?.headers['retry-after'])).toBeLessThanOrEqual(10);
    expect(errorCode(limited[0]?.json())).toBe('RATE_LIMITED');
    expect((await postJson(server.url, validReport(), { 'x-client-key': 'polite-client-2' })).status).toBe(202);
    expect(await rowCount()).toBe(6);
  });

  it('bounds a client rotating keys with the per-address bucket', async () => {
    await start({ limits: { client: { burst: 5, perMinute: 6 }, ip: { burst: 10, perMinute: 6 } } });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(server.url, validReport(), { 'x-client-key': `rotating-key-${i}` })),
    );
    expect(answers.filter((r) => r.status === 202)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(10);
  });

  it('uses the address when there is no client key, and X-Forwarded-For only when proxies are trusted', async () => {
    const now = { t: 1_000_000 };
    await start({ limits: { client: { burst: 2, perMinute: 1 }, ip: { burst: 100, perMinute: 100 } }, now: () => now.t });
    const xff = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip });
    expect((await postJson(server.url, validReport(), xff('9.9.9.1'))).status).toBe(202);
    expect((await postJson(server.url, validReport(), xff('9.9.9.2'))).status).toBe(202);
    expect((await postJson(server.url, validReport(), xff('9.9.9.3'))).status).toBe(429); // XFF ignored: same peer
    now.t += 60_000;
    expect((await postJson(server.url, validReport())).status).toBe(202); // refilled one token
    await server.close();
    await start({ limits: { client: { burst: 2, perMinute: 1 }, ip: { burst: 100, perMinute: 100 } }, trustProxyHops: 1 });
    for (const ip of ['9.9.9.1', '9.9.9.2', '9.9.9.3']) {
      expect((await postJson(server.url, validReport(), xff(`6.6.6.6, ${ip}`))).status).toBe(202);
    }
  });
});

describe('routes and CORS', () => {
  it('answers preflight from extension origins and refuses web origins', async () => {
    await start();
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0b1c2d3e-aaaa-bbbb-cccc-123456789abc']) {
      const pre = await http(server.url, 'OPTIONS', '/v1/reports', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe(origin);
      expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
      expect(String(pre.headers['access-control-allow-headers'])).toContain('content-type');
      const post = await postJson(server.url, validReport(), { origin });
      expect(post.status).toBe(202);
      expect(post.headers['access-control-allow-origin']).toBe(origin);
    }
    for (const origin of ['https://evil.example', 'null', 'chrome-extension://x/../']) {
      expect((await http(server.url, 'OPTIONS', '/v1/reports', { headers: { origin } })).status).toBe(403);
      expect((await postJson(server.url, validReport(), { origin })).status).toBe(403);
    }
    expect(await rowCount()).toBe(2);
  });

  it('honours an explicit origin allow-list', async () => {
    await start({ allowOrigin: (o) => o === 'chrome-extension://ourid' });
    expect((await postJson(server.url, validReport(), { origin: 'chrome-extension://ourid' })).status).toBe(202);
    expect((await postJson(server.url, validReport(), { origin: 'chrome-extension://otherid' })).status).toBe(403);
  });

  it('has typed 404 / 405 answers', async () => {
    await start();
    const cases: [string, string, number, string][] = [
      ['GET', '/v1/reports/r_doesnotexist000000', 404, 'NOT_FOUND'],
      ['GET', `/v1/reports/${encodeURIComponent("' OR 1=1 --")}`, 404, 'NOT_FOUND'],
      ['GET', '/v1/reports/%E0%A4%A', 404, 'NOT_FOUND'],
      ['GET', '/v2/anything', 404, 'NOT_FOUND'],
      ['GET', '/v1/reports', 405, 'METHOD_NOT_ALLOWED'],
      ['DELETE', '/v1/reports/r_doesnotexist000000', 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [method, path, status, code] of cases) {
      const res = await http(server.url, method, path);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(errorCode(res.json())).toBe(code);
    }
    expect((await http(server.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('binds loopback by default', async () => {
    await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('returns 500 INTERNAL (no details) when the store fails', async () => {
    const broken = Object.create(sqlite) as SqliteReportStore;
    broken.insert = () => Promise.reject(new Error('disk on fire'));
    await start({ store: broken });
    const res = await postJson(server.url, validReport({ idempotencyKey: randomUUID() }));
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
});
