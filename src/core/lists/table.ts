/**
 * The compact list table: sorted 64-bit fingerprints split into a bucket index, a 16-bit and a 32-bit column,
 * plus a category byte and a 2-bit severity per entry. No strings: a lookup computes the candidate expressions of the URL,
 * so the candidate whose fingerprint is found IS the matched expression (evidence without storing it).
 *
 * Fingerprint fp (64 bits, see fingerprint.ts) = hi:32 | lo:32;  bucket = hi >>> 16;  mid = hi & 0xffff.
 * Entries are sorted by (hi, lo) unsigned, i.e. by (bucket, mid, lo). The bucket is implied by the position, so
 * each entry stores only 48 bits (mid + lo), a category byte and 2 severity bits: 7.25 bytes/entry + a 256 KiB index.
 *
 * Table section (little-endian; also the in-memory form, and what `sha256` covers), list format 3:
 *   index  Uint32[65537]  index[b] = first entry of bucket b; index[65536] = count
 *   lo     Uint32[count]
 *   mid    Uint16[count]
 *   cat    Uint8[count]    category id (categories.ts: stable ids 1–255, 0 invalid)
 *   sev    Uint8[⌈count/4⌉] 2-bit severity ids, entry i in bits 2·(i mod 4) of byte ⌊i/4⌋ (3 invalid, spare bits 0)
 *   zero padding to a multiple of 8 bytes
 * List format 2 (snapshot/delta file formats 1 and 2, still read): no `sev` column, and the byte column is
 * `meta`: bits 0–2 category id − 1, bits 3–4 severity id, 5–7 zero. `TableColumns.meta` is the byte column of
 * either format; read entries through categoryAt / severityIdAt, never by unpacking the byte.
 * The section is a pure function of the set of (fingerprint, category, severity): list id, version, input order
 * and provenance do not enter it, so its SHA-256 is the canonical state hash that deltas are verified against.
 *
 * Worked example, three entries:
 *   'wallet:trx:TXYZabc123'                     fp 29b221eb 23250ed6  fake-service/high
 *   'scam-shop.example/'                        fp 2c0f8b0f da563fdf  fake-shop/high
 *   'sites.google.com/view/scam-shop/'          fp 8ee67086 97503946  task-rebate/medium
 *   index[0..0x29b2] = 0, index[0x29b3..0x2c0f] = 1, index[0x2c10..0x8ee6] = 2, index[0x8ee7..65536] = 3
 *   lo = [23250ed6, da563fdf, 97503946]  mid = [21eb, 8b0f, 7086]  cat = [4, 3, 1]  sev = [2 | 2<<2 | 1<<4]
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
import type { ListFormat, ListTable } from './types.ts';
import { alignUp } from './bytes.ts';
import type { ProvenanceSection } from './provenance-section.ts';
import type { KeySection } from './keys-section.ts';
import { categoryId, categoryOfId, FORMAT2_MAX_CATEGORY_ID, severityId, severityOfId } from './categories.ts';
import { RecycledTableError, type Recyclable } from './pool.ts';

export const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;
export const INDEX_BYTES = (BUCKETS + 1) * 4;
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Table layouts: 2 = packed meta byte (read only), 3 = category byte + 2-bit severity (written). */
export type { ListFormat };
export const LIST_FORMAT: ListFormat = 3;
export const LIST_FORMATS: readonly ListFormat[] = [2, 3];

export function isListFormat(n: unknown): n is ListFormat {
  return n === 2 || n === 3;
}

function sevBytes(count: number): number {
  return (count + 3) >>> 2;
}

export function tableSectionLength(count: number, format: ListFormat = LIST_FORMAT): number {
  return alignUp(INDEX_BYTES + 7 * count + (format === 3 ? sevBytes(count) : 0), 8);
}

/** Format 2's meta byte; throws for a category format 2 cannot express (id > 8). */
export function packMeta(category: Category, severity: Severity): number {
  const id = categoryId(category);
  if (id > FORMAT2_MAX_CATEGORY_ID) throw new RangeError(`category ${category} (id ${id}) needs list format 3`);
  return (id - 1) | (severityId(severity) << 3);
}

export function metaCategory(meta: number): Category {
  return categoryOfId((meta & 7) + 1) ?? CATEGORIES[meta & 7]!;
}

export function metaSeverity(meta: number): Severity {
  return severityOfId((meta >>> 3) & 3) ?? SEVERITIES[0];
}

export function isValidMeta(meta: number): boolean {
  return meta < 32 && severityOfId(meta >>> 3) !== undefined && categoryOfId((meta & 7) + 1) !== undefined;
}

export interface TableColumns {
  readonly format: ListFormat;
  readonly count: number;
  readonly index: Uint32Array;
  readonly lo: Uint32Array;
  readonly mid: Uint16Array;
  /** Format 3: category ids. Format 2: packed meta bytes. */
  readonly meta: Uint8Array;
  /** Format 3: 2-bit severity ids, four per byte. Format 2: empty. */
  readonly sev: Uint8Array;
}

/** Typed-array views over a table section; `section.byteOffset` must be a multiple of 4. */
export function viewColumns(section: Uint8Array, count: number, format: ListFormat = LIST_FORMAT): TableColumns {
  const buf = section.buffer;
  const base = section.byteOffset;
  const loAt = base + INDEX_BYTES;
  return {
    format,
    count,
    index: new Uint32Array(buf, base, BUCKETS + 1),
    lo: new Uint32Array(buf, loAt, count),
    mid: new Uint16Array(buf, loAt + 4 * count, count),
    meta: new Uint8Array(buf, loAt + 6 * count, count),
    sev: new Uint8Array(buf, loAt + 7 * count, format === 3 ? sevBytes(count) : 0),
  };
}

/** Severity id (0 low, 1 medium, 2 high) of the entry at `i`. */
export function severityIdAt(t: TableColumns, i: number): number {
  return t.format === 3 ? (t.sev[i >>> 2]! >>> ((i & 3) << 1)) & 3 : t.meta[i]! >>> 3;
}

export function categoryAt(t: TableColumns, i: number): Category {
  return t.format === 3 ? categoryOfId(t.meta[i]!)! : metaCategory(t.meta[i]!);
}

export function severityAt(t: TableColumns, i: number): Severity {
  return severityOfId(severityIdAt(t, i))!;
}

/** Category and severity of entry `i` as one number, equal for equal pairs (within one format). */
export function entryClassAt(t: TableColumns, i: number): number {
  return t.format === 3 ? t.meta[i]! | (severityIdAt(t, i) << 8) : t.meta[i]!;
}

/** Writes the category and severity of entry `i` (the severity bits of a fresh format-3 column must be zero). */
export function setEntryClass(t: TableColumns, i: number, category: Category, severity: Severity): void {
  setEntryClassIds(t, i, categoryId(category), severityId(severity));
}

/** setEntryClass by valid category and severity ids (categories.ts); format 2 throws for a category id > 8. */
export function setEntryClassIds(t: TableColumns, i: number, categoryId: number, severityId: number): void {
  if (t.format === 2) {
    if (categoryId > FORMAT2_MAX_CATEGORY_ID) throw new RangeError(`category id ${categoryId} needs list format 3`);
    t.meta[i] = (categoryId - 1) | (severityId << 3);
    return;
  }
  t.meta[i] = categoryId;
  const shift = (i & 3) << 1;
  t.sev[i >>> 2] = (t.sev[i >>> 2]! & ~(3 << shift)) | (severityId << shift);
}

/**
 * Copies the severities of entries [from, from + n) of `src` to entries [to, to + n) of `dst` (format 3; `dst`'s
 * bits there are zero): entry-wise up to a byte boundary of `dst`, then four entries (one `dst` byte) at a time
 * from the two `src` bytes that hold them.
 */
export function copySeverities(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  let i = 0;
  for (; i < n && ((to + i) & 3) !== 0; i++) {
    const v = (src[(from + i) >>> 2]! >>> (((from + i) & 3) << 1)) & 3;
    dst[(to + i) >>> 2]! |= v << (((to + i) & 3) << 1);
  }
  const shift = ((from + i) & 3) << 1;
  if (shift === 0 && n - i >= 4) {
    const whole = (n - i) >>> 2;
    dst.set(src.subarray((from + i) >>> 2, ((from + i) >>> 2) + whole), (to + i) >>> 2);
    i += whole << 2;
  }
  for (; n - i >= 4; i += 4) {
    const b = (from + i) >>> 2;
    dst[(to + i) >>> 2] = ((src[b]! | ((src[b + 1] ?? 0) << 8)) >>> shift) & 0xff;
  }
  for (; i < n; i++) {
    const v = (src[(from + i) >>> 2]! >>> (((from + i) & 3) << 1)) & 3;
    dst[(to + i) >>> 2]! |= v << (((to + i) & 3) << 1);
  }
}

/**
 * Marks the engine's tables. A registered symbol is the same in every script that bundles this module: the Chromium
 * worker's two halves (src/background/later.ts) each have a copy of this class, and a table one half made reaches the
 * other (a wake's list, then a sync's delta base), where `instanceof` would refuse it.
 */
const COMPACT_TABLE: unique symbol = Symbol.for('scamsentinel.compactTable');

export class CompactTable implements ListTable, TableColumns, Recyclable {
  /** On the prototype (below): a copy of a table's fields is not a table. */
  declare readonly [COMPACT_TABLE]: true;
  readonly count: number;
  private dead = false;
  readonly sev: Uint8Array;
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
    /** Optional key strings, decoded only on demand (keys.ts). */
    readonly keys: KeySection | null,
    readonly format: ListFormat,
    /** Buffers only this table's views use (applyDelta with a pool); BufferPool.recycle reuses them (pool.ts). */
    readonly ownedBuffers: readonly ArrayBuffer[] = [],
  ) {
    const cols = viewColumns(section, count, format);
    this.sev = cols.sev;
    this.count = count;
    this.index = cols.index;
    this.lo = cols.lo;
    this.mid = cols.mid;
    this.meta = cols.meta;
  }

  /** True once BufferPool.recycle ended this table, or the memory it views was handed to a pool. */
  get recycled(): boolean {
    return this.dead || this.section.byteLength === 0 || this.provenance.bytes.byteLength === 0;
  }

  /** Marks the table dead (BufferPool.recycle); false when it already was. */
  retire(): boolean {
    if (this.dead) return false;
    this.dead = true;
    return true;
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

Object.defineProperty(CompactTable.prototype, COMPACT_TABLE, { value: true });

/** The engine's table behind `table`; throws RecycledTableError for a recycled one (pool.ts). */
export function asCompact(table: ListTable): CompactTable {
  if ((table as Partial<Pick<CompactTable, typeof COMPACT_TABLE>>)[COMPACT_TABLE] === true) {
    const t = table as CompactTable;
    if (t.recycled) throw new RecycledTableError();
    return t;
  }
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

/** Position of (hi, lo) when the table has it, else −(insertion point + 1): one search for both answers. */
export function locate(t: TableColumns, hi: number, lo: number): number {
  const at = lowerBound(t, hi, lo);
  return at < t.index[(hi >>> 16) + 1]! && t.mid[at] === (hi & 0xffff) && t.lo[at] === lo ? at : -at - 1;
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
