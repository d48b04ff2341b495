import { describe, expect, it } from 'vitest';
import { buildTable, decodeSnapshot, encodeSnapshot, lookup, lookupBuckets, openPartial, PARTIAL_HEAD_BYTES, provenanceOf, withoutKeys, type ListEntryInput } from '../../../../src/core/lists';
import { CHUNK_BUCKETS, wakeRangesOf } from '../../../../src/core/lists/partial';

const CATS = ['fake-shop', 'phishing', 'investment'] as const;
const SEVS = ['low', 'medium', 'high'] as const;

function entries(n: number): ListEntryInput[] {
  const out: ListEntryInput[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      key: i % 7 === 0 ? `host${i}.test/path${i}/` : `host${i}.test/`,
      category: CATS[i % 3]!,
      severity: SEVS[(i >> 2) % 3]!,
      firstSeen: `2026-0${1 + (i % 9)}-01`,
      sources: [`src${i % 5}`, ...(i % 2 ? ['extra'] : [])],
    });
  }
  return out;
}

async function keyless(n: number): Promise<Uint8Array> {
  return encodeSnapshot(withoutKeys(await buildTable(entries(n), { listId: 'main', version: 4 }, { keys: true })));
}

function reader(file: Uint8Array, log?: [number, number][]) {
  return (from: number, to: number): Promise<Uint8Array> => {
    log?.push([from, to]);
    return Promise.resolve(file.slice(from, Math.min(to, file.length)));
  };
}

const URLS = (n: number): string[] => [
  ...Array.from({ length: 60 }, (_, i) => `https://host${i * 97}.test/`),
  ...Array.from({ length: 20 }, (_, i) => `https://host${i * 7 * 13}.test/path${i * 7 * 13}/x?y=1`),
  ...Array.from({ length: 20 }, (_, i) => `https://www.unlisted${i}.test/a/b`),
  `https://host${n - 1}.test/`,
];

describe('openPartial: a key-less snapshot read in chunks (wake8)', () => {
  it('gives the same answers and provenance as the whole file, reading only the chunks asked for', async () => {
    const n = 20_000;
    const file = await keyless(n);
    const whole = await decodeSnapshot(file);
    if (!whole.ok) throw new Error(whole.message);
    const log: [number, number][] = [];
    const opened = await openPartial(file.slice(0, PARTIAL_HEAD_BYTES), file.length, reader(file, log));
    if (!opened.ok) throw new Error(opened.message);
    const p = opened.value;
    expect(p.loadedChunks).toBe(0);
    for (const url of URLS(n)) {
      expect(p.covers(lookupBuckets(url))).toBe(p.covers(lookupBuckets(url))); // pure
      await p.ensure(lookupBuckets(url));
      expect(p.covers(lookupBuckets(url))).toBe(true);
      const want = lookup(whole.value, url);
      expect(lookup(p.table, url)).toEqual(want);
      if (want) expect(provenanceOf(p.table, want.expression)).toEqual(provenanceOf(whole.value, want.expression));
    }
    expect(URLS(n).filter((u) => lookup(p.table, u) !== null).length).toBeGreaterThan(50); // mostly listed URLs
    // Far less than the whole file was read.
    const read = log.reduce((s, [a, b]) => s + b - a, 0);
    expect(read).toBeLessThan(file.length / 4);
    expect(p.loadedChunks).toBeLessThan(1024);
  });

  it('wakeRangesOf: every read of openPartial before a chunk lies in those ranges (a wake issues them at once)', async () => {
    const file = await keyless(20_000);
    const ranges = wakeRangesOf(file)!;
    expect(ranges[0]).toEqual([0, PARTIAL_HEAD_BYTES]);
    const log: [number, number][] = [];
    const opened = await openPartial(file.slice(0, PARTIAL_HEAD_BYTES), file.length, reader(file, log));
    expect(opened.ok).toBe(true);
    expect(log.length).toBeGreaterThan(0);
    for (const [a, b] of log) expect(ranges.some(([f, t]) => f <= a && b <= t)).toBe(true);
    expect(ranges.reduce((s, [f, t]) => s + t - f, 0)).toBeLessThan(PARTIAL_HEAD_BYTES + 4096);
  });

  it('an unloaded chunk is not covered (a lookup there would be inexact)', async () => {
    const file = await keyless(5000);
    const opened = await openPartial(file.slice(0, PARTIAL_HEAD_BYTES), file.length, reader(file));
    if (!opened.ok) throw new Error(opened.message);
    const buckets = lookupBuckets('https://host1.test/');
    expect(opened.value.covers(buckets)).toBe(false);
    await opened.value.ensure([buckets[0]! ^ CHUNK_BUCKETS]); // a neighbouring chunk, not this one
    expect(opened.value.covers([buckets[0]!])).toBe(false);
  });

  it('a corrupt chunk (unsorted fingerprints, bad category) rejects, and every later ensure too', async () => {
    const n = 20_000;
    const file = await keyless(n);
    const whole = await decodeSnapshot(file);
    if (!whole.ok) throw new Error(whole.message);
    const url = 'https://host5.test/';
    const bucket = lookupBuckets(url)[0]!;
    const t = whole.value as unknown as { index: Uint32Array };
    const first = t.index[bucket - (bucket % CHUNK_BUCKETS)]!;
    const bad = file.slice();
    bad[256 + 65537 * 4 + 6 * n + first] = 0; // category id 0 of the chunk's first entry
    const opened = await openPartial(bad.slice(0, PARTIAL_HEAD_BYTES), bad.length, reader(bad));
    if (!opened.ok) throw new Error(opened.message);
    await expect(opened.value.ensure([bucket])).rejects.toThrow(/bad category/);
    expect(opened.value.covers([bucket])).toBe(false);
    await expect(opened.value.ensure(lookupBuckets('https://host9999.test/'))).rejects.toThrow();
  });

  it('a failed or short read rejects (never covered)', async () => {
    const file = await keyless(3000);
    const opened = await openPartial(file.slice(0, PARTIAL_HEAD_BYTES), file.length, reader(file));
    if (!opened.ok) throw new Error(opened.message);
    const p = opened.value;
    (p as unknown as { read: (a: number, b: number) => Promise<Uint8Array> }).read = () => Promise.reject(new Error('gone'));
    const buckets = lookupBuckets('https://host1.test/');
    await expect(p.ensure(buckets)).rejects.toThrow('gone');
    expect(p.covers(buckets)).toBe(false);
  });

  it('a corrupt head, a truncated file, a file with keys: not opened (the caller reads the whole file)', async () => {
    const file = await keyless(3000);
    const badHeader = file.slice(0, PARTIAL_HEAD_BYTES);
    badHeader[20]! ^= 1; // the list version: the header CRC no longer matches
    expect((await openPartial(badHeader, file.length, reader(file))).ok).toBe(false);
    const badIndex = file.slice(0, PARTIAL_HEAD_BYTES);
    badIndex[256 + 4 * 100] = 0xff; // index[100] beyond its neighbours
    expect((await openPartial(badIndex, file.length, reader(file))).ok).toBe(false);
    expect((await openPartial(file.slice(0, PARTIAL_HEAD_BYTES), file.length - 8, reader(file))).ok).toBe(false);
    const withKeys = encodeSnapshot(await buildTable(entries(100), { listId: 'main', version: 4 }, { keys: true }));
    const r = await openPartial(withKeys.slice(0, PARTIAL_HEAD_BYTES), withKeys.length, reader(withKeys));
    expect(r.ok).toBe(false);
  });
});
