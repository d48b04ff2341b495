/**
 * The extension's IndexedDB (Dexie). Everything that must survive the service worker dying lives here.
 * Schema versions only ever go up; add a `.version(n+1)` block with an upgrade instead of editing old ones.
 */
import Dexie, { type EntityTable } from 'dexie';

export interface StoredList {
  listId: string;
  version: number;
  entries: number;
  /** Epoch ms the list data was issued (from the signed manifest or the bundled build). */
  issuedAt: number;
  source: 'bundled' | 'synced';
  storedAt: number;
}

export interface StoredListBlob {
  listId: string;
  /** The verified snapshot bytes of the list's current state. */
  bytes: ArrayBuffer;
}

export interface TrustedSiteRow {
  host: string;
  addedAt: number;
}

export interface TabAllowRow {
  tabId: number;
  host: string;
  addedAt: number;
}

export interface CounterRow {
  name: string;
  value: number;
}

export interface QueuedReport {
  id?: number;
  idempotencyKey: string;
  createdAt: number;
  status: 'queued' | 'sent' | 'accepted' | 'rejected';
  payload: string;
}

export type ScamSentinelDb = Dexie & {
  lists: EntityTable<StoredList, 'listId'>;
  listBlobs: EntityTable<StoredListBlob, 'listId'>;
  trustedSites: EntityTable<TrustedSiteRow, 'host'>;
  tabAllows: EntityTable<TabAllowRow, 'tabId'>;
  counters: EntityTable<CounterRow, 'name'>;
  reports: EntityTable<QueuedReport, 'id'>;
};

export const DB_NAME = 'scamsentinel';

export function openDb(name = DB_NAME): ScamSentinelDb {
  const db = new Dexie(name) as ScamSentinelDb;
  db.version(1).stores({
    lists: '&listId',
    listBlobs: '&listId',
    trustedSites: '&host',
    tabAllows: '[tabId+host], tabId',
    counters: '&name',
    reports: '++id, &idempotencyKey, status',
  });
  return db;
}

export async function bumpCounter(db: ScamSentinelDb, name: string, by = 1): Promise<void> {
  await db.transaction('rw', db.counters, async () => {
    const row = await db.counters.get(name);
    await db.counters.put({ name, value: (row?.value ?? 0) + by });
  });
}
