export type {
  ListEntryInput,
  ListTable,
  ListMatch,
  Provenance,
  Fingerprint,
  DeltaAddition,
  Delta,
  ListErrorCode,
} from './types.ts';
export { buildTable, stateHash } from './build.ts';
export { lookup, lookupBatch, lookupKey } from './lookup.ts';
export { provenanceOf } from './provenance.ts';
export { encodeSnapshot, decodeSnapshot } from './snapshot.ts';
export { diffTables, applyDelta } from './delta.ts';
export { encodeDelta, decodeDelta } from './delta-codec.ts';
export { fingerprintOf } from './fingerprint.ts';
