import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTable, decodeSnapshot, encodeSnapshot, lookup, lookupKey, provenanceOf } from '../../../../src/core/lists/index.ts';
import { crc32 } from '../../../../src/core/lists/hash.ts';
import { generateEntries, generateUrls } from '../../../bench/lib/gen-list-data.ts';
import { entriesArb, sameBytes } from './arbitraries.ts';

const META = { listId: 'main', version: 202611251200 };

async function sample(): Promise<Uint8Array> {
  const t = await buildTable(
    [
      { key: 'scam.example/', category: 'investment', severity: 'high', firstSeen: '2025-05-01', sources: ['tw165', 'user-report'] },
      { key: 'wallet:eth:0xabc', category: 'investment', severity: 'medium' },
    ],
    META,
  );
  return encodeSnapshot(t);
}

function withHeaderCrc(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(252, crc32(bytes.subarray(0, 252)), true);
  return bytes;
}

describe('snapshot round trip', () => {
  it('decodes to an equal table (lookups, hashes, provenance, meta)', async () => {
    const bytes = await sample();
    const r = await decodeSnapshot(bytes);
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toMatchObject({ listId: 'main', version: 202611251200, count: 2 });
    expect(lookup(r.value, 'https://a.scam.example/x')?.expression).toBe('scam.example/');
    expect(lookupKey(r.value, 'wallet:eth:0xabc')?.severity).toBe('medium');
    expect(provenanceOf(r.value, 'scam.example/')).toEqual({ firstSeen: '2025-05-01', sources: ['tw165', 'user-report'] });
    expect(sameBytes(encodeSnapshot(r.value), bytes)).toBe(true);
  });

  it('accepts a misaligned view (copies it)', async () => {
    const bytes = await sample();
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const r = await decodeSnapshot(shifted.subarray(3));
    expect(r.ok).toBe(true);
  });

  it('round-trips random lists', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (entries) => {
        const t = await buildTable(entries, META);
        const r = await decodeSnapshot(encodeSnapshot(t));
        if (!r.ok) throw new Error(r.message);
        expect([r.value.sha256, r.value.provenanceSha256, r.value.count]).toEqual([t.sha256, t.provenanceSha256, t.count]);
        for (const e of entries) {
          expect(lookupKey(r.value, e.key)).toEqual(lookupKey(t, e.key));
          expect(provenanceOf(r.value, e.key)).toEqual(provenanceOf(t, e.key));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips 200k entries and answers the same', async () => {
    const entries = generateEntries(200_000, 11);
    const t = await buildTable(entries, META);
    const bytes = encodeSnapshot(t);
    // 7 B table + 1.3 B index share at this size + ~2 B provenance ids + dictionaries.
    expect(bytes.length / t.count).toBeLessThan(12);
    const r = await decodeSnapshot(bytes);
    if (!r.ok) throw new Error(r.message);
    const urls = generateUrls(entries, 5000, 0.5, 3);
    let hits = 0;
    for (const u of urls) {
      const m = lookup(r.value, u);
      expect(m).toEqual(lookup(t, u));
      if (m) hits++;
    }
    expect(hits).toBeGreaterThan(2000);
    const e = entries[1234]!;
    expect(provenanceOf(r.value, e.key)).toEqual({ firstSeen: e.firstSeen, sources: [...new Set(e.sources)].sort() });
  }, 20_000);
});

describe('snapshot rejection (typed errors)', () => {
  it.each([
    ['empty', () => new Uint8Array(0), 'BAD_LENGTH'],
    ['wrong magic', (b: Uint8Array) => Object.assign(b.slice(), { 0: 0x50 }), 'BAD_MAGIC'],
    ['a delta', () => Uint8Array.of(0x53, 0x53, 0x44, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a, 1, 0, 0, 0), 'BAD_MAGIC'],
    ['format 4', (b: Uint8Array) => Object.assign(b.slice(), { 8: 4 }), 'BAD_FORMAT_VERSION'],
    ['truncated', (b: Uint8Array) => b.slice(0, b.length - 8), 'BAD_LENGTH'],
    ['extended', (b: Uint8Array) => Uint8Array.from([...b, 0, 0, 0, 0, 0, 0, 0, 0]), 'BAD_LENGTH'],
    ['header byte changed', (b: Uint8Array) => Object.assign(b.slice(), { 20: b[20]! ^ 1 }), 'CHECKSUM_MISMATCH'],
    ['table byte changed', (b: Uint8Array) => Object.assign(b.slice(), { 300: b[300]! ^ 1 }), 'CHECKSUM_MISMATCH'],
    ['provenance byte changed', (b: Uint8Array) => Object.assign(b.slice(), { [b.length - 9]: b[b.length - 9]! ^ 1 }), 'CHECKSUM_MISMATCH'],
    ['count changed, header checksum fixed', (b: Uint8Array) => withHeaderCrc(Object.assign(b.slice(), { 24: 3 })), 'BAD_LENGTH'],
    ['reserved byte set, header checksum fixed', (b: Uint8Array) => withHeaderCrc(Object.assign(b.slice(), { 130: 1 })), 'CORRUPT'],
  ] as const)('%s → %s', async (_name, mutate, reason) => {
    const r = await decodeSnapshot(mutate(await sample()));
    expect(r.ok ? 'ok' : r.reason).toBe(reason);
  });

  it('rejects every single-byte change', async () => {
    const bytes = await sample();
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ xor;
        expect((await decodeSnapshot(changed)).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('snapshot input buffers', () => {
  it('accepts bytes backed by a SharedArrayBuffer (copied before hashing)', async () => {
    const bytes = await sample();
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    expect((await decodeSnapshot(shared)).ok).toBe(true);
  });
});
