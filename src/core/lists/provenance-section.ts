/** Lazy reader over a provenance section (layout in provenance-codec.ts); strings decoded on first use. */
import type { Provenance } from './types.ts';
import { alignUp } from './bytes.ts';
import { HEADER_WORDS, idView, idWidthFor, NO_PROVENANCE, tupleKey, type IdView, type RawTuple } from './provenance-codec.ts';

export interface TupleIndex {
  readonly tuples: readonly RawTuple[];
  readonly idOfKey: ReadonlyMap<string, number>;
}

const TUPLES_PER_SLICE = 1024;
/** One decoder for every string (making one per string costs more than decoding a short string). */
const UTF8 = new TextDecoder();
const ENTRIES_PER_SLICE = 1 << 18;

export class ProvenanceSection {
  private readonly strings: (string | undefined)[] = [];
  private index: TupleIndex | null = null;
  private refs: Uint32Array | null = null;
  private stringIndex: Map<string, number> | null = null;

  private constructor(
    readonly bytes: Uint8Array,
    readonly sha256: string,
    readonly tupleCount: number,
    readonly entryCount: number,
    readonly ids: IdView | null,
    readonly stringOffsets: Uint32Array,
    readonly tupleOffsets: Uint32Array,
    readonly tupleWords: Uint32Array,
    readonly stringsAt: number,
  ) {}

  get stringCount(): number {
    return this.stringOffsets.length - 1;
  }

  /**
   * Structural check, O(strings + tuples), plus one range check over the tuple ids unless the section was just
   * written by this code (`trusted`). Returns the reader or what is wrong.
   */
  static open(bytes: Uint8Array, sha256: string, entryCount: number, trusted = false): ProvenanceSection | string {
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
    if (!trusted && ids !== null && tupleCount < 2 ** (8 * width)) {
      for (let i = 0; i < count; i++) if (ids[i]! >= tupleCount) return 'provenance: bad tuple id';
    }
    return new ProvenanceSection(bytes, sha256, tupleCount, count, ids, so, to, tw, stringsAt);
  }

  /** Tuple id of the entry at `position`; -1 when out of range (never produced by the encoder). */
  tupleIdAt(position: number): number {
    const id = this.ids === null ? 0 : (this.ids[position] ?? 0);
    return id < this.tupleCount ? id : -1;
  }

  /** Writes map[tupleId] for entries [from, end) into `target` at `at` (remapping ids into a new section). */
  mapTupleIds(from: number, end: number, map: Int32Array, target: IdView, at: number, identity = false): void {
    const ids = this.ids;
    if (ids === null) target.fill(map[0]!, at, at + end - from);
    else if (identity && ids.BYTES_PER_ELEMENT === target.BYTES_PER_ELEMENT) target.set(ids.subarray(from, end), at);
    else for (let i = from; i < end; i++) target[at++] = map[ids[i]!]!;
  }

  /** Every tuple decoded, with its key → id (built once, on the first delta or diff against this table). */
  tupleIndex(): TupleIndex {
    if (this.index === null) {
      const tuples = Array.from({ length: this.tupleCount }, (_, i) => this.tuple(i));
      this.index = { tuples, idOfKey: new Map(tuples.map((t, i) => [tupleKey(t), i])) };
    }
    return this.index;
  }

  /**
   * Builds what a delta apply needs, stringIds() and refCounts(), in slices (TUPLES_PER_SLICE strings,
   * ENTRIES_PER_SLICE ids) with `pause()` in between, for a caller on a UI or service-worker thread; afterwards
   * both answer at once. (tupleIndex(), which decodes every tuple, is only needed to diff tables.)
   */
  async prepareIndex(pause: () => Promise<void>): Promise<void> {
    if (this.stringIndex === null) {
      const ids = new Map<string, number>();
      for (let i = 0; i < this.stringCount; i++) {
        ids.set(this.string(i), i);
        if ((i + 1) % TUPLES_PER_SLICE === 0) await pause();
      }
      this.stringIndex ??= ids;
    }
    if (this.refs === null) {
      const refs = new Uint32Array(this.tupleCount);
      const ids = this.ids;
      if (ids === null) refs[0] = this.entryCount;
      else {
        for (let from = 0; from < ids.length; from += ENTRIES_PER_SLICE) {
          const end = Math.min(ids.length, from + ENTRIES_PER_SLICE);
          for (let i = from; i < end; i++) refs[ids[i]!]!++;
          await pause();
        }
      }
      this.refs ??= refs;
    }
  }

  /** String → string id for every string of the section (decoded once; a section has few distinct strings). */
  stringIds(): ReadonlyMap<string, number> {
    if (this.stringIndex === null) {
      const ids = new Map<string, number>();
      for (let i = 0; i < this.stringCount; i++) ids.set(this.string(i), i);
      this.stringIndex = ids;
    }
    return this.stringIndex;
  }

  /**
   * Id of the tuple whose words (firstSeen id + 1 or 0, then source ids) are exactly `words`, or -1. Tuples are
   * sorted by their words (string ids follow sorted string order), so this is a binary search.
   */
  findTuple(words: ArrayLike<number>, length: number): number {
    const tw = this.tupleWords;
    const to = this.tupleOffsets;
    let lo = 0;
    let hi = this.tupleCount - 1;
    while (lo <= hi) {
      const m = (lo + hi) >>> 1;
      const start = to[m]!;
      const n = to[m + 1]! - start;
      let c = 0;
      const len = n < length ? n : length;
      for (let i = 0; i < len && c === 0; i++) c = tw[start + i]! - words[i]!;
      if (c === 0) c = n - length;
      if (c === 0) return m;
      if (c < 0) lo = m + 1;
      else hi = m - 1;
    }
    return -1;
  }

  /**
   * Sets refCounts() of a section just written by a delta apply, which knows them (provenance-merge.ts
   * resultRefs): the next apply on the result then skips the pass over its ids. Ignored once they are known.
   */
  seedRefCounts(refs: Uint32Array): void {
    if (refs.length !== this.tupleCount) throw new RangeError('provenance: reference counts for another section');
    this.refs ??= refs;
  }

  /** How many entries use each tuple (one pass over the ids, done once). */
  refCounts(): Uint32Array {
    if (this.refs === null) {
      const refs = new Uint32Array(this.tupleCount);
      const ids = this.ids;
      if (ids === null) refs[0] = this.entryCount;
      else for (let i = 0; i < ids.length; i++) refs[ids[i]!]!++;
      this.refs = refs;
    }
    return this.refs;
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

  string(id: number): string {
    let s = this.strings[id];
    if (s === undefined) {
      const start = this.stringsAt + this.stringOffsets[id]!;
      const end = this.stringsAt + this.stringOffsets[id + 1]!;
      s = UTF8.decode(this.bytes.subarray(start, end));
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
