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
import type { Provenance } from './types.ts';
import { alignUp } from './bytes.ts';

export interface RawTuple {
  readonly firstSeen: string | null;
  readonly sources: readonly string[];
}

export const NO_PROVENANCE: RawTuple = { firstSeen: null, sources: [] };
const HEADER_WORDS = 6;

function idWidthFor(tupleCount: number): number {
  return tupleCount <= 1 ? 0 : tupleCount <= 256 ? 1 : tupleCount <= 65536 ? 2 : 4;
}

function compareWords(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Canonical section for `count` entries whose provenance is tuples[rawIds[i]]. */
export function encodeProvenance(tuples: readonly RawTuple[], rawIds: Uint32Array, count: number): Uint8Array {
  const used = new Uint8Array(tuples.length);
  for (let i = 0; i < count; i++) used[rawIds[i]!] = 1;
  const stringSet = new Set<string>();
  const keyOf = new Map<string, number>();
  const uniqueOf = new Int32Array(tuples.length).fill(-1);
  const unique: RawTuple[] = [];
  tuples.forEach((t, i) => {
    if (!used[i]) return;
    const sources = [...new Set(t.sources)].sort();
    const key = `${t.firstSeen === null ? '' : '1' + t.firstSeen}\u0000${sources.join('\u0000')}`;
    let u = keyOf.get(key);
    if (u === undefined) {
      u = unique.length;
      keyOf.set(key, u);
      unique.push({ firstSeen: t.firstSeen, sources });
      if (t.firstSeen !== null) stringSet.add(t.firstSeen);
      for (const s of sources) stringSet.add(s);
    }
    uniqueOf[i] = u;
  });
  const strings = [...stringSet].sort();
  const stringId = new Map(strings.map((s, i) => [s, i]));
  const words = unique.map((t) => [
    t.firstSeen === null ? 0 : stringId.get(t.firstSeen)! + 1,
    ...t.sources.map((s) => stringId.get(s)!).sort((x, y) => x - y),
  ]);
  const order = words.map((_, i) => i).sort((x, y) => compareWords(words[x]!, words[y]!));
  const rank = new Uint32Array(order.length);
  order.forEach((u, r) => (rank[u] = r));
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => encoder.encode(s));
  const stringBytes = encoded.reduce((n, b) => n + b.length, 0);
  const tupleWords = words.reduce((n, w) => n + w.length, 0);
  const width = idWidthFor(unique.length);
  const idsAt = 4 * (HEADER_WORDS + strings.length + 1 + unique.length + 1 + tupleWords);
  const stringsAt = alignUp(idsAt + width * count, 4);
  const total = alignUp(stringsAt + stringBytes, 8);
  const out = new Uint8Array(total);
  const u32 = new Uint32Array(out.buffer, 0, idsAt / 4);
  u32.set([count, strings.length, unique.length, width, stringBytes, tupleWords]);
  let w = HEADER_WORDS;
  let offset = 0;
  for (const b of encoded) {
    u32[w++] = offset;
    out.set(b, stringsAt + offset);
    offset += b.length;
  }
  u32[w++] = offset;
  let wordOffset = 0;
  const tupleStart = w + unique.length + 1;
  for (const u of order) {
    u32[w++] = wordOffset;
    u32.set(words[u]!, tupleStart + wordOffset);
    wordOffset += words[u]!.length;
  }
  u32[w] = wordOffset;
  if (width > 0) {
    const ids = idView(out, idsAt, width, count);
    for (let i = 0; i < count; i++) ids[i] = rank[uniqueOf[rawIds[i]!]!]!;
  }
  return out;
}

function idView(bytes: Uint8Array, at: number, width: number, count: number): Uint8Array | Uint16Array | Uint32Array {
  const off = bytes.byteOffset + at;
  if (width === 1) return new Uint8Array(bytes.buffer, off, count);
  if (width === 2) return new Uint16Array(bytes.buffer, off, count);
  return new Uint32Array(bytes.buffer, off, count);
}

/** Lazy reader over an encoded section (views into the snapshot buffer; strings decoded on first use). */
export class ProvenanceSection {
  private readonly strings: (string | undefined)[] = [];

  private constructor(
    readonly bytes: Uint8Array,
    readonly sha256: string,
    readonly tupleCount: number,
    private readonly ids: Uint8Array | Uint16Array | Uint32Array | null,
    private readonly stringOffsets: Uint32Array,
    private readonly tupleOffsets: Uint32Array,
    private readonly tupleWords: Uint32Array,
    private readonly stringsAt: number,
  ) {}

  /** Structural check, O(strings + tuples), no per-entry work. Returns the reader or what is wrong. */
  static open(bytes: Uint8Array, sha256: string, entryCount: number): ProvenanceSection | string {
    if (bytes.length < 4 * HEADER_WORDS || bytes.length % 8 !== 0 || bytes.byteOffset % 4 !== 0) {
      return 'provenance: bad length';
    }
    const h = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
    const count = h[0]!;
    const stringCount = h[1]!;
    const tupleCount = h[2]!;
    const width = h[3]!;
    const stringBytes = h[4]!;
    const tupleWords = h[5]!;
    if (count !== entryCount) return 'provenance: entry count differs from the table';
    if (width !== idWidthFor(tupleCount)) return 'provenance: bad id width';
    const idsAt = 4 * (HEADER_WORDS + stringCount + 1 + tupleCount + 1 + tupleWords);
    const stringsAt = alignUp(idsAt + width * count, 4);
    if (idsAt > bytes.length || alignUp(stringsAt + stringBytes, 8) !== bytes.length) return 'provenance: bad length';
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, idsAt / 4);
    let at = HEADER_WORDS;
    const so = words.subarray(at, (at += stringCount + 1));
    const to = words.subarray(at, (at += tupleCount + 1));
    const tw = words.subarray(at);
    if (!monotonic(so, stringBytes) || !monotonic(to, tupleWords)) return 'provenance: bad offsets';
    for (let t = 0; t < tupleCount; t++) {
      const start = to[t]!;
      const end = to[t + 1]!;
      if (end <= start || tw[start]! > stringCount) return 'provenance: bad tuple';
      for (let i = start + 1; i < end; i++) if (tw[i]! >= stringCount) return 'provenance: bad string id';
    }
    const ids = width === 0 ? null : idView(bytes, idsAt, width, count);
    if (ids !== null && tupleCount < 2 ** (8 * width)) {
      for (let i = 0; i < count; i++) if (ids[i]! >= tupleCount) return 'provenance: bad tuple id';
    }
    return new ProvenanceSection(bytes, sha256, tupleCount, ids, so, to, tw, stringsAt);
  }

  /** Tuple id of the entry at `position`; -1 when out of range (never produced by the encoder). */
  tupleIdAt(position: number): number {
    const id = this.ids === null ? 0 : (this.ids[position] ?? 0);
    return id < this.tupleCount ? id : -1;
  }

  /** Copies the tuple ids of entries [from, end) into `target` at `at`. */
  copyTupleIds(from: number, end: number, target: Uint32Array, at: number): void {
    if (this.ids === null) target.fill(0, at, at + end - from);
    else target.set(this.ids.subarray(from, end), at);
  }

  tuple(id: number): RawTuple {
    if (id < 0 || id >= this.tupleCount) return NO_PROVENANCE;
    const start = this.tupleOffsets[id]!;
    const end = this.tupleOffsets[id + 1]!;
    const first = this.tupleWords[start]!;
    const sources: string[] = [];
    for (let i = start + 1; i < end; i++) sources.push(this.string(this.tupleWords[i]!));
    return { firstSeen: first === 0 ? null : this.string(first - 1), sources };
  }

  at(position: number): Provenance {
    const t = this.tuple(this.tupleIdAt(position));
    return t.firstSeen === null ? { sources: [...t.sources] } : { firstSeen: t.firstSeen, sources: [...t.sources] };
  }

  private string(id: number): string {
    let s = this.strings[id];
    if (s === undefined) {
      const start = this.stringsAt + this.stringOffsets[id]!;
      const end = this.stringsAt + this.stringOffsets[id + 1]!;
      s = new TextDecoder().decode(this.bytes.subarray(start, end));
      this.strings[id] = s;
    }
    return s;
  }
}

function monotonic(offsets: Uint32Array, last: number): boolean {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== last) return false;
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) return false;
  return true;
}
