import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyDelta,
  buildTable,
  decodeDelta,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  lookupKey,
  provenanceOf,
  type Delta,
  type ListEntryInput,
  type ListTable,
} from '../../../../src/core/lists/index.ts';
import { entriesArb, sameBytes } from './arbitraries.ts';
import { crc32 } from '../../../../src/core/lists/hash.ts';

const A: ListEntryInput[] = [
  { key: 'keep.example/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['a'] },
  { key: 'gone.example/', category: 'fake-shop', severity: 'low' },
  { key: 'changes.example/', category: 'investment', severity: 'low' },
];
const B: ListEntryInput[] = [
  A[0]!,
  { key: 'changes.example/', category: 'investment', severity: 'high', firstSeen: '2025-02-02', sources: ['b'] },
  { key: 'new.example/', category: 'task-rebate', severity: 'medium', sources: ['user-report'] },
];

async function pair(): Promise<{ a: ListTable; b: ListTable; d: Delta }> {
  const a = await buildTable(A, { listId: 'main', version: 1 });
  const b = await buildTable(B, { listId: 'main', version: 2 });
  return { a, b, d: diffTables(a, b) };
}

describe('diff and apply', () => {
  it('produces removals and upserts with category, severity and provenance', async () => {
    const { d } = await pair();
    expect(d).toMatchObject({ listId: 'main', fromVersion: 1, toVersion: 2 });
    expect(d.remove).toHaveLength(1);
    expect(d.add.map((e) => [e.category, e.severity, e.firstSeen, e.sources]).sort()).toEqual(
      [
        ['investment', 'high', '2025-02-02', ['b']],
        ['task-rebate', 'medium', undefined, ['user-report']],
      ].sort(),
    );
  });

  it('apply(diff(A, B), A) equals B and leaves A untouched', async () => {
    const { a, b, d } = await pair();
    const snapshotOfA = encodeSnapshot(a);
    const r = await applyDelta(a, d);
    if (!r.ok) throw new Error(r.message);
    expect(sameBytes(encodeSnapshot(r.value), encodeSnapshot(b))).toBe(true);
    expect(sameBytes(encodeSnapshot(a), snapshotOfA)).toBe(true);
    expect(lookupKey(r.value, 'gone.example/')).toBeNull();
    expect(lookupKey(r.value, 'changes.example/')?.severity).toBe('high');
    expect(provenanceOf(r.value, 'new.example/')).toEqual({ sources: ['user-report'] });
  });

  it('holds for random lists (property)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, async (ea, eb) => {
        const a = await buildTable(ea, { listId: 'p', version: 1 });
        const b = await buildTable(eb, { listId: 'p', version: 2 });
        const decoded = decodeDelta(encodeDelta(diffTables(a, b)));
        if (!decoded.ok) throw new Error(decoded.message);
        const r = await applyDelta(a, decoded.value);
        if (!r.ok) throw new Error(r.message);
        expect(sameBytes(encodeSnapshot(r.value), encodeSnapshot(b))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('an empty delta is the identity (version bump only)', async () => {
    const { a } = await pair();
    const a2 = await buildTable(A, { listId: 'main', version: 5 });
    const d = diffTables(a, a2);
    expect([d.add.length, d.remove.length]).toEqual([0, 0]);
    const r = await applyDelta(a, d);
    expect(r.ok && r.value.version).toBe(5);
  });
});

describe('typed refusals', () => {
  it('WRONG_BASE when the table is not the delta base', async () => {
    const { b, d } = await pair();
    const r = await applyDelta(b, d);
    expect(r.ok ? 'ok' : r.reason).toBe('WRONG_BASE');
  });

  it('WRONG_LIST when the delta is for another list', async () => {
    const { a, d } = await pair();
    const r = await applyDelta(a, { ...d, listId: 'other' });
    expect(r.ok ? 'ok' : r.reason).toBe('WRONG_LIST');
  });

  it('RESULT_MISMATCH when the result does not hash to the target', async () => {
    const { a, d } = await pair();
    const tampered = { ...d, add: d.add.map((e) => ({ ...e, severity: 'low' as const })) };
    const r = await applyDelta(a, tampered);
    expect(r.ok ? 'ok' : r.reason).toBe('RESULT_MISMATCH');
    const provOnly = { ...d, add: d.add.map((e) => ({ ...e, sources: ['forged'] })) };
    const r2 = await applyDelta(a, provOnly);
    expect(r2.ok ? 'ok' : r2.reason).toBe('RESULT_MISMATCH');
  });

  it('CORRUPT when removing what the base lacks, or for unsorted or invalid entries', async () => {
    const { a, d } = await pair();
    const missing = await applyDelta(a, { ...d, remove: [{ hi: 1, lo: 2 }] });
    expect(missing.ok ? 'ok' : missing.reason).toBe('CORRUPT');
    const unsorted = await applyDelta(a, { ...d, add: [...d.add].reverse() });
    expect(unsorted.ok ? 'ok' : unsorted.reason).toBe('CORRUPT');
    const bad = await applyDelta(a, { ...d, add: d.add.map((e) => ({ ...e, category: 'x' as 'phishing' })) });
    expect(bad.ok ? 'ok' : bad.reason).toBe('CORRUPT');
    const both = await applyDelta(a, { ...d, add: [], remove: [...d.remove, ...d.remove] });
    expect(both.ok ? 'ok' : both.reason).toBe('CORRUPT');
  });
});

describe('delta binary format', () => {
  it('round-trips', async () => {
    const { d } = await pair();
    const r = decodeDelta(encodeDelta(d));
    if (!r.ok) throw new Error(r.message);
    const byFp = (x: Delta): Delta => ({ ...x, add: [...x.add].sort((p, q) => p.fp.hi - q.fp.hi || p.fp.lo - q.fp.lo) });
    expect(byFp(r.value)).toEqual(byFp(d));
  });

  it.each([
    ['empty', () => new Uint8Array(0), 'BAD_LENGTH'],
    ['a snapshot', () => Uint8Array.of(0x53, 0x53, 0x4c, 0x54, 0x0d, 0x0a, 0x1a, 0x0a), 'BAD_MAGIC'],
    ['format 9', (b: Uint8Array) => Object.assign(b.slice(), { 8: 9 }), 'BAD_FORMAT_VERSION'],
    ['truncated', (b: Uint8Array) => b.slice(0, -1), 'BAD_LENGTH'],
    ['payload byte changed', (b: Uint8Array) => Object.assign(b.slice(), { 250: b[250]! ^ 4 }), 'CHECKSUM_MISMATCH'],
  ] as const)('%s → %s', async (_name, mutate, reason) => {
    const { d } = await pair();
    const r = decodeDelta(mutate(encodeDelta(d)));
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('rejects fingerprints out of order or repeated (checked while the columns are read)', async () => {
    const { d } = await pair();
    const fp = (hi: number, lo: number) => ({ hi, lo });
    const addition = (f: { hi: number; lo: number }) => ({ fp: f, category: 'phishing' as const, severity: 'high' as const, sources: [] });
    const expectUnsorted = (bytes: Uint8Array): void => {
      const r = decodeDelta(bytes);
      expect(r.ok ? 'ok' : `${r.reason} ${r.message}`).toBe('CORRUPT entries not sorted and unique');
    };
    // the encoder sorts, so repeats get through it; an order swap is written into the bytes (CRC recomputed)
    expectUnsorted(encodeDelta({ ...d, add: [], remove: [fp(1, 5), fp(1, 5)] }));
    expectUnsorted(encodeDelta({ ...d, remove: [], add: [addition(fp(1, 1)), addition(fp(1, 1))] }));
    const sorted = encodeDelta({ ...d, add: [], remove: [fp(1, 0), fp(2, 0)] });
    expect(decodeDelta(sorted).ok).toBe(true);
    expect(d.format).toBe(3); // header of 320 bytes, then the removals' hi column
    const swapped = sorted.slice();
    const view = new DataView(swapped.buffer);
    view.setUint32(320, 2, true);
    view.setUint32(324, 1, true);
    const crc = crc32(swapped.subarray(48), crc32(new Uint8Array(4), crc32(swapped.subarray(0, 44))));
    view.setUint32(44, crc, true);
    expectUnsorted(swapped);
  });

  it('rejects every single-byte change', async () => {
    const { d } = await pair();
    const bytes = encodeDelta(d);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ xor;
        expect(decodeDelta(changed).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
