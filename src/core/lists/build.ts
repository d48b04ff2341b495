/** Builds a compact table from entries: fingerprint, bucket sort, merge duplicates, write section + provenance. */
import { isCategory, SEVERITIES } from '../types.ts';
import type { ListEntryInput, ListTable } from './types.ts';
import { fingerprintInto } from './fingerprint.ts';
import { BUCKETS, CompactTable, LIST_FORMAT, setEntryClass, tableSectionLength, viewColumns, type ListFormat } from './table.ts';
import { categoryId, categoryOfId, severityId, severityOfId } from './categories.ts';
import { encodeProvenance, NO_PROVENANCE, type RawTuple } from './provenance-codec.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { sha256Hex } from './hash.ts';
import { isSafeVersion } from './bytes.ts';
import { KeySection } from './keys-section.ts';
import { encodeKeyList, sortKeys } from './keys-codec.ts';

export interface TableMeta {
  listId: string;
  version: number;
}

export interface BuildOptions {
  /**
   * Keep the key strings in an optional section (snapshot format 2): what the extension compiles
   * declarativeNetRequest rules from and what `stats`/`diff` read. Keys must not contain '\n'.
   */
  readonly keys?: boolean;
  /** Table layout (table.ts); default the newest, 3. Format 2 is for tests and tools that reproduce old files. */
  readonly format?: ListFormat;
}

export function checkMeta(meta: TableMeta): void {
  if (typeof meta.listId !== 'string' || new TextEncoder().encode(meta.listId).length > 64) {
    throw new TypeError('listId must be a string of at most 64 UTF-8 bytes');
  }
  if (!isSafeVersion(meta.version)) throw new TypeError('version must be a non-negative safe integer');
}

/**
 * Hashes the sections and wraps them as a table (shared by build, delta apply). `keys`: an encoded key list.
 * `sectionSha`: the table section's hash when the caller started it earlier (delta apply starts it as soon as the
 * section is complete, so it runs off the thread while the provenance is merged); the section must not change after.
 */
export async function finishTable(
  meta: TableMeta,
  section: Uint8Array,
  count: number,
  provenance: Uint8Array,
  keys: Uint8Array | null,
  format: ListFormat,
  sectionSha: Promise<string> = sha256Hex(section),
  ownedBuffers: readonly ArrayBuffer[] = [],
): Promise<CompactTable> {
  const [sha, provSha, keysSha] = await Promise.all([
    sectionSha,
    sha256Hex(provenance),
    keys ? sha256Hex(keys) : Promise.resolve(null),
  ]);
  const prov = ProvenanceSection.open(provenance, provSha, count, true);
  if (typeof prov === 'string') throw new Error(prov);
  const keySection = keys && keysSha !== null ? KeySection.open(keys, keysSha, count, true) : null;
  if (typeof keySection === 'string') throw new Error(keySection);
  return new CompactTable(meta.listId, meta.version, sha, section, prov, count, keySection, format, ownedBuffers);
}

/** Entry order sorted by fingerprint: counting sort on the bucket, insertion sort inside each bucket. */
function sortByFingerprint(hi: Uint32Array, lo: Uint32Array): Uint32Array {
  const starts = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < hi.length; i++) starts[(hi[i]! >>> 16) + 1]!++;
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, BUCKETS);
  const order = new Uint32Array(hi.length);
  for (let i = 0; i < hi.length; i++) order[fill[hi[i]! >>> 16]!++] = i;
  for (let b = 0; b < BUCKETS; b++) {
    const end = starts[b + 1]!;
    for (let i = starts[b]! + 1; i < end; i++) {
      const x = order[i]!;
      let j = i - 1;
      while (j >= starts[b]! && (hi[order[j]!]! > hi[x]! || (hi[order[j]!] === hi[x] && lo[order[j]!]! > lo[x]!))) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
  }
  return order;
}

function mergeTuples(a: RawTuple, b: RawTuple): RawTuple {
  const earlier = b.firstSeen === null || (a.firstSeen !== null && a.firstSeen <= b.firstSeen) ? a : b;
  const firstSeen = earlier.firstSeen ?? a.firstSeen ?? b.firstSeen;
  return { firstSeen, sources: [...a.sources, ...b.sources] };
}

function tupleOf(e: ListEntryInput): RawTuple {
  if (e.firstSeen === undefined && (e.sources === undefined || e.sources.length === 0)) return NO_PROVENANCE;
  return { firstSeen: e.firstSeen ?? null, sources: e.sources ?? [] };
}

function checkEntry(e: ListEntryInput): void {
  if (typeof e.key !== 'string' || !isCategory(e.category) || !SEVERITIES.includes(e.severity)) {
    throw new TypeError(`invalid list entry: ${JSON.stringify(e)}`);
  }
}

/**
 * Two distinct keys with the same 64-bit fingerprint (≈ 2.7e-8 for a 1M list) are one entry; with `keys` the
 * section keeps the smaller key, so there is always exactly one key per entry.
 */
export async function buildTable(entries: ListEntryInput[], meta: TableMeta, opts: BuildOptions = {}): Promise<ListTable> {
  checkMeta(meta);
  const n = entries.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const fp = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    checkEntry(e);
    fingerprintInto(e.key, fp);
    hi[i] = fp[0]!;
    lo[i] = fp[1]!;
  }
  const order = sortByFingerprint(hi, lo);
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || hi[order[k]!] !== hi[order[k - 1]!] || lo[order[k]!] !== lo[order[k - 1]!]) count++;
  }
  const format = opts.format ?? LIST_FORMAT;
  const section = new Uint8Array(tableSectionLength(count, format));
  const cols = viewColumns(section, count, format);
  // severity id << 8 | category id: two keys with one fingerprint keep the higher severity (then the higher id)
  const rank = new Uint16Array(count);
  const tuples: RawTuple[] = [NO_PROVENANCE];
  const rawIds = new Uint32Array(count);
  const keyAt: string[] | null = opts.keys ? new Array<string>(count) : null;
  let pos = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const e = entries[i]!;
    const m = (severityId(e.severity) << 8) | categoryId(e.category);
    if (pos >= 0 && hi[i] === hi[order[k - 1]!] && lo[i] === lo[order[k - 1]!]) {
      rank[pos] = Math.max(rank[pos]!, m);
      if (keyAt && e.key < keyAt[pos]!) keyAt[pos] = e.key;
      const t = tupleOf(e);
      if (t !== NO_PROVENANCE) {
        tuples.push(mergeTuples(tuples[rawIds[pos]!]!, t));
        rawIds[pos] = tuples.length - 1;
      }
      continue;
    }
    pos++;
    cols.index[(hi[i]! >>> 16) + 1]!++;
    cols.mid[pos] = hi[i]! & 0xffff;
    cols.lo[pos] = lo[i]!;
    rank[pos] = m;
    if (keyAt) keyAt[pos] = e.key;
    const t = tupleOf(e);
    if (t !== NO_PROVENANCE) {
      tuples.push(t);
      rawIds[pos] = tuples.length - 1;
    }
  }
  for (let b = 0; b < BUCKETS; b++) cols.index[b + 1]! += cols.index[b]!;
  for (let p = 0; p < count; p++) setEntryClass(cols, p, categoryOfId(rank[p]! & 0xff)!, severityOfId(rank[p]! >>> 8)!);
  const keys = keyAt ? encodeKeyList(sortKeys(keyAt)) : null;
  return finishTable(meta, section, count, encodeProvenance(tuples, rawIds, count), keys, format);
}

/** Canonical state hash (= table.sha256): depends only on the set of fingerprints and their category/severity. */
export function stateHash(table: ListTable): string {
  return table.sha256;
}
