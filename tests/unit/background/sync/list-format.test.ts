/**
 * List format 3 reaching clients that hold a format-2 list (core/lists/table.ts, categories.ts): the stored list
 * migrates on its first update, a delta whose format is not what the manifest says (or that does not fit the
 * converted base) falls back to the snapshot, and a list format this client cannot read is refused in words.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSnapshot, lookup, type ListTable } from '../../../../src/core/lists';
import { DAY } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

async function storedTable(): Promise<ListTable> {
  const blob = await h.db!.listBlobs.get(LIST_ID);
  const decoded = await decodeSnapshot(new Uint8Array(blob!.bytes));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
}

describe('list format 2 → 3 on a client', () => {
  it('a stored format-2 list takes a format-3 delta: converted, verified, stored as format 3', async () => {
    h = await Harness.create();
    h.publisher.listFormat = 2;
    await h.install(1);
    expect((await storedTable()).format).toBe(2);
    h.advance(DAY);
    h.publisher.listFormat = 3;
    await h.publishAndServe(2, { now: h.clock });
    expect(h.publisher.deltas.at(-1)?.listFormat).toBe(3);
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('deltas');
    expect(out.deltaFallback).toBeUndefined();
    expect(out.table.format).toBe(3);
    expect(out.table.sha256).toBe(h.publisher.tables.get(2)!.sha256);
    const stored = await storedTable();
    expect([stored.format, stored.version, stored.sha256]).toEqual([3, 2, out.table.sha256]);
    expect(lookup(stored, 'https://scam-309.example/')).toEqual(lookup(h.publisher.tables.get(2)!, 'https://scam-309.example/'));
    // after a restart the stored format-3 list is what loads, and the next delta applies to it directly
    await h.restart();
    h.advance(DAY);
    await h.publishAndServe(3, { now: h.clock });
    const next = expectUpdated(await h.run(), 3);
    expect([next.via, next.table.format]).toEqual(['deltas', 3]);
  });

  it('a delta whose list format is not the one the manifest names is refused and the snapshot is taken', async () => {
    h = await Harness.create();
    h.publisher.listFormat = 2;
    await h.install(1);
    h.advance(DAY);
    h.publisher.listFormat = 3;
    await h.publishAndServe(2, {
      now: h.clock,
      editManifest: (m) => ({ ...m, deltas: m.deltas.map((d) => ({ ...d, listFormat: 2 })) }),
    });
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('snapshot');
    expect(out.deltaFallback?.code).toBe('CORRUPT');
    expect(out.deltaFallback?.message).toMatch(/list format 3, the manifest says 2/);
    expect((await storedTable()).format).toBe(3);
  });

  it('a format-3 delta that does not fit the converted format-2 base is WRONG_BASE → snapshot, never applied', async () => {
    h = await Harness.create();
    h.publisher.listFormat = 2;
    await h.install(1);
    h.advance(DAY);
    // the publisher's v1 differs from what the client holds: the delta's base hash cannot match after conversion
    h.publisher.tables.set(1, await h.publisher.table(1, (await import('./helpers/feed')).entriesFor(7)));
    h.publisher.listFormat = 3;
    await h.publishAndServe(2, { now: h.clock });
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('snapshot');
    expect(out.deltaFallback?.code).toBe('WRONG_BASE');
    expect(out.table.format).toBe(3);
    expect(out.table.sha256).toBe(h.publisher.tables.get(2)!.sha256);
  });

  it('a manifest of a list format this client cannot read is refused with CLIENT_TOO_OLD; the list stays', async () => {
    h = await Harness.create();
    await h.install(1);
    const before = await h.lastGood();
    h.advance(DAY);
    await h.publishAndServe(2, { now: h.clock, editManifest: (m) => ({ ...m, listFormat: 4 }) });
    const out = expectFailed(await h.run(), 'CLIENT_TOO_OLD');
    expect(out.error.message).toMatch(/list format 4/);
    expect(h.feed.requests('snapshots/scamsentinel-main-2.snap')).toHaveLength(0);
    expect(await h.lastGood()).toEqual(before);
  });
});
