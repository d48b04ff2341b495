/**
 * ReportStore: the storage seam of the intake server and the triage CLI. SQLite (sqlite-store.ts) is the embedded
 * default; PostgreSQL (pg-store.ts) implements the same interface for several intake processes on one database
 * (open-store.ts picks one from `--db`). Async on purpose, although better-sqlite3 is synchronous.
 */
import type { Category } from '../../core/types';
import type { BucketOptions, TakeResult } from './rate-limit';
import type { ReportKind, ReportStatus } from './schema';

export interface StoredReason {
  readonly signal: string;
  readonly evidence: string;
  readonly weight?: number;
}

/** One report as stored: exactly the client's fields, plus derived keys and server bookkeeping (no IP, no headers). */
export interface NewReport {
  readonly id: string;
  readonly idempotencyKey: string;
  /** SHA-256 (hex) of the validated report, to tell a retry from a different report reusing a key. */
  readonly payloadSha256: string;
  /** ISO timestamp, server clock. */
  readonly receivedAt: string;
  readonly kind: ReportKind;
  readonly url: string;
  readonly expression: string;
  readonly groupKey: string;
  readonly site: string;
  readonly category: Category;
  readonly comment?: string;
  readonly paid?: boolean;
  readonly reasons?: readonly StoredReason[];
  /** Decoded PNG bytes. */
  readonly screenshot?: Uint8Array;
  readonly clientVersion: string;
  readonly locale: string;
}

export interface StoredReport extends Omit<NewReport, 'screenshot'> {
  readonly status: ReportStatus;
  readonly statusReason?: string;
  readonly decidedAt?: string;
  readonly screenshotBytes: number;
}

export type InsertOutcome =
  | { readonly created: true; readonly id: string; readonly status: ReportStatus }
  | {
      readonly created: false;
      readonly id: string;
      readonly status: ReportStatus;
      readonly reason?: string;
      /** False when the same idempotency key came with a different report. */
      readonly samePayload: boolean;
    };

export interface StatusView {
  readonly id: string;
  readonly status: ReportStatus;
  readonly reason?: string;
}

export interface PendingGroup {
  readonly groupKey: string;
  readonly count: number;
  readonly kinds: Readonly<Record<ReportKind, number>>;
  readonly categories: Readonly<Partial<Record<Category, number>>>;
  readonly paid: number;
  readonly firstReceived: string;
  readonly lastReceived: string;
  /** Up to 5 distinct expressions and report ids, oldest first. */
  readonly expressions: readonly string[];
  readonly reportIds: readonly string[];
}

export interface Decision {
  readonly status: Exclude<ReportStatus, 'received'>;
  /** Shown to the reporter by GET /v1/reports/<id>. */
  readonly reason: string;
  readonly at: string;
}

/** One triage action, kept in the store's audit log. */
export interface TriageLogEntry {
  readonly at: string;
  readonly action: 'accept' | 'reject' | 'resolve-fp-remove' | 'resolve-fp-override';
  readonly target: string;
  readonly reason: string;
  readonly reportIds: readonly string[];
  readonly detail?: string;
}

/** Token buckets kept in the database, so that a limit holds across every intake process sharing it. */
export interface SharedBuckets {
  take(key: string, now: number): Promise<TakeResult>;
  /** Gives back a token taken by `take`. */
  refund(key: string, now: number): Promise<void>;
  /** Drops buckets that are full again. */
  sweep(now: number): Promise<void>;
}

/** A key accepted in triage (from the audit log). */
export interface AcceptedKey {
  readonly key: string;
  readonly at: string;
}

/**
 * The two buckets of a request, taken together: the address bucket, then (when a client key is given) the client
 * bucket; when the client bucket refuses, the address token is given back.
 */
export interface PairedBuckets {
  take(ipKey: string, clientKey: string | null, now: number): Promise<TakeResult>;
  sweep(now: number): Promise<void>;
}

export interface ReportStore {
  /** Both buckets of a request in one database round trip (shared stores only). */
  sharedPair?(ip: BucketOptions, client: BucketOptions): PairedBuckets;
  /** 'sqlite' or 'postgres' (logs, tests). */
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Rate-limit buckets shared by every process on this store, or undefined when one process owns the store (SQLite:
   * the server keeps its buckets in memory).
   */
  sharedBuckets?(scope: string, opts: BucketOptions): SharedBuckets;
  /** Accept decisions at or after `sinceIso` whose key is still listed by triage (not removed by a later decision).
   *  Inclusive: decisions are stored to the second, so one made in the publish's own second may be missing from it. */
  acceptedSince(sinceIso: string): Promise<AcceptedKey[]>;
  /** Insert unless the idempotency key exists (then the existing report's id and status). */
  insert(report: NewReport): Promise<InsertOutcome>;
  status(id: string): Promise<StatusView | null>;
  get(id: string): Promise<StoredReport | null>;
  /** The screenshot PNG of a report, if it has one. */
  screenshot(id: string): Promise<Uint8Array | null>;
  /** Groups of reports still 'received', most reports first. */
  pendingGroups(opts?: { readonly kind?: ReportKind; readonly limit?: number }): Promise<PendingGroup[]>;
  /** Reports still 'received' on a site (registrable domain), oldest first. */
  pendingOnSite(site: string, kind?: ReportKind): Promise<StoredReport[]>;
  /**
   * Marks reports (only those still 'received') and logs the action, atomically with `sideEffect` (a file write):
   * if it throws, nothing is marked or logged. Returns the ids marked.
   */
  decide(ids: readonly string[], decision: Decision, log: TriageLogEntry, sideEffect?: () => void): Promise<string[]>;
  triageLog(limit?: number): Promise<TriageLogEntry[]>;
  close(): Promise<void>;
}
