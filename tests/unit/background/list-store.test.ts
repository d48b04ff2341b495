import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildTable, encodeSnapshot, lookup, type ListTable } from '../../../src/core/lists';
import { openDb, type ScamSentinelDb } from '../../../src/background/db';
import {
  ListStore,
  TABLE_ROW_SUFFIX,
  loadLists,
  ruleIdentity,
  tablesWithKeys,
  verifyStored,
  writeTableRows,
  type LoadDeps,
} from '../../../src/background/list-store';

let n = 0;
const ENTRIES = [
  { key: 'scam-shop.test/', category: 'fake-shop' as const, severity: 'high' as const },
  { key: 'fake-exchange.test/', category: 'investment' as const, severity: 'high' as const },
];

async function storedList(db: ScamSentinelDb, version: number): Promise<ListTable> {
  const table = await buildTable(ENTRIES, { listId: 'main', version }, { keys: true });
  const bytes = encodeSnapshot(table);
  await db.lists.put({ listId: 'main', version, entries: table.count, issuedAt: 1, source: 'synced', storedAt: 1 });
  await db.listBlobs.put({ listId: 'main', bytes: bytes.slice().buffer });
  return table;
}

function deps(db: ScamSentinelDb | null, bundledVersion = 1): LoadDeps {
  return {
    db,
    fetchBundledMeta: () => Promise.resolve({ listId: 'main', version: bundledVersion, issuedAt: 0 }),
    fetchBundled: () => Promise.reject(new Error('the bundled snapshot must not be fetched when the stored list is newer')),
  };
}

describe('loadLists: the key-less row a wake reads', () => {
  it('first wake reads the full snapshot; the key-less row written after it is what later wakes read', async () => {
    const db = openDb(`test-list-store-${++n}`);
    const full = await storedList(db, 2);
    const first = new ListStore();
    const r1 = await loadLists(first, deps(db));
    expect(r1.problems).toEqual([]);
    expect(first.all()[0]?.deferredKeys).toBeUndefined();
    expect(first.all()[0]?.table.keysSha256).toBe(full.keysSha256);
    expect(await writeTableRows(first, db)).toEqual(['main']);
    expect(await writeTableRows(first, db)).toEqual([]); // once per version
    const row = await db.listBlobs.get('main' + TABLE_ROW_SUFFIX);
    expect(row).toMatchObject({ version: 2, keysSha256: full.keysSha256 });

    const next = new ListStore();
    const r2 = await loadLists(next, deps(db));
    const live = next.all()[0]!;
    expect(live.table.keysSha256).toBeNull(); // key strings not loaded
    expect(live.deferredKeys?.sha256).toBe(full.keysSha256);
    expect(ruleIdentity(live)).toEqual(ruleIdentity(first.all()[0]!)); // same rules fingerprint either way
    expect(lookup(live.table, 'https://scam-shop.test/x')?.expression).toBe('scam-shop.test/');
    expect(live.table.sha256).toBe(full.sha256);
    expect(await verifyStored(next, deps(db), r2.pending)).toEqual([]);
    const [withKeys] = await tablesWithKeys(next);
    expect(withKeys?.keysSha256).toBe(full.keysSha256);
    db.close();
  });

  it('a key-less row written before rows held files (inline bytes) still opens without the key strings', async () => {
    const db = openDb(`test-list-store-${++n}`);
    const full = await storedList(db, 2);
    const first = new ListStore();
    await loadLists(first, deps(db));
    await writeTableRows(first, db);
    const row = (await db.listBlobs.get('main' + TABLE_ROW_SUFFIX))!;
    await db.listBlobs.put({ listId: row.listId, bytes: await row.file!.arrayBuffer(), version: row.version!, keysSha256: row.keysSha256! });
    const next = new ListStore();
    const r = await loadLists(next, deps(db));
    expect(next.all()[0]?.deferredKeys?.sha256).toBe(full.keysSha256); // opened from the row, not the full snapshot
    expect(lookup(next.all()[0]!.table, 'https://fake-exchange.test/')?.expression).toBe('fake-exchange.test/');
    expect(await verifyStored(next, deps(db), r.pending)).toEqual([]);
    db.close();
  });

  it('a key-less row of an older version is ignored (the full snapshot is read)', async () => {
    const db = openDb(`test-list-store-${++n}`);
    await storedList(db, 2);
    const s = new ListStore();
    await loadLists(s, deps(db));
    await writeTableRows(s, db);
    const v3 = await storedList(db, 3); // a sync committed v3; its row is not written yet
    const again = new ListStore();
    await loadLists(again, deps(db));
    expect(again.all()[0]?.table.version).toBe(3);
    expect(again.all()[0]?.table.keysSha256).toBe(v3.keysSha256);
    expect(again.all()[0]?.deferredKeys).toBeUndefined();
    db.close();
  });

  it('a key-less row whose bytes were damaged is dropped after the first verdict (verifyStored)', async () => {
    const db = openDb(`test-list-store-${++n}`);
    await storedList(db, 2);
    const s = new ListStore();
    await loadLists(s, deps(db));
    await writeTableRows(s, db);
    const row = (await db.listBlobs.get('main' + TABLE_ROW_SUFFIX))!;
    expect(row.file).toBeInstanceOf(Blob); // the bytes are in a file (read at a wake while the worker evaluates)
    expect(row.bytes.byteLength).toBe(0);
    const bytes = new Uint8Array(await row.file!.arrayBuffer());
    bytes[256 + 65537 * 4] = bytes[256 + 65537 * 4]! ^ 1; // a fingerprint bit: structure still valid, hash not
    await db.listBlobs.put({ ...row, file: new Blob([bytes]) });
    const again = new ListStore();
    const r = await loadLists(again, deps(db));
    expect(again.all()).toHaveLength(1);
    const problems = await verifyStored(again, { ...deps(db), fetchBundled: () => Promise.reject(new Error('offline')) }, r.pending);
    expect(problems[0]).toMatch(/CHECKSUM_MISMATCH/);
    expect(again.all()).toHaveLength(0);
    db.close();
  });
});
