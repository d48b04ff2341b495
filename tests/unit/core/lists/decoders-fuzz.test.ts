import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDelta, buildTable, decodeDelta, decodeSnapshot, diffTables } from '../../../../src/core/lists/index.ts';
import { encodeDelta, encodeSnapshot, listEntries, listKeys, lookup, provenanceOf, type ListEntryInput } from '../../../../src/core/lists/index.ts';
import { crc32 } from '../../../../src/core/lists/hash.ts';
import { compareKeys } from '../../../../src/core/lists/keys-codec.ts';
import type { Result } from '../../../../src/core/types.ts';

const CODES = [
  'BAD_MAGIC', 'BAD_FORMAT_VERSION', 'BAD_LENGTH', 'CHECKSUM_MISMATCH', 'WRONG_BASE', 'RESULT_MISMATCH', 'WRONG_LIST', 'CORRUPT',
];
const ENTRIES: ListEntryInput[] = [
  { key: 'a.example/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['x', 'y'] },
  { key: 'b.example/p/', category: 'fake-shop', severity: 'low', sources: ['z'] },
  { key: 'im:qq:12345', category: 'fake-service', severity: 'medium' },
];

function expectTyped(r: Result<unknown, string>): void {
  if (!r.ok) expect(CODES).toContain(r.reason);
}

function sha256(bytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(bytes).digest();
}

/** Recomputes every checksum of a (mutated) snapshot, so decoding reaches the structural checks. */
function resealSnapshot(b: Uint8Array): Uint8Array {
  if (b.length < 256) return b;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const provAt = Math.min(view.getUint32(40, true), b.length);
  b.set(sha256(b.subarray(256, Math.max(256, provAt))), 160);
  b.set(sha256(b.subarray(provAt)), 192);
  view.setUint32(252, crc32(b.subarray(0, 252)), true);
  return b;
}

function resealDelta(b: Uint8Array): Uint8Array {
  if (b.length < 48) return b;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  view.setUint32(44, 0, true);
  view.setUint32(44, crc32(b), true);
  return b;
}

/** 1–4 byte changes, spread over the regions (header, columns, provenance) rather than the 256 KiB index. */
const mutation = (regions: readonly [number, number][]): fc.Arbitrary<[number, number][]> =>
  fc.array(
    fc
      .tuple(fc.constantFrom(...regions), fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([[from, to], n, xor]): [number, number] => [from + (n % (to - from)), xor]),
    { minLength: 1, maxLength: 4 },
  );
// Each resealed snapshot case hashes the 256 KiB+ table section twice; 3k keep this file within seconds.
const RESEALED_SNAPSHOT_RUNS = 3_000;

describe('snapshot decoder fuzz', async () => {
  const table = await buildTable(ENTRIES, { listId: 'fuzz', version: 3 });
  const valid = encodeSnapshot(table);

  it('10k random byte strings → typed error, never a throw', async () => {
    const magic = Array.from(valid.subarray(0, 12));
    const prefixed = fc.uint8Array({ maxLength: 400 }).map((b) => Uint8Array.from([...magic, ...b]));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), prefixed), async (bytes) => {
        const r = await decodeSnapshot(bytes);
        expect(r.ok).toBe(false);
        expectTyped(r);
      }),
      { numRuns: 10_000 },
    );
  });

  const provAt = new DataView(valid.buffer).getUint32(40, true);
  const snapshotRegions: [number, number][] = [[0, 256], [256, 512], [256 + 262_148, provAt], [provAt, valid.length]];

  it('mutated snapshots with resealed checksums → typed error or a usable table', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(snapshotRegions), fc.nat(16), async (changes, cut) => {
        const bytes = valid.slice(0, valid.length - (cut > 12 ? cut * 8 : 0));
        for (const [at, xor] of changes) if (at < bytes.length) bytes[at] = bytes[at]! ^ xor;
        const r = await decodeSnapshot(resealSnapshot(bytes));
        expectTyped(r);
        if (r.ok) {
          lookup(r.value, 'https://x.a.example/p/q');
          for (const e of ENTRIES) provenanceOf(r.value, e.key);
        }
      }),
      { numRuns: RESEALED_SNAPSHOT_RUNS },
    );
  }, 120_000);
});

describe('delta decoder fuzz', async () => {
  const a = await buildTable(ENTRIES, { listId: 'fuzz', version: 1 });
  const changed: ListEntryInput[] = [
    ENTRIES[0]!,
    { ...ENTRIES[2]!, severity: 'high' },
    { key: 'c.example/', category: 'other', severity: 'low', sources: ['q'] },
  ];
  const b = await buildTable(changed, { listId: 'fuzz', version: 2 });
  const valid = encodeDelta(diffTables(a, b));

  it('10k random byte strings → typed error, never a throw', () => {
    const magic = Array.from(valid.subarray(0, 12));
    const prefixed = fc.uint8Array({ maxLength: 600 }).map((x) => Uint8Array.from([...magic, ...x]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), prefixed), (bytes) => {
        const r = decodeDelta(bytes);
        expect(r.ok).toBe(false);
        expectTyped(r);
      }),
      { numRuns: 10_000 },
    );
  });

  it('10k mutated deltas with resealed checksums → typed error, or a delta that applies or is refused', async () => {
    await fc.assert(
      fc.asyncProperty(mutation([[0, valid.length]]), async (changes) => {
        const bytes = valid.slice();
        for (const [at, xor] of changes) bytes[at] = bytes[at]! ^ xor;
        const r = decodeDelta(resealDelta(bytes));
        expectTyped(r);
        if (r.ok) expectTyped(await applyDelta(a, r.value));
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('keyed snapshot and delta fuzz (format 2)', async () => {
  const keyed = { keys: true } as const;
  const a = await buildTable(ENTRIES, { listId: 'fuzz', version: 1 }, keyed);
  const changed: ListEntryInput[] = [ENTRIES[0]!, { key: 'c.example/', category: 'other', severity: 'low', sources: ['q'] }];
  const b = await buildTable(changed, { listId: 'fuzz', version: 2 }, keyed);
  const snap = encodeSnapshot(a);
  const view = new DataView(snap.buffer);
  const provAt = view.getUint32(40, true);
  const keysAt = provAt + view.getUint32(44, true);

  /** Reseal every checksum including the keys hash, with the sections where the (mutated) header says. */
  function resealKeyed(bytes: Uint8Array): Uint8Array {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const p = Math.min(v.getUint32(40, true), bytes.length);
    const k = Math.min(Math.max(p, p + v.getUint32(44, true)), bytes.length);
    bytes.set(sha256(bytes.subarray(256, Math.max(256, p))), 160);
    bytes.set(sha256(bytes.subarray(p, k)), 192);
    bytes.set(sha256(bytes.subarray(k)), 120);
    v.setUint32(252, crc32(bytes.subarray(0, 252)), true);
    return bytes;
  }

  it('mutated keyed snapshots (keys section and header) with resealed checksums → typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(mutation([[0, 256], [keysAt, snap.length]]), async (changes) => {
        const bytes = snap.slice();
        for (const [at, xor] of changes) bytes[at] = bytes[at]! ^ xor;
        const r = await decodeSnapshot(resealKeyed(bytes));
        expectTyped(r);
        if (r.ok) {
          expectTyped(listKeys(r.value));
          expectTyped(listEntries(r.value));
        }
      }),
      { numRuns: RESEALED_SNAPSHOT_RUNS },
    );
  }, 120_000);

  it('mutated keyed deltas with resealed checksums → typed error, or a delta that applies or is refused', async () => {
    const valid = encodeDelta(diffTables(a, b));
    await fc.assert(
      fc.asyncProperty(mutation([[0, valid.length]]), async (changes) => {
        const bytes = valid.slice();
        for (const [at, xor] of changes) bytes[at] = bytes[at]! ^ xor;
        const r = decodeDelta(resealDelta(bytes));
        expectTyped(r);
        if (r.ok) {
          const applied = await applyDelta(a, r.value);
          expectTyped(applied);
          if (applied.ok) expectTyped(listKeys(applied.value));
        }
      }),
      { numRuns: 10_000 },
    );
    expect(listKeys(a)).toEqual({ ok: true, value: ENTRIES.map((e) => e.key).sort(compareKeys) });
  }, 120_000);
});
