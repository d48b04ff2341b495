import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildTable, encodeSnapshot, lookup } from '../../../src/core/lists';
import { DB_NAME, openDb, type ScamSentinelDb } from '../../../src/background/db';
import { ListNotLoadedError, ListStore, TABLE_ROW_SUFFIX, completeLists, loadLists, writeTableRows, type LoadDeps } from '../../../src/background/list-store';
import { Allowlist } from '../../../src/background/allowlist';
import { WAKE_HEAD_BYTES, WAKE_TABLE_ROW_SUFFIX, readWakeRows } from '../../../src/background/wake-read';
import { PARTIAL_HEAD_BYTES } from '../../../src/core/lists';

let n = 0;
const name = () => `test-wake-read-${++n}`;
const ENTRIES = [{ key: 'scam-shop.test/', category: 'fake-shop' as const, severity: 'high' as const }];

async function withStoredList(db: ScamSentinelDb, version: number): Promise<void> {
  const table = await buildTable(ENTRIES, { listId: 'main', version }, { keys: true });
  await db.lists.put({ listId: 'main', version, entries: table.count, issuedAt: 1, source: 'synced', storedAt: 1 });
  await db.listBlobs.put({ listId: 'main', bytes: encodeSnapshot(table).slice().buffer });
}

const noBundled: Omit<LoadDeps, 'db'> = {
  fetchBundledMeta: () => Promise.resolve({ listId: 'main', version: 1, issuedAt: 0 }),
  fetchBundled: () => Promise.reject(new Error('the bundled snapshot must not be fetched when the stored list is newer')),
};

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('readWakeRows: the wake reads its rows without Dexie', () => {
  it('uses the same database name and row suffix as db.ts / list-store.ts', async () => {
    const { WAKE_DB_NAME } = await import('../../../src/background/wake-prefetch');
    expect(WAKE_DB_NAME).toBe(DB_NAME);
    expect(WAKE_TABLE_ROW_SUFFIX).toBe(TABLE_ROW_SUFFIX);
    expect(WAKE_HEAD_BYTES).toBe(PARTIAL_HEAD_BYTES);
  });

  it('reads the stored lists, their key-less rows and the allowlist in one go; a wake loads from them alone', async () => {
    const dbName = name();
    const db = openDb(dbName);
    await withStoredList(db, 2);
    await db.trustedSites.put({ host: 'trusted.test', addedAt: 5 });
    await db.tabAllows.put({ tabId: 7, host: 'allowed.test', addedAt: 6 });
    const first = new ListStore();
    await loadLists(first, { db, ...noBundled });
    expect(await writeTableRows(first, db)).toEqual(['main']);
    db.close();

    // onIssued: once, after the requests went out (the rows are read while the worker evaluates its second script).
    // (When it runs relative to the read's end depends on the read's size: in Chromium an 8 MB row is still being
    // read; fake-indexeddb completes first. Once is what is checked here; the overlap is measured by sw-cold-start.)
    let issued = 0;
    const rows = await readWakeRows(dbName, indexedDB, () => issued++);
    await new Promise((r) => setTimeout(r, 5));
    expect(issued).toBe(1);
    expect(rows?.lists.map((l) => [l.listId, l.version])).toEqual([['main', 2]]);
    expect(rows?.tableRows.get('main')).toMatchObject({ listId: 'main' + TABLE_ROW_SUFFIX, version: 2 });
    // The head of the row's file (header + bucket index) is already being read (started in the row's result).
    // So are the provenance section's tuples and strings (the row's wakeRanges), all at once.
    const parts = rows!.tableParts.get('main')!;
    const whole = new Uint8Array(await rows!.tableRows.get('main')!.file!.arrayBuffer());
    expect(parts.map((p) => [p.from, p.to])).toEqual(rows!.tableRows.get('main')!.wakeRanges);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatchObject({ from: 0, to: WAKE_HEAD_BYTES });
    for (const p of parts) expect(new Uint8Array(await p.bytes)).toEqual(whole.subarray(p.from, p.to));
    expect(rows?.trustedSites).toEqual([{ host: 'trusted.test', addedAt: 5 }]);
    expect(rows?.tabAllows).toEqual([{ tabId: 7, host: 'allowed.test', addedAt: 6 }]);

    // A wake with these rows: no Dexie read before the verdict (a closed, never-reopened Dexie would throw).
    const closed = openDb(dbName);
    closed.close({ disableAutoOpen: true });
    const live = new ListStore();
    const r = await loadLists(live, { db: closed, ...noBundled, wakeRows: rows });
    expect(r.problems).toEqual([]);
    expect(live.all()[0]?.deferredKeys).toBeDefined(); // opened from the key-less row
    // Opened in chunks (wake8): a lookup before its chunks are loaded is refused, never "not listed".
    expect(live.all()[0]?.partial).toBeDefined();
    expect(r.deferred.map((d) => d.meta.listId)).toEqual(['main']);
    expect(() => live.lookup('https://scam-shop.test/x')).toThrow(ListNotLoadedError);
    await live.ensureFor('https://scam-shop.test/x');
    expect(live.lookup('https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    await live.ensureFor('https://other.test/');
    expect(live.lookup('https://other.test/')).toBeNull();
    // Then the whole file: the same answers, no partial table left, its bytes queued for the re-hash.
    const pending = [...r.pending];
    expect(await completeLists(live, { db: closed, ...noBundled }, r.deferred, pending)).toEqual([]);
    expect(live.all()[0]?.partial).toBeUndefined();
    expect(pending.map((p) => p.listId)).toEqual(['main']);
    expect(lookup(live.all()[0]!.table, 'https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    const allow = new Allowlist(closed);
    allow.loadRows(rows!.trustedSites, rows!.tabAllows);
    expect(allow.allowedState(null, 'www.trusted.test')).toBe('always');
    expect(allow.allowedState(7, 'allowed.test')).toBe('tab');
  });

  it('a corrupt head or a row of an older version: not opened in chunks, the whole row / snapshot is read (wake8)', async () => {
    const dbName = name();
    const db = openDb(dbName);
    await withStoredList(db, 2);
    const first = new ListStore();
    await loadLists(first, { db, ...noBundled });
    await writeTableRows(first, db);
    const rows = await readWakeRows(dbName);
    const head = new Uint8Array(await rows!.tableParts.get('main')![0]!.bytes);
    head[20]! ^= 1; // the header's CRC no longer matches
    const corrupt = { ...rows!, tableParts: new Map([['main', [{ from: 0, to: head.length, bytes: Promise.resolve(head.buffer) }]]]) };
    const live = new ListStore();
    const r = await loadLists(live, { db, ...noBundled, wakeRows: corrupt });
    expect(r.deferred).toEqual([]);
    expect(live.all()[0]?.partial).toBeUndefined();
    expect(live.lookup('https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    // The stored list moved on (version 3) but the key-less row is still version 2: the full snapshot is read.
    await withStoredList(db, 3);
    const newer = await readWakeRows(dbName);
    const live3 = new ListStore();
    const r3 = await loadLists(live3, { db, ...noBundled, wakeRows: newer });
    expect(r3.deferred).toEqual([]);
    expect(live3.all()[0]?.table.version).toBe(3);
    expect(live3.lookup('https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    db.close();
  });

  it('a list without its key-less row yet: the row is absent and loadLists falls back to the full snapshot', async () => {
    const dbName = name();
    const db = openDb(dbName);
    await withStoredList(db, 3);
    const rows = await readWakeRows(dbName);
    expect(rows?.lists).toHaveLength(1);
    expect(rows?.tableRows.size).toBe(0);
    const live = new ListStore();
    expect((await loadLists(live, { db, ...noBundled, wakeRows: rows })).problems).toEqual([]);
    expect(live.all()[0]?.table.version).toBe(3);
    expect(live.all()[0]?.table.keysSha256).not.toBeNull(); // the full stored snapshot, with its keys
    db.close();
  });

  it('no database yet (before the first install): null, and no database is created behind Dexie', async () => {
    const dbName = name();
    let issued = 0;
    expect(await readWakeRows(dbName, indexedDB, () => issued++)).toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    expect(issued).toBe(1); // a read that gave up still lets the worker load the rest of its script
    expect(await databaseNames()).not.toContain(dbName);
    // Dexie then creates it with its own schema as usual.
    const db = openDb(dbName);
    await db.open();
    expect(db.verno).toBe(2);
    db.close();
  });

  it('a database without the stores (not ours): null', async () => {
    const dbName = name();
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('other');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    expect(await readWakeRows(dbName)).toBeNull();
  });

  it('no IndexedDB at all: null', async () => {
    expect(await readWakeRows(name(), undefined as unknown as IDBFactory)).toBeNull();
  });

  it('closes its connection: a Dexie schema upgrade right after is not blocked', async () => {
    const dbName = name();
    const db = openDb(dbName);
    await withStoredList(db, 2);
    db.close();
    const reading = readWakeRows(dbName);
    // An extension update with a newer schema opens the database at a higher version at the same time.
    const upgraded = new Promise<number>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1000);
      req.onsuccess = () => {
        const v = req.result.version;
        req.result.close();
        resolve(v);
      };
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('blocked by the wake read'));
    });
    const [rows, version] = await Promise.all([reading, upgraded]);
    expect(version).toBe(1000);
    // Either the read finished before the upgrade or it gave way to it; it never blocks it.
    if (rows) expect(rows.lists).toHaveLength(1);
  });
});
