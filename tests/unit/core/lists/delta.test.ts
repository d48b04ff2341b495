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
import { DELTA_PAIR, entriesArb, sameBytes } from './arbitraries.ts';
import { crc32 } from '../../../../src/core/lists/hash.ts';

const { A, B } = DELTA_PAIR;

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

describe('apply from columns (decoded deltas) and from objects', () => {
  type Shape = 'mixed' | 'add only' | 'remove only' | 'remove everything' | 'empty';
  const shapeOf = (shape: Shape, ea: ListEntryInput[], eb: ListEntryInput[], keep: boolean[]): ListEntryInput[] => {
    // a key is kept or dropped with all its copies (copies merge into one entry: dropping one would change it)
    const keys = [...new Set(ea.map((e) => e.key))];
    const kept = ea.filter((e) => keep[keys.indexOf(e.key) % Math.max(1, keep.length)] ?? true);
    if (shape === 'add only') return [...ea, ...eb.filter((e) => !ea.some((x) => x.key === e.key))];
    if (shape === 'remove only') return kept;
    if (shape === 'remove everything') return [];
    if (shape === 'empty') return ea;
    return [...kept, ...eb];
  };

  it('both reproduce B for add-only, remove-only, remove-everything, empty and mixed deltas (property)', async () => {
    const shapes: Shape[] = ['mixed', 'add only', 'remove only', 'remove everything', 'empty'];
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, fc.array(fc.boolean()), fc.constantFrom(...shapes), async (ea, eb, keep, shape) => {
        const a = await buildTable(ea, { listId: 'p', version: 1 });
        const b = await buildTable(shapeOf(shape, ea, eb, keep), { listId: 'p', version: 2 });
        const d = diffTables(a, b);
        if (shape === 'add only') expect(d.remove).toHaveLength(0);
        if (shape === 'remove only' || shape === 'remove everything') expect(d.add).toHaveLength(0);
        if (shape === 'remove everything') expect(d.remove).toHaveLength(a.count);
        if (shape === 'empty') expect(d.add.length + d.remove.length).toBe(0);
        const decoded = decodeDelta(encodeDelta(d));
        if (!decoded.ok) throw new Error(decoded.message);
        const want = encodeSnapshot(b);
        for (const delta of [d, decoded.value]) {
          const r = await applyDelta(a, delta);
          if (!r.ok) throw new Error(`${shape}: ${r.message}`);
          expect(sameBytes(encodeSnapshot(r.value), want)).toBe(true);
          expect(r.value.count).toBe(b.count);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a decoded delta is frozen, and its add/remove objects (built on first read) match the encoded delta', async () => {
    const { a, d } = await pair();
    const decoded = decodeDelta(encodeDelta(d));
    if (!decoded.ok) throw new Error(decoded.message);
    const delta = decoded.value;
    expect(Object.isFrozen(delta)).toBe(true);
    expect(delta.add).toBe(delta.add); // built once
    expect(Object.isFrozen(delta.add) && Object.isFrozen(delta.add[0]) && Object.isFrozen(delta.remove[0])).toBe(true);
    expect(() => ((delta.add[0] as { severity: string }).severity = 'low')).toThrow(TypeError);
    expect(delta.remove).toEqual(d.remove);
    // reading them does not change what applies
    const r = await applyDelta(a, delta);
    expect(r.ok).toBe(true);
  });

  it('refuses a decoded delta on the wrong base (WRONG_BASE) and one removing an entry the base lacks (CORRUPT)', async () => {
    const { a, b, d } = await pair();
    const decoded = decodeDelta(encodeDelta(d));
    if (!decoded.ok) throw new Error(decoded.message);
    const onB = await applyDelta(b, decoded.value);
    expect(onB.ok ? 'ok' : onB.reason).toBe('WRONG_BASE');
    // same version and list, other content
    const other = await buildTable([A[0]!], { listId: 'main', version: 1 });
    const onOther = await applyDelta(other, decoded.value);
    expect(onOther.ok ? 'ok' : onOther.reason).toBe('WRONG_BASE');
    const missing = decodeDelta(encodeDelta({ ...d, remove: [{ hi: 1, lo: 2 }] }));
    if (!missing.ok) throw new Error(missing.message);
    const r = await applyDelta(a, missing.value);
    expect(r.ok ? 'ok' : r.reason).toBe('CORRUPT');
  });

  it('a delta whose provenance tuples list their sources out of order still applies (canonicalized)', async () => {
    const x: ListEntryInput = { key: 'x.example/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['a', 'b'] };
    const ea: ListEntryInput[] = [x, { key: 'old.example/', category: 'other', severity: 'low' }];
    const eb: ListEntryInput[] = [
      x,
      { key: 'y.example/', category: 'fake-shop', severity: 'medium', firstSeen: '2025-01-01', sources: ['a', 'b'] },
      { key: 'z.example/', category: 'fake-shop', severity: 'low', firstSeen: '2025-01-01', sources: ['a', 'c'] },
    ];
    const a = await buildTable(ea, { listId: 'main', version: 1 });
    const b = await buildTable(eb, { listId: 'main', version: 2 });
    const bytes = encodeDelta(diffTables(a, b));
    const view = new DataView(bytes.buffer);
    // the additions' provenance section: strings [2025-01-01, a, b, c], tuples [1, 1, 2] and [1, 1, 3]
    const keysLength = view.getUint32(312, true);
    const provAt = bytes.length - keysLength - view.getUint32(40, true);
    const strings = view.getUint32(provAt + 4, true);
    const tuples = view.getUint32(provAt + 8, true);
    expect([strings, tuples]).toEqual([4, 2]);
    const words = provAt + 4 * (6 + strings + 1 + tuples + 1);
    expect([0, 1, 2, 3, 4, 5].map((i) => view.getUint32(words + 4 * i, true))).toEqual([1, 1, 2, 1, 1, 3]);
    // sources written in reverse: [1, 2, 1] and [1, 3, 1]
    for (const at of [words + 4, words + 16]) {
      const first = view.getUint32(at, true);
      view.setUint32(at, view.getUint32(at + 4, true), true);
      view.setUint32(at + 4, first, true);
    }
    view.setUint32(44, crc32(bytes.subarray(48), crc32(new Uint8Array(4), crc32(bytes.subarray(0, 44)))), true);
    const decoded = decodeDelta(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.value.add.map((e) => [...(e.sources ?? [])]).sort()).toEqual([['b', 'a'], ['c', 'a']]);
    const r = await applyDelta(a, decoded.value);
    if (!r.ok) throw new Error(r.message);
    expect(sameBytes(encodeSnapshot(r.value), encodeSnapshot(b))).toBe(true);
    expect(provenanceOf(r.value, 'y.example/')).toEqual({ firstSeen: '2025-01-01', sources: ['a', 'b'] });
    expect(provenanceOf(r.value, 'z.example/')).toEqual({ firstSeen: '2025-01-01', sources: ['a', 'c'] });
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
