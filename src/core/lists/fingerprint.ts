/**
 * 64-bit expression fingerprints, computed from char codes without allocating.
 *
 * An expression splits at its first `/` into a host part and a path part (indicator keys without `/` are all
 * host part). Two 32-bit lanes hash the host part right to left, so every host suffix (`b.c`, `a.b.c`) is a
 * snapshot of one pass; two more lanes hash the path part left to right, so every path prefix is a snapshot too.
 * A 3-round Feistel mix (a bijection on 64 bits) turns (hostLanes ⊕ pathLanes) into the fingerprint. One lookup
 * therefore reads each character of the URL once per lane, not once per candidate expression.
 *
 * Each lane step `h = imul(h ^ c, K); h ^= h >>> s` is a bijection of h for a fixed c, so two strings of equal
 * length that differ in one character never collide in a lane.
 */
import type { Fingerprint } from './types.ts';

export const HOST_SEED_1 = 0x811c9dc5;
export const HOST_SEED_2 = 0x3c6ef372;
export const PATH_SEED_1 = 0x510e527f;
export const PATH_SEED_2 = 0x1f83d9ab;

export function hostStep1(h: number, c: number): number {
  const x = Math.imul(h ^ c, 0x9e3779b1);
  return x ^ (x >>> 15);
}
export function hostStep2(h: number, c: number): number {
  const x = Math.imul(h ^ c, 0x85ebca77);
  return x ^ (x >>> 13);
}
export function pathStep1(h: number, c: number): number {
  const x = Math.imul(h ^ c, 0xc2b2ae3d);
  return x ^ (x >>> 16);
}
export function pathStep2(h: number, c: number): number {
  const x = Math.imul(h ^ c, 0x27d4eb2f);
  return x ^ (x >>> 14);
}

function fmix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Writes the fingerprint of (host lanes, path lanes) to out[0] (hi) and out[1] (lo). */
export function mixFingerprint(h1: number, h2: number, p1: number, p2: number, out: Uint32Array): void {
  let a = h1 ^ p1;
  let b = h2 ^ p2;
  a ^= fmix(b ^ 0x68e31da4);
  b ^= fmix(a ^ 0xb5297a4d);
  a ^= fmix(b ^ 0x1b56c4e9);
  out[0] = a;
  out[1] = b;
}

const scratch = new Uint32Array(2);

/** Fingerprint of any key: a canonical expression or an indicator key. */
export function fingerprintInto(key: string, out: Uint32Array): void {
  let slash = key.indexOf('/');
  if (slash < 0) slash = key.length;
  let h1 = HOST_SEED_1;
  let h2 = HOST_SEED_2;
  for (let i = slash - 1; i >= 0; i--) {
    const c = key.charCodeAt(i);
    h1 = hostStep1(h1, c);
    h2 = hostStep2(h2, c);
  }
  let p1 = PATH_SEED_1;
  let p2 = PATH_SEED_2;
  for (let i = slash; i < key.length; i++) {
    const c = key.charCodeAt(i);
    p1 = pathStep1(p1, c);
    p2 = pathStep2(p2, c);
  }
  mixFingerprint(h1, h2, p1, p2, out);
}

export function fingerprintOf(key: string): Fingerprint {
  fingerprintInto(key, scratch);
  return { hi: scratch[0]!, lo: scratch[1]! };
}

export function fingerprintHex(fp: Fingerprint): string {
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}

export function compareFingerprints(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

let units = new Uint16Array(256);

/**
 * fingerprintInto of the key whose UTF-8 is bytes[start, end): the same result as for the decoded string (the
 * UTF-16 code units are rebuilt in a reusable buffer first). Returns false, leaving `out` untouched, when the
 * bytes are not well-formed UTF-8 (what a fatal TextDecoder refuses: overlong forms, surrogates, > U+10FFFF).
 */
export function fingerprintBytesInto(bytes: Uint8Array, start: number, end: number, out: Uint32Array): boolean {
  if (units.length < end - start) units = new Uint16Array(2 * (end - start));
  const u = units;
  let n = 0;
  let slash = -1;
  for (let i = start; i < end; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x2f && slash < 0) slash = n;
      u[n++] = b;
      i++;
      continue;
    }
    // lead byte → payload bits, continuation bytes, smallest code point of that length (no overlong forms)
    let cp: number;
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      need = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + need >= end) return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      u[n++] = 0xd800 | (cp >>> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
    } else {
      u[n++] = cp;
    }
  }
  if (slash < 0) slash = n;
  let h1 = HOST_SEED_1;
  let h2 = HOST_SEED_2;
  for (let i = slash - 1; i >= 0; i--) {
    const c = u[i]!;
    h1 = hostStep1(h1, c);
    h2 = hostStep2(h2, c);
  }
  let p1 = PATH_SEED_1;
  let p2 = PATH_SEED_2;
  for (let i = slash; i < n; i++) {
    const c = u[i]!;
    p1 = pathStep1(p1, c);
    p2 = pathStep2(p2, c);
  }
  mixFingerprint(h1, h2, p1, p2, out);
  return true;
}
