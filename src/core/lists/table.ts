/**
 * The compact list table: sorted 64-bit fingerprints split into a bucket index, a 16-bit and a 32-bit column,
 * plus one category/severity byte per entry. No strings: a lookup computes the candidate expressions of the URL,
 * so the candidate whose fingerprint is found IS the matched expression (evidence without storing it).
 *
 * Fingerprint fp (64 bits, see fingerprint.ts) = hi:32 | lo:32;  bucket = hi >>> 16;  mid = hi & 0xffff.
 * Entries are sorted by (hi, lo) unsigned, i.e. by (bucket, mid, lo). The bucket is implied by the position, so
 * each entry stores only 48 bits (mid + lo) and one meta byte: 7 bytes/entry + a 256 KiB index.
 *
 * Table section (little-endian; also the in-memory form, and what `sha256` covers):
 *   index  Uint32[65537]  index[b] = first entry of bucket b; index[65536] = count
 *   lo     Uint32[count]
 *   mid    Uint16[count]
 *   meta   Uint8[count]    bits 0–2 category (CATEGORIES order), bits 3–4 severity (SEVERITIES order), 5–7 zero
 *   zero padding to a multiple of 8 bytes
 * The section is a pure function of the set of (fingerprint, category, severity): list id, version, input order
 * and provenance do not enter it, so its SHA-256 is the canonical state hash that deltas are verified against.
 *
 * Worked example, three entries:
 *   'wallet:trx:TXYZabc123'                     fp 29b221eb 23250ed6  fake-service/high
 *   'scam-shop.example/'                        fp 2c0f8b0f da563fdf  fake-shop/high
 *   'sites.google.com/view/scam-shop/'          fp 8ee67086 97503946  task-rebate/medium
 *   index[0..0x29b2] = 0, index[0x29b3..0x2c0f] = 1, index[0x2c10..0x8ee6] = 2, index[0x8ee7..65536] = 3
 *   lo   = [23250ed6, da563fdf, 97503946]   mid = [21eb, 8b0f, 7086]   meta = [3|2<<3, 2|2<<3, 0|1<<3]
 * Looking up https://sites.google.com/view/scam-shop/pay?id=7: the host lanes hash `sites.google.com`,
 * `google.com`; the path lanes `/view/scam-shop/pay?id=7`, `/view/scam-shop/pay`, `/view/scam-shop/`, `/view/`,
 * `/`. Candidate sites.google.com + /view/scam-shop/ gives fp 8ee67086 97503946 → bucket 0x8ee6 → entries
 * [index[0x8ee6], index[0x8ee7]) = [2, 3) → binary search (mid 7086, lo 97503946) → entry 2 → task-rebate/medium,
 * expression rebuilt from the candidate's offsets: 'sites.google.com/view/scam-shop/'.
 *
 * Why 64 bits is enough: with n keys the chance that any two distinct keys share a fingerprint is ≈ n²/2^65
 * (birthday bound): 1M entries → 2.7e-8. What matters for users is an unlisted URL colliding with a listed
 * entry: each probe matches a random unlisted expression with probability n/2^64 ≈ 5.4e-14, so ≤ 30 probes per
 * URL give ≈ 1.6e-12 per page view — about one false positive per 600 billion page views.
 * On a collision the unlisted URL is treated as listed (a false positive, never a miss). Mitigations: the
 * warning shows the matched expression (the URL's own host/path) so a reviewer sees the mismatch at once; the
 * maintainer tool can fingerprint its trusted-site expressions against a table before publishing; users can
 * report "this site is safe". Two listed keys that collide are merged at build time (higher severity wins).
 * The hash is not cryptographic: someone who controls list entries could search for a key colliding with a
 * chosen legitimate expression, which is why the trusted-site check above belongs in the maintainer pipeline.
 */
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../types.ts';
import type { ListTable } from './types.ts';
import { alignUp } from './bytes.ts';
import type { ProvenanceSection } from './provenance-section.ts';
import type { KeySection } from './keys-section.ts';

export const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;
export const INDEX_BYTES = (BUCKETS + 1) * 4;
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function tableSectionLength(count: number): number {
  return alignUp(INDEX_BYTES + 7 * count, 8);
}

export function packMeta(category: Category, severity: Severity): number {
  return CATEGORIES.indexOf(category) | (SEVERITIES.indexOf(severity) << 3);
}

export function metaCategory(meta: number): Category {
  return CATEGORIES[meta & 7]!;
}

export function metaSeverity(meta: number): Severity {
  return SEVERITIES[(meta >>> 3) & 3]!;
}

export function isValidMeta(meta: number): boolean {
  return meta < 32 && (meta >>> 3) < SEVERITIES.length;
}

export interface TableColumns {
  readonly count: number;
  readonly index: Uint32Array;
  readonly lo: Uint32Array;
  readonly mid: Uint16Array;
  readonly meta: Uint8Array;
}

/** Typed-array views over a table section; `section.byteOffset` must be a multiple of 4. */
export function viewColumns(section: Uint8Array, count: number): TableColumns {
  const buf = section.buffer;
  const base = section.byteOffset;
  const loAt = base + INDEX_BYTES;
  return {
    count,
    index: new Uint32Array(buf, base, BUCKETS + 1),
    lo: new Uint32Array(buf, loAt, count),
    mid: new Uint16Array(buf, loAt + 4 * count, count),
    meta: new Uint8Array(buf, loAt + 6 * count, count),
  };
}

export class CompactTable implements ListTable, TableColumns {
  readonly count: number;
  readonly index: Uint32Array;
  readonly lo: Uint32Array;
  readonly mid: Uint16Array;
  readonly meta: Uint8Array;

  constructor(
    readonly listId: string,
    readonly version: number,
    readonly sha256: string,
    readonly section: Uint8Array,
    readonly provenance: ProvenanceSection,
    count: number,
    /** Optional key strings (format 2), decoded only on demand (keys.ts). */
    readonly keys: KeySection | null = null,
  ) {
    const cols = viewColumns(section, count);
    this.count = count;
    this.index = cols.index;
    this.lo = cols.lo;
    this.mid = cols.mid;
    this.meta = cols.meta;
  }

  get provenanceSha256(): string {
    return this.provenance.sha256;
  }

  get keysSha256(): string | null {
    return this.keys?.sha256 ?? null;
  }

  /** Bucket (top 16 bits of hi) of the entry at `position`. */
  bucketOf(position: number): number {
    let left = 0;
    let right = BUCKETS;
    while (left < right) {
      const m = (left + right) >>> 1;
      if (this.index[m + 1]! <= position) left = m + 1;
      else right = m;
    }
    return left;
  }
}

export function asCompact(table: ListTable): CompactTable {
  if (table instanceof CompactTable) return table;
  throw new TypeError('not a table made by buildTable/decodeSnapshot/applyDelta');
}

/** Position of fingerprint (hi, lo) in the table, or -1. */
export function probe(t: TableColumns, hi: number, lo: number): number {
  const bucket = hi >>> 16;
  const mid = hi & 0xffff;
  let left = t.index[bucket]!;
  let right = t.index[bucket + 1]! - 1;
  const mids = t.mid;
  const los = t.lo;
  while (left <= right) {
    const m = (left + right) >>> 1;
    const mm = mids[m]!;
    if (mm < mid) left = m + 1;
    else if (mm > mid) right = m - 1;
    else {
      const ml = los[m]!;
      if (ml === lo) return m;
      if (ml < lo) left = m + 1;
      else right = m - 1;
    }
  }
  return -1;
}

/** Insertion point of (hi, lo): the first position whose fingerprint is ≥ (hi, lo). */
export function lowerBound(t: TableColumns, hi: number, lo: number): number {
  const bucket = hi >>> 16;
  const mid = hi & 0xffff;
  let left = t.index[bucket]!;
  let right = t.index[bucket + 1]!;
  while (left < right) {
    const m = (left + right) >>> 1;
    const mm = t.mid[m]!;
    if (mm < mid || (mm === mid && t.lo[m]! < lo)) left = m + 1;
    else right = m;
  }
  return left;
}

/** Calls fn(position, hi) for every entry in sorted order (hi rebuilt from the bucket). */
export function forEachHi(t: TableColumns, fn: (position: number, hi: number) => void): void {
  for (let b = 0; b < BUCKETS; b++) {
    const end = t.index[b + 1]!;
    for (let i = t.index[b]!; i < end; i++) fn(i, ((b << 16) | t.mid[i]!) >>> 0);
  }
}
