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
} from './types.ts';
export { buildTable, stateHash, type TableMeta, type BuildOptions } from './build.ts';
export { listKeys, listEntries, hasKeys, keyCount, withoutKeys } from './keys.ts';
export { encodeKeyList, decodeKeyList } from './keys-codec.ts';
export { lookup, lookupBatch, lookupKey, lookupCanonicalUrl } from './lookup.ts';
export { provenanceOf } from './provenance.ts';
export { encodeSnapshot, decodeSnapshot, verifySnapshotHashes, SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION, type DecodeOptions } from './snapshot.ts';
export { diffTables, applyDelta } from './delta.ts';
export { encodeDelta, decodeDelta, DELTA_MAGIC, DELTA_FORMAT_VERSION } from './delta-codec.ts';
export { fingerprintOf, fingerprintHex } from './fingerprint.ts';
