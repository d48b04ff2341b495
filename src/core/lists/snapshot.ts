/**
 * Snapshot format: one buffer = 256-byte header + table section (table.ts) + provenance section
 * (provenance-section.ts). Decoding verifies and then views the buffer in place: no per-entry parsing.
 *
 *   0  magic "SSLT\r\n\x1a\n"      8  format version u32 (1)      12 header length u32 (256)
 *   16 list version f64            24 entry count u32              28 bucket bits u32 (16)
 *   32 table offset u32 (256)      36 table length u32             40 provenance offset u32
 *   44 provenance length u32       48 file length u32              52 list id: u32 length + 64 bytes UTF-8
 *   120 zero (40 bytes)            160 SHA-256 of the table section
 *   192 SHA-256 of the provenance section                           224 zero (28 bytes)
 *   252 CRC-32 of bytes 0–251 (so no header byte can change unnoticed; the hashes cover the sections)
 * All integers little-endian. The two SHA-256s are recomputed at load; the table one is `ListTable.sha256`.
 */
import { fail, ok, type Result } from '../types.ts';
import type { ListErrorCode, ListTable } from './types.ts';
import { asCompact, BUCKET_BITS, CompactTable, isValidMeta, LITTLE_ENDIAN, tableSectionLength } from './table.ts';
import { viewColumns, type TableColumns } from './table.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { bytesToHex, crc32, hexToBytes, sha256Hex } from './hash.ts';
import { aligned, isSafeVersion, readListId, writeListId } from './bytes.ts';

export const SNAPSHOT_MAGIC = Uint8Array.of(0x53, 0x53, 0x4c, 0x54, 0x0d, 0x0a, 0x1a, 0x0a);
export const SNAPSHOT_FORMAT_VERSION = 1;
const HEADER_BYTES = 256;
const CRC_AT = 252;

type Decoded = Result<ListTable, ListErrorCode>;

export function encodeSnapshot(table: ListTable): Uint8Array {
  const t = asCompact(table);
  const provenance = t.provenance.bytes;
  const provAt = HEADER_BYTES + t.section.length;
  const out = new Uint8Array(provAt + provenance.length);
  const view = new DataView(out.buffer);
  out.set(SNAPSHOT_MAGIC, 0);
  [
    [8, SNAPSHOT_FORMAT_VERSION], [12, HEADER_BYTES], [24, t.count], [28, BUCKET_BITS], [32, HEADER_BYTES],
    [36, t.section.length], [40, provAt], [44, provenance.length], [48, out.length],
  ].forEach(([at, value]) => view.setUint32(at!, value!, true));
  view.setFloat64(16, t.version, true);
  writeListId(view, out, 52, t.listId);
  hexToBytes(t.sha256, out, 160);
  hexToBytes(t.provenanceSha256, out, 192);
  out.set(t.section, HEADER_BYTES);
  out.set(provenance, provAt);
  view.setUint32(CRC_AT, crc32(out.subarray(0, CRC_AT)), true);
  return out;
}

function checkHeader(bytes: Uint8Array, view: DataView): Decoded | null {
  for (let i = 0; i < Math.min(bytes.length, 8); i++) {
    if (bytes[i] !== SNAPSHOT_MAGIC[i]) return fail('BAD_MAGIC', 'not a ScamSentinel list snapshot');
  }
  if (bytes.length < 12) return fail('BAD_LENGTH', 'truncated header');
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT_VERSION) return fail('BAD_FORMAT_VERSION', `snapshot format ${format}, expected 1`);
  if (bytes.length < HEADER_BYTES) return fail('BAD_LENGTH', 'truncated header');
  if (crc32(bytes.subarray(0, CRC_AT)) !== view.getUint32(CRC_AT, true)) {
    return fail('CHECKSUM_MISMATCH', 'header checksum mismatch');
  }
  const u32 = (at: number): number => view.getUint32(at, true);
  const count = u32(24);
  const provAt = HEADER_BYTES + tableSectionLength(count);
  if (u32(12) !== HEADER_BYTES || u32(28) !== BUCKET_BITS || u32(32) !== HEADER_BYTES) {
    return fail('CORRUPT', 'bad layout');
  }
  if (u32(36) !== provAt - HEADER_BYTES || u32(40) !== provAt || u32(48) !== provAt + u32(44)) {
    return fail('BAD_LENGTH', 'section lengths do not add up');
  }
  if (bytes.length !== u32(48)) return fail('BAD_LENGTH', `snapshot is ${bytes.length} bytes, header says ${u32(48)}`);
  for (const at of [120, 224]) for (let i = at; i < at + (at === 120 ? 40 : 28); i++) {
    if (bytes[i] !== 0) return fail('CORRUPT', 'reserved header bytes are not zero');
  }
  return null;
}

/** Index, order and meta checks: O(buckets) + one cheap pass over the columns, no allocation. */
function checkColumns(t: TableColumns): string | null {
  if (t.index[0] !== 0 || t.index[t.index.length - 1] !== t.count) return 'bad bucket index';
  for (let b = 0; b + 1 < t.index.length; b++) {
    const start = t.index[b]!;
    const end = t.index[b + 1]!;
    if (end < start) return 'bad bucket index';
    for (let i = start + 1; i < end; i++) {
      const dm = t.mid[i]! - t.mid[i - 1]!;
      if (dm < 0 || (dm === 0 && t.lo[i]! <= t.lo[i - 1]!)) return 'fingerprints not sorted';
    }
  }
  for (let i = 0; i < t.count; i++) if (!isValidMeta(t.meta[i]!)) return 'bad category/severity byte';
  return null;
}

/** Verifies and opens a snapshot. The returned table views `bytes` (copied only when misaligned): do not mutate it. */
export async function decodeSnapshot(input: Uint8Array): Promise<Decoded> {
  if (!(input instanceof Uint8Array)) return fail('CORRUPT', 'not bytes');
  if (!LITTLE_ENDIAN) return fail('CORRUPT', 'big-endian hosts are not supported');
  const bytes = aligned(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerError = checkHeader(bytes, view);
  if (headerError) return headerError;
  const count = view.getUint32(24, true);
  const version = view.getFloat64(16, true);
  const listId = readListId(view, bytes, 52);
  if (!isSafeVersion(version) || listId === null) return fail('CORRUPT', 'bad list id or version');
  const provAt = view.getUint32(40, true);
  const section = bytes.subarray(HEADER_BYTES, provAt);
  const provenance = bytes.subarray(provAt);
  const [sha, provSha] = await Promise.all([sha256Hex(section), sha256Hex(provenance)]);
  if (sha !== bytesToHex(bytes.subarray(160, 192))) return fail('CHECKSUM_MISMATCH', 'table checksum mismatch');
  if (provSha !== bytesToHex(bytes.subarray(192, 224))) return fail('CHECKSUM_MISMATCH', 'provenance mismatch');
  const columnsError = checkColumns(viewColumns(section, count));
  if (columnsError) return fail('CORRUPT', columnsError);
  const prov = ProvenanceSection.open(provenance, provSha, count);
  if (typeof prov === 'string') return fail('CORRUPT', prov);
  return ok(new CompactTable(listId, version, sha, section, prov, count));
}
