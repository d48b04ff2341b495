/** Public types of the list engine (see docs/CONTRACTS.md "List engine"). */
import type { Category, Severity } from '../types.ts';

export interface ListEntryInput {
  /** Canonical URL expression ('example.com/', 'sites.google.com/view/x/') or indicator key ('wallet:trx:T…'). */
  key: string;
  category: Category;
  severity: Severity;
  firstSeen?: string;
  sources?: string[];
}

/** Table layout (table.ts): 2 = packed meta byte (read, and migrated), 3 = category byte + 2-bit severity. */
export type ListFormat = 2 | 3;

export interface ListTable {
  readonly listId: string;
  /** List format of the table (its sha256 is a hash of that layout). */
  readonly format: ListFormat;
  readonly version: number;
  readonly count: number;
  /** Hex SHA-256 of the table section; canonical (depends only on the set of fingerprints + category/severity). */
  readonly sha256: string;
  /** Hex SHA-256 of the canonical provenance section (addition to the contract). */
  readonly provenanceSha256: string;
  /** Hex SHA-256 of the key-strings section; null when the table carries no key strings (format 1). */
  readonly keysSha256: string | null;
}

export interface ListMatch {
  expression: string;
  category: Category;
  severity: Severity;
}

export interface Provenance {
  firstSeen?: string;
  sources: string[];
}

/** 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

/** An added (or changed) entry: tables hold no key strings, so a delta carries fingerprints. */
export interface DeltaAddition {
  readonly fp: Fingerprint;
  readonly category: Category;
  readonly severity: Severity;
  readonly firstSeen?: string;
  readonly sources?: readonly string[];
}

export interface Delta {
  /** List format of the base and result tables (absent: 2, as in delta files of formats 1 and 2). */
  readonly format?: ListFormat;
  readonly listId: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly fromSha256: string;
  readonly toSha256: string;
  readonly fromProvenanceSha256: string;
  readonly toProvenanceSha256: string;
  /** Sorted by fingerprint; upserts (new entries, or changed category/severity/provenance). */
  readonly add: readonly DeltaAddition[];
  /** Sorted by fingerprint; entries of the base that are gone. */
  readonly remove: readonly Fingerprint[];
  /** Key-string changes (format 2), present when both versions carry key strings. */
  readonly keys?: DeltaKeys;
}

/** How the key strings change: the keys of new entries and of removed entries (upserts keep their key). */
export interface DeltaKeys {
  readonly fromSha256: string;
  readonly toSha256: string;
  /** Sorted (UTF-8 byte order = code point order: compareKeys in keys-codec.ts), unique. */
  readonly add: readonly string[];
  /** Sorted (UTF-8 byte order = code point order: compareKeys in keys-codec.ts), unique. */
  readonly remove: readonly string[];
}

export type ListErrorCode =
  | 'BAD_MAGIC'
  | 'BAD_FORMAT_VERSION'
  | 'BAD_LENGTH'
  | 'CHECKSUM_MISMATCH'
  | 'WRONG_BASE'
  | 'RESULT_MISMATCH'
  | 'WRONG_LIST'
  | 'CORRUPT';
