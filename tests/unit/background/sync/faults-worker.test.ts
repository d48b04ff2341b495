/**
 * Fault suite, worker side: the service worker killed in the middle of an update (no stuck lease, the next run
 * succeeds, a zombie run cannot commit over a newer one), a commit torn mid-transaction, IndexedDB unavailable.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '../../../../src/background/db';
import { ListStore } from '../../../../src/background/list-store';
import { alarmNameFor, runUpdate, SYNC_LEASE_MS, type UpdateOutcome } from '../../../../src/background/sync';
import { DAY, MIN, hang, type Route } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID } from './helpers/harness';

let h: Harness;
afterEach(() => {
  vi.restoreAllMocks();
  h?.close();
});

const SNAP2 = 'snapshots/scamsentinel-main-2.snap';
const DELTA12 = 'deltas/scamsentinel-main-1-2.delta';

async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition never met');
}

/** Starts an update that stalls at `path` (the worker is "killed" there: the promise is abandoned). */
async function stallAt(path: string): Promise<{ zombie: Promise<UpdateOutcome>; resume: (r: Route) => void }> {
  let resume!: (r: Route) => void;
  const gate = new Promise<Route>((r) => (resume = r));
  h.feed.route(path, hang({ ignoreAbort: true, release: gate }));
  const zombie = h.run();
  await until(async () => h.feed.requests(path).length > 0 && (await h.syncState())?.leaseUntil != null);
  return { zombie, resume };
}

describe('fault suite — worker killed mid-update', () => {
  for (const [stage, path, keepDeltas] of [
    ['manifest', 'manifest.json', 3],
    ['snapshot download', SNAP2, 0],
    ['delta download', DELTA12, 3],
  ] as const) {
    it(`killed during the ${stage}: restart releases the lease, the next alarm succeeds, the zombie cannot commit`, async () => {
      h = await Harness.create();
      await h.install(1);
      h.advance(DAY);
      await h.publishAndServe(2, { now: h.clock, keepDeltas });
      const before = await h.lastGood();
      const { zombie, resume } = await stallAt(path);
      expect(await h.lastGood()).toEqual(before); // nothing half-written while it hangs

      // the worker dies; a new one starts over the same database
      h.feed.clearFaults();
      await h.restart();
      const scheduler = h.scheduler();
      const report = await scheduler.scheduleAll();
      expect(report.released).toEqual([LIST_ID]);
      expect((await h.syncState())!.leaseUntil).toBeNull();
      const when = h.alarms.alarms.get(alarmNameFor(LIST_ID))!;
      expect(when - h.clock).toBeGreaterThanOrEqual(0);
      expect(when - h.clock).toBeLessThan(60_000);
      h.clock = when;
      expectUpdated((await scheduler.onAlarm(alarmNameFor(LIST_ID)))!, 2);

      // the old run wakes up (its response finally arrives) — it must not overwrite anything
      const committedBefore = await h.lastGood();
      const stateBefore = await h.syncState();
      resume((signal, headers) => h.feed.fetch(`https://lists.test/main/${path}`, { signal, headers }));
      expectFailed(await zombie, 'LEASE_LOST');
      expect(await h.lastGood()).toEqual(committedBefore);
      expect(await h.syncState()).toEqual(stateBefore); // not even bookkeeping
      expect(stateBefore!.leaseUntil).toBeNull();
    });
  }

  it('without a restart signal, a dead run’s lease blocks only until it expires', async () => {
    h = await Harness.create();
    await h.install(1);
    h.advance(DAY);
    await h.publishAndServe(2, { now: h.clock, keepDeltas: 0 });
    await stallAt(SNAP2); // abandoned for good
    h.feed.clearFaults();
    h.advance(MIN);
    const other = runUpdate(h.sub, h.makeDeps()); // e.g. a second engine instance
    expect(await other).toMatchObject({ kind: 'skipped', reason: 'busy' });
    h.advance(SYNC_LEASE_MS);
    expectUpdated(await runUpdate(h.sub, h.makeDeps()), 2);
  });

  it('a commit torn mid-transaction (write fails after the list row) leaves nothing half-applied', async () => {
    h = await Harness.create();
    await h.install(1);
    h.advance(DAY);
    await h.publishAndServe(2, { now: h.clock });
    const before = await h.lastGood();
    const kill = (): never => {
      throw new Error('worker terminated during commit');
    };
    h.db!.listBlobs.hook('updating', kill);
    h.db!.listBlobs.hook('creating', kill);
    const out = expectFailed(await h.run(), 'STORAGE');
    expect(out.error.message).toContain('worker terminated');
    expect(await h.lastGood()).toEqual(before);
    expect(h.committed).toHaveLength(1);
    expect((await h.syncState())!.leaseUntil).toBeNull();
    h.db!.listBlobs.hook('updating').unsubscribe(kill);
    h.db!.listBlobs.hook('creating').unsubscribe(kill);
    expectUpdated(await h.run(), 2);
  });

  it('onCommitted failing (e.g. DNR reinstall) does not undo the commit and is reported', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    h.deps = h.makeDeps({
      onCommitted: () => {
        throw new Error('rule limit exceeded');
      },
    });
    const out = expectUpdated(await h.run(), 1);
    expect(out.postCommitError).toContain('rule limit');
    expect((await h.db!.lists.get(LIST_ID))!.version).toBe(1);
  });
});

describe('fault suite — IndexedDB unavailable', () => {
  it('db = null: the in-memory bundled list keeps working; sync reports an error and never throws', async () => {
    h = await Harness.create({ db: null });
    await h.publishAndServe(1);
    const bundled = await h.publisher.table(1);
    h.store.replace({ table: bundled, issuedAt: h.clock - 3 * DAY, source: 'bundled' });
    const out = expectFailed(await h.run(), 'STORAGE_UNAVAILABLE');
    expect(out.error.message).toMatch(/storage is unavailable/i);
    expect(h.feed.log).toHaveLength(0); // no network without a place to commit
    expect(h.store.all()[0]!.source).toBe('bundled');
    expect(h.store.all()[0]!.table).toBe(bundled);

    const scheduler = h.scheduler();
    const report = await scheduler.scheduleAll();
    expect(report.problems[0]).toMatch(/storage/i);
    const stages: string[] = [];
    const now = await scheduler.updateNow(LIST_ID, (p) => stages.push(p.stage));
    expect(now).toMatchObject({ kind: 'failed', error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(stages).toEqual(['error']);
    expect(scheduler.lastOutcome(LIST_ID)).toMatchObject({ kind: 'failed' });
    expect(await scheduler.onAlarm(alarmNameFor(LIST_ID))).toMatchObject({ kind: 'failed' });
  });

  it('a database that cannot be opened: every entry point reports STORAGE_UNAVAILABLE, none throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const db = openDb(`test-sync-broken-${process.pid}`);
    h = await Harness.create({ db: null });
    await h.publishAndServe(1);
    const deps = { ...h.makeDeps(), db };
    const out = await runUpdate(h.sub, deps);
    expect(out).toMatchObject({ kind: 'failed', error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(h.feed.log).toHaveLength(0);
    const scheduler = h.scheduler({ db });
    expect((await scheduler.scheduleAll()).problems).toHaveLength(1);
    expect(await scheduler.updateNow(LIST_ID)).toMatchObject({ kind: 'failed', error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(await scheduler.onAlarm(alarmNameFor(LIST_ID))).toMatchObject({ kind: 'failed' });
    expect(new ListStore().size).toBe(0);
  });
});
