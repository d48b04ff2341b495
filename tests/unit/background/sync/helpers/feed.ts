/**
 * A simulated list feed: an in-memory publisher producing real published folders (the same pure functions the
 * maintainer CLI's publish uses: buildTable → encodeSnapshot → diffTables → encodeDelta → encodeManifest →
 * signManifest) and an in-memory `fetch` serving the folder, with per-path fault routes.
 */
import {
  buildTable,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  toListFormat,
  type ListFormat,
  type ListEntryInput,
  type ListTable,
} from '../../../../../src/core/lists';
import { KEYSET_TYPE, signKeysetRotation, type Keyset } from '../../../../../src/core/lists/keyset';
import { encodeManifest, signManifest, type DeltaRef, type Manifest } from '../../../../../src/core/lists/manifest';
import { bytesToBase64, keyIdOf, sha256Hex, type SignedEnvelope, type Signer } from '../../../../../src/core/lists/signature';
import { CATEGORIES, type Category } from '../../../../../src/core/types';
import type { FetchLike } from '../../../../../src/background/sync';

export const DAY = 86_400_000;
export const MIN = 60_000;
export const BASE_URL = 'https://lists.test/main/';
export const MANIFEST_URL = `${BASE_URL}manifest.json`;

export interface TestKey extends Signer {
  readonly publicKey: string;
}

export async function makeKey(): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { keyId: await keyIdOf(raw), privateKey: pair.privateKey, publicKey: bytesToBase64(raw) };
}

export function keysetOf(keys: readonly TestKey[], threshold = 1, version = 1): Keyset {
  return { type: KEYSET_TYPE, version, threshold, keys: keys.map((k) => ({ id: k.keyId, publicKey: k.publicKey })) };
}

/** Deterministic list content of a version: ids [from, from + n), so consecutive versions differ by `churn`. */
export function entriesFor(version: number, n = 300, churn = 10): ListEntryInput[] {
  const from = (version - 1) * churn;
  const out: ListEntryInput[] = [];
  for (let i = from; i < from + n; i++) {
    out.push({
      key: `scam-${i}.example/`,
      category: CATEGORIES[i % CATEGORIES.length] as Category,
      severity: i % 3 === 0 ? 'medium' : 'high',
      firstSeen: '2026-01-01',
      sources: ['test'],
    });
  }
  return out;
}

export interface Publication {
  readonly version: number;
  readonly manifest: Manifest;
  /** manifest.json bytes (the signed envelope). */
  readonly envelope: Uint8Array;
  /** Relative path → bytes: manifest.json, the snapshot and the offered deltas. */
  readonly files: Map<string, Uint8Array>;
  readonly table: ListTable;
}

export interface PublishOptions {
  readonly now: number;
  readonly entries?: ListEntryInput[];
  readonly expiresInMs?: number;
  readonly issuedAt?: number;
  readonly minWaitSeconds?: number;
  readonly keepDeltas?: number;
  readonly signers?: readonly Signer[];
  readonly keysetChain?: readonly SignedEnvelope[];
  /** Edit the manifest before it is signed (forge artifact refs, hashes…). */
  readonly editManifest?: (m: Manifest) => Manifest;
}

export class Publisher {
  readonly tables = new Map<number, ListTable>();
  readonly snapshots = new Map<number, Uint8Array>();
  readonly deltaFiles = new Map<string, Uint8Array>();
  deltas: DeltaRef[] = [];
  keysetChain: SignedEnvelope[] = [];
  /** Publish key strings (snapshot/delta format 2, `keysSha256` in the manifest), as the maintainer CLI does. */
  withKeys = false;
  /** List format of the versions published from now on (the maintainer CLI writes 3). */
  listFormat: ListFormat = 3;

  constructor(
    readonly listId: string,
    public signers: readonly Signer[],
  ) {}

  async table(version: number, entries = entriesFor(version)): Promise<ListTable> {
    return buildTable(entries, { listId: this.listId, version }, { keys: this.withKeys, format: this.listFormat });
  }

  /** Publishes `version` with a delta from the previous published version (kept chain: keepDeltas). */
  async publish(version: number, o: PublishOptions): Promise<Publication> {
    const table = await this.table(version, o.entries);
    const snapshot = encodeSnapshot(table);
    const prevVersion = [...this.tables.keys()].filter((v) => v < version).sort((a, b) => b - a)[0];
    if (prevVersion !== undefined) {
      const prev = this.tables.get(prevVersion);
      if (!prev) throw new Error('no previous table');
      // as the maintainer's publish: a base of the other list format is converted, the delta is the new format
      const base = await toListFormat(prev, table.format);
      if (!base.ok) throw new Error(base.message);
      const bytes = encodeDelta(diffTables(base.value, table));
      const ref: DeltaRef = {
        from: prevVersion,
        to: version,
        ...(table.format !== 2 ? { listFormat: table.format } : {}),
        path: `deltas/${this.listId}-${prevVersion}-${version}.delta`,
        length: bytes.length,
        sha256: await sha256Hex(bytes),
      };
      this.deltaFiles.set(ref.path, bytes);
      const keep = o.keepDeltas ?? 3;
      this.deltas = keep > 0 ? [...this.deltas.filter((d) => d.to <= prevVersion), ref].slice(-keep) : [];
    }
    this.tables.set(version, table);
    this.snapshots.set(version, snapshot);
    const snapshotRef = { path: `snapshots/${this.listId}-${version}.snap`, length: snapshot.length, sha256: await sha256Hex(snapshot) };
    const issued = o.issuedAt ?? o.now;
    let manifest: Manifest = {
      format: 1,
      listId: this.listId,
      version,
      count: table.count,
      issued: new Date(issued).toISOString(),
      expires: new Date(issued + (o.expiresInMs ?? 7 * DAY)).toISOString(),
      snapshot: snapshotRef,
      deltas: [...this.deltas],
      stateSha256: table.sha256,
      provenanceSha256: table.provenanceSha256,
      ...(table.keysSha256 !== null ? { keysSha256: table.keysSha256 } : {}),
      ...(table.format !== 2 ? { listFormat: table.format } : {}),
      minClientVersion: '0.1.0',
      ...(o.minWaitSeconds !== undefined ? { minWaitSeconds: o.minWaitSeconds } : {}),
    };
    if (o.editManifest) manifest = o.editManifest(manifest);
    const envelope = await signManifest(encodeManifest(manifest), o.signers ?? this.signers, o.keysetChain ?? this.keysetChain);
    const files = new Map<string, Uint8Array>([['manifest.json', envelope], [snapshotRef.path, snapshot]]);
    for (const d of manifest.deltas) {
      const bytes = this.deltaFiles.get(d.path);
      if (bytes) files.set(d.path, bytes);
    }
    return { version, manifest, envelope, files, table };
  }

  /** Rotation link: `next` signed by `by` (normally keys of the current keyset). */
  async rotate(next: Keyset, by: readonly Signer[]): Promise<SignedEnvelope> {
    const link = await signKeysetRotation(next, by);
    this.keysetChain = [...this.keysetChain, link];
    return link;
  }
}

export interface RequestLog {
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** What a route answers; `signal` is the request's abort signal. */
export type Route = (signal: AbortSignal | null, headers: Record<string, string>) => Response | Promise<Response>;

/** Serves a publication at BASE_URL; routes override single paths (faults). */
export class SimFeed {
  files = new Map<string, Uint8Array>();
  readonly routes = new Map<string, Route>();
  readonly log: RequestLog[] = [];
  /** When set, every request fails like a dead network. */
  offline = false;

  serve(pub: Publication): this {
    this.files = new Map(pub.files);
    return this;
  }

  route(path: string, r: Route): this {
    this.routes.set(path, r);
    return this;
  }

  clearFaults(): this {
    this.routes.clear();
    this.offline = false;
    return this;
  }

  requests(path: string): RequestLog[] {
    return this.log.filter((r) => r.path === path);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    if (!url.startsWith(BASE_URL)) throw new TypeError(`fetch failed: ${url} is not on the feed`);
    const path = url.slice(BASE_URL.length);
    this.log.push({ path, headers });
    if (this.offline) throw new TypeError('fetch failed: getaddrinfo ENOTFOUND lists.test');
    const route = this.routes.get(path);
    if (route) return route(init.signal ?? null, headers);
    const bytes = this.files.get(path);
    if (!bytes) return new Response('not found', { status: 404 });
    const etag = path === 'manifest.json' ? `"${(await sha256Hex(bytes)).slice(0, 32)}"` : null; // as `lists serve`
    if (etag !== null && headers['if-none-match'] === etag) return new Response(null, { status: 304, headers: { etag } });
    return new Response(copy(bytes), {
      status: 200,
      headers: {
        'content-length': String(bytes.length),
        'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        ...(etag !== null ? { etag } : {}),
      },
    });
  };
}

export function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

// ---------------- fault routes ----------------

export function respond(status: number, body: string | Uint8Array = '', headers: Record<string, string> = {}): Route {
  return () => new Response(status === 304 || status === 204 ? null : typeof body === 'string' ? body : copy(body), { status, headers });
}

/** Never answers; rejects when the request is aborted (or never, with `ignoreAbort`). */
export function hang(o: { ignoreAbort?: boolean; release?: Promise<Route> } = {}): Route {
  return (signal, headers) =>
    new Promise<Response>((resolve, reject) => {
      if (!o.ignoreAbort) signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      void o.release?.then((r) => resolve(r(signal, headers)));
    });
}

export interface EndlessStats {
  pulled: number;
  cancelled: boolean;
}

/** 200 with an endless body of `chunk`-byte pieces and the given (lying) Content-Length, or none. */
export function endless(stats: EndlessStats, o: { contentLength?: number; chunk?: number } = {}): Route {
  const chunk = o.chunk ?? 64 * 1024;
  return () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        stats.pulled += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x7b));
      },
      cancel() {
        stats.cancelled = true;
      },
    });
    return new Response(body, {
      status: 200,
      headers: o.contentLength !== undefined ? { 'content-length': String(o.contentLength) } : {},
    });
  };
}
