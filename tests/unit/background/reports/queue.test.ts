import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type ScamSentinelDb } from '../../../../src/background/db';
import { ReportQueue, reportRetryDelay, REPORT_RETRY_MAX_MS, type ReportQueueDeps } from '../../../../src/background/reports/queue';
import { buildReportPayload, reportUrl } from '../../../../src/background/reports/payload';
import { openSqliteStore, startIntakeServer, type IntakeServer, type SqliteReportStore } from '../../../../src/maintainer/intake';

let n = 0;
let db: ScamSentinelDb;
let server: IntakeServer | null = null;
let store: SqliteReportStore | null = null;
afterEach(async () => {
  db?.close();
  await server?.close();
  server = null;
  await store?.close();
  store = null;
});

function clock(start = Date.UTC(2026, 10, 25)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function queue(fetchImpl: typeof fetch, endpoint: string | null, c = clock()): ReportQueue {
  db = openDb(`reports-${++n}`);
  let uuidN = 0;
  const deps: ReportQueueDeps = {
    db,
    fetch: fetchImpl,
    now: c.now,
    random: () => 0.5,
    uuid: () => `00000000-0000-4000-8000-${String(++uuidN).padStart(12, '0')}`,
    endpoint: async () => endpoint,
    clientVersion: '0.1.0',
    locale: () => 'zh-CN',
  };
  return new ReportQueue(deps);
}

const draft = {
  kind: 'scam' as const,
  url: 'https://user:pw@scam.test/pay?order=123#top',
  category: 'task-rebate' as const,
  comment: '  让我充值才能提现  ',
  paid: true,
  reasons: [{ signal: 'page:phrase' as const, phrase: '充值 提现', count: 1 }],
};

describe('report payload', () => {
  it('strips query, fragment and credentials unless the full address is asked for', () => {
    expect(reportUrl('https://u:p@a.test/x?y=1#z', false)).toBe('https://a.test/x');
    expect(reportUrl('https://a.test/x?y=1#z', true)).toBe('https://a.test/x?y=1');
  });
  it('sends only what was ticked', () => {
    const p = buildReportPayload({ kind: 'scam', url: 'https://a.test/', category: 'other' }, { idempotencyKey: 'k', clientVersion: '1', locale: 'en' });
    expect(p).toEqual({ idempotencyKey: 'k', kind: 'scam', url: 'https://a.test/', category: 'other', clientVersion: '1', locale: 'en' });
  });
});

describe('ReportQueue against the real intake server', () => {
  it('delivers a queued report exactly once; the server stores exactly the previewed payload', async () => {
    store = openSqliteStore(':memory:');
    server = await startIntakeServer({ store });
    const q = queue(fetch, `${server.url}/v1/reports`);
    const preview = q.payloadFor(draft, 'preview-key');
    const row = await q.enqueue(draft);
    expect(JSON.parse(row.payload)).toEqual({ ...JSON.parse(preview), idempotencyKey: row.idempotencyKey });
    expect(JSON.parse(row.payload).url).toBe('https://scam.test/pay');
    await q.flush();
    await q.flush();
    const [sent] = await q.list();
    expect(sent?.status).toBe('sent');
    expect(sent?.serverId).toMatch(/^r_/);
    const stored = await store.get(sent?.serverId ?? '');
    expect(stored).toMatchObject({ url: 'https://scam.test/pay', category: 'task-rebate', comment: '让我充值才能提现', paid: true, locale: 'zh-CN' });
    expect((await store.pendingGroups()).reduce((s, g) => s + g.count, 0)).toBe(1);
  });
});

describe('ReportQueue failures', () => {
  it('keeps a report queued through network errors and 5xx, with growing backoff, then delivers it', async () => {
    const c = clock();
    let mode: 'down' | '503' | 'up' = 'down';
    const posts: string[] = [];
    const fake: typeof fetch = async (_url, init) => {
      if (mode === 'down') throw new TypeError('Failed to fetch');
      if (mode === '503') return new Response('{}', { status: 503 });
      if (init?.method === 'POST') posts.push(String(init.body));
      return new Response(JSON.stringify({ id: 'r_abcdefghijklmnop', status: 'received' }), { status: 202 });
    };
    const q = queue(fake, 'http://reports.test/v1/reports', c);
    await q.enqueue(draft);
    await q.flush();
    let [r] = await q.list();
    expect(r).toMatchObject({ status: 'queued', attempts: 1, lastError: 'network: Failed to fetch' });
    const firstDue = r?.nextAttemptAt ?? 0;
    expect(firstDue - c.now()).toBe(reportRetryDelay(1, 0.5));
    await q.flush(); // not due yet: no attempt
    expect((await q.list())[0]?.attempts).toBe(1);
    c.advance(firstDue - c.now());
    mode = '503';
    await q.flush();
    [r] = await q.list();
    expect(r).toMatchObject({ status: 'queued', attempts: 2, lastError: 'server answered 503' });
    expect((r?.nextAttemptAt ?? 0) - c.now()).toBe(reportRetryDelay(2, 0.5));
    c.advance(REPORT_RETRY_MAX_MS);
    mode = 'up';
    await q.flush();
    await q.flush();
    [r] = await q.list();
    expect(r?.status).toBe('sent');
    expect(posts).toHaveLength(1);
  });

  it('marks a report the server refuses (4xx) as rejected with the reason and stops retrying', async () => {
    let calls = 0;
    const fake: typeof fetch = async () => {
      calls++;
      return new Response(JSON.stringify({ error: { code: 'INVALID', message: 'url: not an http(s) URL' } }), { status: 400 });
    };
    const q = queue(fake, 'http://reports.test/v1/reports');
    await q.enqueue(draft);
    await q.flush();
    await q.flush();
    expect((await q.list())[0]).toMatchObject({ status: 'rejected', serverReason: 'url: not an http(s) URL' });
    expect(calls).toBe(1);
  });

  it('waits without an endpoint and shares one run between concurrent flushes', async () => {
    let calls = 0;
    const fake: typeof fetch = async (_url, init) => {
      if (init?.method === 'POST') calls++;
      await new Promise((r) => setTimeout(r, 20));
      return new Response(JSON.stringify({ id: 'r_abcdefghijklmnop', status: 'received' }), { status: 202 });
    };
    const q0 = queue(fake, null);
    await q0.enqueue(draft);
    await q0.flush();
    expect((await q0.list())[0]).toMatchObject({ status: 'queued', lastError: 'no report endpoint configured' });
    const q = queue(fake, 'http://reports.test/v1/reports');
    await q.enqueue(draft);
    await Promise.all([q.flush(), q.flush(), q.flush()]);
    expect(calls).toBe(1);
  });

  it('backoff is capped', () => {
    expect(reportRetryDelay(1, 0)).toBe(60_000);
    expect(reportRetryDelay(30, 0.99)).toBe(REPORT_RETRY_MAX_MS);
  });
});
