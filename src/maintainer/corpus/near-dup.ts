/**
 * Near-duplicate detection for the corpus: a 64-bit SimHash over character 8-grams (SHINGLE) of the normalised compact
 * text (two BigInt-free 32-bit halves). Forked scam templates differ in a logo or a domain; exact hashes miss
 * them and they would leak across a train/test split.
 */
import { normalizeText } from '../../core/classify/normalize.ts';

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface SimHash {
  readonly hi: number;
  readonly lo: number;
}

export function compactOf(text: string): string {
  return normalizeText(text.slice(0, 20_000)).compact.replace(/[0-9]+/g, '0');
}

/**
 * Shingle length. Short shingles (3 characters) saturate on long pages: two unrelated long English articles share
 * most of the common 3-grams, so their SimHashes converge (≤ 8 bits apart) and near-copy linking chained most of
 * the corpus into one split group. 8-character shingles are specific to the page's own wording.
 */
export const SHINGLE = 8;

export function simhash(compact: string): SimHash {
  const acc = new Int32Array(64);
  const seen = new Set<string>();
  const n = Math.min(SHINGLE, Math.max(1, compact.length));
  for (let i = 0; i + n <= compact.length; i++) {
    const g = compact.slice(i, i + n);
    if (seen.has(g)) continue;
    seen.add(g);
    const a = fnv1a(g, 0);
    const b = fnv1a(g, 0x9e3779b9);
    for (let k = 0; k < 32; k++) {
      acc[k] = (acc[k] ?? 0) + ((a >>> k) & 1 ? 1 : -1);
      acc[k + 32] = (acc[k + 32] ?? 0) + ((b >>> k) & 1 ? 1 : -1);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 32; k++) {
    if ((acc[k] ?? 0) > 0) lo |= 1 << k;
    if ((acc[k + 32] ?? 0) > 0) hi |= 1 << k;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming(a: SimHash, b: SimHash): number {
  return popcount((a.hi ^ b.hi) >>> 0) + popcount((a.lo ^ b.lo) >>> 0);
}

/** Union-find over string keys (source groups linked by near-duplicate items). */
export class Groups {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p === x) return x;
    p = this.find(p);
    this.parent.set(x, p);
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // the smaller name becomes the root: deterministic whatever the order of unions
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}
