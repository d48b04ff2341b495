/**
 * Public types of the list sync engine (issue 5). Every browser dependency is injected through `SyncDeps`, so the
 * engine runs unchanged in the service worker, in vitest (fake-indexeddb + a simulated feed) and in the Node bench.
 */
import type { ListTable } from '../../core/lists';
import type { ScamSentinelDb } from '../db';
import type { ModelOutcome, ModelSyncDeps } from './model-sync';

/** Net key-string changes of a delta chain: `from` is the base table the chain started from. */
export interface KeyChanges {
  readonly fromVersion: number;
  readonly fromKeysSha256: string;
  readonly add: string[];
  readonly remove: string[];
}

/** The subset of `fetch` the engine uses (the SW passes `fetch`, tests pass a simulated feed). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type SyncStage = 'manifest' | 'download' | 'apply' | 'commit' | 'done' | 'error';

export interface SyncProgress {
  readonly listId: string;
  readonly stage: SyncStage;
  /** Bytes received so far in this run (download stage), and the bytes the plan expects. */
  readonly bytes?: number;
  readonly totalBytes?: number;
  /** 'deltas' or 'snapshot' once the plan is known. */
  readonly via?: 'deltas' | 'snapshot';
  /** Set with stage 'error'. */
  readonly error?: SyncError;
}

/** Why a run failed, in a stable code and in words (shown as "last error" on the options page). */
export type SyncErrorCode =
  // network / transport
  | 'NETWORK'
  | 'TIMEOUT'
  | 'HTTP_ERROR'
  | 'TOO_LARGE'
  | 'EMPTY_RESPONSE'
  | 'NOT_A_MANIFEST'
  // manifest (src/core/lists/manifest.ts, keyset.ts, signature.ts)
  | 'BAD_ENVELOPE'
  | 'BAD_SCHEMA'
  | 'BAD_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'THRESHOLD_NOT_MET'
  | 'BAD_KEYSET'
  | 'KEYSET_CHAIN_TOO_LONG'
  | 'ROTATION_REFUSED'
  | 'WRONG_LIST'
  | 'ROLLBACK'
  | 'EXPIRED'
  | 'TOO_FAR_EXPIRY'
  | 'NOT_YET_VALID'
  | 'CLIENT_TOO_OLD'
  // artifacts and list engine
  | 'BAD_LENGTH'
  | 'HASH_MISMATCH'
  | 'BAD_MAGIC'
  | 'BAD_FORMAT_VERSION'
  | 'CHECKSUM_MISMATCH'
  | 'WRONG_BASE'
  | 'RESULT_MISMATCH'
  | 'CORRUPT'
  | 'STATE_MISMATCH'
  // local
  | 'BAD_SUBSCRIPTION'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE'
  | 'LEASE_LOST'
  | 'UNEXPECTED';

export interface SyncError {
  readonly code: SyncErrorCode;
  /** Plain-language sentence plus the technical detail, e.g. "The list server had a problem (HTTP 503)." */
  readonly message: string;
}

export interface SyncDeps {
  /** null when IndexedDB is unavailable: runs report STORAGE_UNAVAILABLE without touching the network. */
  readonly db: ScamSentinelDb | null;
  readonly fetch: FetchLike;
  /** Epoch ms (a fake clock in tests). */
  readonly now: () => number;
  /** [0, 1) — backoff and schedule jitter. */
  readonly random: () => number;
  /** This extension's version, compared with the manifest's minClientVersion. */
  readonly clientVersion: string;
  /** The live table of a list (ListStore), the preferred delta base; null when none is loaded (list-store.ts deltaBaseOf). */
  readonly currentTable: (listId: string) => ListTable | null | Promise<ListTable | null>;
  /**
   * After the commit: swap the table into the ListStore and update the DNR rules. `keyChanges` (via deltas with key
   * strings) lets the rules be updated incrementally. Errors are reported, not thrown.
   */
  readonly onCommitted: (table: ListTable, issuedAt: number, keyChanges?: KeyChanges) => void | Promise<void>;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Per-request timeout (headers + body), default SYNC_FETCH_TIMEOUT_MS; must stay under the SW's 30 s. */
  readonly fetchTimeoutMs?: number;
  /** Normal check interval, default LIST_SYNC_INTERVAL_MIN. */
  readonly intervalMin?: number;
  /** When set, a manifest's classifier model is checked and installed (model-sync.ts). */
  readonly model?: ModelSyncDeps;
}

interface OutcomeBase {
  readonly listId: string;
  /** When the next automatic check should run (epoch ms). */
  readonly nextCheckAt: number;
}

export type UpdateOutcome =
  | (OutcomeBase & {
      readonly kind: 'updated';
      readonly fromVersion: number | null;
      readonly toVersion: number;
      readonly via: 'deltas' | 'snapshot';
      /** The verified table now committed; the caller (onCommitted) swaps it in. */
      readonly table: ListTable;
      /** Epoch ms the list data was issued (manifest `issued`). */
      readonly issuedAt: number;
      /** Bytes downloaded in this run (manifest + artifacts). */
      readonly bytes: number;
      /** Set when the delta path failed and the snapshot was used instead. */
      readonly deltaFallback?: SyncError;
      /** Set when onCommitted threw (the data is committed all the same). */
      readonly postCommitError?: string;
      /** The manifest's classifier model, when it named one (never fails the list update). */
      readonly model?: ModelOutcome;
    })
  | (OutcomeBase & {
      readonly kind: 'unchanged';
      readonly version: number | null;
      readonly reason: 'not-modified' | 'same-version';
      readonly bytes: number;
      readonly model?: ModelOutcome;
    })
  | (OutcomeBase & { readonly kind: 'skipped'; readonly reason: 'busy' | 'min-wait' | 'not-due' | 'disabled' })
  | (OutcomeBase & { readonly kind: 'failed'; readonly error: SyncError; readonly failures: number });
