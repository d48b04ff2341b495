/**
 * Fault suite, key strings (snapshot/delta format 2): the key strings of the live list are stored in Dexie with its
 * table (inside the committed snapshot bytes, one transaction), follow every delta exactly, survive a worker
 * restart, and a bad update leaves the last good list and its keys byte-identical.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTable, decodeSnapshot, diffTables, encodeDelta, encodeSnapshot, keyCount, listKeys, type Delta } from '../../../../src/core/lists';
import { sha256Hex } from '../../../../src/core/lists/signature';
import type { Manifest } from '../../../../src/core/lists/manifest';
import { DAY, MIN, entriesFor, respond } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID, storedKeysDigest } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

const SNAP2 = `snapshots/${LIST_ID}-2.snap`;
const DELTA12 = `deltas/${LIST_ID}-1-2.delta`;
const keysOfVersion = (v: number): string[] => entriesFor(v).map((e) => e.key).sort();

async function storedKeys(): Promise<readonly string[] | null> {
  const blob = await h.db!.listBlobs.get(LIST_ID);
  if (!blob) throw new Error('nothing stored');
  const t = await decodeSnapshot(new Uint8Array(blob.bytes));
  if (!t.ok) throw new Error(t.message);
  const k = listKeys(t.value);
  if (!k.ok) throw new Error(k.message);
  return k.value;
}

async function keyedV1(): Promise<void> {
  h = await Harness.create();
  h.publisher.withKeys = true;
  await h.install(1);
  h.advance(DAY);
}

/** Signs a doctored delta 1→2 into the v2 manifest (the snapshot stays valid unless `snapshot` says otherwise). */
async function serveV2WithDelta(edit: (d: Delta) => Delta, snapshot: 'ok' | 'gone' = 'ok'): Promise<void> {
  const d = edit(diffTables(h.publisher.tables.get(1)!, await h.publisher.table(2)));
  const bytes = encodeDelta(d);
  const ref = { from: 1, to: 2, listFormat: 3, path: 'deltas/doctored-1-2.delta', length: bytes.length, sha256: await sha256Hex(bytes) };
  h.feed.serve(await h.publisher.publish(2, { now: h.clock, editManifest: (m: Manifest) => ({ ...m, deltas: [ref] }) }));
  h.feed.files.set(ref.path, bytes);
  if (snapshot === 'gone') h.feed.route(SNAP2, respond(404));
}

describe('key strings through sync', () => {
  it('a keyed snapshot is stored with its keys; a keyed delta updates them exactly (key count == entry count)', async () => {
    await keyedV1();
    expect(await storedKeys()).toEqual(keysOfVersion(1));
    await h.publishAndServe(2);
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('deltas');
    expect(h.feed.requests(DELTA12)).toHaveLength(1);
    expect(h.feed.requests(SNAP2)).toHaveLength(0);
    expect(keyCount(out.table)).toBe(out.table.count);
    expect(await storedKeys()).toEqual(keysOfVersion(2));
    const live = listKeys(h.store.all()[0]!.table);
    expect(live.ok && live.value).toEqual(keysOfVersion(2));
  });

  it('a delta chain hands the net key changes from its base to onCommitted (for incremental rule updates)', async () => {
    await keyedV1();
    const seen: unknown[] = [];
    const base = h.deps.onCommitted;
    h.deps = { ...h.deps, onCommitted: (t, at, changes) => (seen.push(changes), base(t, at)) };
    // v2 and v3 published, the client goes 1 → 3 over two deltas: v2's additions that v3 removes again cancel out.
    await h.publishAndServe(2, { now: h.clock, entries: [...entriesFor(2), { key: 'brief.example/', category: 'phishing', severity: 'high' }] });
    await h.publishAndServe(3);
    const out = expectUpdated(await h.run(), 3);
    expect(out.via).toBe('deltas');
    expect(h.feed.requests(SNAP2)).toHaveLength(0);
    const v1 = new Set(keysOfVersion(1));
    const v3 = new Set(keysOfVersion(3));
    expect(seen).toEqual([
      {
        fromVersion: 1,
        fromKeysSha256: h.publisher.tables.get(1)!.keysSha256,
        add: expect.arrayContaining([...v3].filter((k) => !v1.has(k))),
        remove: expect.arrayContaining([...v1].filter((k) => !v3.has(k))),
      },
    ]);
    const c = seen[0] as { add: string[]; remove: string[] };
    expect(c.add).toHaveLength([...v3].filter((k) => !v1.has(k)).length);
    expect(c.remove).toHaveLength([...v1].filter((k) => !v3.has(k)).length);
    expect([...c.add, ...c.remove]).not.toContain('brief.example/');
  });

  it('a snapshot hands no key changes (the rules are then reinstalled in full)', async () => {
    h = await Harness.create();
    h.publisher.withKeys = true;
    const seen: unknown[] = [];
    const base = h.deps.onCommitted;
    h.deps = { ...h.deps, onCommitted: (t, at, changes) => (seen.push(changes), base(t, at)) };
    await h.publishAndServe(1);
    expect(expectUpdated(await h.run(), 1).via).toBe('snapshot');
    expect(seen).toEqual([undefined]);
  });

  it('the keys survive a worker restart (loaded from Dexie with the table)', async () => {
    await keyedV1();
    await h.restart();
    const t = h.store.all()[0]!.table;
    expect(t.keysSha256).toBe(h.publisher.tables.get(1)!.keysSha256);
    await h.publishAndServe(2);
    expect(expectUpdated(await h.run(), 2).via).toBe('deltas');
  });

  it('an installed list without keys takes the snapshot (no delta download) and has keys from then on', async () => {
    h = await Harness.create();
    await h.install(1); // format 1, no keys
    expect(await storedKeys()).toBeNull();
    h.advance(DAY);
    h.publisher.withKeys = true;
    await h.publishAndServe(2);
    const out = expectUpdated(await h.run(), 2);
    expect(out).toMatchObject({ via: 'snapshot', deltaFallback: { code: 'WRONG_BASE' } });
    expect(h.feed.requests(DELTA12)).toHaveLength(0);
    expect(await storedKeys()).toEqual(keysOfVersion(2));
    h.advance(DAY);
    await h.publishAndServe(3);
    expect(expectUpdated(await h.run(), 3).via).toBe('deltas');
    expect(await storedKeys()).toEqual(keysOfVersion(3));
  });
});

describe('fault suite — key strings', () => {
  /** Runs, expects `code`, and checks last good (list, blob, keys, trusted manifest, live table) is unchanged. */
  async function expectContained(code: string): Promise<string> {
    const before = await h.lastGood();
    expect(before.storedKeys[LIST_ID]).toMatch(/^300:/);
    const out = expectFailed(await h.run(), code);
    expect(await h.lastGood()).toEqual(before);
    expect(h.committed).toHaveLength(1);
    // and it recovers with a clean v3 (snapshot path: the v2 delta chain is broken)
    h.feed.clearFaults();
    h.advance(40 * MIN);
    await h.publishAndServe(3);
    expectUpdated(await h.run(), 3);
    expect(await storedKeys()).toEqual(keysOfVersion(3));
    return out.error.message;
  }

  it('key changes that do not match the entry changes → CORRUPT, falls back to the snapshot', async () => {
    await keyedV1();
    await serveV2WithDelta((d) => ({ ...d, keys: { ...d.keys!, add: ['forged.example/', ...d.keys!.add.slice(1)].sort() } }));
    const out = expectUpdated(await h.run(), 2);
    expect(out).toMatchObject({ via: 'snapshot', deltaFallback: { code: 'CORRUPT' } });
    expect(await storedKeys()).toEqual(keysOfVersion(2));
  });

  it('same, snapshot unavailable → contained: last good list and keys byte-identical', async () => {
    await keyedV1();
    await serveV2WithDelta((d) => ({ ...d, keys: { ...d.keys!, remove: d.keys!.remove.slice(1) } }), 'gone');
    expect(await expectContained('HTTP_ERROR')).toContain('CORRUPT');
  });

  it('a keyed delta whose keys do not reach the target keys hash → RESULT_MISMATCH, contained without a snapshot', async () => {
    await keyedV1();
    await serveV2WithDelta((d) => ({ ...d, keys: { ...d.keys!, toSha256: d.keys!.fromSha256 } }), 'gone');
    expect(await expectContained('HTTP_ERROR')).toContain('RESULT_MISMATCH');
  });

  it('a delta without key strings when the manifest names a keys hash → STATE_MISMATCH, contained', async () => {
    await keyedV1();
    await serveV2WithDelta(({ keys: _keys, ...rest }) => rest, 'gone');
    expect(await expectContained('HTTP_ERROR')).toContain('STATE_MISMATCH');
  });

  it('a snapshot without the key strings the manifest names (signed in) → STATE_MISMATCH, contained', async () => {
    await keyedV1();
    // v2's entries and table, but no keys section: sign that snapshot in.
    const keyless = encodeSnapshot(await buildTable(entriesFor(2), { listId: LIST_ID, version: 2 }));
    const ref = { path: 'snapshots/keyless-2.snap', length: keyless.length, sha256: await sha256Hex(keyless) };
    h.feed.serve(await h.publisher.publish(2, { now: h.clock, keepDeltas: 0, editManifest: (m) => ({ ...m, snapshot: ref }) }));
    h.feed.files.set(ref.path, keyless);
    expect(await expectContained('STATE_MISMATCH')).toContain('no key strings');
  });

  it('a snapshot whose keys section was tampered with (hash in the signed manifest) → HASH_MISMATCH, contained', async () => {
    await keyedV1();
    const pub = await h.publisher.publish(2, { now: h.clock, keepDeltas: 0 });
    h.feed.serve(pub);
    const bad = new Uint8Array(pub.files.get(SNAP2)!);
    bad[bad.length - 12] = bad[bad.length - 12]! ^ 0x20;
    h.feed.route(SNAP2, respond(200, bad));
    await expectContained('HASH_MISMATCH');
    expect(await storedKeysDigest(bad)).toMatch(/^undecodable: CHECKSUM_MISMATCH/);
  });
});
