/**
 * Provenance of a delta result, written straight from the base section's words and bytes: the base tuples are
 * already canonical and sorted, so the base is not re-encoded. Only the tuples the delta brings are canonicalized
 * and looked up, by their string ids (the base's string → id map, built once per section) and a binary search over
 * the base's tuple words: no base tuple is decoded. String ids follow sorted string order, so tuple order = word
 * order; tuples the base lacks are merged in the same way. Tuples no entry uses any more are dropped (reference
 * counts), with the strings only they used; every
 * kept base tuple gets its new id (`baseMap`) and the result section is laid out with the ids left for the caller,
 * in memory from `alloc` (new, or reused from a pool: every byte but the ids is written here).
 */
import type { AdditionTuples } from './delta-columns.ts';
import { alignUp } from './bytes.ts';
import { canonicalTuple, HEADER_WORDS, idView, idWidthFor, tupleKey, type ProvenanceLayout, type RawTuple } from './provenance-codec.ts';
import type { ProvenanceSection } from './provenance-section.ts';

export interface ProvenancePlan {
  /** The result section, ids not yet written. */
  readonly layout: ProvenanceLayout;
  /** Base tuple id → result tuple id (-1 when dropped). */
  readonly baseMap: Int32Array;
  /** true when every base tuple keeps its id (ids can be copied as they are). */
  readonly identity: boolean;
  /** Result tuple id of each addition. */
  readonly additionIds: Uint32Array;
  /** Entries of the result using each result tuple (its refCounts(), known here without a pass over the ids). */
  readonly resultRefs: Uint32Array;
}

/** Index of `s` among the base strings, or -(insertion point + 1). */
function findString(base: ProvenanceSection, s: string): number {
  let lo = 0;
  let hi = base.stringCount - 1;
  while (lo <= hi) {
    const m = (lo + hi) >>> 1;
    const v = base.string(m);
    if (v === s) return m;
    if (v < s) lo = m + 1;
    else hi = m - 1;
  }
  return -(lo + 1);
}

/** Compares base tuple `id`'s words (string ids mapped through `map`, identity when null) with `words`. */
function compareWords(base: ProvenanceSection, id: number, map: Int32Array | null, words: readonly number[]): number {
  const tw = base.tupleWords;
  const start = base.tupleOffsets[id]!;
  const n = base.tupleOffsets[id + 1]! - start;
  const len = Math.min(n, words.length);
  for (let i = 0; i < len; i++) {
    const raw = tw[start + i]!;
    const w = map === null ? raw : i === 0 ? (raw === 0 ? 0 : map[raw - 1]! + 1) : map[raw]!;
    if (w !== words[i]) return w - words[i]!;
  }
  return n - words.length;
}

/** First base tuple whose (mapped) words are ≥ `words`. */
function lowerTuple(base: ProvenanceSection, map: Int32Array | null, words: readonly number[]): number {
  let lo = 0;
  let hi = base.tupleCount;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (compareWords(base, m, map, words) < 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}

interface Matched {
  readonly refs: Uint32Array;
  /** ≥ 0: base tuple id; < 0: −(fresh tuple index + 1). */
  readonly additionRef: Int32Array;
  readonly fresh: RawTuple[];
}

/** Additions matched per pause (a canonical tuple + a binary search over the tuples each). */
const ADDITIONS_PER_SLICE = 2048;

/** Base tuple id of a canonical tuple, by its string ids (no tuple is decoded), or -1 when the base lacks it. */
function baseTupleOf(base: ProvenanceSection, stringIds: ReadonlyMap<string, number>, t: RawTuple, words: Uint32Array): number {
  const length = 1 + t.sources.length;
  if (t.firstSeen === null) words[0] = 0;
  else {
    const id = stringIds.get(t.firstSeen);
    if (id === undefined) return -1;
    words[0] = id + 1;
  }
  for (let i = 0; i < t.sources.length; i++) {
    const id = stringIds.get(t.sources[i]!);
    if (id === undefined) return -1;
    words[i + 1] = id;
  }
  return base.findTuple(words, length);
}

/** Base string id of each string of the delta's section, looked up on first use (−2 not yet, −1 none). */
function stringMapper(section: ProvenanceSection, stringIds: ReadonlyMap<string, number>): (id: number) => number {
  const map = new Int32Array(section.stringCount).fill(-2);
  return (id) => {
    let b = map[id]!;
    if (b === -2) map[id] = b = stringIds.get(section.string(id)) ?? -1;
    return b;
  };
}

/**
 * Base tuple id of tuple `id` of the delta's section, its string ids mapped to the base's: −1 when the base lacks
 * one of its strings or the tuple, −2 when the mapped sources are not sorted and unique (the caller then
 * canonicalizes the decoded tuple and looks again).
 */
function baseTupleOfDelta(base: ProvenanceSection, delta: ProvenanceSection, id: number, toBase: (id: number) => number, words: Uint32Array): number {
  const start = delta.tupleOffsets[id]!;
  const n = delta.tupleOffsets[id + 1]! - start;
  const tw = delta.tupleWords;
  const first = tw[start]!;
  const f = first === 0 ? -1 : toBase(first - 1);
  if (first !== 0 && f < 0) return -1;
  words[0] = f + 1;
  for (let i = 1; i < n; i++) {
    const b = toBase(tw[start + i]!);
    if (b < 0) return -1;
    if (i > 1 && b <= words[i - 1]!) return -2;
    words[i] = b;
  }
  return base.findTuple(words, n);
}

/**
 * Each addition's tuple: a base tuple id (found by its string ids with a binary search over the base's tuple words)
 * or a fresh tuple. Each of the delta's tuples is matched once, however many additions share it. `pause` (when
 * given) runs between slices of ADDITIONS_PER_SLICE additions.
 */
async function matchAdditions(
  base: ProvenanceSection,
  gone: readonly number[],
  additions: AdditionTuples,
  pause?: () => Promise<void>,
): Promise<Matched> {
  const stringIds = base.stringIds();
  const refs = base.refCounts().slice();
  for (const position of gone) refs[base.tupleIdAt(position)]!--;
  const fresh: RawTuple[] = [];
  const freshOfKey = new Map<string, number>();
  const n = additions.addTuple.length;
  const additionRef = new Int32Array(n);
  // per delta tuple (the last slot: no provenance): 0 not matched yet, else base id + 1 or −(fresh index + 1)
  const matched = new Int32Array(additions.tupleCount + 1);
  let words = new Uint32Array(8);
  const section = additions.section;
  const toBase = section ? stringMapper(section, stringIds) : null;
  const freshRef = (t: RawTuple): number => {
    const key = tupleKey(t);
    let f = freshOfKey.get(key);
    if (f === undefined) {
      f = fresh.length;
      freshOfKey.set(key, f);
      fresh.push(t);
    }
    return -(f + 1);
  };
  // a delta tuple's match: base id + 1, or −(fresh index + 1)
  const resolve = (id: number, inSection: boolean): number => {
    if (section && toBase && inSection) {
      const n = section.tupleOffsets[id + 1]! - section.tupleOffsets[id]!;
      if (n > words.length) words = new Uint32Array(2 * n);
      const found = baseTupleOfDelta(base, section, id, toBase, words);
      if (found >= 0) return found + 1;
      if (found === -1) {
        const raw = additions.tuple(id);
        return freshRef(canonicalTuple(raw.firstSeen, raw.sources));
      }
    }
    const raw = additions.tuple(id);
    const t = canonicalTuple(raw.firstSeen, raw.sources);
    if (t.sources.length >= words.length) words = new Uint32Array(2 * t.sources.length + 2);
    const found = baseTupleOf(base, stringIds, t, words);
    return found >= 0 ? found + 1 : freshRef(t);
  };
  for (let k = 0; k < n; k++) {
    if (pause && k > 0 && k % ADDITIONS_PER_SLICE === 0) await pause();
    const id = additions.addTuple[k]!;
    const slot = id < 0 || id >= additions.tupleCount ? additions.tupleCount : id;
    const m = (matched[slot] ||= resolve(id, slot < additions.tupleCount));
    if (m > 0) {
      refs[m - 1]!++;
      additionRef[k] = m - 1;
    } else additionRef[k] = m;
  }
  return { refs, additionRef, fresh };
}

/** Result strings: the base strings kept tuples use, plus the fresh tuples' strings; base id → result id. */
function mergeStrings(base: ProvenanceSection, refs: Uint32Array, fresh: readonly RawTuple[]) {
  const used = new Uint8Array(base.stringCount);
  const tw = base.tupleWords;
  for (let t = 0; t < base.tupleCount; t++) {
    if (refs[t] === 0) continue;
    const start = base.tupleOffsets[t]!;
    const end = base.tupleOffsets[t + 1]!;
    if (tw[start]! > 0) used[tw[start]! - 1] = 1;
    for (let i = start + 1; i < end; i++) used[tw[i]!] = 1;
  }
  const newSet = new Set<string>();
  for (const t of fresh) {
    for (const s of t.firstSeen === null ? t.sources : [t.firstSeen, ...t.sources]) {
      const id = findString(base, s);
      if (id >= 0) used[id] = 1;
      else newSet.add(s);
    }
  }
  const added = [...newSet].sort();
  const insertAt = added.map((s) => -findString(base, s) - 1);
  const stringMap = new Int32Array(base.stringCount).fill(-1);
  // order-preserving ranks for comparing base tuples with fresh ones: result string r → 2r + 1, a dropped base
  // string → 2 × (result strings before it), so the ranks never decrease along the base and never meet a fresh one
  const rank = new Int32Array(base.stringCount);
  const order: (number | string)[] = []; // base id or new string, result order
  const idOfNew = new Map<string, number>();
  let k = 0;
  for (let i = 0; i <= base.stringCount; i++) {
    while (k < added.length && insertAt[k] === i) {
      idOfNew.set(added[k]!, order.length);
      order.push(added[k++]!);
    }
    if (i >= base.stringCount) break;
    rank[i] = used[i] ? 2 * order.length + 1 : 2 * order.length;
    if (used[i]) {
      stringMap[i] = order.length;
      order.push(i);
    }
  }
  return { stringMap, rank, order, idOfNew };
}

/**
 * Plans and lays out the provenance section of base − `gone` positions + `additions` for `count` entries.
 * Fresh tuples are few (a delta mostly reuses the base's dates and sources); everything per base tuple or string
 * is a typed-array pass. `pause` (when given) runs between slices: while matching the additions and before the
 * strings are merged and the section is laid out.
 */
export async function mergeProvenance(
  base: ProvenanceSection,
  gone: readonly number[],
  additions: AdditionTuples,
  count: number,
  pause?: () => Promise<void>,
  alloc: (length: number) => Uint8Array = (length) => new Uint8Array(length),
): Promise<ProvenancePlan> {
  const { refs, additionRef, fresh } = await matchAdditions(base, gone, additions, pause);
  await pause?.();
  const { stringMap, rank, order, idOfNew } = mergeStrings(base, refs, fresh);
  const resultId = (s: string): number => idOfNew.get(s) ?? stringMap[findString(base, s)]!;
  const freshWords = fresh.map((t) => [t.firstSeen === null ? 0 : resultId(t.firstSeen) + 1, ...t.sources.map(resultId)]);
  const freshOrder = fresh.map((_, i) => i).sort((x, y) => {
    const a = freshWords[x]!;
    const b = freshWords[y]!;
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  const ranked = (words: readonly number[]): number[] => words.map((x, i) => (i === 0 ? (x === 0 ? 0 : 2 * x) : 2 * x + 1));
  const freshAt = freshOrder.map((f) => lowerTuple(base, rank, ranked(freshWords[f]!)));
  // result tuples: kept base tuples in order, fresh ones inserted before base tuple freshAt[j]
  const baseMap = new Int32Array(base.tupleCount).fill(-1);
  const freshMap = new Uint32Array(fresh.length);
  const tupleOrder: number[] = []; // ≥ 0 base id, < 0 −(fresh + 1)
  let identity = fresh.length === 0;
  let j = 0;
  for (let t = 0; t <= base.tupleCount; t++) {
    while (j < freshOrder.length && freshAt[j] === t) {
      freshMap[freshOrder[j]!] = tupleOrder.length;
      tupleOrder.push(-(freshOrder[j++]! + 1));
    }
    if (t < base.tupleCount && refs[t]! > 0) {
      baseMap[t] = tupleOrder.length;
      tupleOrder.push(t);
    }
    if (t < base.tupleCount && baseMap[t] !== t) identity = false;
  }
  await pause?.();
  const layout = writeLayout(base, order, stringMap, tupleOrder, freshWords, count, alloc);
  const additionIds = Uint32Array.from(additionRef, (r) => (r >= 0 ? baseMap[r]! : freshMap[-r - 1]!));
  const resultRefs = new Uint32Array(tupleOrder.length);
  for (let t = 0; t < base.tupleCount; t++) if (baseMap[t]! >= 0) resultRefs[baseMap[t]!] = refs[t]!;
  for (const r of additionRef) if (r < 0) resultRefs[freshMap[-r - 1]!]!++;
  const sameWidth = idWidthFor(tupleOrder.length) === idWidthFor(base.tupleCount);
  return { layout, baseMap, identity: identity && sameWidth, additionIds, resultRefs };
}

/** Writes header, string offsets, tuple table, string bytes (base strings copied as bytes) and zero padding; ids left to the caller. */
function writeLayout(
  base: ProvenanceSection,
  order: readonly (number | string)[],
  stringMap: Int32Array,
  tupleOrder: readonly number[],
  freshWords: readonly number[][],
  count: number,
  alloc: (length: number) => Uint8Array,
): ProvenanceLayout {
  const encoder = new TextEncoder();
  const encoded = order.map((s) => (typeof s === 'string' ? encoder.encode(s) : null));
  const so = base.stringOffsets;
  const lengthOf = (i: number): number => {
    const s = order[i]!;
    return typeof s === 'string' ? encoded[i]!.length : so[s + 1]! - so[s]!;
  };
  let stringBytes = 0;
  for (let i = 0; i < order.length; i++) stringBytes += lengthOf(i);
  let tupleWords = 0;
  for (const t of tupleOrder) {
    tupleWords += t >= 0 ? base.tupleOffsets[t + 1]! - base.tupleOffsets[t]! : freshWords[-t - 1]!.length;
  }
  const width = idWidthFor(tupleOrder.length);
  const idsAt = 4 * (HEADER_WORDS + order.length + 1 + tupleOrder.length + 1 + tupleWords);
  const stringsAt = alignUp(idsAt + width * count, 4);
  const out = alloc(alignUp(stringsAt + stringBytes, 8));
  // `out` may be reused memory (pool.ts): the padding is zeroed here, every other byte is written below or, for the
  // tuple ids, by the caller (one id per entry)
  out.fill(0, idsAt + width * count, stringsAt);
  out.fill(0, stringsAt + stringBytes);
  const u32 = new Uint32Array(out.buffer, out.byteOffset, idsAt / 4);
  u32.set([count, order.length, tupleOrder.length, width, stringBytes, tupleWords]);
  let w = HEADER_WORDS;
  let offset = 0;
  for (let i = 0; i < order.length; i++) {
    u32[w++] = offset;
    const s = order[i]!;
    if (typeof s === 'string') out.set(encoded[i]!, stringsAt + offset);
    else out.set(base.bytes.subarray(base.stringsAt + so[s]!, base.stringsAt + so[s + 1]!), stringsAt + offset);
    offset += lengthOf(i);
  }
  u32[w++] = offset;
  const tw = base.tupleWords;
  let word = w + tupleOrder.length + 1;
  const tupleStart = word;
  for (const t of tupleOrder) {
    u32[w++] = word - tupleStart;
    if (t < 0) {
      for (const x of freshWords[-t - 1]!) u32[word++] = x;
      continue;
    }
    const start = base.tupleOffsets[t]!;
    const first = tw[start]!;
    u32[word++] = first === 0 ? 0 : stringMap[first - 1]! + 1;
    for (let i = start + 1; i < base.tupleOffsets[t + 1]!; i++) u32[word++] = stringMap[tw[i]!]!;
  }
  u32[w] = word - tupleStart;
  return { bytes: out, ids: width > 0 ? idView(out, idsAt, width, count) : null };
}
