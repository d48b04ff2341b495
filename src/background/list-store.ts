/**
 * The live list tables the service worker matches against, one per enabled list.
 *
 * Start-up order: the last verified snapshot stored in Dexie for each list, else the bundled snapshot shipped
 * in `public/lists/` (the floor: protection works on the very first navigation with no network). Tables are
 * immutable; an update builds a new table and swaps it in with `replace()`.
 */
import {
  decodeSnapshot,
  encodeSnapshot,
  keyBucket,
  lookup,
  lookupBuckets,
  lookupKey,
  openPartial,
  wakeRangesOf,
  provenanceOf,
  verifySnapshotHashes,
  withoutKeys,
  type ListTable,
  type PartialTable,
} from '../core/lists';
import type { IndicatorHit } from '../core/indicators';
import type { ListHit } from '../core/verdict';
import type { ListStatus } from '../messaging/protocol';
import type { ScamSentinelDb, StoredList, StoredListBlob } from './db';
import { wakePartsOf, type WakePart, type WakeRows } from './wake-read';

export interface LiveList {
  readonly table: ListTable;
  readonly issuedAt: number;
  readonly source: 'bundled' | 'synced';
  /**
   * Set when `table` was opened from the list's key-less row: the stored list has key strings (this hash) that
   * were not loaded; `load()` reads the full stored table (for rule compiles and delta bases), null if it cannot.
   */
  readonly deferredKeys?: { readonly sha256: string; load(): Promise<ListTable | null> };
  /**
   * Set while `table` is opened in chunks (wake8, core/lists/partial.ts): only its loaded chunks may be probed. A
   * lookup must `ensureFor()` first; ListStore.lookup throws (never answers "not listed") for an unloaded chunk.
   * completeLists() swaps in the whole table after the first verdict.
   */
  readonly partial?: PartialTable;
}

/** A lookup reached a chunk of a list that is not loaded yet (a caller forgot ListStore.ensureFor). */
export class ListNotLoadedError extends Error {}

/** Suffix of the listBlobs row holding a list's state without its key strings (read at each worker wake). */
export const TABLE_ROW_SUFFIX = '#table';
/**
 * The listBlobs row holding the bundled snapshot without its key strings (~2.7 of its 7.2 MB). While the bundled
 * list is the one in force (before the first sync, or when the list server cannot be reached) a wake opens it in
 * chunks from this row like a synced list's `#table` row, instead of fetching the whole snapshot from the package
 * and decoding it before the first verdict. Written after a verdict from a table loaded from the package (verified).
 */
export const BUNDLED_ROW_ID = '#bundled';

/** What the rules fingerprint needs of a live list: its id, version and key-strings hash (loaded or not). */
export function ruleIdentity(l: LiveList): { listId: string; version: number; keysSha256: string | null } {
  return { listId: l.table.listId, version: l.table.version, keysSha256: l.deferredKeys?.sha256 ?? l.table.keysSha256 };
}

/**
 * The live table of `listId` as a sync's delta base (deltas need the key strings). A synced list opened without its
 * key strings gives null: the sync engine then reads the stored table itself. The bundled list opened from its
 * key-less copy gives the package's table (with keys, verified), so a first sync can still start from its version.
 */
export function deltaBaseOf(store: ListStore, listId: string): ListTable | null | Promise<ListTable | null> {
  const live = store.all().find((l) => l.table.listId === listId);
  if (!live) return null;
  if (!live.deferredKeys) return live.table;
  return live.source === 'bundled' ? live.deferredKeys.load() : null;
}

/** The live tables with their key strings (loads the deferred ones; one whose load fails stays key-less). */
export async function tablesWithKeys(store: ListStore): Promise<ListTable[]> {
  return Promise.all(store.all().map(async (l) => (l.deferredKeys ? ((await l.deferredKeys.load()) ?? l.table) : l.table)));
}

export const BUNDLED_LIST_PATH = '/lists/bundled.sslist';
/** The bundled snapshot's metadata (issue date) — written next to it by scripts/build-bundled-list.ts. */
export const BUNDLED_META_PATH = '/lists/bundled.json';
/** The bundled entries' key strings, for compiling redirect rules. */
export const BUNDLED_KEYS_PATH = '/lists/bundled-keys.json';

export class ListStore {
  private lists = new Map<string, LiveList>();
  /** `listId@version` of the key-less rows known to be stored (read at this start or written since). */
  private tableRows = new Set<string>();

  markTableRow(listId: string, version: number): void {
    this.tableRows.add(`${listId}@${version}`);
  }

  tableRowWritten(listId: string, version: number): boolean {
    return this.tableRows.has(`${listId}@${version}`);
  }

  /** The row of `listId` (or BUNDLED_ROW_ID) turned out damaged: it is written again when its table is at hand. */
  forgetTableRow(listId: string): void {
    for (const k of [...this.tableRows]) if (k.startsWith(`${listId}@`)) this.tableRows.delete(k);
  }

  get size(): number {
    return this.lists.size;
  }

  all(): LiveList[] {
    return [...this.lists.values()];
  }

  replace(list: LiveList): void {
    this.lists.set(list.table.listId, list);
  }

  /** Drop a list from lookups (disabled or removed). True when it was live. */
  remove(listId: string): boolean {
    return this.lists.delete(listId);
  }

  /** True while a list is opened in chunks (a lookup then needs ensureFor first). */
  get partial(): boolean {
    for (const l of this.lists.values()) if (l.partial) return true;
    return false;
  }

  /**
   * Resolves when a lookup of `url` is exact in every live list: the chunks it probes of the lists opened in
   * chunks are loaded. Rejects when a chunk cannot be read or fails its checks (the caller then waits for the
   * whole table: completeLists).
   */
  async ensureFor(url: string): Promise<void> {
    if (!this.partial) return;
    const buckets = lookupBuckets(url);
    await Promise.all(this.all().map((l) => l.partial?.ensure(buckets)));
  }

  /** Resolves when no chunk read of a list opened in chunks is in flight. */
  async idle(): Promise<void> {
    await Promise.all(this.all().map((l) => l.partial?.idle()));
  }

  private requireLoaded(buckets: () => number[]): void {
    if (!this.partial) return;
    const bs = buckets();
    for (const l of this.lists.values()) {
      if (l.partial && !l.partial.covers(bs)) throw new ListNotLoadedError(`list ${l.table.listId} is still loading`);
    }
  }

  /** First matching entry across enabled lists, highest severity first. */
  lookup(url: string): ListHit | null {
    this.requireLoaded(() => lookupBuckets(url));
    let best: ListHit | null = null;
    for (const { table } of this.lists.values()) {
      const m = lookup(table, url);
      if (!m) continue;
      if (best && severityRank(best.severity) >= severityRank(m.severity)) continue;
      const prov = provenanceOf(table, m.expression);
      best = {
        listId: table.listId,
        listVersion: table.version,
        expression: m.expression,
        category: m.category,
        severity: m.severity,
        ...(prov?.firstSeen !== undefined ? { firstSeen: prov.firstSeen } : {}),
        ...(prov ? { sources: prov.sources } : {}),
      };
    }
    return best;
  }

  /** Exact-key lookups (wallets, phones, IM handles) across enabled lists. */
  lookupKeys(keys: readonly string[]): IndicatorHit[] {
    this.requireLoaded(() => keys.map(keyBucket));
    const hits: IndicatorHit[] = [];
    for (const key of keys) {
      for (const { table } of this.lists.values()) {
        const m = lookupKey(table, key);
        if (m) {
          hits.push({ key, category: m.category, listId: table.listId, listVersion: table.version });
          break;
        }
      }
    }
    return hits;
  }

  /** Each live list as it is matched now. */
  statuses(): ListStatus[] {
    return this.all().map((l) => ({ listId: l.table.listId, version: l.table.version, entries: l.table.count, issuedAt: l.issuedAt, source: l.source }));
  }

  status(): ListStatus | null {
    const first = this.all()[0];
    if (!first) return null;
    return {
      listId: first.table.listId,
      version: first.table.version,
      entries: this.all().reduce((n, l) => n + l.table.count, 0),
      issuedAt: Math.min(...this.all().map((l) => l.issuedAt)),
      source: first.source,
    };
  }
}

function severityRank(s: string): number {
  return s === 'high' ? 2 : s === 'medium' ? 1 : 0;
}

export interface BundledMeta {
  readonly listId: string | null;
  readonly version: number | null;
  readonly issuedAt: number;
  /** The bundled list state's hash (the table's sha256): a stored `#bundled` copy of another state is not used. */
  readonly sha256?: string | null;
}

export interface LoadDeps {
  readonly db: ScamSentinelDb | null;
  /** The bundled snapshot's metadata (small): when a stored list is as new, the snapshot itself is not fetched. */
  readonly fetchBundledMeta: () => Promise<BundledMeta>;
  readonly fetchBundled: () => Promise<Uint8Array>;
  /** speed3 (wake path): the stored lists and their key-less rows, already read without Dexie (wake-read.ts). */
  readonly wakeRows?: WakeRows | null;
}

/** A stored list opened without recomputing its hashes: verifyStored checks them after the first verdict. */
export interface PendingVerify {
  readonly listId: string;
  readonly bytes: Uint8Array;
  /** The bytes are the bundled list's (the package's snapshot or its stored key-less copy), not a stored list's. */
  readonly bundled?: boolean;
}

/** A list opened in chunks at a wake: its whole file is read by completeLists (after the first verdict). */
export interface DeferredLoad {
  readonly meta: StoredList;
  readonly row: StoredListBlob;
  /** The row is the bundled list's key-less copy (BUNDLED_ROW_ID), opened because no stored list is as new. */
  readonly bundled?: BundledMeta;
}

export interface LoadResult {
  readonly problems: string[];
  readonly pending: PendingVerify[];
  /** Lists opened in chunks (wake8): completeLists must follow, else they stay partial. */
  readonly deferred: DeferredLoad[];
}

/**
 * Load every stored list, falling back to the bundled snapshot (never throws). The stored bytes were verified
 * against a signed manifest before they were committed, so at a wake they are opened with the header's hashes
 * (CRC-checked header, layout and bucket index checks; the per-entry checks deferred too) and verifyStored re-hashes
 * and fully re-checks them off the critical path (right after the first verdict).
 */
export async function loadLists(store: ListStore, deps: LoadDeps): Promise<LoadResult> {
  const problems: string[] = [];
  const pending: PendingVerify[] = [];
  const deferred: DeferredLoad[] = [];
  const metaPromise = deps.fetchBundledMeta().catch(() => null);
  if (deps.db) {
    try {
      const metas = deps.wakeRows ? deps.wakeRows.lists : await deps.db.lists.toArray();
      for (const meta of metas) {
        const row = deps.wakeRows ? deps.wakeRows.tableRows.get(meta.listId) : await deps.db.listBlobs.get(meta.listId + TABLE_ROW_SUFFIX);
        const parts = deps.wakeRows?.tableParts.get(meta.listId);
        if (row && parts && (await openPartialRow(store, deps.db, meta, row, parts))) {
          deferred.push({ meta, row });
          continue;
        }
        if (await openTableRow(store, deps.db, meta, row, pending)) continue;
        const blob = await deps.db.listBlobs.get(meta.listId);
        if (!blob) continue;
        const bytes = new Uint8Array(blob.bytes);
        const decoded = await decodeSnapshot(bytes, { verifyHashes: false, checkEntries: false });
        if (decoded.ok) {
          store.replace({ table: decoded.value, issuedAt: meta.issuedAt, source: meta.source });
          pending.push({ listId: meta.listId, bytes });
        } else problems.push(`stored list ${meta.listId}: ${decoded.reason}`);
      }
    } catch (err: unknown) {
      problems.push(`database unavailable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const meta = await metaPromise;
  const current = meta?.listId ? store.all().find((l) => l.table.listId === meta.listId) : undefined;
  if (current && meta?.version !== null && meta?.version !== undefined && current.table.version >= meta.version) {
    return { problems, pending, deferred }; // the stored list is at least as new as the bundled one
  }
  const copy = meta && deps.db && deps.wakeRows ? await openBundledRow(store, deps.db, deps, meta, deps.wakeRows) : null;
  if (copy) deferred.push(copy);
  else problems.push(...(await loadBundled(store, deps, meta, pending)));
  return { problems, pending, deferred };
}

/**
 * The bundled list from its stored key-less copy (BUNDLED_ROW_ID), opened in chunks as openPartialRow opens a synced
 * list's row — when the copy is of the package's bundled state (version and state hash from bundled.json). Null
 * (the caller fetches the package's snapshot) otherwise.
 */
async function openBundledRow(store: ListStore, db: ScamSentinelDb, deps: LoadDeps, bundled: BundledMeta, rows: WakeRows): Promise<DeferredLoad | null> {
  const row = rows.bundledRow;
  const { listId, version, sha256 } = bundled;
  if (!row?.file || listId === null || version === null || !sha256 || row.version !== version || row.sha256 !== sha256) return null;
  const meta: StoredList = { listId, version, entries: 0, issuedAt: bundled.issuedAt, source: 'bundled', storedAt: 0 };
  const parts = rows.bundledParts ?? wakePartsOf(row.file, row.wakeRanges);
  if (!(await openPartialRow(store, db, meta, row, parts, bundledRowOptions(deps, row, sha256)))) return null;
  return { meta, row, bundled };
}

/** How the bundled copy's row is opened: its state hash checked, its key strings loaded from the package. */
interface RowOptions {
  readonly loadKeys?: LiveList['deferredKeys'];
  /** The bundled copy: the state hash its header must carry. */
  readonly bundledSha256?: string;
}

function bundledRowOptions(deps: Pick<LoadDeps, 'fetchBundled'>, row: StoredListBlob, sha256: string): RowOptions {
  const keys = row.keysSha256;
  if (!keys) return { bundledSha256: sha256 };
  // Read once per worker: every sync attempt asks for its delta base first (deltaBaseOf), and with the list server
  // out of reach attempts repeat; a failed read is tried again next time.
  let table: Promise<ListTable | null> | null = null;
  const load = (): Promise<ListTable | null> => {
    table ??= loadBundledWithKeys(deps, keys).then((t) => {
      if (!t) table = null;
      return t;
    });
    return table;
  };
  return { bundledSha256: sha256, loadKeys: { sha256: keys, load } };
}

/** The package's bundled snapshot with its key strings (rule compiles), verified, if it holds these keys. */
async function loadBundledWithKeys(deps: Pick<LoadDeps, 'fetchBundled'>, keysSha256: string): Promise<ListTable | null> {
  try {
    const decoded = await decodeSnapshot(await deps.fetchBundled());
    return decoded.ok && decoded.value.keysSha256 === keysSha256 ? decoded.value : null;
  } catch {
    return null;
  }
}

/**
 * wake8: the list's key-less row opened in chunks from the head the wake read (wake-read.ts tableHeads): header and
 * bucket index checked, provenance tuples read; the columns are read per chunk by the first lookups. False (the
 * caller reads the whole row as before) for a row of another version, an unreadable or corrupt head, or a file
 * that is not this list's key-less table of this version.
 */
async function openPartialRow(
  store: ListStore,
  db: ScamSentinelDb,
  meta: StoredList,
  row: StoredListBlob,
  parts: readonly WakePart[],
  opts: RowOptions = {},
): Promise<boolean> {
  const file = row.file;
  const head = parts.find((p) => p.from === 0);
  if (!file || !head || row.version !== meta.version || row.keysSha256 === undefined) return false;
  try {
    // A range inside a part the wake already reads is cut from it; any other is read from the file.
    const read = async (from: number, to: number): Promise<Uint8Array> => {
      const part = parts.find((p) => p.from <= from && to <= p.to);
      if (part) return new Uint8Array(await part.bytes, from - part.from, to - from);
      return new Uint8Array(await file.slice(from, to).arrayBuffer());
    };
    const opened = await openPartial(new Uint8Array(await head.bytes), file.size, read);
    if (!opened.ok) return false;
    const partial = opened.value;
    if (partial.table.listId !== meta.listId || partial.table.version !== meta.version) return false;
    if (opts.bundledSha256 !== undefined && partial.table.sha256 !== opts.bundledSha256) return false;
    const keysSha256 = row.keysSha256;
    store.replace({
      table: partial.table,
      issuedAt: meta.issuedAt,
      source: meta.source,
      partial,
      // (settleRules and sync run after completeLists has swapped it out; kept for ruleIdentity and safety.)
      ...(keysSha256 !== null ? { deferredKeys: opts.loadKeys ?? { sha256: keysSha256, load: () => loadFullTable(db, meta.listId, meta.version, keysSha256) } } : {}),
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * After the first verdict: read the whole file of each list opened in chunks, decode it as openTableRow does
 * (trusted hashes; verifyStored re-hashes it next) and swap it in; if that fails, the full stored snapshot, else
 * the list is dropped and the bundled one takes its place. Returns the problems met; `pending` gets the bytes to
 * re-hash.
 */
export async function completeLists(store: ListStore, deps: LoadDeps, deferred: readonly DeferredLoad[], pending: PendingVerify[]): Promise<string[]> {
  const problems: string[] = [];
  await store.idle(); // the first lookups' chunk reads go first
  for (const { meta, row, bundled } of deferred) {
    const live = store.all().find((l) => l.table.listId === meta.listId);
    if (!live?.partial) continue; // replaced meanwhile (nothing does that before `ready`; kept safe)
    if (bundled?.sha256) {
      // The bundled list's stored copy: if it cannot be read whole, the package's snapshot (verified) replaces it.
      if (deps.db && (await openTableRow(store, deps.db, meta, row, pending, bundledRowOptions(deps, row, bundled.sha256)))) continue;
      store.remove(meta.listId);
      problems.push(`bundled list: its stored copy is unreadable (read from the package instead)`);
      problems.push(...(await loadBundled(store, deps, bundled)));
      continue;
    }
    if (deps.db && (await openTableRow(store, deps.db, meta, row, pending))) continue;
    try {
      const blob = await deps.db?.listBlobs.get(meta.listId);
      const bytes = blob ? new Uint8Array(blob.bytes) : null;
      const decoded = bytes ? await decodeSnapshot(bytes, { verifyHashes: false, checkEntries: false }) : null;
      if (bytes && decoded?.ok && decoded.value.listId === meta.listId) {
        store.replace({ table: decoded.value, issuedAt: meta.issuedAt, source: meta.source });
        pending.push({ listId: meta.listId, bytes });
        continue;
      }
      problems.push(`stored list ${meta.listId}: ${decoded && !decoded.ok ? decoded.reason : 'unreadable'} (dropped; the bundled list is used)`);
    } catch (err: unknown) {
      problems.push(`stored list ${meta.listId}: ${err instanceof Error ? err.message : String(err)} (dropped; the bundled list is used)`);
    }
    store.remove(meta.listId);
    problems.push(...(await loadBundled(store, deps, await deps.fetchBundledMeta().catch(() => null))));
  }
  return problems;
}

/** The key-less row of a stored list, when it is of the stored version: opened, and the list made live from it. */
async function openTableRow(
  store: ListStore,
  db: ScamSentinelDb,
  meta: StoredList,
  row: StoredListBlob | undefined,
  pending: PendingVerify[],
  opts: RowOptions = {},
): Promise<boolean> {
  if (!row || row.version !== meta.version || row.keysSha256 === undefined) return false;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(row.file ? await row.file.arrayBuffer() : row.bytes);
  } catch {
    return false; // an unreadable file: the full snapshot is read instead
  }
  const decoded = await decodeSnapshot(bytes, { verifyHashes: false, checkEntries: false });
  if (!decoded.ok || decoded.value.listId !== meta.listId || decoded.value.version !== meta.version) return false;
  const bundled = opts.bundledSha256 !== undefined;
  if (bundled && decoded.value.sha256 !== opts.bundledSha256) return false;
  const keysSha256 = row.keysSha256;
  store.replace({
    table: decoded.value,
    issuedAt: meta.issuedAt,
    source: meta.source,
    ...(keysSha256 !== null ? { deferredKeys: opts.loadKeys ?? { sha256: keysSha256, load: () => loadFullTable(db, meta.listId, meta.version, keysSha256) } } : {}),
  });
  pending.push({ listId: meta.listId, bytes, ...(bundled ? { bundled } : {}) });
  store.markTableRow(bundled ? BUNDLED_ROW_ID : meta.listId, meta.version);
  return true;
}

/** The full stored table (key strings included), verified, if it is still the given version. */
export async function loadFullTable(db: ScamSentinelDb, listId: string, version: number, keysSha256: string): Promise<ListTable | null> {
  try {
    const blob = await db.listBlobs.get(listId);
    if (!blob) return null;
    const decoded = await decodeSnapshot(new Uint8Array(blob.bytes));
    const t = decoded.ok ? decoded.value : null;
    return t && t.listId === listId && t.version === version && t.keysSha256 === keysSha256 ? t : null;
  } catch {
    return null;
  }
}

/**
 * Write the key-less row of every live synced list that was loaded (or synced) with its key strings, so that the
 * next wake reads ~8 MB instead of ~18 MB for 1M entries. Off the critical path (after the first verdict, after a
 * sync). Returns the list ids written.
 */
export async function writeTableRows(store: ListStore, db: ScamSentinelDb): Promise<string[]> {
  const written: string[] = [];
  for (const l of store.all()) {
    // A list opened from its row (deferredKeys) has its row; the bundled list's copy is written when the table in
    // force came from the package (no copy yet, a copy of another bundled state, or an unreadable one).
    if (l.deferredKeys || l.partial || l.table.keysSha256 === null) continue;
    const id = l.table.listId;
    const bundled = l.source === 'bundled';
    const rowKey = bundled ? BUNDLED_ROW_ID : id;
    if (store.tableRowWritten(rowKey, l.table.version)) continue;
    if (!bundled) {
      const meta = await db.lists.get(id);
      if (!meta || meta.version !== l.table.version) continue; // not (yet) the stored state
    }
    const bytes = encodeSnapshot(withoutKeys(l.table));
    const file = new Blob([toArrayBuffer(bytes)]);
    const wakeRanges = wakeRangesOf(bytes);
    await db.listBlobs.put({
      listId: bundled ? BUNDLED_ROW_ID : id + TABLE_ROW_SUFFIX,
      bytes: new ArrayBuffer(0),
      file,
      version: l.table.version,
      keysSha256: l.table.keysSha256,
      ...(wakeRanges ? { wakeRanges } : {}),
      ...(bundled ? { sha256: l.table.sha256 } : {}),
    });
    store.markTableRow(rowKey, l.table.version);
    written.push(rowKey);
  }
  return written;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer;
}

/**
 * The package's bundled snapshot made live. With `pending` (a wake, before its first verdict) it is opened like a
 * stored row — header, layout and index checked, hashes and entries re-checked by verifyStored after the verdict —
 * since the file ships with the code that reads it; without (a fallback after a failed check), fully verified.
 */
async function loadBundled(store: ListStore, deps: LoadDeps, meta: BundledMeta | null, pending?: PendingVerify[]): Promise<string[]> {
  try {
    const bytes = await deps.fetchBundled();
    const decoded = await decodeSnapshot(bytes, pending ? { verifyHashes: false, checkEntries: false } : {});
    if (!decoded.ok) return [`bundled list: ${decoded.reason}`];
    const current = [...store.all()].find((l) => l.table.listId === decoded.value.listId);
    if (!current || current.table.version < decoded.value.version) {
      store.replace({ table: decoded.value, issuedAt: meta?.issuedAt ?? 0, source: 'bundled' });
      pending?.push({ listId: decoded.value.listId, bytes, bundled: true });
    }
    return [];
  } catch (err: unknown) {
    return [`bundled list unreadable: ${err instanceof Error ? err.message : String(err)}`];
  }
}

/**
 * Re-hash the lists loadLists opened on trust. A list whose bytes no longer match their header (storage
 * corruption) is dropped from lookups, and the bundled list takes its place. Returns the problems met.
 */
export async function verifyStored(store: ListStore, deps: LoadDeps, pending: readonly PendingVerify[]): Promise<string[]> {
  const problems: string[] = [];
  for (const p of pending) {
    if (await verifySnapshotHashes(p.bytes)) continue;
    problems.push(
      p.bundled
        ? `bundled list: CHECKSUM_MISMATCH (read again from the package, verified)`
        : `stored list ${p.listId}: CHECKSUM_MISMATCH (dropped; the bundled list is used)`,
    );
    store.remove(p.listId);
    store.forgetTableRow(p.bundled ? BUNDLED_ROW_ID : p.listId);
    problems.push(...(await loadBundled(store, deps, await deps.fetchBundledMeta().catch(() => null))));
  }
  return problems;
}
