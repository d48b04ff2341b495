/**
 * The rows a worker wake needs before its first verdict, read with plain IndexedDB in one read-only transaction.
 *
 * Why not Dexie: this read is started by the first module the worker evaluates (entrypoints/background.ts imports
 * wake-prefetch.ts before anything else), so the browser opens the database and reads the rows while the worker is
 * still evaluating the rest of its script — a Dexie open would have to wait for Dexie and the whole start() wiring.
 * It needs no Dexie machinery: the stores it reads exist since schema version 1 and are only ever read here.
 *
 * Never creates the database: a wake before the first install has none, and opening it without a version would
 * create an empty version-1 database that Dexie would then have to upgrade; the upgrade is aborted instead, and the
 * caller falls back to Dexie (null). Never holds the connection: it is closed when the transaction completes, and
 * at once if Dexie asks for a version change (an extension update with a new schema).
 */
import type { StoredList, StoredListBlob, TabAllowRow, TrustedSiteRow } from './db';

export interface WakeRows {
  readonly lists: StoredList[];
  /** `<listId>#table` rows of the stored lists (absent when a list has none yet). */
  readonly tableRows: ReadonlyMap<string, StoredListBlob>;
  /**
   * Parts of those rows' files (StoredListBlob.file) whose reads start as soon as the row arrives: its wakeRanges
   * (header + bucket index, provenance tuples and strings), else the first WAKE_HEAD_BYTES (header + bucket index).
   * The rest of the file is read in chunks by the first lookups, and in full after the first verdict (list-store.ts,
   * wake8).
   */
  readonly tableParts: ReadonlyMap<string, readonly WakePart[]>;
  /**
   * The bundled snapshot's key-less copy (`#bundled`, list-store.ts), if one was stored. Its parts are read at once
   * only when no list is stored (the bundled list is then the one in force); otherwise the row alone (a handle).
   */
  readonly bundledRow: StoredListBlob | null;
  readonly bundledParts: readonly WakePart[] | null;
  readonly trustedSites: TrustedSiteRow[];
  readonly tabAllows: TabAllowRow[];
}

/** Bytes [from, to) of a row's file, being read. */
export interface WakePart {
  readonly from: number;
  readonly to: number;
  readonly bytes: Promise<ArrayBuffer>;
}

/** Header + bucket index of a snapshot file (core/lists/partial.ts PARTIAL_HEAD_BYTES: 256 + 65,537 × 4; checked there). */
export const WAKE_HEAD_BYTES = 256 + 65537 * 4;

/** The stores read here (db.ts, schema version 1). */
const STORES = ['lists', 'listBlobs', 'trustedSites', 'tabAllows'] as const;

/** Suffix of a list's key-less row (list-store.ts TABLE_ROW_SUFFIX; repeated here to keep this module import-free). */
export const WAKE_TABLE_ROW_SUFFIX = '#table';
/** The bundled snapshot's key-less row (list-store.ts BUNDLED_ROW_ID; repeated for the same reason). */
export const WAKE_BUNDLED_ROW_ID = '#bundled';

/** Starts reading the ranges of a row's file the wake needs first (its wakeRanges, else header + bucket index). */
export function wakePartsOf(file: Blob, wakeRanges: readonly [number, number][] | undefined): WakePart[] {
  return (wakeRanges ?? [[0, WAKE_HEAD_BYTES]]).map(([from, to]) => {
    const bytes = file.slice(from, to).arrayBuffer();
    bytes.catch(() => undefined); // its reader (list-store.ts) handles a failure
    return { from, to, bytes };
  });
}

/**
 * Read the wake's rows of database `name`. Resolves null (never rejects) when there is no database yet, it lacks a
 * store, or anything fails — the caller then reads through Dexie as before.
 * `onIssued` is called once, in a task of its own, as soon as every request of the read has gone out (the big
 * table rows are then read by the browser while the worker does other work: worker-boot.ts evaluates the rest of
 * the worker then), or when the read gave up.
 */
export function readWakeRows(
  name: string,
  idb: IDBFactory | undefined = globalThis.indexedDB,
  onIssued?: () => void,
): Promise<WakeRows | null> {
  let issued = false;
  const signal = () => {
    if (issued || !onIssued) return;
    issued = true;
    // Not from inside an IndexedDB callback: an exception there would abort the read's transaction.
    setTimeout(onIssued, 0);
  };
  const rows = readRowsOf(name, idb, signal);
  void rows.then(signal);
  return rows;
}

function readRowsOf(name: string, idb: IDBFactory | undefined, signal: () => void): Promise<WakeRows | null> {
  if (!idb) return Promise.resolve(null);
  return new Promise<WakeRows | null>((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = idb.open(name);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = () => {
      // No database yet (first install): do not create one behind Dexie's back.
      req.transaction?.abort();
    };
    req.onerror = (e) => {
      e.preventDefault(); // the aborted creation above, or a real failure: either way the caller falls back
      resolve(null);
    };
    req.onblocked = () => resolve(null);
    req.onsuccess = () => readRows(req.result, resolve, signal);
  });
}

function readRows(db: IDBDatabase, resolve: (rows: WakeRows | null) => void, issued: () => void): void {
  db.onversionchange = () => db.close();
  const fail = () => {
    db.close();
    resolve(null);
  };
  if (!STORES.every((s) => db.objectStoreNames.contains(s))) return fail();
  let tx: IDBTransaction;
  try {
    tx = db.transaction([...STORES], 'readonly');
  } catch {
    return fail();
  }
  const out = {
    lists: [] as StoredList[],
    tableRows: new Map<string, StoredListBlob>(),
    tableParts: new Map<string, WakePart[]>(),
    bundledRow: null as StoredListBlob | null,
    bundledParts: null as WakePart[] | null,
    trustedSites: [] as TrustedSiteRow[],
    tabAllows: [] as TabAllowRow[],
  };
  const blobs = tx.objectStore('listBlobs');
  const lists = tx.objectStore('lists').getAll();
  lists.onsuccess = () => {
    out.lists = lists.result as StoredList[];
    // Issued in the same transaction as soon as the list ids are known: no extra round trip through a new one.
    // `issued` once every table row is in: a row holding a file (a handle, small) starts the read of the file's head
    // (header + bucket index) first, so the browser reads it while the worker evaluates the rest of its script; a
    // row with inline bytes (written before files were used) is read in full in its result.
    let rows = out.lists.length;
    const rowDone = () => {
      if (--rows === 0) issued();
    };
    for (const meta of out.lists) {
      const row = blobs.get(meta.listId + WAKE_TABLE_ROW_SUFFIX);
      row.onsuccess = () => {
        const value = row.result as StoredListBlob | undefined;
        if (value) {
          out.tableRows.set(meta.listId, value);
          if (value.file) out.tableParts.set(meta.listId, wakePartsOf(value.file, value.wakeRanges));
        }
        rowDone();
      };
      row.onerror = rowDone;
    }
    // The bundled copy, in the same round: its head is read now only when no list is stored (it is then in force).
    rows++;
    const bundled = blobs.get(WAKE_BUNDLED_ROW_ID);
    bundled.onsuccess = () => {
      const value = bundled.result as StoredListBlob | undefined;
      if (value?.file) {
        out.bundledRow = value;
        if (out.lists.length === 0) out.bundledParts = wakePartsOf(value.file, value.wakeRanges);
      }
      rowDone();
    };
    bundled.onerror = rowDone;
  };
  const trusted = tx.objectStore('trustedSites').getAll();
  trusted.onsuccess = () => (out.trustedSites = trusted.result as TrustedSiteRow[]);
  const tabs = tx.objectStore('tabAllows').getAll();
  tabs.onsuccess = () => (out.tabAllows = tabs.result as TabAllowRow[]);
  tx.oncomplete = () => {
    db.close();
    resolve(out);
  };
  tx.onerror = tx.onabort = fail;
}
