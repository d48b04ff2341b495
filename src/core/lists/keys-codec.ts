/**
 * Key-string lists (the canonical expressions / indicator keys behind the fingerprints), front-coded.
 *
 * A key list is canonical: keys sorted in JS string order (UTF-16 code units), unique, none containing '\n'.
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
 * strict order and that every stored prefix is the longest one (so a set has exactly one encoding).
 */
import { alignUp } from './bytes.ts';

export const KEY_LIST_HEADER_BYTES = 8;
/** Upper bound on the decoded text of one key list (1M real keys take ~30 MB). */
export const KEY_LIST_MAX_TEXT_BYTES = 256 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Strictly increasing in JS string order. */
export function isSortedUnique(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
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

/**
 * UTF-8 of the keys back to back, with each key's end offset: one join and one native encode (keys built by
 * concatenation are rope strings, slow to walk char by char). TextEncoder turns a lone surrogate into U+FFFD, so
 * where an encoded U+FFFD appears the key must really contain one (else it would not round-trip).
 */
function utf8Joined(keys: readonly string[]): { text: Uint8Array; ends: Uint32Array } {
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

/** Encodes canonical keys (sorted, unique, no '\n'); throws a TypeError otherwise (a programming error). */
export function encodeKeyList(keys: readonly string[]): Uint8Array {
  if (!isSortedUnique(keys)) throw new TypeError('keys must be sorted and unique');
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

/** Decodes exactly one key list (`bytes` must be exactly its length); returns the keys or what is wrong. */
export function decodeKeyList(bytes: Uint8Array): string[] | string {
  const length = keyListLength(bytes);
  if (typeof length === 'string') return length;
  if (length !== bytes.length) return 'keys: bad length';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const end = KEY_LIST_HEADER_BYTES + view.getUint32(4, true);
  for (let i = end; i < bytes.length; i++) if (bytes[i] !== 0) return 'keys: padding is not zero';
  if (count === 0) return end === KEY_LIST_HEADER_BYTES ? [] : 'keys: data without keys';
  // Each key costs ≥ 2 data bytes, so count is bounded by the data before anything is allocated for it.
  if (count > (end - KEY_LIST_HEADER_BYTES) / 2) return 'keys: bad count';
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
  // Pass 1: structure and total size of the joined text.
  let joinedBytes = 0;
  let prevLength = 0;
  const starts = at;
  for (let k = 0; k < count; k++) {
    const shared = readVarint();
    const suffix = readVarint();
    if (shared < 0 || suffix < 0 || shared > prevLength || at + suffix > end) return 'keys: bad entry';
    at += suffix;
    prevLength = shared + suffix;
    joinedBytes += prevLength + 1;
    if (joinedBytes > KEY_LIST_MAX_TEXT_BYTES) return 'keys: too large';
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
    if (k > 0 && shared < prevLength) {
      // Canonical: the shared prefix is the longest one, so the first suffix byte differs from the previous
      // key's; and a proper prefix of the previous key (no suffix) would sort before it.
      if (suffix === 0) return 'keys: not sorted';
      if (bytes[at] === joined[prevStart + shared]) return 'keys: prefix not maximal';
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
  if (!isSortedUnique(keys)) return 'keys: not sorted and unique';
  return keys;
}
