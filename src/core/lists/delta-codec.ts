/**
 * Delta binary format (little-endian):
 *   0  magic "SSDL\r\n\x1a\n"    8  format version u32 (1, 2 or 3) 12 total length u32
 *   16 from version f64           24 to version f64            32 add count u32      36 remove count u32
 *   40 provenance length u32      44 CRC-32 of the whole delta with these 4 bytes read as zero
 *   48 from table SHA-256   80 to table SHA-256   112 from provenance SHA-256   144 to provenance SHA-256
 *   176 list id: u32 length + 64 bytes UTF-8        244 zero u32
 *   formats 2, 3: 248 from keys SHA-256   280 to keys SHA-256   312 keys section length u32   316 zero u32
 *   248 (format 1) / 320 (formats 2, 3): remove hi u32[r], remove lo u32[r], add hi u32[a], add lo u32[a],
 *       formats 1, 2: add meta u8[a] (list format 2's packed byte) | format 3: add category id u8[a], add
 *       severity id u8[a] (categories.ts), zero pad to 8, provenance of the additions (provenance-section.ts layout,
 *       one entry per addition), [keys section = removed keys, then keys of new entries, two key lists
 *       (keys-codec.ts); format 2 always, format 3 when its length is not 0 (else the key hashes are zero)]
 * Formats 1 and 2 are list format 2 deltas (without / with key changes); format 3 is a list format 3 delta.
 * Removals and additions are sorted by fingerprint, keys in UTF-8 byte order (keys-codec.ts). The CRC catches accidental damage
 * (every 1-byte change); authenticity comes from the signed manifest, and applyDelta verifies the result against
 * the target hashes (table, provenance and, with key changes, keys). List format 2 deltas without key changes are
 * written as format 1.
 */
import { fail, ok, type Result } from '../types.ts';
import type { Delta, Fingerprint, ListErrorCode } from './types.ts';
import { compareFingerprints } from './fingerprint.ts';
import { isValidMeta, LITTLE_ENDIAN, metaCategory, metaSeverity, packMeta } from './table.ts';
import { categoryId, MAX_SEVERITY_ID, severityId, VALID_CATEGORY_ID } from './categories.ts';
import { deltaOfColumns, type DeltaColumns } from './delta-columns.ts';
import { encodeProvenance, NO_PROVENANCE, type RawTuple } from './provenance-codec.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { bytesToHex, crc32, hexToBytes } from './hash.ts';
import { aligned, alignUp, isSafeVersion, readListId, writeListId } from './bytes.ts';
import { checkKeyChangesShape } from './delta.ts';
import { decodeKeyList, encodeKeyList, keyListLength } from './keys-codec.ts';

export const DELTA_MAGIC = Uint8Array.of(0x53, 0x53, 0x44, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a);
/** The newest format written (3: list format 3, key changes optional). */
export const DELTA_FORMAT_VERSION = 3;
const FORMAT_WITHOUT_KEYS = 1;
const FORMAT_WITH_KEYS = 2;
const HEADER_BYTES_V1 = 248;
const HEADER_BYTES_V2 = 320;
const CRC_AT = 44;
const HASH_FIELDS = [48, 80, 112, 144] as const;
const KEY_HASH_FIELDS = [248, 280] as const;
const KEYS_LENGTH_AT = 312;

function headerBytes(format: number): number {
  return format === FORMAT_WITHOUT_KEYS ? HEADER_BYTES_V1 : HEADER_BYTES_V2;
}

function layout(format: number, adds: number, removes: number): { addHiAt: number; metaAt: number; provAt: number } {
  const addHiAt = headerBytes(format) + 8 * removes;
  const metaAt = addHiAt + 8 * adds;
  return { addHiAt, metaAt, provAt: alignUp(metaAt + adds * (format === DELTA_FORMAT_VERSION ? 2 : 1), 8) };
}

/** Category and severity ids of the additions (list format 2's packed bytes converted), or null when one is invalid. */
function readClasses(bytes: Uint8Array, format: number, metaAt: number, adds: number): { category: Uint8Array; severity: Uint8Array } | null {
  if (format === DELTA_FORMAT_VERSION) {
    const category = bytes.slice(metaAt, metaAt + adds);
    const severity = bytes.slice(metaAt + adds, metaAt + 2 * adds);
    for (let k = 0; k < adds; k++) if (!VALID_CATEGORY_ID[category[k]!] || severity[k]! > MAX_SEVERITY_ID) return null;
    return { category, severity };
  }
  const category = new Uint8Array(adds);
  const severity = new Uint8Array(adds);
  for (let k = 0; k < adds; k++) {
    const meta = bytes[metaAt + k]!;
    if (!isValidMeta(meta)) return null;
    category[k] = categoryId(metaCategory(meta));
    severity[k] = severityId(metaSeverity(meta));
  }
  return { category, severity };
}

function sortedUnique(hi: Uint32Array, lo: Uint32Array): boolean {
  for (let k = 1; k < hi.length; k++) {
    if (hi[k - 1]! > hi[k]! || (hi[k - 1] === hi[k] && lo[k - 1]! >= lo[k]!)) return false;
  }
  return true;
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
  const format = d.format === 3 ? DELTA_FORMAT_VERSION : d.keys ? FORMAT_WITH_KEYS : FORMAT_WITHOUT_KEYS;
  const keys = d.keys ? [encodeKeyList(d.keys.remove), encodeKeyList(d.keys.add)] : [];
  const keysLength = keys.reduce((n, k) => n + k.length, 0);
  const header = headerBytes(format);
  const { addHiAt, metaAt, provAt } = layout(format, add.length, remove.length);
  const out = new Uint8Array(provAt + provenance.length + keysLength);
  const view = new DataView(out.buffer);
  out.set(DELTA_MAGIC, 0);
  view.setUint32(8, format, true);
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
  if (d.keys) {
    [d.keys.fromSha256, d.keys.toSha256].forEach((h, k) => {
      if (!hexToBytes(h, out, KEY_HASH_FIELDS[k]!)) throw new TypeError('hashes must be 64 lowercase hex digits');
    });
    view.setUint32(KEYS_LENGTH_AT, keysLength, true);
  }
  remove.forEach((f, k) => {
    view.setUint32(header + 4 * k, f.hi, true);
    view.setUint32(header + 4 * (remove.length + k), f.lo, true);
  });
  add.forEach((e, k) => {
    view.setUint32(addHiAt + 4 * k, e.fp.hi, true);
    view.setUint32(addHiAt + 4 * (add.length + k), e.fp.lo, true);
    if (format !== DELTA_FORMAT_VERSION) out[metaAt + k] = packMeta(e.category, e.severity);
    else {
      out[metaAt + k] = categoryId(e.category);
      out[metaAt + add.length + k] = severityId(e.severity);
    }
  });
  out.set(provenance, provAt);
  let at = provAt + provenance.length;
  for (const k of keys) {
    out.set(k, at);
    at += k.length;
  }
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
  if (format !== FORMAT_WITHOUT_KEYS && format !== FORMAT_WITH_KEYS && format !== DELTA_FORMAT_VERSION) {
    return fail('BAD_FORMAT_VERSION', `delta format ${format}: this version of ScamSentinel reads formats 1–3`);
  }
  if (bytes.length < headerBytes(format) || view.getUint32(12, true) !== bytes.length) {
    return fail('BAD_LENGTH', 'delta length does not match its header');
  }
  if (deltaCrc(bytes) !== view.getUint32(CRC_AT, true)) return fail('CHECKSUM_MISMATCH', 'delta checksum mismatch');
  const adds = view.getUint32(32, true);
  const { provAt } = layout(format, adds, view.getUint32(36, true));
  const keysLength = format === FORMAT_WITHOUT_KEYS ? 0 : view.getUint32(KEYS_LENGTH_AT, true);
  if (provAt + view.getUint32(40, true) + keysLength !== bytes.length) {
    return fail('BAD_LENGTH', 'section lengths do not add up');
  }
  if (view.getUint32(244, true) !== 0 || (format !== FORMAT_WITHOUT_KEYS && view.getUint32(316, true) !== 0)) {
    return fail('CORRUPT', 'reserved bytes are not zero');
  }
  if (format === FORMAT_WITH_KEYS && keysLength === 0) return fail('CORRUPT', 'format 2 delta without its keys section');
  if (format === DELTA_FORMAT_VERSION && keysLength === 0) {
    for (let i = KEY_HASH_FIELDS[0]; i < KEY_HASH_FIELDS[1] + 32; i++) {
      if (bytes[i] !== 0) return fail('CORRUPT', 'key hashes without a keys section');
    }
  }
  return null;
}

/** The two key lists (removed, added) of a format-2 keys section; a reason string when malformed. */
function decodeKeyChanges(section: Uint8Array): { remove: string[]; add: string[] } | string {
  const first = keyListLength(section);
  if (typeof first === 'string') return first;
  const remove = decodeKeyList(section.subarray(0, first));
  if (typeof remove === 'string') return remove;
  const add = decodeKeyList(section.subarray(first));
  return typeof add === 'string' ? add : { remove, add };
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
  const format = view.getUint32(8, true);
  const header = headerBytes(format);
  const addCount = view.getUint32(32, true);
  const removeCount = view.getUint32(36, true);
  const { addHiAt, metaAt, provAt } = layout(format, addCount, removeCount);
  for (let i = metaAt + addCount * (format === DELTA_FORMAT_VERSION ? 2 : 1); i < provAt; i++) if (bytes[i] !== 0) return fail('CORRUPT', 'padding is not zero');
  const keysAt = provAt + view.getUint32(40, true);
  // a copy: the delta's provenance is read on demand, and must not change with the caller's buffer
  const prov = ProvenanceSection.open(bytes.slice(provAt, keysAt), '', addCount);
  if (typeof prov === 'string') return fail('CORRUPT', prov);
  const column = (at: number, n: number): Uint32Array => new Uint32Array(bytes.buffer, bytes.byteOffset + at, n).slice();
  const removeHi = column(header, removeCount);
  const removeLo = column(header + 4 * removeCount, removeCount);
  const addHi = column(addHiAt, addCount);
  const addLo = column(addHiAt + 4 * addCount, addCount);
  if (!sortedUnique(removeHi, removeLo) || !sortedUnique(addHi, addLo)) return fail('CORRUPT', 'entries not sorted and unique');
  const classes = readClasses(bytes, format, metaAt, addCount);
  if (!classes) return fail('CORRUPT', 'bad category/severity byte');
  const addTuple = new Int32Array(addCount);
  for (let k = 0; k < addCount; k++) addTuple[k] = prov.tupleIdAt(k);
  // each tuple decoded once, on first use (additions share them)
  const tuples: (RawTuple | undefined)[] = new Array<RawTuple | undefined>(prov.tupleCount);
  const tuple = (id: number): RawTuple => (id < 0 || id >= prov.tupleCount ? NO_PROVENANCE : (tuples[id] ??= prov.tuple(id)));
  const columns: DeltaColumns = {
    removeHi,
    removeLo,
    addHi,
    addLo,
    addCategory: classes.category,
    addSeverity: classes.severity,
    addTuple,
    tupleCount: prov.tupleCount,
    tuple,
    section: prov,
  };
  let keys: Delta['keys'];
  if (keysAt < bytes.length) {
    const changes = decodeKeyChanges(bytes.subarray(keysAt));
    if (typeof changes === 'string') return fail('CORRUPT', changes);
    const [fromKeys, toKeys] = KEY_HASH_FIELDS.map((at) => bytesToHex(bytes.subarray(at, at + 32)));
    keys = { fromSha256: fromKeys!, toSha256: toKeys!, ...changes };
  }
  const hashes = HASH_FIELDS.map((at) => bytesToHex(bytes.subarray(at, at + 32)));
  const [fromSha256, toSha256, fromProvenanceSha256, toProvenanceSha256] = hashes;
  // fingerprints and classes were checked above: only the keys remain
  const shapeError = keys === undefined ? null : checkKeyChangesShape(keys);
  if (shapeError) return fail('CORRUPT', shapeError);
  const fields: Omit<Delta, 'add' | 'remove'> = {
    ...(format === DELTA_FORMAT_VERSION ? { format: 3 as const } : {}),
    listId,
    fromVersion,
    toVersion,
    fromSha256: fromSha256!,
    toSha256: toSha256!,
    fromProvenanceSha256: fromProvenanceSha256!,
    toProvenanceSha256: toProvenanceSha256!,
    ...(keys ? { keys } : {}),
  };
  return ok(deltaOfColumns(fields, columns));
}
