/**
 * Key-string lists (the canonical expressions / indicator keys behind the fingerprints), front-coded.
 *
 * A key list is canonical: keys sorted in UTF-8 byte order (= Unicode code point order; `compareKeys` for
 * strings, which differs from JS `<` only between U+E000–U+FFFF and characters above U+FFFF), unique, none
 * containing '\n'.
 * Each key is stored as the number of leading UTF-8 bytes it shares with the previous key (always the longest
 * such prefix) and the rest of its bytes:
 *   u32 keyCount, u32 dataBytes
 *   data: per key varint(shared) varint(suffixLength) suffix bytes     (varint = LEB128, ≤ 5 bytes, ≤ 2^32-1)
 *   zero padding to a multiple of 8
 * Example: ['scam.test/', 'scam.test/pay/', 'shop.test/'] → count 3, data
 *   00 0a "scam.test/" · 0a 04 "pay/" · 01 09 "hop.test/"          (21 + 6 bytes = 27, padded to 8+32 = 40)
 * Because the encoding is canonical, equal key sets give equal bytes, so their SHA-256 identifies the set
 * (snapshots carry it in their header, deltas carry the hash before and after).
 *
 * Decoding rebuilds every key's bytes into one newline-joined buffer and decodes it with a single TextDecoder
 * call (fast: one native decode and one split, not a million small ones). It checks the structure, valid UTF-8,
 * strict order and that every stored prefix is the longest one (so a set has exactly one encoding); order and
 * prefix are checked on the bytes (one byte comparison per key: the first suffix byte against the previous key's).
 *
 * `mergeKeyList` applies a change (remove some keys, add others) to an encoded list without making strings: it
 * streams the front-coded bytes, rebuilding each key in one reusable buffer, copies unchanged runs verbatim and
 * re-codes only the keys next to a change (delta apply on a 1M-key list: tens of ms instead of a second).
 *
 * Size (over ~400 lines, kept whole): one binary format in one file. The encoder, the decoder and the byte-level merge
 * share the varint helpers (writeVarint, readVarintAt) and the header check, and must agree on every rule of the
 * canonical form; split up, those rules would live in several places.
 */
import { alignUp } from './bytes.ts';

export const KEY_LIST_HEADER_BYTES = 8;
/** Upper bound on the decoded text of one key list (1M real keys take ~30 MB). */
export const KEY_LIST_MAX_TEXT_BYTES = 256 * 1024 * 1024;
/** Longest key, in UTF-8 bytes (canonical URL expressions and indicator keys are far shorter). */
export const KEY_MAX_BYTES = 4096;
/**
 * Decoded text may be at most this many times the key data it came from, plus a small floor: front coding of real
 * lists saves a few times over, while a hostile list reusing one long prefix for every key expands without bound
 * (85 KB of key data decoded to 263 MB of strings before this cap).
 */
export const KEY_LIST_MAX_EXPANSION = 32;
export const KEY_LIST_EXPANSION_FLOOR_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * The canonical key order on strings: Unicode code point order, which is the UTF-8 byte order of the encoded
 * list. UTF-16 code-unit order (JS `<`, `sort()`) agrees except where a surrogate (a character above U+FFFF)
 * meets a unit in U+E000–U+FFFF at the first difference; those units are remapped before comparing.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x < 0xe000 ? x + 0x2000 : x - 0x800;
        y = y < 0xe000 ? y + 0x2000 : y - 0x800;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Strictly increasing in the canonical order (compareKeys). */
export function isSortedUnique(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i - 1]!, keys[i]!) >= 0) return false;
  return true;
}

/** Sorts keys in place in the canonical order: the native sort, then a re-sort only if a key needs it (rare). */
export function sortKeys(keys: string[]): string[] {
  keys.sort();
  for (let i = 1; i < keys.length; i++) {
    if (compareKeys(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compareKeys);
  }
  return keys;
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/** Keys as UTF-8 back to back: key i is text[i === 0 ? 0 : ends[i - 1], ends[i]). */
export interface KeyBytes {
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
}

/**
 * UTF-8 of the keys back to back, with each key's end offset: one join and one native encode (keys built by
 * concatenation are rope strings, slow to walk char by char). TextEncoder turns a lone surrogate into U+FFFD, so
 * where an encoded U+FFFD appears the key must really contain one (else it would not round-trip).
 */
export function utf8Joined(keys: readonly string[]): KeyBytes {
  const joined = new TextEncoder().encode(keys.join('\n'));
  const ends = new Uint32Array(keys.length);
  let k = 0;
  let w = 0;
  let replacement = false;
  // Drop the separators while recording where each key ends (in place: the write index never passes the read one).
  for (let i = 0; i < joined.length; i++) {
    const b = joined[i]!;
    if (b === NEWLINE) {
      if (k + 1 >= keys.length) throw new TypeError('a list key cannot contain a newline');
      ends[k++] = w;
      continue;
    }
    if (b === 0xef && joined[i + 1] === 0xbf && joined[i + 2] === 0xbd) replacement = true;
    joined[w++] = b;
  }
  if (keys.length > 0) ends[k++] = w;
  if (k !== keys.length) throw new TypeError('a list key cannot contain a newline');
  if (replacement) {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    for (const key of keys) {
      if (decoder.decode(encoder.encode(key)) !== key) throw new TypeError(`a list key must be well-formed Unicode: ${JSON.stringify(key)}`);
    }
  }
  return { text: joined.subarray(0, w), ends };
}

/**
 * Encodes canonical keys (sorted by compareKeys, unique, no '\n'); throws a TypeError otherwise (a programming
 * error). The order is checked on the UTF-8 bytes.
 */
export function encodeKeyList(keys: readonly string[]): Uint8Array {
  const { text, ends } = utf8Joined(keys);
  const shared = new Uint32Array(keys.length);
  let dataBytes = 0;
  let prevStart = 0;
  let prevEnd = 0;
  for (let i = 0; i < keys.length; i++) {
    const start = i === 0 ? 0 : ends[i - 1]!;
    const end = ends[i]!;
    const max = Math.min(end - start, prevEnd - prevStart);
    let s = 0;
    while (s < max && text[start + s] === text[prevStart + s]) s++;
    if (i > 0 && (s === end - start || (s < prevEnd - prevStart && text[start + s]! < text[prevStart + s]!))) {
      throw new TypeError('keys must be sorted and unique');
    }
    shared[i] = s;
    dataBytes += varintLength(s) + varintLength(end - start - s) + end - start - s;
    prevStart = start;
    prevEnd = end;
  }
  const out = new Uint8Array(alignUp(KEY_LIST_HEADER_BYTES + dataBytes, 8));
  const view = new DataView(out.buffer);
  view.setUint32(0, keys.length, true);
  view.setUint32(4, dataBytes, true);
  let at = KEY_LIST_HEADER_BYTES;
  for (let i = 0; i < keys.length; i++) {
    const start = i === 0 ? 0 : ends[i - 1]!;
    const end = ends[i]!;
    const s = shared[i]!;
    at = writeVarint(out, at, s);
    at = writeVarint(out, at, end - start - s);
    for (let j = start + s; j < end; j++) out[at++] = text[j]!;
  }
  return out;
}

/** Byte length of the key list at the start of `bytes` (header + data + padding), or a reason it cannot be one. */
export function keyListLength(bytes: Uint8Array): number | string {
  if (bytes.length < KEY_LIST_HEADER_BYTES) return 'keys: truncated';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = alignUp(KEY_LIST_HEADER_BYTES + view.getUint32(4, true), 8);
  return length > bytes.length ? 'keys: truncated' : length;
}

/** Key count from the header (no decoding). */
export function keyListCount(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
}

/**
 * The header checks every reader of a whole key list makes (`bytes` must be exactly its length): length, zero
 * padding, a count the data can hold. Returns the key count and where the key data ends, or what is wrong.
 */
function checkKeyListHeader(bytes: Uint8Array): { count: number; end: number } | string {
  const length = keyListLength(bytes);
  if (typeof length === 'string') return length;
  if (length !== bytes.length) return 'keys: bad length';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const end = KEY_LIST_HEADER_BYTES + view.getUint32(4, true);
  for (let i = end; i < bytes.length; i++) if (bytes[i] !== 0) return 'keys: padding is not zero';
  if (count === 0 && end !== KEY_LIST_HEADER_BYTES) return 'keys: data without keys';
  // Each key costs ≥ 2 data bytes, so count is bounded by the data before anything is allocated for it.
  if (count > (end - KEY_LIST_HEADER_BYTES) / 2) return 'keys: bad count';
  return { count, end };
}

/** Decodes exactly one key list (`bytes` must be exactly its length); returns the keys or what is wrong. */
export function decodeKeyList(bytes: Uint8Array): string[] | string {
  const header = checkKeyListHeader(bytes);
  if (typeof header === 'string') return header;
  const { count, end } = header;
  if (count === 0) return [];
  let at = KEY_LIST_HEADER_BYTES;
  const readVarint = (): number => {
    const first = bytes[at];
    if (first !== undefined && first < 0x80 && at < end) {
      at++;
      return first;
    }
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (at >= end) return -1;
      const b = bytes[at++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n > 0xffffffff ? -1 : n;
      scale *= 128;
    }
    return -1;
  };
  // Pass 1: structure and total size of the joined text (capped per key and against the input's size).
  const maxJoined = Math.min(KEY_LIST_MAX_TEXT_BYTES, KEY_LIST_EXPANSION_FLOOR_BYTES + (end - KEY_LIST_HEADER_BYTES) * KEY_LIST_MAX_EXPANSION);
  let joinedBytes = 0;
  let prevLength = 0;
  const starts = at;
  for (let k = 0; k < count; k++) {
    const shared = readVarint();
    const suffix = readVarint();
    if (shared < 0 || suffix < 0 || shared > prevLength || at + suffix > end) return 'keys: bad entry';
    at += suffix;
    prevLength = shared + suffix;
    if (prevLength > KEY_MAX_BYTES) return 'keys: key too long';
    joinedBytes += prevLength + 1;
    if (joinedBytes > maxJoined) return 'keys: too large';
  }
  if (at !== end) return 'keys: trailing bytes';
  // Pass 2: rebuild every key's bytes (each key starts with the previous key's first `shared` bytes).
  const joined = new Uint8Array(joinedBytes);
  at = starts;
  let prevStart = 0;
  let w = 0;
  for (let k = 0; k < count; k++) {
    const shared = readVarint();
    const suffix = readVarint();
    const start = w;
    for (let j = 0; j < shared; j++) joined[w++] = joined[prevStart + j]!;
    if (k > 0) {
      // Canonical: strictly increasing bytes (a key equal to the previous one, or a proper prefix of it, has no
      // suffix), and the shared prefix is the longest one, so the first suffix byte is greater than the previous
      // key's byte there (equal: prefix not maximal; smaller: out of order).
      if (suffix === 0) return 'keys: not sorted';
      if (shared < prevLength) {
        const prev = joined[prevStart + shared]!;
        if (bytes[at] === prev) return 'keys: prefix not maximal';
        if (bytes[at]! < prev) return 'keys: not sorted';
      }
    }
    for (let j = 0; j < suffix; j++) joined[w++] = bytes[at++]!;
    joined[w++] = NEWLINE;
    prevStart = start;
    prevLength = shared + suffix;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(joined.subarray(0, joined.length - 1));
  } catch {
    return 'keys: not UTF-8';
  }
  const keys = text.split('\n');
  if (keys.length !== count) return 'keys: a key contains a newline';
  return keys;
}

/** Position after the varint read by readVarintAt (module state: avoids allocating a pair per read). */
let varintEnd = 0;

/** LEB128 (≤ 5 bytes, ≤ 2^32-1) at bytes[at] before `end`; -1 when malformed. Sets varintEnd. */
function readVarintAt(bytes: Uint8Array, at: number, end: number): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    if (at >= end) return -1;
    const b = bytes[at++]!;
    n += (b & 0x7f) * scale;
    if (b < 0x80) {
      varintEnd = at;
      return n > 0xffffffff ? -1 : n;
    }
    scale *= 128;
  }
  return -1;
}

/** LCP of the last compareFrom (module state, like varintEnd). */
let compareLcp = 0;

/**
 * Byte order of x[xs, xe) against the key v = cur[0, shared) + src[sufAt, sufAt + sufLen) (a base key before it
 * is committed to `cur`), both known equal before `from`: < 0, 0 or > 0. Sets compareLcp to their common prefix.
 */
function compareFrom(
  x: Uint8Array,
  xs: number,
  xe: number,
  cur: Uint8Array,
  shared: number,
  src: Uint8Array,
  sufAt: number,
  sufLen: number,
  from: number,
): number {
  const xl = xe - xs;
  const vl = shared + sufLen;
  const n = xl < vl ? xl : vl;
  let i = from;
  for (; i < n && i < shared; i++) {
    const d = x[xs + i]! - cur[i]!;
    if (d !== 0) {
      compareLcp = i;
      return d;
    }
  }
  for (; i < n; i++) {
    const d = x[xs + i]! - src[sufAt + i - shared]!;
    if (d !== 0) {
      compareLcp = i;
      return d;
    }
  }
  compareLcp = n;
  return xl - vl;
}

/** The output of mergeKeyList: a growing buffer (header space first) and the front coding of appended keys. */
class KeyListWriter {
  out: Uint8Array;
  w = KEY_LIST_HEADER_BYTES;

  constructor(capacity: number) {
    this.out = new Uint8Array(alignUp(capacity + KEY_LIST_HEADER_BYTES + 8, 8));
  }

  private ensure(n: number): void {
    if (this.w + n + 8 <= this.out.length) return;
    const bigger = new Uint8Array(alignUp(Math.max(2 * this.out.length, this.w + n + 8), 8));
    bigger.set(this.out.subarray(0, this.w));
    this.out = bigger;
  }

  /** Appends already coded entries verbatim. */
  copy(src: Uint8Array, s: number, e: number): void {
    this.ensure(e - s);
    this.out.set(src.subarray(s, e), this.w);
    this.w += e - s;
  }

  /** Appends key src[s, e) coded against prev[ps, pe) (null: the first key); false unless it sorts after prev. */
  key(src: Uint8Array, s: number, e: number, prev: Uint8Array | null, ps: number, pe: number): boolean {
    let l = 0;
    if (prev !== null) {
      const max = Math.min(e - s, pe - ps);
      while (l < max && src[s + l] === prev[ps + l]) l++;
      if (l === e - s || (l < pe - ps && src[s + l]! < prev[ps + l]!)) return false;
    }
    this.ensure(10 + e - s - l);
    const out = this.out;
    let w = writeVarint(out, this.w, l);
    w = writeVarint(out, w, e - s - l);
    for (let j = s + l; j < e; j++) out[w++] = src[j]!;
    this.w = w;
    return true;
  }

  /** The finished list (header filled in, zero padded). */
  finish(count: number): Uint8Array {
    const result = this.out.subarray(0, alignUp(this.w, 8));
    const view = new DataView(result.buffer, result.byteOffset, result.byteLength);
    view.setUint32(0, count, true);
    view.setUint32(4, this.w - KEY_LIST_HEADER_BYTES, true);
    return result;
  }
}

/**
 * (base − remove) ∪ add as a canonical key list, computed on the bytes: `base` an encoded key list, `remove` and
 * `add` keys in canonical order (utf8Joined of compareKeys-sorted strings). Refuses (returns a reason) a removed
 * key the base lacks, an added key it has, added keys out of order, and a base list that is not canonical (the
 * decoder's checks: structure, order, longest prefixes, zero padding). `eachBaseKey(bytes, length)` is called
 * with every base key (in `bytes[0, length)`, valid until the next call) and may refuse it with a reason; with
 * it, base keys containing '\n' are refused too (valid UTF-8 is for the callback to check).
 *
 * One pass over the base: each key is rebuilt in `cur` (its shared prefix is already there); runs of unchanged
 * entries are copied as they are, since each is coded against its base predecessor, which is also its output
 * predecessor. Only a key right after a change is re-coded. Comparing base keys with the next removed / added key
 * costs O(1) per key mostly: with m = LCP(next change, cur) and cur < next change, a base key sharing s > m bytes
 * with cur is still before it, s < m puts it after; only s == m needs a byte comparison (from byte m).
 *
 * Why one function: one pass keeps many mutable cursors in locals (`cur`, `saved`, `lastKind`, the copy run,
 * `ri` / `ai` and their LCPs) that every step reads and updates; splitting it would mean threading all of them through.
 */
export function mergeKeyList(
  base: Uint8Array,
  remove: KeyBytes,
  add: KeyBytes,
  eachBaseKey?: (key: Uint8Array, length: number) => string | null,
): Uint8Array | string {
  const header = checkKeyListHeader(base);
  if (typeof header === 'string') return header;
  const { count, end } = header;
  const { text: rText, ends: rEnds } = remove;
  const { text: aText, ends: aEnds } = add;
  const nR = rEnds.length;
  const nA = aEnds.length;
  const checkNewlines = eachBaseKey !== undefined;
  const out = new KeyListWriter(end + aText.length + 10 * nA);
  /** The current base key (after commit) or the previous one (before). */
  let cur = new Uint8Array(256);
  let curLen = 0;
  /** A base key saved when the key after it is removed (the next output key is coded against it). */
  let saved = new Uint8Array(0);
  let savedLen = 0;
  // What the last output key is: none yet, the base key in `cur`, added key `ai - 1`, or `saved`.
  const NONE = 0;
  const CUR = 1;
  const ADDED = 2;
  const SAVED = 3;
  let lastKind = NONE;
  /** A run of base entries to copy verbatim. */
  let runStart = -1;
  let runEnd = -1;
  let ri = 0;
  let ai = 0;
  // LCP of the next removed / added key with cur, when known (-1: compare from byte 0)
  let rLcp = -1;
  let aLcp = -1;
  /** Writes added key `i`, front-coded against whatever was output last; false when out of order / repeated. */
  const emitAdded = (i: number): boolean => {
    const as = i === 0 ? 0 : aEnds[i - 1]!;
    return lastKind === CUR ? out.key(aText, as, aEnds[i]!, cur, 0, curLen)
      : lastKind === SAVED ? out.key(aText, as, aEnds[i]!, saved, 0, savedLen)
      : lastKind === ADDED ? out.key(aText, as, aEnds[i]!, aText, i === 1 ? 0 : aEnds[i - 2]!, as)
      : out.key(aText, as, aEnds[i]!, null, 0, 0);
  };

  let at = KEY_LIST_HEADER_BYTES;
  for (let k = 0; k < count; k++) {
    const entryAt = at;
    let shared = base[at]!;
    if (shared < 0x80 && at < end) at++;
    else if ((shared = readVarintAt(base, at, end)) >= 0) at = varintEnd;
    let suffix = base[at]!;
    if (suffix < 0x80 && at < end) at++;
    else if ((suffix = readVarintAt(base, at, end)) >= 0) at = varintEnd;
    if (shared < 0 || suffix < 0 || shared > curLen || at + suffix > end) return 'keys: bad entry';
    const sufAt = at;
    at += suffix;
    if (k > 0) {
      if (suffix === 0) return 'keys: not sorted';
      if (shared < curLen) {
        const prev = cur[shared]!;
        if (base[sufAt] === prev) return 'keys: prefix not maximal';
        if (base[sufAt]! < prev) return 'keys: not sorted';
      }
    }
    // added keys that sort before this base key come first
    while (ai < nA) {
      let c: number;
      if (aLcp >= 0 && shared > aLcp) c = 1;
      else if (aLcp >= 0 && shared < aLcp) c = -1;
      else {
        const as = ai === 0 ? 0 : aEnds[ai - 1]!;
        c = compareFrom(aText, as, aEnds[ai]!, cur, shared, base, sufAt, suffix, aLcp < 0 ? 0 : aLcp);
        aLcp = compareLcp;
      }
      if (c > 0) break;
      if (c === 0) return 'the delta adds a key the base has';
      if (runStart >= 0) out.copy(base, runStart, runEnd);
      runStart = -1;
      if (!emitAdded(ai)) return 'added keys not sorted and unique';
      lastKind = ADDED;
      ai++;
      aLcp = -1;
    }
    let removed = false;
    if (ri < nR) {
      let c: number;
      if (rLcp >= 0 && shared > rLcp) c = 1;
      else if (rLcp >= 0 && shared < rLcp) c = -1;
      else {
        c = compareFrom(rText, ri === 0 ? 0 : rEnds[ri - 1]!, rEnds[ri]!, cur, shared, base, sufAt, suffix, rLcp < 0 ? 0 : rLcp);
        rLcp = compareLcp;
      }
      if (c < 0) return 'the delta removes a key the base lacks';
      removed = c === 0;
    }
    if (removed && lastKind === CUR) {
      // the next output key is coded against this one, which `cur` is about to lose
      if (saved.length < curLen) saved = new Uint8Array(2 * curLen);
      saved.set(cur.subarray(0, curLen));
      savedLen = curLen;
      lastKind = SAVED;
    }
    if (cur.length < shared + suffix) {
      const bigger = new Uint8Array(2 * (shared + suffix));
      bigger.set(cur.subarray(0, curLen));
      cur = bigger;
    }
    if (checkNewlines) {
      for (let j = 0; j < suffix; j++) if (base[sufAt + j] === NEWLINE) return 'keys: a key contains a newline';
    }
    for (let j = 0; j < suffix; j++) cur[shared + j] = base[sufAt + j]!;
    curLen = shared + suffix;
    if (eachBaseKey !== undefined) {
      const problem = eachBaseKey(cur, curLen);
      if (problem !== null) return problem;
    }
    if (removed) {
      if (runStart >= 0) out.copy(base, runStart, runEnd);
      runStart = -1;
      ri++;
      rLcp = -1;
      continue;
    }
    if (lastKind === CUR) {
      // coded against its base predecessor, which is the last output key: the entry's bytes stay as they are
      if (runStart < 0) runStart = entryAt;
      runEnd = at;
      continue;
    }
    // cur now holds this key; code it against the last output key (an added or a saved one, or none)
    const ok =
      lastKind === SAVED ? out.key(cur, 0, curLen, saved, 0, savedLen)
      : lastKind === ADDED ? out.key(cur, 0, curLen, aText, ai === 1 ? 0 : aEnds[ai - 2]!, aEnds[ai - 1]!)
      : out.key(cur, 0, curLen, null, 0, 0);
    if (!ok) return 'added keys not sorted and unique';
    lastKind = CUR;
  }
  if (at !== end) return 'keys: trailing bytes';
  if (ri < nR) return 'the delta removes a key the base lacks';
  if (runStart >= 0) out.copy(base, runStart, runEnd);
  for (; ai < nA; ai++) {
    if (!emitAdded(ai)) return 'added keys not sorted and unique';
    lastKind = ADDED;
  }
  return out.finish(count - nR + nA);
}
