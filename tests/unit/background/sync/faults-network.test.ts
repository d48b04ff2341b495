/**
 * Fault suite, network side: server errors, timeouts, captive portals, empty answers, days offline (backoff
 * schedule on a fake clock). Last good stays byte-identical; the next good update succeeds and resets backoff.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readSyncStatus } from '../../../../src/background/sync';
import { DAY, MIN, hang, respond, type Route } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID, T0, type LastGood } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

async function installV1AndServeV2(): Promise<void> {
  h = await Harness.create();
  await h.install(1);
  h.advance(DAY);
  await h.publishAndServe(2, { now: h.clock });
}

async function expectContained(route: Route, code: string, path = 'manifest.json'): Promise<string> {
  h.feed.route(path, route);
  const before: LastGood = await h.lastGood();
  const out = expectFailed(await h.run(), code);
  expect(await h.lastGood()).toEqual(before);
  const state = await h.syncState();
  expect(state).toMatchObject({ failures: 1, leaseUntil: null, lastError: { code, message: out.error.message, at: h.clock } });
  // backoff after 1 failure: 15 min × (1 + 0.5)
  expect(out.nextCheckAt).toBe(h.clock + 22.5 * MIN);
  h.feed.clearFaults();
  h.advance(23 * MIN);
  expectUpdated(await h.run(), 2);
  expect(await h.syncState()).toMatchObject({ failures: 0, lastError: null });
  return out.error.message;
}

describe('fault suite — network', () => {
  it('500 → HTTP_ERROR in words', async () => {
    await installV1AndServeV2();
    const msg = await expectContained(respond(500, 'Internal Server Error'), 'HTTP_ERROR');
    expect(msg).toContain('HTTP 500');
  });

  it('503 → HTTP_ERROR', async () => {
    await installV1AndServeV2();
    expect(await expectContained(respond(503, 'unavailable', { 'retry-after': '120' }), 'HTTP_ERROR')).toContain('503');
  });

  it('404 → HTTP_ERROR', async () => {
    await installV1AndServeV2();
    await expectContained(respond(404), 'HTTP_ERROR');
  });

  it('timeout: a server that never answers is aborted → TIMEOUT', async () => {
    await installV1AndServeV2();
    h.deps = h.makeDeps({ fetchTimeoutMs: 50 });
    await expectContained(hang(), 'TIMEOUT');
  });

  it('timeout also when the fetch implementation ignores the abort signal', async () => {
    await installV1AndServeV2();
    h.deps = h.makeDeps({ fetchTimeoutMs: 50 });
    await expectContained(hang({ ignoreAbort: true }), 'TIMEOUT');
  });

  it('timeout while the body trickles (headers came, body never ends)', async () => {
    await installV1AndServeV2();
    h.deps = h.makeDeps({ fetchTimeoutMs: 80 });
    const trickle: Route = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"format":'));
          },
          pull: () => new Promise<void>(() => undefined), // never more
        }),
        { status: 200 },
      );
    await expectContained(trickle, 'TIMEOUT');
  });

  it('HTML captive-portal page with 200 → NOT_A_MANIFEST', async () => {
    await installV1AndServeV2();
    const portal = '<!doctype html><html><body><form action="/login">Hotel Wi-Fi: accept terms</form></body></html>';
    const msg = await expectContained(respond(200, portal, { 'content-type': 'text/html; charset=utf-8' }), 'NOT_A_MANIFEST');
    expect(msg).toMatch(/web page|login/i);
  });

  it('HTML page served as application/json → NOT_A_MANIFEST', async () => {
    await installV1AndServeV2();
    await expectContained(respond(200, '\n  <html>portal</html>', { 'content-type': 'application/json' }), 'NOT_A_MANIFEST');
  });

  it('empty body → EMPTY_RESPONSE', async () => {
    await installV1AndServeV2();
    await expectContained(respond(200, ''), 'EMPTY_RESPONSE');
  });

  it('JSON that is not an envelope → BAD_ENVELOPE', async () => {
    await installV1AndServeV2();
    await expectContained(respond(200, '{"hello":"world"}', { 'content-type': 'application/json' }), 'BAD_ENVELOPE');
  });

  it('304 without a conditional request is not trusted → HTTP_ERROR', async () => {
    await installV1AndServeV2();
    await h.db!.syncState.update(LIST_ID, { etag: null });
    await expectContained(respond(304), 'HTTP_ERROR');
  });

  it('DNS failure / offline → NETWORK', async () => {
    await installV1AndServeV2();
    const offline: Route = () => Promise.reject(new TypeError('fetch failed'));
    await expectContained(offline, 'NETWORK');
  });
});

describe('offline for days', () => {
  it('backs off as Safe Browsing (15 min × 2^(N−1) × (1 + rand), capped at 24 h), keeps the list, then recovers', async () => {
    h = await Harness.create();
    await h.install(1);
    const before = await h.lastGood();
    h.feed.offline = true;
    const delaysMin: number[] = [];
    let next = (await h.syncState())!.nextCheckAt;
    while (next < T0 + 6 * DAY) {
      h.clock = next;
      const out = expectFailed(await h.run(), 'NETWORK');
      expect(out.failures).toBe(delaysMin.length + 1);
      expect((await h.syncState())!.failures).toBe(out.failures); // persisted counter
      delaysMin.push((out.nextCheckAt - h.clock) / MIN);
      next = out.nextCheckAt;
      if (delaysMin.length === 4) await h.restart(); // a worker restart does not reset the counter
    }
    // rand = 0.5 → ×1.5
    expect(delaysMin.slice(0, 8)).toEqual([22.5, 45, 90, 180, 360, 720, 1440, 1440]);
    expect(Math.max(...delaysMin)).toBe(24 * 60);
    expect(await h.lastGood()).toEqual(before);
    expect(h.store.all()[0]!.table.version).toBe(1);

    // the options page can say "protection data is N days old" and why
    const [status] = await readSyncStatus(h.db!, h.clock);
    expect(status).toMatchObject({ listId: LIST_ID, version: 1, failures: delaysMin.length, lastError: { code: 'NETWORK' } });
    expect(status!.ageDays).toBe(Math.floor((h.clock - T0) / DAY));
    expect(status!.ageDays).toBeGreaterThanOrEqual(5);
    expect(status!.lastError!.message).toMatch(/reach the list server/);

    // back online: a new version arrives and the counter resets
    h.feed.offline = false;
    h.clock = next;
    await h.publishAndServe(2, { now: h.clock });
    const ok = expectUpdated(await h.run(), 2);
    expect(ok.nextCheckAt).toBe(h.clock + 31.5 * MIN); // normal interval again
    expect(await h.syncState()).toMatchObject({ failures: 0, lastError: null });
    const [after] = await readSyncStatus(h.db!, h.clock);
    expect(after).toMatchObject({ version: 2, ageDays: 0, expired: false });
  });

  it('an expired trusted manifest is shown as expired while the list keeps protecting', async () => {
    h = await Harness.create();
    await h.publishAndServe(1, { now: h.clock, expiresInMs: 2 * DAY });
    expectUpdated(await h.run(), 1);
    h.feed.offline = true;
    h.advance(3 * DAY);
    expectFailed(await h.run(), 'NETWORK');
    const [status] = await readSyncStatus(h.db!, h.clock);
    expect(status).toMatchObject({ version: 1, ageDays: 3, expired: true });
    expect(h.store.all()[0]!.table.version).toBe(1);
    // no If-None-Match for an expired manifest: a 304 must not make a stale feed look fresh
    h.feed.offline = false;
    expectFailed(await h.run(), 'EXPIRED');
    expect(h.feed.requests('manifest.json').at(-1)!.headers['if-none-match']).toBeUndefined();
  });
});
