/**
 * The extension's IndexedDB (Dexie). Everything that must survive the service worker dying lives here.
 * Schema versions only ever go up; add a `.version(n+1)` block with an upgrade instead of editing old ones.
 */
import type { Dexie, EntityTable, Table } from 'dexie';
import { loadDexie } from './dexie-loader';

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
  /**
   * Only in a `<listId>#table` row (src/background/list-store.ts): the same state without its key strings, which a
   * worker wake reads instead of the full snapshot — the version it is of, and the hash of the keys left out.
   */
  version?: number;
  keysSha256?: string | null;
  /**
   * wake8, only in a `#table` row: the byte ranges [from, to) of `file` a wake reads before any chunk (header + bucket
   * index, the provenance section's tuples and strings: core/lists/partial.ts wakeRangesOf), so that it can issue
   * them all at once when the row arrives. Absent in older rows (then read one after the other).
   */
  wakeRanges?: [number, number][];
  /**
   * Only in a `#table` row written since issue 18's round 6: the bytes as a Blob (then `bytes` is empty). IndexedDB
   * stores it as a file and a read returns a handle at once; the wake reads its content (Blob.arrayBuffer) while the
   * worker evaluates the rest of its script, instead of structured-cloning 8 MB on the worker thread in the read's
   * result (~10 ms for 1M entries).
   */
  file?: Blob;
  /**
   * Only in the `#bundled` row (list-store.ts BUNDLED_ROW_ID: the bundled snapshot's key-less copy, read at a wake
   * like a synced list's `#table` row): the list state's hash, which the package's bundled.json names too — an
   * extension update with another bundled list makes the copy stale.
   */
  sha256?: string;
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

export type ReportStatus = 'queued' | 'sent' | 'accepted' | 'rejected';

/** A user's report: stored before any network attempt, so it survives offline periods and restarts. */
export interface QueuedReport {
  id?: number;
  idempotencyKey: string;
  createdAt: number;
  status: ReportStatus;
  /** The exact JSON body that is (or will be) POSTed — the same text the preview showed. */
  payload: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** Server's id (after it answered 2xx) and its reason when it rejected the report. */
  serverId: string | null;
  serverReason: string | null;
}

/** A list the user (or the build) subscribed to. The default subscription is created from build-time config. */
export interface SubscriptionRow {
  listId: string;
  /** URL of the signed manifest.json. */
  manifestUrl: string;
  /** More URLs of the same signed manifest.json (untrusted mirrors / CDNs), tried in order after manifestUrl fails. */
  mirrors?: string[];
  /** Pinned keyset JSON (src/core/lists/keyset.ts) — or, for user-added lists, a keyset whose key id the user confirmed. */
  keyset: string;
  enabled: boolean;
  isDefault: boolean;
  addedAt: number;
}

/** Per-list sync bookkeeping, persisted so a killed worker resumes correctly. */
export interface SyncStateRow {
  listId: string;
  /** Consecutive failures (Safe Browsing backoff counter). */
  failures: number;
  nextCheckAt: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: { code: string; message: string; at: number } | null;
  etag: string | null;
  /** The verified manifest payload that produced the committed list (JSON text), and the followed keyset. */
  trustedManifest: string | null;
  trustedKeyset: string | null;
  /** Set while an update runs; a stale lease (worker killed mid-update) is ignored after SYNC_LEASE_MS. */
  leaseUntil: number | null;
}

/** The classifier model delivered through the list feed (issue 13): the newest verified one, and the status of the
 *  last model check. slot 'feed' holds the model file text; slot 'status' the outcome words. */
export type ModelRow =
  | {
      slot: 'feed';
      listId: string;
      version: string;
      release: number;
      sha256: string;
      /** The model file exactly as downloaded and verified (JSON, format 4). */
      text: string;
      installedAt: number;
    }
  | {
      slot: 'status';
      listId: string;
      /** 'installed' | 'unchanged' | a ModelRefusal code | 'NETWORK' … */
      code: string;
      message: string;
      at: number;
    };

export type ScamSentinelDb = Dexie & {
  lists: EntityTable<StoredList, 'listId'>;
  listBlobs: EntityTable<StoredListBlob, 'listId'>;
  trustedSites: EntityTable<TrustedSiteRow, 'host'>;
  tabAllows: EntityTable<TabAllowRow, 'tabId'>;
  counters: EntityTable<CounterRow, 'name'>;
  reports: EntityTable<QueuedReport, 'id'>;
  subscriptions: EntityTable<SubscriptionRow, 'listId'>;
  syncState: EntityTable<SyncStateRow, 'listId'>;
  models: Table<ModelRow, ModelRow['slot']>;
};

/** Also opened without Dexie at each wake (wake-prefetch.ts WAKE_DB_NAME, the same name: a unit test keeps them equal). */
export const DB_NAME = 'scamsentinel';

/**
 * The database, made on first use: what openDb returns stands for the Dexie instance and creates it (with Dexie's
 * code, dexie-loader.ts) when one of its members is first read. start() wires every store to it at once, but a
 * wake's first verdict reads the database without Dexie (wake-read.ts), so in Chromium's worker Dexie's script is
 * loaded, run and the instance made only after that verdict (issue 18). Methods are bound to the instance.
 */
export function openDb(name = DB_NAME): ScamSentinelDb {
  let db: ScamSentinelDb | null = null;
  const instance = (): ScamSentinelDb => (db ??= createDb(name));
  return new Proxy({} as ScamSentinelDb, {
    get(_target, key) {
      const real = instance();
      const value: unknown = Reflect.get(real, key, real);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    set: (_target, key, value) => Reflect.set(instance(), key, value),
    has: (_target, key) => Reflect.has(instance(), key),
  });
}

function createDb(name: string): ScamSentinelDb {
  const DexieClass = loadDexie();
  const db = new DexieClass(name) as ScamSentinelDb;
  db.version(1).stores({
    lists: '&listId',
    listBlobs: '&listId',
    trustedSites: '&host',
    tabAllows: '[tabId+host], tabId',
    counters: '&name',
    reports: '++id, &idempotencyKey, status',
    subscriptions: '&listId',
    syncState: '&listId',
  });
  db.version(2).stores({ models: '&slot' });
  performance.mark('ss-dexie'); // user timing: the bench's traces show when a wake first used Dexie
  return db;
}

export async function bumpCounter(db: ScamSentinelDb, name: string, by = 1): Promise<void> {
  await db.transaction('rw', db.counters, async () => {
    const row = await db.counters.get(name);
    await db.counters.put({ name, value: (row?.value ?? 0) + by });
  });
}
