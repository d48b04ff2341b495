/**
 * Snapshot format: one buffer = 256-byte header + table section (table.ts) + provenance section
 * (provenance-section.ts) [+ key-strings section (keys-codec.ts), format 2 only]. Decoding verifies and then
 * views the buffer in place: no per-entry parsing, and the key strings are not decoded (keys.ts does, on demand).
 *
 *   0  magic "SSLT\r\n\x1a\n"      8  format version u32 (1, 2 or 3) 12 header length u32 (256)
 *   16 list version f64            24 entry count u32              28 bucket bits u32 (16)
 *   32 table offset u32 (256)      36 table length u32             40 provenance offset u32
 *   44 provenance length u32       48 file length u32              52 list id: u32 length + 64 bytes UTF-8
 *   120 SHA-256 of the keys section (zero without one)              152 zero (8 bytes)
 *   160 SHA-256 of the table section
 *   192 SHA-256 of the provenance section
 *   224 keys section length u32 (0: no keys section; else it starts at provenance offset + length)
 *   228 zero (24 bytes)
 *   252 CRC-32 of bytes 0–251 (so no header byte can change unnoticed; the hashes cover the sections)
 * All integers little-endian. The SHA-256s are recomputed at load (so the keys section cannot be swapped: its
 * hash is in the CRC-checked header, and the whole file's SHA-256 is in the signed manifest); the table one is
 * `ListTable.sha256`. File formats 1 (no keys section) and 2 (keys section required) hold list format 2 tables
 * (packed meta byte, table.ts); file format 3 holds list format 3 tables (category byte + 2-bit severities), with
 * or without a keys section. All three are read; a table is written in the file format of its list format.
 */
import { fail, ok, type Result } from '../types.ts';
import type { ListErrorCode, ListTable } from './types.ts';
import { asCompact, BUCKET_BITS, CompactTable, isValidMeta, LITTLE_ENDIAN, tableSectionLength, type ListFormat } from './table.ts';
import { VALID_CATEGORY_ID } from './categories.ts';
import { viewColumns, type TableColumns } from './table.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { bytesToHex, crc32, hexToBytes, sha256Hex } from './hash.ts';
import { aligned, isSafeVersion, readListId, writeListId } from './bytes.ts';
import { KeySection } from './keys-section.ts';

export const SNAPSHOT_MAGIC = Uint8Array.of(0x53, 0x53, 0x4c, 0x54, 0x0d, 0x0a, 0x1a, 0x0a);
/** The newest file format written (3: list format 3, keys section optional). */
export const SNAPSHOT_FORMAT_VERSION = 3;
/** File formats of list format 2: without (1) and with (2) a keys section. */
const FORMAT_WITHOUT_KEYS = 1;
const FORMAT_WITH_KEYS = 2;

/** The list format (table layout) a snapshot file format holds. */
export function listFormatOfFile(fileFormat: number): ListFormat {
  return fileFormat === SNAPSHOT_FORMAT_VERSION ? 3 : 2;
}
const KEYS_SHA_AT = 120;
const KEYS_LENGTH_AT = 224;
const HEADER_BYTES = 256;
const CRC_AT = 252;

type Decoded = Result<ListTable, ListErrorCode>;

export function encodeSnapshot(table: ListTable): Uint8Array {
  const t = asCompact(table);
  const out = new Uint8Array(snapshotLength(t));
  writeHeader(t, out);
  out.set(t.section, HEADER_BYTES);
  out.set(t.provenance.bytes, HEADER_BYTES + t.section.length);
  if (t.keys) out.set(t.keys.bytes, HEADER_BYTES + t.section.length + t.provenance.bytes.length);
  return out;
}

/** Bytes copied between two pauses of encodeSnapshotSliced. */
const COPY_SLICE_BYTES = 2 * 1024 * 1024;

/**
 * encodeSnapshot in slices: the sections are copied COPY_SLICE_BYTES at a time with `pause()` in between (for a
 * caller on a UI or service-worker thread). The table must not change meanwhile (tables never do).
 */
export async function encodeSnapshotSliced(table: ListTable, pause: () => Promise<void>): Promise<Uint8Array> {
  const t = asCompact(table);
  const out = new Uint8Array(snapshotLength(t));
  writeHeader(t, out);
  let at = HEADER_BYTES;
  for (const part of [t.section, t.provenance.bytes, t.keys?.bytes ?? new Uint8Array(0)]) {
    for (let i = 0; i < part.length; i += COPY_SLICE_BYTES) {
      out.set(part.subarray(i, i + COPY_SLICE_BYTES), at + i);
      await pause();
    }
    at += part.length;
  }
  return out;
}

function snapshotLength(t: CompactTable): number {
  return HEADER_BYTES + t.section.length + t.provenance.bytes.length + (t.keys?.bytes.length ?? 0);
}

/** Writes the 256-byte header of `t`'s snapshot into `out` (sized by snapshotLength). */
function writeHeader(t: CompactTable, out: Uint8Array): void {
  const provenance = t.provenance.bytes;
  const keys = t.keys?.bytes ?? new Uint8Array(0);
  const provAt = HEADER_BYTES + t.section.length;
  const view = new DataView(out.buffer);
  out.set(SNAPSHOT_MAGIC, 0);
  [
    [8, t.format === 3 ? SNAPSHOT_FORMAT_VERSION : t.keys ? FORMAT_WITH_KEYS : FORMAT_WITHOUT_KEYS], [12, HEADER_BYTES], [24, t.count], [28, BUCKET_BITS],
    [32, HEADER_BYTES], [36, t.section.length], [40, provAt], [44, provenance.length], [48, out.length],
    [KEYS_LENGTH_AT, keys.length],
  ].forEach(([at, value]) => view.setUint32(at!, value!, true));
  if (t.keys) hexToBytes(t.keys.sha256, out, KEYS_SHA_AT);
  view.setFloat64(16, t.version, true);
  writeListId(view, out, 52, t.listId);
  hexToBytes(t.sha256, out, 160);
  hexToBytes(t.provenanceSha256, out, 192);
  view.setUint32(CRC_AT, crc32(out.subarray(0, CRC_AT)), true);
}

function checkHeader(bytes: Uint8Array, view: DataView, fileLength = bytes.length): Decoded | null {
  for (let i = 0; i < Math.min(bytes.length, 8); i++) {
    if (bytes[i] !== SNAPSHOT_MAGIC[i]) return fail('BAD_MAGIC', 'not a ScamSentinel list snapshot');
  }
  if (bytes.length < 12) return fail('BAD_LENGTH', 'truncated header');
  const format = view.getUint32(8, true);
  if (format !== FORMAT_WITHOUT_KEYS && format !== FORMAT_WITH_KEYS && format !== SNAPSHOT_FORMAT_VERSION) {
    return fail('BAD_FORMAT_VERSION', `snapshot format ${format}: this version of ScamSentinel reads formats 1–3`);
  }
  if (bytes.length < HEADER_BYTES) return fail('BAD_LENGTH', 'truncated header');
  if (crc32(bytes.subarray(0, CRC_AT)) !== view.getUint32(CRC_AT, true)) {
    return fail('CHECKSUM_MISMATCH', 'header checksum mismatch');
  }
  const u32 = (at: number): number => view.getUint32(at, true);
  const count = u32(24);
  const provAt = HEADER_BYTES + tableSectionLength(count, listFormatOfFile(format));
  if (u32(12) !== HEADER_BYTES || u32(28) !== BUCKET_BITS || u32(32) !== HEADER_BYTES) {
    return fail('CORRUPT', 'bad layout');
  }
  const keysLength = u32(KEYS_LENGTH_AT);
  // format 1: never a keys section, format 2: always one, format 3: either
  const keysMismatch = (format === FORMAT_WITHOUT_KEYS && keysLength > 0) || (format === FORMAT_WITH_KEYS && keysLength === 0);
  if (keysMismatch || keysLength % 8 !== 0) {
    return fail('CORRUPT', `format ${format} with a ${keysLength}-byte keys section`);
  }
  if (u32(36) !== provAt - HEADER_BYTES || u32(40) !== provAt || u32(48) !== provAt + u32(44) + keysLength) {
    return fail('BAD_LENGTH', 'section lengths do not add up');
  }
  if (fileLength !== u32(48)) return fail('BAD_LENGTH', `snapshot is ${fileLength} bytes, header says ${u32(48)}`);
  const reserved: [number, number][] = keysLength === 0 ? [[120, 160], [224, 252]] : [[152, 160], [228, 252]];
  for (const [from, to] of reserved) for (let i = from; i < to; i++) {
    if (bytes[i] !== 0) return fail('CORRUPT', 'reserved header bytes are not zero');
  }
  return null;
}

/**
 * The header checks of decodeSnapshot for a file read in parts (partial.ts): `head` holds at least the 256-byte
 * header, `fileLength` is the whole file's length. Null when the header is sound, else what is wrong.
 */
export function checkSnapshotHeader(head: Uint8Array, fileLength: number): string | null {
  if (head.byteOffset % 4 !== 0) return 'misaligned';
  const r = checkHeader(head, new DataView(head.buffer, head.byteOffset, head.byteLength), fileLength);
  return r && !r.ok ? `${r.reason}: ${r.message}` : null;
}

export { checkIndex as checkBucketIndex, checkColumns as checkTableColumns };
export const SNAPSHOT_HEADER_BYTES = HEADER_BYTES;

/** Bucket index check, O(buckets): every bucket's range lies inside the columns (what keeps lookups in bounds). */
function checkIndex(t: TableColumns): string | null {
  if (t.index[0] !== 0 || t.index[t.index.length - 1] !== t.count) return 'bad bucket index';
  for (let b = 0; b + 1 < t.index.length; b++) if (t.index[b + 1]! < t.index[b]!) return 'bad bucket index';
  return null;
}

/** Order and meta checks (after checkIndex): one cheap pass over the columns, no allocation. */
function checkColumns(t: TableColumns): string | null {
  for (let b = 0; b + 1 < t.index.length; b++) {
    const start = t.index[b]!;
    const end = t.index[b + 1]!;
    for (let i = start + 1; i < end; i++) {
      const dm = t.mid[i]! - t.mid[i - 1]!;
      if (dm < 0 || (dm === 0 && t.lo[i]! <= t.lo[i - 1]!)) return 'fingerprints not sorted';
    }
  }
  if (t.format === 2) {
    for (let i = 0; i < t.count; i++) if (!isValidMeta(t.meta[i]!)) return 'bad category/severity byte';
    return null;
  }
  for (let i = 0; i < t.count; i++) if (VALID_CATEGORY_ID[t.meta[i]!] !== 1) return 'unknown category id';
  const sev = t.sev;
  // a 2-bit field holding 3 (reserved) has both bits set; bits past the last entry must be zero
  for (let i = 0; i < sev.length; i++) if ((sev[i]! & (sev[i]! >>> 1) & 0x55) !== 0) return 'bad severity';
  if (t.count % 4 !== 0 && sev[sev.length - 1]! >>> ((t.count % 4) * 2) !== 0) return 'bad severity padding';
  return null;
}

export interface DecodeOptions {
  /**
   * false: take the section hashes recorded in the (CRC-checked) header instead of recomputing them — only for
   * bytes that were verified when they were stored (the worker's own IndexedDB copy), and only when the caller
   * runs `verifySnapshotHashes` on the same bytes soon after (off its critical path). Default true.
   */
  readonly verifyHashes?: boolean;
  /**
   * false (only together with `verifyHashes: false`): skip the per-entry passes too — the fingerprint order, category
   * and severity checks over all entries and the provenance id range check (~10–40 ms for 1M entries in a cold
   * worker). The header, the section layout and the bucket index are still checked, so lookups stay in bounds; a
   * corrupted section can give a wrong answer until `verifySnapshotHashes` (a full decode: every check) drops it —
   * the same window `verifyHashes: false` already accepts for a changed fingerprint. For the worker's own rows,
   * which it wrote from a table that passed every check. Default true.
   */
  readonly checkEntries?: boolean;
}

/** Recomputes the section SHA-256s of a snapshot and compares them with its header (see DecodeOptions). */
export async function verifySnapshotHashes(input: Uint8Array): Promise<boolean> {
  const decoded = await decodeSnapshot(input, { verifyHashes: true });
  return decoded.ok;
}

/** Verifies and opens a snapshot. The returned table views `bytes` (copied only when misaligned): do not mutate it. */
export async function decodeSnapshot(input: Uint8Array, opts: DecodeOptions = {}): Promise<Decoded> {
  if (!(input instanceof Uint8Array)) return fail('CORRUPT', 'not bytes');
  if (!LITTLE_ENDIAN) return fail('CORRUPT', 'big-endian hosts are not supported');
  const bytes = aligned(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerError = checkHeader(bytes, view);
  if (headerError) return headerError;
  const count = view.getUint32(24, true);
  const listFormat = listFormatOfFile(view.getUint32(8, true));
  const version = view.getFloat64(16, true);
  const listId = readListId(view, bytes, 52);
  if (!isSafeVersion(version) || listId === null) return fail('CORRUPT', 'bad list id or version');
  const provAt = view.getUint32(40, true);
  const keysAt = provAt + view.getUint32(44, true);
  const section = bytes.subarray(HEADER_BYTES, provAt);
  const provenance = bytes.subarray(provAt, keysAt);
  const keys = keysAt < bytes.length ? bytes.subarray(keysAt) : null;
  const recorded = (at: number): string => bytesToHex(bytes.subarray(at, at + 32));
  const [sha, provSha, keysSha] =
    opts.verifyHashes === false
      ? [recorded(160), recorded(192), keys ? recorded(KEYS_SHA_AT) : null]
      : await Promise.all([sha256Hex(section), sha256Hex(provenance), keys ? sha256Hex(keys) : Promise.resolve(null)]);
  if (sha !== bytesToHex(bytes.subarray(160, 192))) return fail('CHECKSUM_MISMATCH', 'table checksum mismatch');
  if (provSha !== bytesToHex(bytes.subarray(192, 224))) return fail('CHECKSUM_MISMATCH', 'provenance mismatch');
  if (keys && keysSha !== bytesToHex(bytes.subarray(KEYS_SHA_AT, KEYS_SHA_AT + 32))) {
    return fail('CHECKSUM_MISMATCH', 'keys section checksum mismatch');
  }
  if (opts.checkEntries === false && opts.verifyHashes !== false) throw new TypeError('checkEntries: false needs verifyHashes: false');
  const deferEntries = opts.checkEntries === false;
  const columns = viewColumns(section, count, listFormat);
  const columnsError = checkIndex(columns) ?? (deferEntries ? null : checkColumns(columns));
  if (columnsError) return fail('CORRUPT', columnsError);
  const prov = ProvenanceSection.open(provenance, provSha, count, deferEntries);
  if (typeof prov === 'string') return fail('CORRUPT', prov);
  const keySection = keys && keysSha !== null ? KeySection.open(keys, keysSha, count) : null;
  if (typeof keySection === 'string') return fail('CORRUPT', keySection);
  return ok(new CompactTable(listId, version, sha, section, prov, count, keySection, listFormat));
}
