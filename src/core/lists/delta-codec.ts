/**
 * Delta binary format (little-endian):
 *   0  magic "SSDL\r\n\x1a\n"    8  format version u32 (1)    12 total length u32
 *   16 from version f64           24 to version f64            32 add count u32      36 remove count u32
 *   40 provenance length u32      44 CRC-32 of the whole delta with these 4 bytes read as zero
 *   48 from table SHA-256   80 to table SHA-256   112 from provenance SHA-256   144 to provenance SHA-256
 *   176 list id: u32 length + 64 bytes UTF-8        244 zero u32
 *   248 remove hi u32[r], remove lo u32[r], add hi u32[a], add lo u32[a], add meta u8[a], zero pad to 8,
 *       provenance of the additions (provenance-section.ts layout, one entry per addition)
 * Removals and additions are sorted by fingerprint. The CRC catches accidental damage (every 1-byte change);
 * authenticity comes from the signed manifest, and applyDelta verifies the result against the target hashes.
 */
import { fail, ok, type Result } from '../types.ts';
import type { Delta, DeltaAddition, Fingerprint, ListErrorCode } from './types.ts';
import { compareFingerprints } from './fingerprint.ts';
import { isValidMeta, LITTLE_ENDIAN, metaCategory, metaSeverity, packMeta } from './table.ts';
import { encodeProvenance, NO_PROVENANCE, type RawTuple } from './provenance-codec.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { bytesToHex, crc32, hexToBytes } from './hash.ts';
import { aligned, alignUp, isSafeVersion, readListId, writeListId } from './bytes.ts';
import { checkDeltaShape } from './delta.ts';

export const DELTA_MAGIC = Uint8Array.of(0x53, 0x53, 0x44, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a);
export const DELTA_FORMAT_VERSION = 1;
const HEADER_BYTES = 248;
const CRC_AT = 44;
const HASH_FIELDS = [48, 80, 112, 144] as const;

function layout(adds: number, removes: number): { addHiAt: number; metaAt: number; provAt: number } {
  const addHiAt = HEADER_BYTES + 8 * removes;
  const metaAt = addHiAt + 8 * adds;
  return { addHiAt, metaAt, provAt: alignUp(metaAt + adds, 8) };
}

function deltaCrc(bytes: Uint8Array): number {
  return crc32(bytes.subarray(CRC_AT + 4), crc32(new Uint8Array(4), crc32(bytes.subarray(0, CRC_AT))));
}

const byFp = (a: Fingerprint, b: Fingerprint): number => compareFingerprints(a.hi, a.lo, b.hi, b.lo);

export function encodeDelta(d: Delta): Uint8Array {
  const remove = [...d.remove].sort(byFp);
  const add = [...d.add].sort((a, b) => byFp(a.fp, b.fp));
  const tuples: RawTuple[] = add.map((e) => ({ firstSeen: e.firstSeen ?? null, sources: e.sources ?? [] }));
  const provenance = encodeProvenance(tuples, Uint32Array.from(tuples, (_, i) => i), add.length);
  const { addHiAt, metaAt, provAt } = layout(add.length, remove.length);
  const out = new Uint8Array(provAt + provenance.length);
  const view = new DataView(out.buffer);
  out.set(DELTA_MAGIC, 0);
  view.setUint32(8, DELTA_FORMAT_VERSION, true);
  view.setUint32(12, out.length, true);
  view.setFloat64(16, d.fromVersion, true);
  view.setFloat64(24, d.toVersion, true);
  view.setUint32(32, add.length, true);
  view.setUint32(36, remove.length, true);
  view.setUint32(40, provenance.length, true);
  [d.fromSha256, d.toSha256, d.fromProvenanceSha256, d.toProvenanceSha256].forEach((h, k) => {
    if (!hexToBytes(h, out, HASH_FIELDS[k]!)) throw new TypeError('hashes must be 64 lowercase hex digits');
  });
  if (!writeListId(view, out, 176, d.listId)) throw new TypeError('listId longer than 64 bytes');
  remove.forEach((f, k) => {
    view.setUint32(HEADER_BYTES + 4 * k, f.hi, true);
    view.setUint32(HEADER_BYTES + 4 * (remove.length + k), f.lo, true);
  });
  add.forEach((e, k) => {
    view.setUint32(addHiAt + 4 * k, e.fp.hi, true);
    view.setUint32(addHiAt + 4 * (add.length + k), e.fp.lo, true);
    out[metaAt + k] = packMeta(e.category, e.severity);
  });
  out.set(provenance, provAt);
  view.setUint32(CRC_AT, deltaCrc(out), true);
  return out;
}

type Decoded = Result<Delta, ListErrorCode>;

function checkFrame(bytes: Uint8Array, view: DataView): Decoded | null {
  for (let i = 0; i < Math.min(bytes.length, 8); i++) {
    if (bytes[i] !== DELTA_MAGIC[i]) return fail('BAD_MAGIC', 'not a ScamSentinel list delta');
  }
  if (bytes.length < 12) return fail('BAD_LENGTH', 'truncated header');
  const format = view.getUint32(8, true);
  if (format !== DELTA_FORMAT_VERSION) return fail('BAD_FORMAT_VERSION', `delta format ${format}, expected 1`);
  if (bytes.length < HEADER_BYTES || view.getUint32(12, true) !== bytes.length) {
    return fail('BAD_LENGTH', 'delta length does not match its header');
  }
  if (deltaCrc(bytes) !== view.getUint32(CRC_AT, true)) return fail('CHECKSUM_MISMATCH', 'delta checksum mismatch');
  const adds = view.getUint32(32, true);
  const { provAt } = layout(adds, view.getUint32(36, true));
  if (provAt + view.getUint32(40, true) !== bytes.length) return fail('BAD_LENGTH', 'section lengths do not add up');
  if (view.getUint32(244, true) !== 0) return fail('CORRUPT', 'reserved bytes are not zero');
  return null;
}

export function decodeDelta(input: Uint8Array): Decoded {
  if (!(input instanceof Uint8Array)) return fail('CORRUPT', 'not bytes');
  if (!LITTLE_ENDIAN) return fail('CORRUPT', 'big-endian hosts are not supported');
  const bytes = aligned(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frameError = checkFrame(bytes, view);
  if (frameError) return frameError;
  const fromVersion = view.getFloat64(16, true);
  const toVersion = view.getFloat64(24, true);
  const listId = readListId(view, bytes, 176);
  if (!isSafeVersion(fromVersion) || !isSafeVersion(toVersion) || listId === null) {
    return fail('CORRUPT', 'bad list id or version');
  }
  const addCount = view.getUint32(32, true);
  const removeCount = view.getUint32(36, true);
  const { addHiAt, metaAt, provAt } = layout(addCount, removeCount);
  for (let i = metaAt + addCount; i < provAt; i++) if (bytes[i] !== 0) return fail('CORRUPT', 'padding is not zero');
  const prov = ProvenanceSection.open(bytes.subarray(provAt), '', addCount);
  if (typeof prov === 'string') return fail('CORRUPT', prov);
  const u32 = (at: number): number => view.getUint32(at, true);
  const remove: Fingerprint[] = [];
  for (let k = 0; k < removeCount; k++) {
    remove.push({ hi: u32(HEADER_BYTES + 4 * k), lo: u32(HEADER_BYTES + 4 * (removeCount + k)) });
  }
  const add: DeltaAddition[] = [];
  const tuples = prov.tupleIndex().tuples;
  for (let k = 0; k < addCount; k++) {
    const meta = bytes[metaAt + k]!;
    if (!isValidMeta(meta)) return fail('CORRUPT', 'bad category/severity byte');
    const t = tuples[prov.tupleIdAt(k)] ?? NO_PROVENANCE;
    const fp = { hi: u32(addHiAt + 4 * k), lo: u32(addHiAt + 4 * (addCount + k)) };
    const category = metaCategory(meta);
    const severity = metaSeverity(meta);
    const sources = t.sources;
    add.push(t.firstSeen === null ? { fp, category, severity, sources } : { fp, category, severity, firstSeen: t.firstSeen, sources });
  }
  const hashes = HASH_FIELDS.map((at) => bytesToHex(bytes.subarray(at, at + 32)));
  const [fromSha256, toSha256, fromProvenanceSha256, toProvenanceSha256] = hashes;
  const delta: Delta = {
    listId,
    fromVersion,
    toVersion,
    fromSha256: fromSha256!,
    toSha256: toSha256!,
    fromProvenanceSha256: fromProvenanceSha256!,
    toProvenanceSha256: toProvenanceSha256!,
    add,
    remove,
  };
  const shapeError = checkDeltaShape(delta);
  return shapeError ? fail('CORRUPT', shapeError) : ok(delta);
}
