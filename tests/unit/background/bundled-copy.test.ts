/**
 * The bundled list's stored key-less copy (list-store.ts BUNDLED_ROW_ID): while the bundled list is the one in force,
 * a wake opens it in chunks from the copy instead of fetching and decoding the package's whole snapshot.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildTable, encodeSnapshot, PARTIAL_HEAD_BYTES, type ListTable } from '../../../src/core/lists';
import { openDb, type ScamSentinelDb } from '../../../src/background/db';
import type { Category } from '../../../src/core/types';
import {
  BUNDLED_ROW_ID,
  ListNotLoadedError,
  ListStore,
  completeLists,
  deltaBaseOf,
  loadLists,
  ruleIdentity,
  tablesWithKeys,
  verifyStored,
  writeTableRows,
  type BundledMeta,
  type LoadDeps,
} from '../../../src/background/list-store';
import { WAKE_BUNDLED_ROW_ID, readWakeRows } from '../../../src/background/wake-read';

let n = 0;
type Entry = { key: string; category: Category; severity: 'high' };
const ENTRIES: Entry[] = [
  { key: 'scam-shop.test/', category: 'fake-shop', severity: 'high' },
  { key: 'fake-exchange.test/', category: 'investment', severity: 'high' },
];

interface Package {
  readonly table: ListTable;
  readonly bytes: Uint8Array;
  readonly meta: BundledMeta;
  fetches: number;
}

/** The package's bundled snapshot (with key strings, as scripts/build-bundled-list.ts writes it) and its bundled.json. */
async function bundledPackage(version = 1, entries = ENTRIES): Promise<Package> {
  const table = await buildTable(entries, { listId: 'main', version }, { keys: true });
  const bytes = encodeSnapshot(table);
  return { table, bytes, meta: { listId: 'main', version, issuedAt: 7, sha256: table.sha256 }, fetches: 0 };
}

function deps(db: ScamSentinelDb | null, pkg: Package, bytes = pkg.bytes): LoadDeps {
  return {
    db,
    fetchBundledMeta: () => Promise.resolve(pkg.meta),
    fetchBundled: () => {
      pkg.fetches++;
      return Promise.resolve(bytes.slice());
    },
  };
}

/** A first start with nothing stored, then the writes after its verdict: the copy is in the database. */
async function firstStart(dbName: string, pkg: Package): Promise<void> {
  const db = openDb(dbName);
  const store = new ListStore();
  const r = await loadLists(store, deps(db, pkg));
  expect(r.problems).toEqual([]);
  expect(r.pending.map((p) => [p.listId, p.bundled])).toEqual([['main', true]]); // trusted now, re-hashed after
  expect(await verifyStored(store, deps(null, pkg), r.pending)).toEqual([]);
  expect(await writeTableRows(store, db)).toEqual([BUNDLED_ROW_ID]);
  expect(await writeTableRows(store, db)).toEqual([]); // once
  db.close();
}

describe('the bundled list at a wake: its stored key-less copy', () => {
  it('the row id is the one the wake reads', () => {
    expect(WAKE_BUNDLED_ROW_ID).toBe(BUNDLED_ROW_ID);
  });

  it('a wake with the copy opens the bundled list in chunks without fetching the package', async () => {
    const dbName = `test-bundled-copy-${++n}`;
    const pkg = await bundledPackage();
    await firstStart(dbName, pkg);
    expect(pkg.fetches).toBe(1);

    const db = openDb(dbName);
    const row = await db.listBlobs.get(BUNDLED_ROW_ID);
    expect(row).toMatchObject({ version: 1, sha256: pkg.table.sha256, keysSha256: pkg.table.keysSha256 });
    expect(row?.file?.size).toBeLessThan(pkg.bytes.length); // no key strings
    const rows = await readWakeRows(dbName, indexedDB);
    expect(rows?.lists).toEqual([]);
    expect(rows?.bundledRow?.listId).toBe(BUNDLED_ROW_ID);
    expect(rows?.bundledParts?.[0]).toMatchObject({ from: 0, to: PARTIAL_HEAD_BYTES }); // its head is already being read

    const store = new ListStore();
    const r = await loadLists(store, { ...deps(db, pkg), wakeRows: rows });
    expect(r.problems).toEqual([]);
    expect(pkg.fetches).toBe(1); // the package was not read
    const live = store.all()[0]!;
    expect(live.source).toBe('bundled');
    expect(live.issuedAt).toBe(7);
    expect(live.partial).toBeDefined();
    expect(r.deferred.map((d) => [d.meta.listId, d.bundled?.sha256])).toEqual([['main', pkg.table.sha256]]);
    // Never "not listed" for a chunk that is not loaded yet.
    expect(() => store.lookup('https://scam-shop.test/x')).toThrow(ListNotLoadedError);
    await store.ensureFor('https://scam-shop.test/x');
    expect(store.lookup('https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    // Same rules fingerprint as the table with its keys, which the package gives when rules must be compiled.
    expect(ruleIdentity(live)).toEqual({ listId: 'main', version: 1, keysSha256: pkg.table.keysSha256 });

    // After the verdict: read whole, re-hashed, no rewrite of the copy; the keys come from the package on demand.
    const pending = [...r.pending];
    expect(await completeLists(store, deps(db, pkg), r.deferred, pending)).toEqual([]);
    expect(store.all()[0]?.partial).toBeUndefined();
    expect(store.lookup('https://fake-exchange.test/')?.expression).toBe('fake-exchange.test/');
    expect(pending.map((p) => [p.listId, p.bundled])).toEqual([['main', true]]);
    expect(await verifyStored(store, deps(null, pkg), pending)).toEqual([]);
    expect(await writeTableRows(store, db)).toEqual([]);
    expect(pkg.fetches).toBe(1);
    const [withKeys] = await tablesWithKeys(store);
    expect(withKeys?.keysSha256).toBe(pkg.table.keysSha256);
    expect(pkg.fetches).toBe(2);
    // A first sync still starts from the bundled version: its delta base is the package's table, with key strings.
    const base = await deltaBaseOf(store, 'main');
    expect([base?.version, base?.keysSha256, base?.sha256]).toEqual([1, pkg.table.keysSha256, pkg.table.sha256]);
    expect(await deltaBaseOf(store, 'main')).toBe(base); // read once per worker, however often a sync asks
    expect(pkg.fetches).toBe(2);
    expect(deltaBaseOf(store, 'other')).toBeNull();
    db.close();
  });

  it('delta bases: a table with its keys as it is; a synced list opened without them gives none (the engine reads it)', async () => {
    const dbName = `test-bundled-copy-${++n}`;
    const pkg = await bundledPackage(1);
    const db = openDb(dbName);
    const synced = await buildTable(ENTRIES, { listId: 'main', version: 2 }, { keys: true });
    await db.lists.put({ listId: 'main', version: 2, entries: synced.count, issuedAt: 1, source: 'synced', storedAt: 1 });
    await db.listBlobs.put({ listId: 'main', bytes: encodeSnapshot(synced).slice().buffer });
    const first = new ListStore();
    await loadLists(first, deps(db, pkg));
    expect(deltaBaseOf(first, 'main')).toBe(first.all()[0]?.table); // loaded with its keys
    await writeTableRows(first, db);
    const woken = new ListStore();
    const r = await loadLists(woken, { ...deps(db, pkg), wakeRows: await readWakeRows(dbName, indexedDB) });
    await completeLists(woken, deps(db, pkg), r.deferred, [...r.pending]);
    expect(woken.all()[0]?.deferredKeys).toBeDefined();
    expect(deltaBaseOf(woken, 'main')).toBeNull();
    expect(pkg.fetches).toBe(0);
    db.close();
  });

  it('a copy of another bundled list (an extension update) is not used: the package is read and the copy replaced', async () => {
    const dbName = `test-bundled-copy-${++n}`;
    await firstStart(dbName, await bundledPackage(1));
    const next = await bundledPackage(1, [...ENTRIES, { key: 'new-scam.test/', category: 'phishing', severity: 'high' }]);
    const db = openDb(dbName);
    const store = new ListStore();
    const r = await loadLists(store, { ...deps(db, next), wakeRows: await readWakeRows(dbName, indexedDB) });
    expect(r.problems).toEqual([]);
    expect(r.deferred).toEqual([]);
    expect(next.fetches).toBe(1);
    expect(store.lookup('https://new-scam.test/')?.expression).toBe('new-scam.test/');
    expect(await verifyStored(store, deps(null, next), r.pending)).toEqual([]);
    expect(await writeTableRows(store, db)).toEqual([BUNDLED_ROW_ID]);
    expect((await db.listBlobs.get(BUNDLED_ROW_ID))?.sha256).toBe(next.table.sha256);
    db.close();
  });

  it('a damaged copy is caught after the verdict: the package is read again, verified, and the copy rewritten', async () => {
    const dbName = `test-bundled-copy-${++n}`;
    const pkg = await bundledPackage();
    await firstStart(dbName, pkg);
    const db = openDb(dbName);
    const row = (await db.listBlobs.get(BUNDLED_ROW_ID))!;
    const bytes = new Uint8Array(await row.file!.arrayBuffer());
    bytes[PARTIAL_HEAD_BYTES] = bytes[PARTIAL_HEAD_BYTES]! ^ 1; // a fingerprint bit: structure still valid, hash not
    await db.listBlobs.put({ ...row, file: new Blob([bytes]) });

    const store = new ListStore();
    const r = await loadLists(store, { ...deps(db, pkg), wakeRows: await readWakeRows(dbName, indexedDB) });
    const pending = [...r.pending];
    expect(await completeLists(store, deps(db, pkg), r.deferred, pending)).toEqual([]);
    const problems = await verifyStored(store, deps(null, pkg), pending);
    expect(problems).toEqual(['bundled list: CHECKSUM_MISMATCH (read again from the package, verified)']);
    expect(store.all().map((l) => [l.source, l.table.sha256, l.deferredKeys])).toEqual([['bundled', pkg.table.sha256, undefined]]);
    expect(store.lookup('https://scam-shop.test/')?.expression).toBe('scam-shop.test/');
    expect(await writeTableRows(store, db)).toEqual([BUNDLED_ROW_ID]);
    const again = new Uint8Array(await (await db.listBlobs.get(BUNDLED_ROW_ID))!.file!.arrayBuffer());
    expect(again[PARTIAL_HEAD_BYTES]).toBe(bytes[PARTIAL_HEAD_BYTES]! ^ 1);
    db.close();
  });

  it('a damaged package snapshot opened at a wake is caught by the re-check: no list, the problem in words', async () => {
    const pkg = await bundledPackage();
    const damaged = pkg.bytes.slice();
    damaged[PARTIAL_HEAD_BYTES] = damaged[PARTIAL_HEAD_BYTES]! ^ 1;
    const store = new ListStore();
    const r = await loadLists(store, deps(null, pkg, damaged));
    expect(r.problems).toEqual([]); // opened on trust before the first verdict …
    const problems = await verifyStored(store, deps(null, pkg, damaged), r.pending);
    expect(problems[0]).toBe('bundled list: CHECKSUM_MISMATCH (read again from the package, verified)');
    expect(problems[1]).toMatch(/^bundled list: /); // … and the verified re-read refuses it
    expect(store.all()).toEqual([]);
  });

  it('a stored synced list as new as the bundled one keeps the copy unread and the package unfetched', async () => {
    const dbName = `test-bundled-copy-${++n}`;
    const pkg = await bundledPackage(1);
    await firstStart(dbName, pkg);
    const db = openDb(dbName);
    const synced = await buildTable(ENTRIES, { listId: 'main', version: 2 }, { keys: true });
    await db.lists.put({ listId: 'main', version: 2, entries: synced.count, issuedAt: 1, source: 'synced', storedAt: 1 });
    await db.listBlobs.put({ listId: 'main', bytes: encodeSnapshot(synced).slice().buffer });
    const rows = await readWakeRows(dbName, indexedDB);
    expect(rows?.bundledRow).not.toBeNull();
    expect(rows?.bundledParts).toBeNull(); // a list is stored: the copy's file is not read
    const store = new ListStore();
    const r = await loadLists(store, { ...deps(db, pkg), wakeRows: rows });
    expect(r.problems).toEqual([]);
    expect(store.all().map((l) => [l.source, l.table.version])).toEqual([['synced', 2]]);
    expect(pkg.fetches).toBe(1); // only the first start's
    db.close();
  });
});
