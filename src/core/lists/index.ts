export type {
  ListEntryInput,
  ListTable,
  ListMatch,
  Provenance,
  Fingerprint,
  DeltaAddition,
  Delta,
  DeltaKeys,
  ListErrorCode,
  ListFormat,
} from './types.ts';
export { LIST_FORMAT, LIST_FORMATS, isListFormat } from './table.ts';
export { CATEGORY_IDS, SEVERITY_IDS, categoryId, categoryOfId } from './categories.ts';
export { toListFormat } from './convert.ts';
export { buildTable, stateHash, type TableMeta, type BuildOptions } from './build.ts';
export { listKeys, listEntries, hasKeys, keyCount, withoutKeys } from './keys.ts';
export { encodeKeyList, decodeKeyList } from './keys-codec.ts';
export { lookup, lookupBatch, lookupKey, lookupCanonicalUrl } from './lookup.ts';
export { provenanceOf } from './provenance.ts';
export { encodeSnapshot, encodeSnapshotSliced, decodeSnapshot, verifySnapshotHashes, SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION, type DecodeOptions } from './snapshot.ts';
export { diffTables, applyDelta, SLICE_ENTRIES, type ApplyOptions } from './delta.ts';
export { BufferPool, RecycledTableError } from './pool.ts';
export { encodeDelta, decodeDelta, DELTA_MAGIC, DELTA_FORMAT_VERSION } from './delta-codec.ts';
export { fingerprintOf, fingerprintHex } from './fingerprint.ts';
export { lookupBuckets, keyBucket } from './lookup.ts';
export { openPartial, wakeRangesOf, PartialTable, PARTIAL_HEAD_BYTES, CHUNK_BUCKETS, type ReadRange } from './partial.ts';
