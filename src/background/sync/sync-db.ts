/**
 * Everything the sync engine persists, in short Dexie transactions (never across a network wait):
 *
 *   acquireLease   syncState: leaseUntil = now + SYNC_LEASE_MS (+ a random fraction: the lease's identity)
 *   commitUpdate   ONE transaction over lists + listBlobs + syncState: table bytes, meta, trusted manifest,
 *                  followed keyset, ETag, reset backoff, release the lease — or nothing at all
 *   recordFailure  syncState bookkeeping only (failures, nextCheckAt, lastError, lease); `update()` touches
 *                  exactly those fields, so lists/listBlobs/trustedManifest/trustedKeyset/etag stay byte-identical
 *   recordUnchanged  syncState bookkeeping only (a 304 or an equal version): no list data written
 *   All three write nothing when the lease is no longer the run's own ('lease-lost').
 *
 * A lease left by a killed worker expires after SYNC_LEASE_MS, and the scheduler releases every lease it does not
 * hold itself at worker start (MV3 runs one service worker per extension, so such a lease is stale by definition).
 */
import type { StoredList, SyncStateRow, ScamSentinelDb } from '../db';
import { manifestSchema, type Manifest } from '../../core/lists/manifest';
import { parseKeyset, type Keyset } from '../../core/lists/keyset';
import type { SyncError } from './types';

/** Longer than a whole run can take (the run deadline is SYNC_RUN_DEADLINE_MS). */
export const SYNC_LEASE_MS = 5 * 60 * 1000;

export function emptySyncState(listId: string): SyncStateRow {
  return {
    listId,
    failures: 0,
    nextCheckAt: 0,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    etag: null,
    trustedManifest: null,
    trustedKeyset: null,
    leaseUntil: null,
  };
}

export function parseTrustedManifest(text: string | null): Manifest | null {
  if (text === null) return null;
  try {
    const parsed = manifestSchema().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function parseTrustedKeyset(text: string | null): Keyset | null {
  if (text === null) return null;
  try {
    const parsed = parseKeyset(JSON.parse(text));
    return parsed.ok ? parsed.value : null;
  } catch {
    return null;
  }
}

export interface SyncContext {
  /** The row as it was before the lease was taken. */
  readonly row: SyncStateRow;
  readonly lease: number;
  readonly trusted: Manifest | null;
  readonly trustedKeyset: Keyset | null;
  readonly stored: StoredList | null;
}

export type LeaseResult =
  | { readonly kind: 'acquired'; readonly ctx: SyncContext }
  | { readonly kind: 'busy' | 'min-wait'; readonly until: number };

export async function acquireLease(
  db: ScamSentinelDb,
  listId: string,
  now: number,
  leaseFraction: number,
): Promise<LeaseResult> {
  return db.transaction('rw', db.syncState, db.lists, async (): Promise<LeaseResult> => {
    const row = (await db.syncState.get(listId)) ?? emptySyncState(listId);
    if (row.leaseUntil !== null && row.leaseUntil > now) return { kind: 'busy', until: row.leaseUntil };
    const trusted = parseTrustedManifest(row.trustedManifest);
    const minWaitMs = (trusted?.minWaitSeconds ?? 0) * 1000;
    if (minWaitMs > 0 && row.lastSuccessAt !== null && now < row.lastSuccessAt + minWaitMs) {
      return { kind: 'min-wait', until: row.lastSuccessAt + minWaitMs };
    }
    const lease = now + SYNC_LEASE_MS + Math.min(Math.max(leaseFraction, 0.001), 0.999);
    await db.syncState.put({ ...row, leaseUntil: lease, lastAttemptAt: now });
    const stored = (await db.lists.get(listId)) ?? null;
    return {
      kind: 'acquired',
      ctx: { row, lease, trusted, trustedKeyset: parseTrustedKeyset(row.trustedKeyset), stored },
    };
  });
}

export interface CommitInput {
  readonly listId: string;
  readonly lease: number;
  readonly version: number;
  readonly count: number;
  readonly issuedAt: number;
  readonly snapshot: Uint8Array;
  /** The exact signed manifest payload (UTF-8 JSON text). */
  readonly manifestText: string;
  readonly keysetText: string;
  readonly etag: string | null;
  readonly now: number;
  readonly nextCheckAt: number;
}

export type CommitResult = 'committed' | 'lease-lost' | 'rollback';

export async function commitUpdate(db: ScamSentinelDb, c: CommitInput): Promise<CommitResult> {
  const bytes = toArrayBuffer(c.snapshot);
  return db.transaction('rw', db.lists, db.listBlobs, db.syncState, async (): Promise<CommitResult> => {
    const row = await db.syncState.get(c.listId);
    if (!row || row.leaseUntil !== c.lease) return 'lease-lost';
    const trusted = parseTrustedManifest(row.trustedManifest);
    const stored = await db.lists.get(c.listId);
    if ((trusted && trusted.version >= c.version) || (stored && stored.version >= c.version)) return 'rollback';
    await db.lists.put({
      listId: c.listId,
      version: c.version,
      entries: c.count,
      issuedAt: c.issuedAt,
      source: 'synced',
      storedAt: c.now,
    });
    await db.listBlobs.put({ listId: c.listId, bytes });
    await db.syncState.put({
      listId: c.listId,
      failures: 0,
      nextCheckAt: c.nextCheckAt,
      lastAttemptAt: row.lastAttemptAt ?? c.now,
      lastSuccessAt: c.now,
      lastError: null,
      etag: c.etag,
      trustedManifest: c.manifestText,
      trustedKeyset: c.keysetText,
      leaseUntil: null,
    });
    return 'committed';
  });
}

/**
 * Bookkeeping after a failed run; returns the new failure count and next check, or 'lease-lost' (and writes
 * nothing) when the lease is no longer this run's — a run that outlived its worker must not touch the state.
 */
export async function recordFailure(
  db: ScamSentinelDb,
  listId: string,
  lease: number,
  error: SyncError,
  now: number,
  schedule: (failures: number) => number,
): Promise<{ failures: number; nextCheckAt: number } | 'lease-lost'> {
  return db.transaction('rw', db.syncState, async () => {
    const row = await db.syncState.get(listId);
    if (!row || row.leaseUntil !== lease) return 'lease-lost';
    const failures = row.failures + 1;
    const nextCheckAt = schedule(failures);
    await db.syncState.update(listId, {
      failures,
      nextCheckAt,
      lastError: { code: error.code, message: error.message, at: now },
      leaseUntil: null,
    });
    return { failures, nextCheckAt };
  });
}

/** Bookkeeping after a check that found nothing new: no list data, no trusted manifest written. */
export async function recordUnchanged(
  db: ScamSentinelDb,
  listId: string,
  lease: number,
  now: number,
  nextCheckAt: number,
): Promise<'recorded' | 'lease-lost'> {
  return db.transaction('rw', db.syncState, async () => {
    const row = await db.syncState.get(listId);
    if (!row || row.leaseUntil !== lease) return 'lease-lost';
    await db.syncState.update(listId, { failures: 0, nextCheckAt, lastSuccessAt: now, lastError: null, leaseUntil: null });
    return 'recorded';
  });
}

/** Clears leases not held by this worker (listIds in `held`); returns the lists whose lease was released. */
export async function releaseStaleLeases(db: ScamSentinelDb, held: ReadonlySet<string>): Promise<string[]> {
  return db.transaction('rw', db.syncState, async () => {
    const stale = (await db.syncState.toArray()).filter((r) => r.leaseUntil !== null && !held.has(r.listId));
    for (const r of stale) await db.syncState.update(r.listId, { leaseUntil: null });
    return stale.map((r) => r.listId);
  });
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer;
  }
  return bytes.slice().buffer;
}
