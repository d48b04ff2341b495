/**
 * Both list formats through every codec (property tests), conversion between them, and a format-3 delta applied
 * to a format-2 base (the migration a client makes on its first format-3 update).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  buildTable,
  decodeDelta,
  decodeSnapshot,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  encodeSnapshotSliced,
  listEntries,
  lookupKey,
  SLICE_ENTRIES,
  toListFormat,
  type ListFormat,
  type ListTable,
} from '../../../../src/core/lists';
import { entriesArb, sameBytes } from './arbitraries';
import { positionOfKey } from '../../../../src/core/lists/lookup';
import { asCompact } from '../../../../src/core/lists/table';

const FORMATS: ListFormat[] = [2, 3];
const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const classes = (t: ListTable, keys: readonly string[]) => keys.map((k) => lookupKey(t, k));

describe('list formats 2 and 3', () => {
  it.each(FORMATS)('format %i: build → encode → decode → encode is byte-identical and keeps every entry (property)', async (format) => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.boolean(), async (entries, keys) => {
        const t = await buildTable(entries, { listId: 'f', version: 1 }, { keys, format });
        const bytes = encodeSnapshot(t);
        expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(format === 3 ? 3 : keys ? 2 : 1);
        const back = ok(await decodeSnapshot(bytes));
        expect(back.format).toBe(format);
        expect([back.sha256, back.count]).toEqual([t.sha256, t.count]);
        expect(sameBytes(encodeSnapshot(back), bytes)).toBe(true);
        expect(sameBytes(await encodeSnapshotSliced(back, async () => undefined), bytes)).toBe(true);
        const ks = entries.map((e) => e.key);
        expect(classes(back, ks)).toEqual(classes(t, ks));
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it.each(FORMATS)('format %i: diff → encode → decode → apply reproduces the target (property)', async (format) => {
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, async (ea, eb) => {
        const a = await buildTable(ea, { listId: 'f', version: 1 }, { format });
        const b = await buildTable(eb, { listId: 'f', version: 2 }, { format });
        const bytes = encodeDelta(diffTables(a, b));
        expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(format === 3 ? 3 : 1);
        const d = ok(decodeDelta(bytes));
        expect(d.format ?? 2).toBe(format);
        const r = ok(await applyDelta(a, d));
        expect([r.format, r.sha256, r.provenanceSha256]).toEqual([format, b.sha256, b.provenanceSha256]);
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it('conversion keeps entries, provenance and keys; 2 → 3 → 2 is the identity; the hashes differ by format', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb.filter((e) => e.length > 0), async (entries) => {
        const t2 = await buildTable(entries, { listId: 'f', version: 1 }, { keys: true, format: 2 });
        const t3 = await buildTable(entries, { listId: 'f', version: 1 }, { keys: true, format: 3 });
        const up = ok(await toListFormat(t2, 3));
        expect([up.format, up.sha256, up.provenanceSha256, up.keysSha256]).toEqual([3, t3.sha256, t3.provenanceSha256, t3.keysSha256]);
        expect(up.sha256).not.toBe(t2.sha256);
        expect(ok(listEntries(up))).toEqual(ok(listEntries(t2)));
        const down = ok(await toListFormat(up, 2));
        expect(down.sha256).toBe(t2.sha256);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('a format-3 delta applies to the format-2 base it was made from (the client migrates); a changed base is WRONG_BASE', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, async (ea, eb) => {
        const a2 = await buildTable(ea, { listId: 'f', version: 1 }, { format: 2 });
        const a3 = ok(await toListFormat(a2, 3));
        const b3 = await buildTable(eb, { listId: 'f', version: 2 }, { format: 3 });
        const d = ok(decodeDelta(encodeDelta(diffTables(a3, b3))));
        const r = ok(await applyDelta(a2, d));
        expect([r.format, r.sha256]).toEqual([3, b3.sha256]);
        const other = await buildTable([...ea, { key: 'not-in-the-base.test/', category: 'other', severity: 'low' }], { listId: 'f', version: 1 }, { format: 2 });
        const refused = await applyDelta(other, d);
        expect(refused.ok ? 'applied' : refused.reason).toBe('WRONG_BASE');
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('applyDelta yields between slices when asked, and the base keeps answering meanwhile', async () => {
    const n = 300_000;
    const entries = Array.from({ length: n }, (_, i) => ({ key: `s${i}.test/`, category: 'fake-shop' as const, severity: 'high' as const }));
    const a = await buildTable(entries, { listId: 'f', version: 1 });
    const b = await buildTable([...entries.slice(1000), { key: 'new.test/', category: 'phishing', severity: 'medium' }], { listId: 'f', version: 2 });
    const d = diffTables(a, b);
    let pauses = 0;
    const r = ok(await applyDelta(a, d, {
      yieldBetweenSlices: async () => {
        pauses++;
        expect(lookupKey(a, 's0.test/')).toEqual({ expression: 's0.test/', category: 'fake-shop', severity: 'high' });
      },
    }));
    expect(pauses).toBeGreaterThanOrEqual(3);
    expect(r.sha256).toBe(b.sha256);
    expect(lookupKey(r, 'new.test/')?.category).toBe('phishing');
    expect(lookupKey(a, 'new.test/')).toBeNull();
    // changes exactly at, just before and just after slice boundaries (removals and upserts) give the same table
    const at = (p: number): string => entries.find((e) => positionOfKey(asCompact(a), e.key) === p)!.key;
    const edge = new Set([SLICE_ENTRIES - 1, SLICE_ENTRIES, 2 * SLICE_ENTRIES, 2 * SLICE_ENTRIES + 1].map(at));
    const c = await buildTable(
      [...entries.filter((e) => !edge.has(e.key)), { key: at(SLICE_ENTRIES + 1), category: 'other', severity: 'low' }],
      { listId: 'f', version: 3 },
    );
    const dc = diffTables(a, c);
    const sliced = ok(await applyDelta(a, dc, { yieldBetweenSlices: async () => undefined }));
    expect(sliced.sha256).toBe(c.sha256);
  }, 120_000);

  it('a delta with thousands of changes gives the same bytes sliced (probes, additions, ids in slices) and not', async () => {
    const days = ['2025-01-01', '2025-02-02', '2025-03-03'];
    const meta = (i: number) => ({
      category: (['fake-shop', 'phishing', 'investment'] as const)[i % 3]!,
      severity: (['low', 'medium', 'high'] as const)[(i >> 2) % 3]!,
      ...(i % 5 === 0 ? {} : { firstSeen: days[i % 3]! }),
      sources: i % 7 === 0 ? ['feed-a', 'feed-b'] : [`feed-${i % 4}`],
    });
    const entries = Array.from({ length: 40_000 }, (_, i) => ({ key: `k${i}.test/`, ...meta(i) }));
    const a = await buildTable(entries, { listId: 'f', version: 1 });
    // 6,000 removed, 5,000 new (some with tuples the base lacks), 1,000 changed in place
    const next = [
      ...entries.slice(6_000, 39_000),
      ...entries.slice(39_000).map((e, i) => ({ ...e, severity: 'high' as const, sources: [`changed-${i % 3}`] })),
      ...Array.from({ length: 5_000 }, (_, i) => ({ key: `new${i}.test/`, ...meta(i + 1), ...(i % 9 === 0 ? { sources: ['fresh'] } : {}) })),
    ];
    const b = await buildTable(next, { listId: 'f', version: 2 });
    const decoded = decodeDelta(encodeDelta(diffTables(a, b)));
    if (!decoded.ok) throw new Error(decoded.message);
    let pauses = 0;
    const sliced = ok(await applyDelta(a, decoded.value, { yieldBetweenSlices: async () => void pauses++ }));
    const whole = ok(await applyDelta(a, decoded.value));
    expect(pauses).toBeGreaterThanOrEqual(12);
    expect(sameBytes(encodeSnapshot(sliced), encodeSnapshot(b))).toBe(true);
    expect(sameBytes(encodeSnapshot(whole), encodeSnapshot(b))).toBe(true);
  }, 60_000);
});
