/**
 * What the options page and popup show per list, read from the database: version, entries, how old the data is
 * ("protection data is N days old" = ageDays, from the signed manifest's `issued`), last success, last error in
 * words, next check, and whether the trusted manifest has expired (the list keeps protecting regardless).
 */
import { ageInDays } from '../../core/time';
import type { ScamSentinelDb, StoredList, SyncStateRow } from '../db';
import { timeToMs } from '../../core/lists/manifest';
import { emptySyncState, parseTrustedManifest } from './sync-db';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ListSyncStatus {
  readonly listId: string;
  /** null when nothing is stored for the list (the bundled snapshot, if any, is what protects). */
  readonly version: number | null;
  readonly entries: number | null;
  readonly source: StoredList['source'] | null;
  readonly issuedAt: number | null;
  /** Whole days since issuedAt. */
  readonly ageDays: number | null;
  /** `expires` of the trusted manifest; past it the feed is stale (the list still protects). */
  readonly expiresAt: number | null;
  readonly expired: boolean;
  readonly lastAttemptAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastError: SyncStateRow['lastError'];
  readonly nextCheckAt: number | null;
  readonly failures: number;
  /** A run holds the lease right now. */
  readonly updating: boolean;
}

export { ageInDays };

export function describeSyncStatus(listId: string, list: StoredList | null, row: SyncStateRow | null, now: number): ListSyncStatus {
  const s = row ?? emptySyncState(listId);
  const trusted = parseTrustedManifest(s.trustedManifest);
  const expiresAt = trusted ? timeToMs(trusted.expires) : null;
  return {
    listId,
    version: list?.version ?? null,
    entries: list?.entries ?? null,
    source: list?.source ?? null,
    issuedAt: list?.issuedAt ?? null,
    ageDays: list ? ageInDays(list.issuedAt, now) : null,
    expiresAt,
    expired: expiresAt !== null && expiresAt <= now,
    lastAttemptAt: s.lastAttemptAt,
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError,
    nextCheckAt: row ? s.nextCheckAt : null,
    failures: s.failures,
    updating: s.leaseUntil !== null && s.leaseUntil > now,
  };
}

/** Status of every subscribed list (throws only if the database does; callers catch). */
export async function readSyncStatus(db: ScamSentinelDb, now: number): Promise<ListSyncStatus[]> {
  return db.transaction('r', db.subscriptions, db.lists, db.syncState, async () => {
    const subs = await db.subscriptions.toArray();
    const ids = subs.map((s) => s.listId);
    const [lists, rows] = await Promise.all([db.lists.bulkGet(ids), db.syncState.bulkGet(ids)]);
    return ids.map((id, i) => describeSyncStatus(id, lists[i] ?? null, rows[i] ?? null, now));
  });
}
