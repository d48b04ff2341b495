import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyDelta,
  buildTable,
  decodeDelta,
  decodeKeyList,
  decodeSnapshot,
  diffTables,
  encodeDelta,
  encodeKeyList,
  encodeSnapshot,
  hasKeys,
  listEntries,
  listKeys,
  lookupKey,
  type Delta,
  type ListEntryInput,
  type ListTable,
} from '../../../../src/core/lists/index.ts';
import { crc32 } from '../../../../src/core/lists/hash.ts';
import { entriesArb, sameBytes } from './arbitraries.ts';

const KEYED = { keys: true } as const;
const A: ListEntryInput[] = [
  { key: 'scam.test/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['a'] },
  { key: 'shared-host.test/path/', category: 'fake-shop', severity: 'low' },
  { key: 'gone.test/', category: 'investment', severity: 'low' },
  { key: 'wallet:trx:TXYZ', category: 'investment', severity: 'medium' },
];
const B: ListEntryInput[] = [
  A[0]!,
  { ...A[1]!, severity: 'high' },
  A[3]!,
  { key: 'new.test/', category: 'task-rebate', severity: 'medium', sources: ['user-report'] },
];

function value<T>(r: { ok: true; value: T } | { ok: false; reason: string; message: string }): T {
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r.value;
}

const keysOf = (t: ListTable): readonly string[] | null => value(listKeys(t));
const sortedUniqueKeys = (entries: readonly ListEntryInput[]): string[] => [...new Set(entries.map((e) => e.key))].sort();
const sha256 = (b: Uint8Array): Uint8Array => createHash('sha256').update(b).digest();

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('scam.test/', 'scam.test/pay/', 'scam.test/pay/x', 'shop.test/', '中文.test/', 'im:qq:1', ''),
);
const keySetArb = fc.uniqueArray(keyArb.filter((k) => !k.includes('\n')), { maxLength: 60 }).map((ks) => ks.sort());

describe('key list codec', () => {
  it('the header example', () => {
    const bytes = encodeKeyList(['scam.test/', 'scam.test/pay/', 'shop.test/']);
    expect(bytes.length).toBe(40);
    expect(Array.from(bytes.subarray(8, 10))).toEqual([0, 10]);
    expect(decodeKeyList(bytes)).toEqual(['scam.test/', 'scam.test/pay/', 'shop.test/']);
  });

  it('round-trips any sorted unique key set, and the encoding is canonical (property)', () => {
    fc.assert(
      fc.property(keySetArb, (keys) => {
        const bytes = encodeKeyList(keys);
        expect(decodeKeyList(bytes)).toEqual(keys);
        expect(sameBytes(encodeKeyList([...keys]), bytes)).toBe(true);
        expect(bytes.length % 8).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses unsorted, duplicate or newline keys when encoding (programming errors)', () => {
    expect(() => encodeKeyList(['b/', 'a/'])).toThrow(TypeError);
    expect(() => encodeKeyList(['a/', 'a/'])).toThrow(TypeError);
    expect(() => encodeKeyList(['a\nb/'])).toThrow(TypeError);
  });

  it('rejects non-canonical or malformed lists with a reason', () => {
    // 'ab/x' stored with a shared prefix of 1 instead of 3: same keys, other bytes → refused (one encoding per set)
    const loose = Uint8Array.from([2, 0, 0, 0, 10, 0, 0, 0, 0, 3, 0x61, 0x62, 0x2f, 1, 3, 0x62, 0x2f, 0x78, 0, 0, 0, 0, 0, 0]);
    expect(decodeKeyList(loose)).toBe('keys: prefix not maximal');
    expect(decodeKeyList(encodeKeyList(['ab/', 'ab/x']))).toEqual(['ab/', 'ab/x']);
    expect(decodeKeyList(encodeKeyList(['ac/']).subarray(0, 8))).toBe('keys: truncated');
    // 'ab/' after 'ab/x' (a proper prefix, no suffix): out of order
    const prefixAfter = Uint8Array.from([2, 0, 0, 0, 8, 0, 0, 0, 0, 4, 0x61, 0x62, 0x2f, 0x78, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(decodeKeyList(prefixAfter.subarray(0, 16))).toBe('keys: not sorted');
    const newline = encodeKeyList(['a/', 'b/']);
    newline[newline.indexOf(0x62)] = 0x0a;
    expect(decodeKeyList(newline)).toMatch(/^keys: /);
  });

  it('never throws on random or mutated bytes (fuzz)', () => {
    const valid = encodeKeyList(['a.test/', 'a.test/p/', 'b.test/', 'wallet:eth:0x1', '中.test/']);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeKeyList(bytes);
        expect(typeof r === 'string' || Array.isArray(r)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const b = valid.slice();
        b[at] = b[at]! ^ xor;
        const r = decodeKeyList(b);
        if (Array.isArray(r)) {
          // a change that still decodes must give another canonical set, never the same one from other bytes
          expect(sameBytes(encodeKeyList(r), b)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tables with key strings', () => {
  it('buildTable keeps one key per entry, sorted; lookups are unchanged', async () => {
    const plain = await buildTable(A, { listId: 'k', version: 1 });
    const keyed = await buildTable(A, { listId: 'k', version: 1 }, KEYED);
    expect(hasKeys(plain)).toBe(false);
    expect(value(listKeys(plain))).toBeNull();
    expect(keysOf(keyed)).toEqual(sortedUniqueKeys(A));
    expect([keyed.sha256, keyed.provenanceSha256]).toEqual([plain.sha256, plain.provenanceSha256]);
    for (const e of A) expect(lookupKey(keyed, e.key)).toEqual(lookupKey(plain, e.key));
  });

  it('listEntries gives key, category, severity and provenance', async () => {
    const keyed = await buildTable([...A, { ...A[0]!, severity: 'low', sources: ['b'] }], { listId: 'k', version: 1 }, KEYED);
    const entries = value(listEntries(keyed))!;
    expect(entries.map((e) => e.key)).toEqual(sortedUniqueKeys(A));
    expect(entries.find((e) => e.key === 'scam.test/')).toEqual({
      key: 'scam.test/', category: 'phishing', severity: 'high', firstSeen: '2025-01-01', sources: ['a', 'b'],
    });
  });

  it('snapshots: format 1 without keys (byte-identical to before), format 2 with; both load', async () => {
    const plain = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }));
    const keyed = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, KEYED));
    expect(new DataView(plain.buffer).getUint32(8, true)).toBe(1);
    expect(new DataView(keyed.buffer).getUint32(8, true)).toBe(2);
    expect(sameBytes(keyed.subarray(256, plain.length), plain.subarray(256))).toBe(true);
    const back = value(await decodeSnapshot(keyed));
    expect(keysOf(back)).toEqual(sortedUniqueKeys(A));
    expect(sameBytes(encodeSnapshot(back), keyed)).toBe(true);
    expect(keysOf(value(await decodeSnapshot(plain)))).toBeNull();
  });

  it('the bundled format-1 list still loads (no keys)', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../../../public/lists/bundled.sslist', import.meta.url)));
    const t = value(await decodeSnapshot(bytes));
    expect(t.count).toBeGreaterThan(0);
    expect(hasKeys(t)).toBe(false);
  });

  it('round-trips random lists with keys (property)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (entries) => {
        const t = await buildTable(entries, { listId: 'p', version: 1 }, KEYED);
        const back = value(await decodeSnapshot(encodeSnapshot(t)));
        const keys = keysOf(back)!;
        expect(keys.length).toBe(back.count);
        expect(keys).toEqual(sortedUniqueKeys(entries));
        expect(back.keysSha256).toBe(t.keysSha256);
      }),
      { numRuns: 100 },
    );
  });
});

/** Recompute the keys hash in the header and the header CRC (what a forger with write access could do). */
function resealKeys(b: Uint8Array): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const keysAt = view.getUint32(40, true) + view.getUint32(44, true);
  b.set(sha256(b.subarray(keysAt)), 120);
  view.setUint32(252, crc32(b.subarray(0, 252)), true);
  return b;
}

describe('corrupt or swapped keys sections (typed errors)', () => {
  it('a changed key byte → CHECKSUM_MISMATCH', async () => {
    const bytes = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, KEYED));
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    const r = await decodeSnapshot(bytes);
    expect(r.ok ? 'ok' : r.reason).toBe('CHECKSUM_MISMATCH');
  });

  it('another list\'s keys with a resealed header → decodes, but listKeys says CORRUPT', async () => {
    const mine = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, KEYED));
    const other = encodeSnapshot(await buildTable(B, { listId: 'k', version: 1 }, KEYED));
    const keysAt = (b: Uint8Array): number => new DataView(b.buffer).getUint32(40, true) + new DataView(b.buffer).getUint32(44, true);
    const swapped = new Uint8Array(keysAt(mine) + other.length - keysAt(other));
    swapped.set(mine.subarray(0, keysAt(mine)));
    swapped.set(other.subarray(keysAt(other)), keysAt(mine));
    new DataView(swapped.buffer).setUint32(224, other.length - keysAt(other), true);
    new DataView(swapped.buffer).setUint32(48, swapped.length, true);
    const t = value(await decodeSnapshot(resealKeys(swapped)));
    const r = listKeys(t);
    expect(r.ok ? 'ok' : r.reason).toBe('CORRUPT');
    const e = listEntries(t);
    expect(e.ok ? 'ok' : e.reason).toBe('CORRUPT');
  });

  it('a format-2 header without a keys section, or format 1 with one → CORRUPT', async () => {
    const plain = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }));
    plain[8] = 2;
    new DataView(plain.buffer).setUint32(252, crc32(plain.subarray(0, 252)), true);
    const r = await decodeSnapshot(plain);
    expect(r.ok ? 'ok' : r.reason).toBe('CORRUPT');
  });
});

async function keyedPair(ea = A, eb = B): Promise<{ a: ListTable; b: ListTable; d: Delta }> {
  const a = await buildTable(ea, { listId: 'k', version: 1 }, KEYED);
  const b = await buildTable(eb, { listId: 'k', version: 2 }, KEYED);
  return { a, b, d: diffTables(a, b) };
}

describe('deltas with key strings', () => {
  it('carry the keys of new and removed entries (upserts keep theirs)', async () => {
    const { d } = await keyedPair();
    expect(d.keys).toMatchObject({ add: ['new.test/'], remove: ['gone.test/'] });
    const bytes = encodeDelta(d);
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(2);
    expect(value(decodeDelta(bytes)).keys).toEqual(d.keys);
  });

  it('apply(diff(A, B), A) == B including keys, key count == entry count (property)', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, entriesArb, async (ea, eb) => {
        const { a, b, d } = await keyedPair(ea, eb);
        const r = value(await applyDelta(a, value(decodeDelta(encodeDelta(d)))));
        expect(sameBytes(encodeSnapshot(r), encodeSnapshot(b))).toBe(true);
        const keys = keysOf(r)!;
        expect(keys.length).toBe(r.count);
        expect(keys).toEqual(sortedUniqueKeys(eb));
      }),
      { numRuns: 100 },
    );
  });

  it('a chain of keyed deltas follows the target exactly', async () => {
    let table = await buildTable(A, { listId: 'k', version: 1 }, KEYED);
    const versions = [B, [...B, { key: 'x.test/', category: 'other', severity: 'low' } as ListEntryInput], A];
    for (const [i, entries] of versions.entries()) {
      const target = await buildTable(entries, { listId: 'k', version: i + 2 }, KEYED);
      table = value(await applyDelta(table, value(decodeDelta(encodeDelta(diffTables(table, target))))));
      expect(table.keysSha256).toBe(target.keysSha256);
    }
    expect(keysOf(table)).toEqual(sortedUniqueKeys(A));
  });

  it('without keys on either side the delta is format 1 and the result has no keys', async () => {
    const a = await buildTable(A, { listId: 'k', version: 1 });
    const b = await buildTable(B, { listId: 'k', version: 2 }, KEYED);
    const d = diffTables(a, b);
    expect(d.keys).toBeUndefined();
    expect(new DataView(encodeDelta(d).buffer).getUint32(8, true)).toBe(1);
    const r = value(await applyDelta(a, d));
    expect(hasKeys(r)).toBe(false);
    expect(r.sha256).toBe(b.sha256);
  });

  it('a keyed delta on a keyless base gives a keyless result (the client then takes the snapshot)', async () => {
    const { d } = await keyedPair();
    const plainA = await buildTable(A, { listId: 'k', version: 1 });
    const r = value(await applyDelta(plainA, d));
    expect(hasKeys(r)).toBe(false);
  });

  it('refuses key changes that do not fit (typed)', async () => {
    const { a, d } = await keyedPair();
    const keys = d.keys!;
    const cases: [Delta, string][] = [
      [{ ...d, keys: { ...keys, fromSha256: '0'.repeat(64) } }, 'WRONG_BASE'],
      [{ ...d, keys: { ...keys, toSha256: '0'.repeat(64) } }, 'RESULT_MISMATCH'],
      [{ ...d, keys: { ...keys, add: ['other.test/'] } }, 'CORRUPT'],
      [{ ...d, keys: { ...keys, remove: [] } }, 'CORRUPT'],
      [{ ...d, keys: { ...keys, add: ['new.test/', 'new.test/'] } }, 'CORRUPT'],
    ];
    for (const [delta, reason] of cases) {
      const r = await applyDelta(a, delta);
      expect(r.ok ? 'ok' : r.reason).toBe(reason);
    }
    expect(keysOf(a)).toEqual(sortedUniqueKeys(A));
  });

  it('rejects every single-byte change of a keyed delta', async () => {
    const bytes = encodeDelta((await keyedPair()).d);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ xor;
        expect(decodeDelta(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
