/**
 * Provenance (first-seen date, sources) per entry, kept outside the hot table and decoded lazily.
 *
 * Entries share few distinct (firstSeen, sources) tuples, so the section is a string dictionary, a tuple table
 * and one small tuple id per entry (in table order):
 *   u32 entryCount, stringCount, tupleCount, idWidth (0|1|2|4 bytes), stringBytes, tupleWords
 *   u32 stringOffsets[stringCount + 1]        into the UTF-8 string bytes
 *   u32 tupleOffsets[tupleCount + 1]          into tupleWords
 *   u32 tupleWords[]                           per tuple: firstSeen string id + 1 (0 = none), source ids…
 *   idWidth × entryCount tuple ids, zero padding to 4; UTF-8 string bytes, zero padding to 8
 * Canonical: strings sorted and unique, sources sorted and unique per tuple, tuples sorted and all referenced,
 * idWidth the smallest that fits. So equal provenance gives equal bytes and its SHA-256 can verify a delta.
 * Example: 3 entries [{2025-01-02, [tw165]}, {}, {2025-01-02, [tw165]}] → strings ['2025-01-02', 'tw165'],
 * tuples [[0], [1, 1]], idWidth 1, ids [1, 0, 1].
 */
import { alignUp } from './bytes.ts';

export interface RawTuple {
  readonly firstSeen: string | null;
  readonly sources: readonly string[];
}

export const NO_PROVENANCE: RawTuple = { firstSeen: null, sources: [] };
export const HEADER_WORDS = 6;

export function idWidthFor(tupleCount: number): number {
  return tupleCount <= 1 ? 0 : tupleCount <= 256 ? 1 : tupleCount <= 65536 ? 2 : 4;
}

export type IdView = Uint8Array | Uint16Array | Uint32Array;

export function idView(bytes: Uint8Array, at: number, width: number, count: number): IdView {
  const off = bytes.byteOffset + at;
  if (width === 1) return new Uint8Array(bytes.buffer, off, count);
  if (width === 2) return new Uint16Array(bytes.buffer, off, count);
  return new Uint32Array(bytes.buffer, off, count);
}

/** Sources sorted and unique. */
export function canonicalTuple(firstSeen: string | null, sources: readonly string[]): RawTuple {
  let sorted = true;
  for (let i = 1; i < sources.length; i++) if (!(sources[i - 1]! < sources[i]!)) sorted = false;
  return { firstSeen, sources: sorted ? sources : [...new Set(sources)].sort() };
}

/** Unambiguous key of a canonical tuple (length-prefixed, so no separator can be forged). */
export function tupleKey(t: RawTuple): string {
  let key = t.firstSeen === null ? '-' : `${t.firstSeen.length}:${t.firstSeen}`;
  for (const s of t.sources) key += `${s.length}:${s}`;
  return key;
}

/**
 * Canonical tuple order: no first-seen first, then by first-seen, then by sources element-wise (shorter first).
 * String ids are assigned in sorted string order, so this is also the order of the tuples' id words.
 */
export function compareTuples(a: RawTuple, b: RawTuple): number {
  if (a.firstSeen !== b.firstSeen) {
    if (a.firstSeen === null) return -1;
    if (b.firstSeen === null) return 1;
    return a.firstSeen < b.firstSeen ? -1 : 1;
  }
  const n = Math.min(a.sources.length, b.sources.length);
  for (let i = 0; i < n; i++) if (a.sources[i] !== b.sources[i]) return a.sources[i]! < b.sources[i]! ? -1 : 1;
  return a.sources.length - b.sources.length;
}

/** A section with everything written but the per-entry tuple ids (`ids` null: one tuple, no ids stored). */
export interface ProvenanceLayout {
  readonly bytes: Uint8Array;
  readonly ids: IdView | null;
}

/** Lays out a section for canonical, sorted, all-referenced tuples; the caller fills in the ids. */
export function layoutProvenance(tuples: readonly RawTuple[], count: number): ProvenanceLayout {
  const stringSet = new Set<string>();
  for (const t of tuples) {
    if (t.firstSeen !== null) stringSet.add(t.firstSeen);
    for (const s of t.sources) stringSet.add(s);
  }
  const strings = [...stringSet].sort();
  const stringId = new Map(strings.map((s, i) => [s, i]));
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => encoder.encode(s));
  const stringBytes = encoded.reduce((n, b) => n + b.length, 0);
  const tupleWords = tuples.reduce((n, t) => n + 1 + t.sources.length, 0);
  const width = idWidthFor(tuples.length);
  const idsAt = 4 * (HEADER_WORDS + strings.length + 1 + tuples.length + 1 + tupleWords);
  const stringsAt = alignUp(idsAt + width * count, 4);
  const out = new Uint8Array(alignUp(stringsAt + stringBytes, 8));
  const u32 = new Uint32Array(out.buffer, 0, idsAt / 4);
  u32.set([count, strings.length, tuples.length, width, stringBytes, tupleWords]);
  let w = HEADER_WORDS;
  let offset = 0;
  for (const b of encoded) {
    u32[w++] = offset;
    out.set(b, stringsAt + offset);
    offset += b.length;
  }
  u32[w++] = offset;
  let word = w + tuples.length + 1;
  const tupleStart = word;
  for (const t of tuples) {
    u32[w++] = word - tupleStart;
    u32[word++] = t.firstSeen === null ? 0 : stringId.get(t.firstSeen)! + 1;
    for (const s of t.sources) u32[word++] = stringId.get(s)!;
  }
  u32[w] = word - tupleStart;
  return { bytes: out, ids: width > 0 ? idView(out, idsAt, width, count) : null };
}

/** A section from canonical sorted tuples and each entry's final tuple id. */
export function writeProvenance(tuples: readonly RawTuple[], ids: Uint32Array, count: number): Uint8Array {
  const layout = layoutProvenance(tuples, count);
  layout.ids?.set(ids.subarray(0, count));
  return layout.bytes;
}

/** Canonical section for `count` entries whose provenance is rawTuples[rawIds[i]] (any order, duplicates). */
export function encodeProvenance(rawTuples: readonly RawTuple[], rawIds: Uint32Array, count: number): Uint8Array {
  const used = new Uint8Array(rawTuples.length);
  for (let i = 0; i < count; i++) used[rawIds[i]!] = 1;
  const keyOf = new Map<string, number>();
  const uniqueOf = new Uint32Array(rawTuples.length);
  const unique: RawTuple[] = [];
  for (let i = 0; i < rawTuples.length; i++) {
    if (!used[i]) continue;
    const t = canonicalTuple(rawTuples[i]!.firstSeen, rawTuples[i]!.sources);
    const key = tupleKey(t);
    let u = keyOf.get(key);
    if (u === undefined) {
      u = unique.length;
      keyOf.set(key, u);
      unique.push(t);
    }
    uniqueOf[i] = u;
  }
  const order = unique.map((_, i) => i).sort((x, y) => compareTuples(unique[x]!, unique[y]!));
  const rank = new Uint32Array(order.length);
  order.forEach((u, r) => (rank[u] = r));
  const ids = new Uint32Array(count);
  for (let i = 0; i < count; i++) ids[i] = rank[uniqueOf[rawIds[i]!]!]!;
  return writeProvenance(order.map((u) => unique[u]!), ids, count);
}
