import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyDelta,
  BufferPool,
  buildTable,
  decodeDelta,
  decodeSnapshot,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  listKeys,
  lookup,
  lookupKey,
  provenanceOf,
  RecycledTableError,
  withoutKeys,
  type Delta,
  type ListEntryInput,
  type ListTable,
} from '../../../../src/core/lists/index.ts';
import type { CompactTable } from '../../../../src/core/lists/table.ts';
import { DELTA_PAIR, entriesArb, sameBytes } from './arbitraries.ts';

const { A, B } = DELTA_PAIR;

/** Fills every byte of the memory a table owns with 0xff, so reused memory is garbage for the next apply. */
function poison(t: ListTable): void {
  for (const b of (t as CompactTable).ownedBuffers) new Uint8Array(b).fill(0xff);
}

async function ok(p: Promise<Awaited<ReturnType<typeof applyDelta>>>): Promise<ListTable> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.reason} ${r.message}`);
  return r.value;
}

/** Tables v1..vn of `lists` (same list id) and the deltas between consecutive ones, through the binary format. */
async function chain(lists: ListEntryInput[][], keys = false): Promise<{ tables: ListTable[]; deltas: Delta[] }> {
  const tables = await Promise.all(lists.map((e, i) => buildTable(e, { listId: 'p', version: i + 1 }, { keys })));
  const deltas = tables.slice(1).map((t, i) => {
    const d = decodeDelta(encodeDelta(diffTables(tables[i]!, t)));
    if (!d.ok) throw new Error(d.message);
    return d.value;
  });
  return { tables, deltas };
}

const recycledUse = [
  ['lookup', (t: ListTable) => lookup(t, 'https://keep.example/')],
  ['lookupKey', (t: ListTable) => lookupKey(t, 'keep.example/')],
  ['provenanceOf', (t: ListTable) => provenanceOf(t, 'keep.example/')],
  ['listKeys', (t: ListTable) => listKeys(t)],
  ['encodeSnapshot', (t: ListTable) => encodeSnapshot(t)],
  ['diffTables', (t: ListTable) => diffTables(t, t)],
] as const;

describe('BufferPool: applying into a recycled table', () => {
  it('apply → swap → recycle the old table → apply again gives byte-identical results to fresh applies, from poisoned memory (property)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, entriesArb, entriesArb, async (e1, e2, e3, e4) => {
        const { tables, deltas } = await chain([e1, e2, e3, e4, e1]);
        const pool = new BufferPool();
        let live = tables[0]!;
        for (let i = 0; i < deltas.length; i++) {
          const held = pool.heldBuffers;
          const next = await ok(applyDelta(live, deltas[i]!, { pool }));
          // from the third step on, both sections are written into memory of a table recycled two steps before
          expect(pool.heldBuffers).toBe(i >= 2 ? held - 2 : 0);
          const fresh = await ok(applyDelta(live, deltas[i]!));
          expect(sameBytes(encodeSnapshot(next), encodeSnapshot(fresh))).toBe(true);
          expect(sameBytes(encodeSnapshot(next), encodeSnapshot(tables[i + 1]!))).toBe(true);
          // its reference counts (seeded by the apply) are the ones the ids give
          const reread = await decodeSnapshot(encodeSnapshot(next));
          if (!reread.ok) throw new Error(reread.message);
          expect([...(next as CompactTable).provenance.refCounts()]).toEqual([...(reread.value as CompactTable).provenance.refCounts()]);
          const old = live;
          live = next;
          if (i > 0) poison(old);
          // the first base (buildTable) owns nothing the pool takes; every apply result owns its two sections
          expect(pool.recycle(old) > 0).toBe(i > 0);
          expect(() => lookupKey(old, 'x/')).toThrow(RecycledTableError);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a chain with key strings stays byte-identical, and a table derived from a recycled one (withoutKeys) throws too', async () => {
    const { tables, deltas } = await chain([A, B, A, B], true);
    const pool = new BufferPool();
    let live = tables[0]!;
    for (let i = 0; i < deltas.length; i++) {
      const next = await ok(applyDelta(live, deltas[i]!, { pool }));
      expect(sameBytes(encodeSnapshot(next), encodeSnapshot(tables[i + 1]!))).toBe(true);
      const derived = withoutKeys(live);
      if (i > 0) expect(derived).not.toBe(live);
      if (i > 0) poison(live);
      pool.recycle(live);
      live = next;
      if (i > 0) expect(() => lookupKey(derived, 'keep.example/')).toThrow(RecycledTableError);
    }
    expect(lookupKey(live, 'new.example/')?.severity).toBe('medium');
  });

  it('every use of a recycled table throws RecycledTableError (never "not listed")', async () => {
    const { tables, deltas } = await chain([A, B]);
    const pool = new BufferPool();
    const r = await ok(applyDelta(tables[0]!, deltas[0]!, { pool }));
    expect(lookupKey(r, 'keep.example/')?.severity).toBe('high');
    pool.recycle(r);
    for (const [name, use] of recycledUse) expect(() => use(r), name).toThrow(RecycledTableError);
    await expect(applyDelta(r, { ...deltas[0]!, fromVersion: 2, toVersion: 3 })).rejects.toThrow(RecycledTableError);
    // its memory is detached: a reader holding its raw columns sees nothing, not another table's entries
    expect((r as CompactTable).lo.length).toBe(0);
    expect((r as CompactTable).section.byteLength).toBe(0);
  });

  it('recycling twice hands the memory out once; a table owning nothing (decodeSnapshot) is only marked dead', async () => {
    const { tables, deltas } = await chain([A, B]);
    const pool = new BufferPool();
    const r = await ok(applyDelta(tables[0]!, deltas[0]!, { pool }));
    const bytes = pool.recycle(r);
    expect(bytes).toBeGreaterThan(0);
    expect(pool.heldBuffers).toBe(2);
    expect(pool.recycle(r)).toBe(0);
    expect(pool.heldBuffers).toBe(2);
    expect(pool.heldBytes).toBe(bytes);
    const file = encodeSnapshot(tables[0]!);
    const copy = file.slice();
    const decoded = await decodeSnapshot(file);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(pool.recycle(decoded.value)).toBe(0);
    expect(pool.heldBuffers).toBe(2);
    expect(sameBytes(file, copy)).toBe(true); // the caller's bytes are not detached
    expect(() => lookupKey(decoded.value, 'keep.example/')).toThrow(RecycledTableError);
    expect(() => pool.recycle({ ...tables[0]! })).toThrow(TypeError);
  });

  it('a base recycled while the apply is paused between slices stops the apply', async () => {
    const { tables, deltas } = await chain([A, B, A]);
    const pool = new BufferPool();
    const base = await ok(applyDelta(tables[0]!, deltas[0]!, { pool }));
    let pauses = 0;
    const paused = applyDelta(base, deltas[1]!, {
      pool,
      yieldBetweenSlices: async () => {
        if (pauses++ === 1) pool.recycle(base);
      },
    });
    await expect(paused).rejects.toThrow(RecycledTableError);
  });

  it('refusals keep their meaning with a pool: wrong base (nothing taken), result mismatch (result goes back to the pool)', async () => {
    const { tables, deltas } = await chain([A, B, A]);
    const pool = new BufferPool();
    const r1 = await ok(applyDelta(tables[0]!, deltas[0]!, { pool }));
    const r2 = await ok(applyDelta(r1, deltas[1]!, { pool }));
    pool.recycle(r1);
    expect(pool.heldBuffers).toBe(2);
    const wrong = await applyDelta(r2, deltas[0]!, { pool });
    expect(wrong.ok ? 'ok' : wrong.reason).toBe('WRONG_BASE');
    const wrongVersion = await applyDelta(tables[0]!, deltas[1]!, { pool });
    expect(wrongVersion.ok ? 'ok' : wrongVersion.reason).toBe('WRONG_BASE');
    expect(pool.heldBuffers).toBe(2);
    // a forged delta on a live base of the right version: the result is refused and its memory goes back to the pool
    const plain = diffTables(tables[1]!, tables[2]!);
    const forged = await applyDelta(tables[1]!, { ...plain, add: plain.add.map((e) => ({ ...e, severity: 'high' as const })) }, { pool });
    expect(forged.ok ? 'ok' : forged.reason).toBe('RESULT_MISMATCH');
    expect(pool.heldBuffers).toBe(2); // took two, gave the rejected result's two back
    const good = await ok(applyDelta(tables[1]!, deltas[1]!, { pool }));
    expect(pool.heldBuffers).toBe(0);
    expect(sameBytes(encodeSnapshot(good), encodeSnapshot(tables[2]!))).toBe(true);
    expect(lookupKey(tables[1]!, 'new.example/')?.severity).toBe('medium'); // the base stays usable
  });
});
