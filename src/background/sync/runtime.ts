/**
 * Service-worker glue for list sync: the scheduler with real browser dependencies, the default subscription from
 * build-time config, enabled/disabled lists in the ListStore, and the options page's messages.
 */
import { decodeSnapshot } from '../../core/lists';
import { openSignedManifest, MANIFEST_MAX_BYTES } from '../../core/lists/manifest';
import { base64ToBytes, keyIdOf } from '../../core/lists/signature';
import type { Handlers, SubscriptionView } from '../../messaging/protocol';
import { ageInDays } from '../../core/time';
import type { ScamSentinelDb } from '../db';
import type { BackgroundState } from '../init';
import { deltaBaseOf, TABLE_ROW_SUFFIX, type ListStore } from '../list-store';
import {
  createSyncScheduler,
  defaultListConfig,
  defaultSubscription,
  ensureDefaultSubscription,
  fetchCapped,
  readSyncStatus,
  SYNC_FETCH_TIMEOUT_MS,
  type ModelSyncDeps,
  type SyncProgress,
  type KeyChanges,
  type SyncScheduler,
} from '.';

/** One list's key changes (see KeyChanges). */
export type ListKeyChange = KeyChanges & { readonly listId: string };
import { browserSyncPlatform } from './browser-adapter';

export interface SyncRuntimeDeps {
  readonly db: ScamSentinelDb;
  readonly lists: ListStore;
  readonly state: BackgroundState;
  /**
   * Lists were swapped, enabled or disabled: update the blocking rules (`change`: one list moved by deltas that
   * named their key changes, so the rules can be updated incrementally).
   */
  readonly onListsChanged: (change?: ListKeyChange) => Promise<void>;
  /** A list's manifest carried a classifier model: release of the bundled one, and where a verified one goes. */
  readonly model?: ModelSyncDeps;
}

export interface SyncRuntime {
  readonly scheduler: SyncScheduler;
  readonly progress: Map<string, SyncProgress>;
  readonly deps: SyncRuntimeDeps;
  start(): Promise<void>;
}

export function createSyncRuntime(deps: SyncRuntimeDeps): SyncRuntime {
  const platform = browserSyncPlatform();
  const progress = new Map<string, SyncProgress>();
  const scheduler = createSyncScheduler({
    ...platform,
    db: deps.db,
    currentTable: (id) => deltaBaseOf(deps.lists, id),
    onCommitted: async (table, issuedAt, keyChanges) => {
      const sub = await deps.db.subscriptions.get(table.listId);
      if (sub && !sub.enabled) return;
      // Incremental only when the live table was the chain's base (else the rules were compiled from something else).
      const before = deps.lists.all().find((l) => l.table.listId === table.listId);
      const change =
        keyChanges && before && before.table.version === keyChanges.fromVersion ? { listId: table.listId, ...keyChanges } : undefined;
      deps.lists.replace({ table, issuedAt, source: 'synced' });
      await deps.onListsChanged(change);
    },
    onProgress: (p) => progress.set(p.listId, p),
    ...(deps.model ? { model: deps.model } : {}),
  });
  return {
    scheduler,
    progress,
    deps,
    async start() {
      try {
        const cfg = defaultListConfig();
        deps.state.problems.push(...cfg.problems);
        const sub = defaultSubscription(platform.now(), cfg);
        if (sub) await ensureDefaultSubscription(deps.db, sub);
        await applyEnabled(deps);
        const report = await scheduler.scheduleAll();
        deps.state.problems.push(...report.problems);
      } catch (err: unknown) {
        deps.state.problems.push(`list sync not started: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** Disabled subscriptions do not take part in lookups. */
async function applyEnabled(deps: SyncRuntimeDeps): Promise<void> {
  const disabled = (await deps.db.subscriptions.toArray()).filter((s) => !s.enabled).map((s) => s.listId);
  if (disabled.some((id) => deps.lists.remove(id))) await deps.onListsChanged();
}

async function keysetFromPublicKey(publicKey: string): Promise<string> {
  const raw = base64ToBytes(publicKey);
  if (!raw || raw.length !== 32) throw new Error('not an Ed25519 public key');
  return JSON.stringify({ type: 'scamsentinel-keyset', version: 1, threshold: 1, keys: [{ id: await keyIdOf(raw), publicKey }] });
}

// A table of message handlers: one method per sync message over the shared `ready` and
// `sync` runtime; its length is the number of messages.
export function createSyncHandlers(
  ready: Promise<void>,
  sync: SyncRuntime,
): Pick<Handlers, 'getSyncStatus' | 'updateNow' | 'addSubscription' | 'setSubscriptionEnabled' | 'removeSubscription'> {
  const { db, state } = sync.deps;
  return {
    async getSyncStatus() {
      await ready;
      const now = Date.now();
      const [subs, statuses] = await Promise.all([db.subscriptions.toArray(), readSyncStatus(db, now)]);
      const views: SubscriptionView[] = subs.map((sub) => {
        const s = statuses.find((x) => x.listId === sub.listId);
        // What protects right now: the stored version, else the copy built into the extension (never synced yet).
        const live = sync.deps.lists.all().find((l) => l.table.listId === sub.listId);
        const p = sync.progress.get(sub.listId);
        const keyIds = (JSON.parse(sub.keyset) as { keys?: { id: string }[] }).keys?.map((k) => k.id) ?? [];
        return {
          listId: sub.listId,
          manifestUrl: sub.manifestUrl,
          keyIds,
          enabled: sub.enabled,
          isDefault: sub.isDefault,
          version: s?.version ?? live?.table.version ?? null,
          entries: s?.entries ?? live?.table.count ?? null,
          ageDays: s?.ageDays ?? (live && live.issuedAt > 0 ? ageInDays(live.issuedAt, now) : null),
          inForce: s && s.version !== null ? 'synced' : live ? live.source : null,
          expired: s?.expired ?? false,
          lastSuccessAt: s?.lastSuccessAt ?? null,
          lastError: s?.lastError ?? null,
          nextCheckAt: s?.nextCheckAt ?? null,
          progress: p ? { stage: p.stage, ...(p.bytes !== undefined ? { bytes: p.bytes } : {}), ...(p.totalBytes !== undefined ? { totalBytes: p.totalBytes } : {}) } : null,
        };
      });
      return { subscriptions: views, problems: [...state.problems] };
    },
    async updateNow({ listId }) {
      await ready;
      const outcome = await sync.scheduler.updateNow(listId);
      const message =
        outcome.kind === 'failed' ? outcome.error.message : outcome.kind === 'skipped' ? outcome.reason : outcome.kind;
      return { kind: outcome.kind, message };
    },
    async addSubscription({ manifestUrl, publicKey }) {
      await ready;
      const keyset = await keysetFromPublicKey(publicKey);
      const body = await fetchCapped(manifestUrl, {
        fetch: (u, i) => fetch(u, i),
        maxBytes: MANIFEST_MAX_BYTES,
        timeoutMs: SYNC_FETCH_TIMEOUT_MS,
      });
      if (!body.ok) throw new Error(`could not fetch the manifest: ${body.message}`);
      if (body.value.kind !== 'body') throw new Error('could not fetch the manifest');
      const opened = await openSignedManifest(body.value.bytes, JSON.parse(keyset), { now: Date.now() });
      if (!opened.ok) throw new Error(`the manifest is not signed by that key: ${opened.message}`);
      const listId = opened.value.manifest.listId;
      if (await db.subscriptions.get(listId)) throw new Error(`already subscribed to ${listId}`);
      await db.subscriptions.add({ listId, manifestUrl, keyset, enabled: true, isDefault: false, addedAt: Date.now() });
      await sync.scheduler.scheduleAll();
      void sync.scheduler.updateNow(listId);
      return { listId };
    },
    async setSubscriptionEnabled({ listId, enabled }) {
      await ready;
      const n = await db.subscriptions.update(listId, { enabled });
      if (n === 0) throw new Error(`no subscription ${listId}`);
      if (!enabled) {
        if (sync.deps.lists.remove(listId)) await sync.deps.onListsChanged();
      } else {
        await reloadStored(sync.deps, listId);
      }
      await sync.scheduler.scheduleAll();
      return null;
    },
    async removeSubscription({ listId }) {
      await ready;
      const sub = await db.subscriptions.get(listId);
      if (!sub) throw new Error(`no subscription ${listId}`);
      if (sub.isDefault) throw new Error('the default list cannot be removed (disable it instead)');
      await db.transaction('rw', [db.subscriptions, db.lists, db.listBlobs, db.syncState], async () => {
        await db.subscriptions.delete(listId);
        await db.lists.delete(listId);
        await db.listBlobs.delete(listId);
        await db.listBlobs.delete(listId + TABLE_ROW_SUFFIX);
        await db.syncState.delete(listId);
      });
      if (sync.deps.lists.remove(listId)) await sync.deps.onListsChanged();
      await sync.scheduler.scheduleAll();
      return null;
    },
  };
}

async function reloadStored(deps: SyncRuntimeDeps, listId: string): Promise<void> {
  const [meta, blob] = await Promise.all([deps.db.lists.get(listId), deps.db.listBlobs.get(listId)]);
  if (!meta || !blob) return;
  const decoded = await decodeSnapshot(new Uint8Array(blob.bytes));
  if (!decoded.ok) return;
  deps.lists.replace({ table: decoded.value, issuedAt: meta.issuedAt, source: meta.source });
  await deps.onListsChanged();
}
