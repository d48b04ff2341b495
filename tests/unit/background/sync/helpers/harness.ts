/**
 * One extension instance under test: fake-indexeddb database, fake clock, deterministic randomness, a real
 * ListStore (the live tables), a simulated feed and a publisher. `restart()` makes a new "worker" (fresh
 * ListStore loaded from the database, new engine deps) over the same database, like an MV3 worker restart.
 * Import 'fake-indexeddb/auto' before this module.
 */
import { expect } from 'vitest';
import { openDb, type ScamSentinelDb, type SubscriptionRow } from '../../../../../src/background/db';
import { ListStore, loadLists } from '../../../../../src/background/list-store';
import {
  createSyncScheduler,
  runUpdate,
  type AlarmApi,
  type AlarmInfo,
  type SyncDeps,
  type SyncProgress,
  type SyncScheduler,
  type UpdateOutcome,
} from '../../../../../src/background/sync';
import type { Keyset } from '../../../../../src/core/lists/keyset';
import { sha256Hex } from '../../../../../src/core/lists/signature';
import { decodeSnapshot, listKeys, type ListTable } from '../../../../../src/core/lists';
import { keysetOf, makeKey, MANIFEST_URL, Publisher, SimFeed, type TestKey } from './feed';

export const T0 = Date.parse('2026-03-01T08:00:00Z');
export const LIST_ID = 'scamsentinel-main';

let dbCounter = 0;

export class FakeAlarms implements AlarmApi {
  readonly alarms = new Map<string, number>();
  create(name: string, info: { when: number }): void {
    this.alarms.set(name, info.when);
  }
  async clear(name: string): Promise<boolean> {
    return this.alarms.delete(name);
  }
  async getAll(): Promise<AlarmInfo[]> {
    return [...this.alarms].map(([name, scheduledTime]) => ({ name, scheduledTime }));
  }
}

/** Everything that must survive a failed update unchanged, as comparable values. */
export interface LastGood {
  readonly lists: string;
  readonly blobs: Record<string, string>;
  readonly trusted: Record<string, { manifest: string | null; keyset: string | null; etag: string | null }>;
  readonly live: string;
  /** The key strings stored with each list (decoded from its stored snapshot): hash of the joined keys, or null. */
  readonly storedKeys: Record<string, string | null>;
}

export interface HarnessOptions {
  readonly keys?: TestKey[];
  readonly threshold?: number;
  readonly pinned?: Keyset;
  readonly db?: ScamSentinelDb | null;
}

export class Harness {
  clock = T0;
  randValue = 0.5;
  readonly feed = new SimFeed();
  readonly publisher: Publisher;
  readonly alarms = new FakeAlarms();
  store = new ListStore();
  committed: { version: number; issuedAt: number }[] = [];
  progress: SyncProgress[] = [];
  sub: SubscriptionRow;
  deps: SyncDeps;

  private constructor(
    readonly db: ScamSentinelDb | null,
    readonly keys: TestKey[],
    readonly pinned: Keyset,
  ) {
    this.publisher = new Publisher(LIST_ID, keys);
    this.sub = {
      listId: LIST_ID,
      manifestUrl: MANIFEST_URL,
      keyset: JSON.stringify(pinned),
      enabled: true,
      isDefault: true,
      addedAt: T0,
    };
    this.deps = this.makeDeps();
  }

  static async create(o: HarnessOptions = {}): Promise<Harness> {
    const keys = o.keys ?? [await makeKey()];
    const pinned = o.pinned ?? keysetOf(keys, o.threshold ?? 1);
    const db = o.db === undefined ? openDb(`test-sync-${process.pid}-${++dbCounter}`) : o.db;
    const h = new Harness(db, keys, pinned);
    if (db) await db.subscriptions.put(h.sub);
    return h;
  }

  makeDeps(over: Partial<SyncDeps> = {}): SyncDeps {
    return {
      db: this.db,
      fetch: this.feed.fetch,
      now: () => this.clock,
      random: () => this.randValue,
      clientVersion: '0.1.0',
      currentTable: (id) => this.store.all().find((l) => l.table.listId === id)?.table ?? null,
      onCommitted: (table: ListTable, issuedAt: number) => {
        this.store.replace({ table, issuedAt, source: 'synced' });
        this.committed.push({ version: table.version, issuedAt });
      },
      onProgress: (p) => this.progress.push(p),
      ...over,
    };
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  run(): Promise<UpdateOutcome> {
    return runUpdate(this.sub, this.deps);
  }

  scheduler(over: Partial<SyncDeps> = {}): SyncScheduler {
    return createSyncScheduler({ ...this.makeDeps(over), alarms: this.alarms });
  }

  /** A new worker: fresh live tables loaded from the database (no bundled list), new deps. */
  async restart(): Promise<void> {
    this.store = new ListStore();
    await loadLists(this.store, {
      db: this.db,
      fetchBundledMeta: () => Promise.reject(new Error('no bundled list in this test')),
      fetchBundled: () => Promise.reject(new Error('no bundled list in this test')),
    });
    this.deps = this.makeDeps();
  }

  /** Publishes `version` now and serves it. */
  async publishAndServe(version: number, o: Parameters<Publisher['publish']>[1] = { now: this.clock }): Promise<void> {
    this.feed.serve(await this.publisher.publish(version, o));
  }

  /** Installs `version` through a normal sync (asserts it worked). */
  async install(version: number): Promise<void> {
    await this.publishAndServe(version, { now: this.clock });
    const out = await this.run();
    expect(out.kind, JSON.stringify(out.kind === 'failed' ? out.error : out.kind)).toBe('updated');
  }

  async lastGood(): Promise<LastGood> {
    if (!this.db) throw new Error('no db');
    const lists = await this.db.lists.toArray();
    const blobs: Record<string, string> = {};
    const storedKeys: Record<string, string | null> = {};
    for (const b of await this.db.listBlobs.toArray()) {
      blobs[b.listId] = await sha256Hex(new Uint8Array(b.bytes));
      storedKeys[b.listId] = await storedKeysDigest(new Uint8Array(b.bytes));
    }
    const trusted: LastGood['trusted'] = {};
    for (const s of await this.db.syncState.toArray()) {
      trusted[s.listId] = { manifest: s.trustedManifest, keyset: s.trustedKeyset, etag: s.etag };
    }
    const live = this.store
      .all()
      .map((l) => `${l.table.listId}@${l.table.version}:${l.table.sha256}:${l.issuedAt}:${l.source}`)
      .join(',');
    return { lists: JSON.stringify(lists), blobs, trusted, live, storedKeys };
  }

  async syncState() {
    if (!this.db) throw new Error('no db');
    return this.db.syncState.get(LIST_ID);
  }

  /** Counts writes to lists/listBlobs (Dexie hooks); returns a function giving the count. */
  countListWrites(): () => number {
    if (!this.db) throw new Error('no db');
    let n = 0;
    const bump = (): void => {
      n++;
    };
    for (const t of [this.db.lists, this.db.listBlobs]) {
      t.hook('creating', bump);
      t.hook('updating', bump);
      t.hook('deleting', bump);
    }
    return () => n;
  }

  close(): void {
    this.db?.close();
  }
}

/** Digest of the key strings in stored snapshot bytes ('none' without keys; the decode error otherwise). */
export async function storedKeysDigest(bytes: Uint8Array): Promise<string | null> {
  const t = await decodeSnapshot(bytes);
  if (!t.ok) return `undecodable: ${t.reason}`;
  const keys = listKeys(t.value);
  if (!keys.ok) return `corrupt: ${keys.reason}`;
  return keys.value === null ? null : `${keys.value.length}:${await sha256Hex(new TextEncoder().encode(keys.value.join('\n')))}`;
}

export function expectFailed(out: UpdateOutcome, code: string): Extract<UpdateOutcome, { kind: 'failed' }> {
  if (out.kind !== 'failed') throw new Error(`expected failure ${code}, got ${out.kind}`);
  expect(out.error.code).toBe(code);
  expect(out.error.message.length).toBeGreaterThan(10);
  return out;
}

export function expectUpdated(out: UpdateOutcome, version: number): Extract<UpdateOutcome, { kind: 'updated' }> {
  if (out.kind !== 'updated') {
    throw new Error(`expected update to v${version}, got ${out.kind}${out.kind === 'failed' ? ` ${out.error.code}: ${out.error.message}` : ''}`);
  }
  expect(out.toVersion).toBe(version);
  return out;
}
