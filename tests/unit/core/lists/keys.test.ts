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
import { compareKeys, isSortedUnique, mergeKeyList, sortKeys, utf8Joined } from '../../../../src/core/lists/keys-codec.ts';
import { fingerprintBytesInto, fingerprintOf } from '../../../../src/core/lists/fingerprint.ts';
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
const sortedUniqueKeys = (entries: readonly ListEntryInput[]): string[] => [...new Set(entries.map((e) => e.key))].sort(compareKeys);
const sha256 = (b: Uint8Array): Uint8Array => createHash('sha256').update(b).digest();

const keyArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('scam.test/', 'scam.test/pay/', 'scam.test/pay/x', 'shop.test/', '中文.test/', 'im:qq:1', ''),
);
const keySetArb = fc.uniqueArray(keyArb.filter((k) => !k.includes('\n')), { maxLength: 60 }).map((ks) => ks.sort(compareKeys));

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

  it('snapshots of list format 3: file format 3 with or without keys; both load', async () => {
    const plain = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }));
    const keyed = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, KEYED));
    expect(new DataView(plain.buffer).getUint32(8, true)).toBe(3);
    expect(new DataView(keyed.buffer).getUint32(8, true)).toBe(3);
    expect(sameBytes(keyed.subarray(256, plain.length), plain.subarray(256))).toBe(true);
    const back = value(await decodeSnapshot(keyed));
    expect(keysOf(back)).toEqual(sortedUniqueKeys(A));
    expect(sameBytes(encodeSnapshot(back), keyed)).toBe(true);
    expect(keysOf(value(await decodeSnapshot(plain)))).toBeNull();
  });

  it('snapshots of list format 2: format 1 without keys (byte-identical to before), format 2 with; both load', async () => {
    const plain = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, { format: 2 }));
    const keyed = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, { ...KEYED, format: 2 }));
    expect(new DataView(plain.buffer).getUint32(8, true)).toBe(1);
    expect(new DataView(keyed.buffer).getUint32(8, true)).toBe(2);
    expect(sameBytes(keyed.subarray(256, plain.length), plain.subarray(256))).toBe(true);
    const back = value(await decodeSnapshot(keyed));
    expect(keysOf(back)).toEqual(sortedUniqueKeys(A));
    expect(sameBytes(encodeSnapshot(back), keyed)).toBe(true);
    expect(keysOf(value(await decodeSnapshot(plain)))).toBeNull();
  });

  it('the bundled list (format 2, real upstream entries) loads with its key strings', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../../../public/lists/bundled.sslist', import.meta.url)));
    const t = value(await decodeSnapshot(bytes));
    expect(t.count).toBeGreaterThan(100_000);
    expect(hasKeys(t)).toBe(true);
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
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(3);
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

  it('without keys on either side the delta has no key changes and the result has no keys', async () => {
    const a = await buildTable(A, { listId: 'k', version: 1 });
    const b = await buildTable(B, { listId: 'k', version: 2 }, KEYED);
    const d = diffTables(a, b);
    expect(d.keys).toBeUndefined();
    expect(new DataView(encodeDelta(d).buffer).getUint32(8, true)).toBe(3);
    expect(value(decodeDelta(encodeDelta(d))).keys).toBeUndefined();
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

const utf8 = new TextEncoder();
/** Unicode-rich keys: astral characters, U+E000–U+FFFF (where UTF-16 and code point order disagree), CJK. */
const richKeyArb = fc.oneof(
  keyArb,
  fc.array(fc.constantFrom('a', '/', '.', '\uE000', '\uFFFD', '\u{1F600}', '\u{10000}', '中', 'é', '\u007f', '\u0080'), { maxLength: 6 }).map((p) => p.join('')),
);
const richKeySetArb = fc.uniqueArray(richKeyArb.filter((k) => !k.includes('\n')), { maxLength: 60 }).map((ks) => ks.sort(compareKeys));

function byteOrder(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

describe('canonical key order (UTF-8 bytes) and byte-level fingerprints', () => {
  it('compareKeys is the UTF-8 byte order of the keys (property)', () => {
    expect(compareKeys('\u{1F600}', '\uE000')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uE000').toBe(true); // what JS order says
    fc.assert(
      fc.property(richKeyArb, richKeyArb, (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(byteOrder(a, b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('sortKeys sorts in that order, and encode/decode keep it (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(richKeyArb.filter((k) => !k.includes('\n')), { maxLength: 40 }), (keys) => {
        const sorted = sortKeys([...keys]);
        expect(isSortedUnique(sorted)).toBe(true);
        expect([...sorted].sort(byteOrder)).toEqual(sorted);
        expect(decodeKeyList(encodeKeyList(sorted))).toEqual(sorted);
        if (sorted.length > 1) expect(() => encodeKeyList([...sorted].reverse())).toThrow(TypeError);
      }),
      { numRuns: 500 },
    );
    expect(() => encodeKeyList(['\u{1F600}', '\uE000'])).toThrow(TypeError); // JS order, not the canonical one
    expect(decodeKeyList(encodeKeyList(['\uE000', '\u{1F600}']))).toEqual(['\uE000', '\u{1F600}']);
  });

  it('fingerprintBytesInto(UTF-8 of k) == fingerprintInto(k), and refuses malformed UTF-8 (property)', () => {
    const out = new Uint32Array(2);
    fc.assert(
      fc.property(fc.oneof(richKeyArb, fc.string({ unit: 'binary', maxLength: 20 })), fc.nat(8), (key, pad) => {
        const bytes = utf8.encode(key);
        const padded = new Uint8Array(bytes.length + 2 * pad).fill(0x41);
        padded.set(bytes, pad);
        const ok = fingerprintBytesInto(padded, pad, pad + bytes.length, out);
        if (new TextDecoder().decode(bytes) === key) {
          expect(ok).toBe(true);
          expect({ hi: out[0], lo: out[1] }).toEqual(fingerprintOf(key));
        }
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(fingerprintBytesInto(bytes, 0, bytes.length, out)).toBe(valid);
        if (valid) expect({ hi: out[0], lo: out[1] }).toEqual(fingerprintOf(new TextDecoder().decode(bytes)));
      }),
      { numRuns: 5000 },
    );
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]]) {
      expect(fingerprintBytesInto(Uint8Array.from(bad), 0, bad.length, out)).toBe(false);
    }
  });
});

describe('mergeKeyList (delta apply on the encoded bytes)', () => {
  const merge = (base: readonly string[], remove: readonly string[], add: readonly string[]): string[] | string => {
    const r = mergeKeyList(encodeKeyList(base), utf8Joined(remove), utf8Joined(add));
    return typeof r === 'string' ? r : (decodeKeyList(r) as string[]);
  };

  it('equals encodeKeyList((base − remove) ∪ add), byte for byte (property)', () => {
    fc.assert(
      fc.property(richKeySetArb, richKeySetArb, fc.func(fc.boolean()), (base, other, pick) => {
        const remove = base.filter((k) => pick(k));
        const inBase = new Set(base);
        const add = other.filter((k) => !inBase.has(k));
        const expected = [...base.filter((k) => !remove.includes(k)), ...add].sort(compareKeys);
        const r = mergeKeyList(encodeKeyList(base), utf8Joined(remove), utf8Joined(add));
        expect(typeof r).not.toBe('string');
        expect(sameBytes(r as Uint8Array, encodeKeyList(expected))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses changes that do not fit, and non-canonical bases', () => {
    const base = ['a/', 'ab/', 'b/', 'c/x'];
    expect(merge(base, ['ab/', 'b/'], ['aa/', 'bb/'])).toEqual(['a/', 'aa/', 'bb/', 'c/x']);
    expect(merge(base, [], [])).toEqual(base);
    expect(merge(base, base, [])).toEqual([]);
    expect(merge([], [], ['x/'])).toEqual(['x/']);
    expect(merge(base, ['ab/x'], [])).toBe('the delta removes a key the base lacks');
    expect(merge(base, ['z/'], [])).toBe('the delta removes a key the base lacks');
    expect(merge(base, [], ['b/'])).toBe('the delta adds a key the base has');
    expect(merge(base, [], ['d/', 'bb/'])).toBe('added keys not sorted and unique');
    expect(merge(base, [], ['d/', 'd/'])).toBe('added keys not sorted and unique');
    const loose = Uint8Array.from([2, 0, 0, 0, 10, 0, 0, 0, 0, 3, 0x61, 0x62, 0x2f, 1, 3, 0x62, 0x2f, 0x78, 0, 0, 0, 0, 0, 0]);
    expect(mergeKeyList(loose, utf8Joined([]), utf8Joined([]))).toBe('keys: prefix not maximal');
    const prefixAfter = Uint8Array.from([2, 0, 0, 0, 8, 0, 0, 0, 0, 4, 0x61, 0x62, 0x2f, 0x78, 3, 0, 0, 0, 0, 0, 0, 0]);
    expect(mergeKeyList(prefixAfter.subarray(0, 16), utf8Joined([]), utf8Joined([]))).toBe('keys: not sorted');
  });

  it('never throws on random or mutated base bytes; what it accepts the decoder accepts (fuzz)', () => {
    const valid = encodeKeyList(['a.test/', 'a.test/p/', 'b.test/', 'wallet:eth:0x1', '中.test/']);
    const remove = utf8Joined(['b.test/']);
    const add = utf8Joined(['a.test/q/', 'c.test/']);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const b = valid.slice();
        b[at] = b[at]! ^ xor;
        const r = mergeKeyList(b, remove, add, () => null);
        const decoded = decodeKeyList(b);
        if (typeof r !== 'string') expect(Array.isArray(decoded) || decoded === 'keys: not UTF-8').toBe(true);
        if (typeof decoded === 'string' && decoded !== 'keys: not UTF-8') expect(typeof r).toBe('string');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = mergeKeyList(bytes, remove, add);
        expect(typeof r === 'string' || r instanceof Uint8Array).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('keyed delta apply on a base whose keys were never checked', () => {
  it('checks the base keys against its entries in the same pass (and then counts them as checked)', async () => {
    const { a, b, d } = await keyedPair();
    const fresh = value(await decodeSnapshot(encodeSnapshot(a)));
    const r = value(await applyDelta(fresh, d));
    expect(r.keysSha256).toBe(b.keysSha256);
    expect(keysOf(r)).toEqual(sortedUniqueKeys(B));
  });

  it('another list\'s keys with a resealed header → applying a delta says CORRUPT', async () => {
    const { d } = await keyedPair();
    const mine = encodeSnapshot(await buildTable(A, { listId: 'k', version: 1 }, KEYED));
    const other = encodeSnapshot(await buildTable([...A.slice(0, 3), { ...A[3]!, key: 'wallet:trx:TXYZ2' }], { listId: 'k', version: 1 }, KEYED));
    const keysAt = (x: Uint8Array): number => new DataView(x.buffer).getUint32(40, true) + new DataView(x.buffer).getUint32(44, true);
    const swapped = new Uint8Array(keysAt(mine) + other.length - keysAt(other));
    swapped.set(mine.subarray(0, keysAt(mine)));
    swapped.set(other.subarray(keysAt(other)), keysAt(mine));
    new DataView(swapped.buffer).setUint32(224, other.length - keysAt(other), true);
    new DataView(swapped.buffer).setUint32(48, swapped.length, true);
    const t = value(await decodeSnapshot(resealKeys(swapped)));
    const r = await applyDelta(t, { ...d, keys: { ...d.keys!, fromSha256: t.keysSha256! } });
    expect(r.ok ? 'ok' : r.reason).toBe('CORRUPT');
  });
});
