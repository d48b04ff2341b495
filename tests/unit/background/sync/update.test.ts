import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferPool, lookup, type ListTable } from '../../../../src/core/lists';
import { LIST_SYNC_INTERVAL_MIN } from '../../../../src/background/sync';
import { sha256Hex } from '../../../../src/core/lists/hash';
import { DAY, MIN, keysetOf, makeKey } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID, T0 } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

describe('runUpdate — happy paths', () => {
  it('first sync downloads the snapshot, commits it in one go and hands the table to onCommitted', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    const out = expectUpdated(await h.run(), 1);
    expect(out.via).toBe('snapshot');
    expect(out.fromVersion).toBeNull();
    expect(h.committed).toEqual([{ version: 1, issuedAt: T0 }]);
    expect(lookup(out.table, 'https://scam-5.example/pay')).not.toBeNull();
    const list = await h.db!.lists.get(LIST_ID);
    expect(list).toMatchObject({ version: 1, entries: 300, issuedAt: T0, source: 'synced' });
    const state = await h.syncState();
    expect(state).toMatchObject({ failures: 0, lastError: null, leaseUntil: null, lastSuccessAt: T0 });
    expect(JSON.parse(state!.trustedManifest!)).toMatchObject({ listId: LIST_ID, version: 1 });
    expect(state!.etag).toMatch(/^"/);
    // normal interval: 30 min × (1 + 0.1 × rand)
    expect(state!.nextCheckAt).toBe(T0 + Math.round(LIST_SYNC_INTERVAL_MIN * MIN * 1.05));
    expect(h.progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['manifest', 'download', 'apply', 'commit', 'done']));
  });

  it('next version arrives as a delta applied to the live table', async () => {
    h = await Harness.create();
    await h.install(1);
    h.advance(DAY);
    await h.publishAndServe(2, { now: h.clock });
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('deltas');
    expect(out.deltaFallback).toBeUndefined();
    expect(h.feed.requests('snapshots/scamsentinel-main-2.snap')).toHaveLength(0);
    expect(out.table.sha256).toBe(h.publisher.tables.get(2)!.sha256);
    expect(out.bytes).toBeLessThan(h.publisher.snapshots.get(2)!.length);
    // the committed blob is the snapshot of v2, byte for byte what the publisher would have produced
    const blob = await h.db!.listBlobs.get(LIST_ID);
    expect(Buffer.compare(new Uint8Array(blob!.bytes), h.publisher.snapshots.get(2)!)).toBe(0);
    expect(lookup(out.table, 'https://scam-0.example/')).toBeNull(); // churned out
    expect(lookup(out.table, 'https://scam-309.example/')).not.toBeNull(); // churned in
  });

  it('a chain of deltas (v1 → v4) is applied in order; after a restart the stored blob is the delta base', async () => {
    h = await Harness.create();
    await h.install(1);
    await h.publisher.publish(2, { now: h.clock });
    await h.publisher.publish(3, { now: h.clock });
    await h.publishAndServe(4, { now: h.clock });
    await h.restart();
    h.store = new (await import('../../../../src/background/list-store')).ListStore(); // nothing live: base from DB
    h.deps = h.makeDeps();
    const out = expectUpdated(await h.run(), 4);
    expect(out.via).toBe('deltas');
    expect(h.feed.log.filter((r) => r.path.startsWith('deltas/')).map((r) => r.path)).toEqual([
      'deltas/scamsentinel-main-1-2.delta',
      'deltas/scamsentinel-main-2-3.delta',
      'deltas/scamsentinel-main-3-4.delta',
    ]);
  });

  it('a chain of three deltas recycles its intermediate tables (v2, v3), never the live base, and ends on the publisher state', async () => {
    h = await Harness.create();
    await h.install(1);
    for (let v = 2; v < 4; v++) await h.publisher.publish(v, { now: h.clock });
    await h.publishAndServe(4, { now: h.clock });
    const live = h.store.all()[0]!.table;
    const recycle = vi.spyOn(BufferPool.prototype, 'recycle');
    try {
      const out = expectUpdated(await h.run(), 4);
      expect(out.deltaFallback).toBeUndefined();
      expect(out.via).toBe('deltas');
      const recycled = recycle.mock.calls.map(([t]) => (t as ListTable).version);
      expect(recycled).toEqual([2, 3]);
      expect(recycle.mock.calls.some(([t]) => t === live)).toBe(false);
      expect(recycle.mock.results.every((r) => r.type === 'return' && (r.value as number) > 0)).toBe(true);
      expect(out.table.sha256).toBe(h.publisher.tables.get(4)!.sha256);
      expect(lookup(live, 'https://scam-5.example/pay')).not.toBeNull(); // the live v1 table is still usable
      const blob = await h.db!.listBlobs.get(LIST_ID);
      expect(Buffer.compare(new Uint8Array(blob!.bytes), h.publisher.snapshots.get(4)!)).toBe(0);
    } finally {
      recycle.mockRestore();
    }
  });

  it('sends If-None-Match with the stored ETag; 304 is a success that writes no list data', async () => {
    h = await Harness.create();
    await h.install(1);
    const etag = (await h.syncState())!.etag!;
    const before = await h.lastGood();
    const writes = h.countListWrites();
    h.advance(40 * MIN);
    const out = await h.run();
    expect(out).toMatchObject({ kind: 'unchanged', reason: 'not-modified', version: 1 });
    expect(h.feed.requests('manifest.json').at(-1)!.headers['if-none-match']).toBe(etag);
    expect(writes()).toBe(0);
    expect(await h.lastGood()).toEqual(before);
    expect(h.committed).toHaveLength(1);
  });

  it('a per-user ETag from the server is never sent back: If-None-Match is the content tag everyone holding that manifest sends (issue 15, class 10)', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    const manifest = h.feed.files.get('manifest.json')!;
    // A tracking server: a unique ETag for this user, and "304" only when that tag comes back.
    const tag = '"user-7f3a9c-tracking-tag"';
    h.feed.route('manifest.json', (_s, headers) =>
      headers['if-none-match'] === tag
        ? new Response(null, { status: 304, headers: { etag: tag } })
        : new Response(new Uint8Array(manifest), { status: 200, headers: { etag: tag, 'content-type': 'application/json' } }),
    );
    expectUpdated(await h.run(), 1);
    const stored = (await h.syncState())!.etag;
    expect(stored).toBe(`"${(await sha256Hex(manifest)).slice(0, 32)}"`);
    h.advance(40 * MIN);
    await h.run();
    const sent = h.feed.requests('manifest.json').map((r) => r.headers['if-none-match']);
    expect(sent).not.toContain(tag);
    expect(sent.at(-1)).toBe(stored);
  });

  it('equal version: no list writes, trusted manifest untouched, onCommitted not called', async () => {
    h = await Harness.create();
    await h.install(1);
    await h.db!.syncState.update(LIST_ID, { etag: null }); // force a full manifest fetch
    const before = await h.lastGood();
    const writes = h.countListWrites();
    h.advance(40 * MIN);
    const out = await h.run();
    expect(out).toMatchObject({ kind: 'unchanged', reason: 'same-version', version: 1 });
    expect(writes()).toBe(0);
    expect(await h.lastGood()).toEqual(before);
    expect(h.committed).toHaveLength(1);
    expect(h.feed.log.filter((r) => r.path !== 'manifest.json')).toHaveLength(1); // only the first install's snapshot
    const s = await h.syncState();
    expect(s).toMatchObject({ failures: 0, lastSuccessAt: h.clock, leaseUntil: null });
  });

  it("honours the manifest's minWaitSeconds, even for 'update now'", async () => {
    h = await Harness.create();
    await h.publishAndServe(1, { now: h.clock, minWaitSeconds: 3 * 3600 });
    expectUpdated(await h.run(), 1);
    expect((await h.syncState())!.nextCheckAt).toBe(T0 + 3 * 3600_000); // > 30 min interval
    h.advance(MIN);
    await h.publishAndServe(2, { now: h.clock });
    const early = await h.run();
    expect(early).toMatchObject({ kind: 'skipped', reason: 'min-wait', nextCheckAt: T0 + 3 * 3600_000 });
    expect(h.feed.requests('manifest.json')).toHaveLength(1);
    h.advance(3 * 3600_000);
    expectUpdated(await h.run(), 2);
  });

  it('follows a keyset rotation and persists the followed keyset with the commit', async () => {
    const a = await makeKey();
    const b = await makeKey();
    h = await Harness.create({ keys: [a] });
    await h.install(1);
    const v2 = keysetOf([b], 1, 2);
    await h.publisher.rotate(v2, [a]);
    h.publisher.signers = [b];
    await h.publishAndServe(2, { now: h.clock });
    expectUpdated(await h.run(), 2);
    expect(JSON.parse((await h.syncState())!.trustedKeyset!)).toEqual(v2);
    // the next manifest carries no chain: it verifies under the persisted keyset, also after a restart
    h.publisher.keysetChain = [];
    await h.publishAndServe(3, { now: h.clock });
    await h.restart();
    expectUpdated(await h.run(), 3);
  });

  it('a misconfigured subscription keyset is an error in words, never a throw', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    h.sub = { ...h.sub, keyset: '{"not":"a keyset"}' };
    const out = expectFailed(await h.run(), 'BAD_SUBSCRIPTION');
    expect(out.error.message).toContain('misconfigured');
    expect(h.feed.log).toHaveLength(0);
  });
});
