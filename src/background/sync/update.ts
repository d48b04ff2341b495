/**
 * One update of one subscribed list: runUpdate(sub, deps) → UpdateOutcome. Never throws.
 *
 *   lease (syncState.leaseUntil; busy → skipped; within the server's minWaitSeconds → skipped)
 *   → GET manifest.json (If-None-Match: the content tag of the trusted manifest — never a server-chosen ETag;
 *     cap MANIFEST_MAX_BYTES; timeout < 30 s; 304 → unchanged)
 *   → openSignedManifest against the followed keyset (rotation chain, threshold, schema, list id, expiry, and
 *     rollback against max(trusted manifest version, stored list version, live table version))
 *   → equal version → unchanged (no list data written)
 *   → downloadAndApply (deltas or snapshot, checked against the manifest; see apply.ts)
 *   → commitUpdate: table bytes + meta + trusted manifest + followed keyset + ETag + sync state, one transaction
 *   → deps.onCommitted(table, issuedAt) → 'updated'
 * Any failure records code + words + backoff in syncState and leaves the list data and trusted manifest as they were.
 */
import { decodeSnapshot, type ListTable } from '../../core/lists';
import { sha256Hex } from '../../core/lists/hash';
import { parseKeyset, type Keyset } from '../../core/lists/keyset';
import { MANIFEST_MAX_BYTES, openSignedManifest, timeToMs, type Manifest } from '../../core/lists/manifest';
import { fail, ok, type Result } from '../../core/types';
import type { SubscriptionRow } from '../db';
import { downloadAndApply, type Applied, type ArtifactFetcher } from './apply';
import { nextCheckAfter } from './backoff';
import { fetchCapped } from './capped-fetch';
import { describeError, syncError } from './errors';
import {
  acquireLease,
  commitUpdate,
  recordFailure,
  recordUnchanged,
  type SyncContext,
} from './sync-db';
import { syncModel, type ModelOutcome } from './model-sync';
import type { SyncDeps, SyncError, SyncErrorCode, SyncProgress, UpdateOutcome } from './types';

/** Per request (headers + body); the SW's fetch limit is 30 s. */
export const SYNC_FETCH_TIMEOUT_MS = 25 * 1000;
/** No new download starts after this long into a run (keeps a run well inside SYNC_LEASE_MS). */
export const SYNC_RUN_DEADLINE_MS = 4 * 60 * 1000;

type Attempt =
  | { readonly kind: 'failed'; readonly error: SyncError }
  | {
      readonly kind: 'unchanged';
      readonly reason: 'not-modified' | 'same-version';
      readonly version: number | null;
      readonly minWaitSeconds?: number;
      readonly bytes: number;
      /** The verified manifest and where it came from (same-version only): its model is still checked. */
      readonly verified?: { readonly manifest: Manifest; readonly url: string };
    }
  | {
      readonly kind: 'updated';
      readonly url: string;
      readonly manifest: Manifest;
      readonly manifestText: string;
      readonly keyset: Keyset;
      readonly etag: string | null;
      readonly applied: Applied;
      readonly fromVersion: number | null;
      readonly bytes: number;
    };

// One function: every exit shares the lease and the `emit` / `schedule` / `recordAndFail`
// closures bound to it; the stages (lease → attempt → record unchanged, or commit) read top to bottom.
export async function runUpdate(sub: SubscriptionRow, deps: SyncDeps): Promise<UpdateOutcome> {
  const { listId } = sub;
  const emit = (p: Omit<SyncProgress, 'listId'>): void => {
    try {
      deps.onProgress?.({ listId, ...p });
    } catch {
      // a progress listener must not break the update
    }
  };
  const schedule = (failures: number, minWaitSeconds?: number): number =>
    nextCheckAfter({
      now: deps.now(),
      failures,
      rand: deps.random(),
      ...(minWaitSeconds !== undefined ? { minWaitSeconds } : {}),
      ...(deps.intervalMin !== undefined ? { intervalMin: deps.intervalMin } : {}),
    });
  const failed = (error: SyncError, failures: number, nextCheckAt: number): UpdateOutcome => {
    emit({ stage: 'error', error });
    return { kind: 'failed', listId, error, failures, nextCheckAt };
  };

  const db = deps.db;
  if (!db) return failed(syncError('STORAGE_UNAVAILABLE'), 1, schedule(1));
  if (!sub.enabled) {
    emit({ stage: 'done' });
    return { kind: 'skipped', listId, reason: 'disabled', nextCheckAt: schedule(0) };
  }

  const recordAndFail = async (error: SyncError, lease: number, minWait?: number): Promise<UpdateOutcome> => {
    try {
      const r = await recordFailure(db, listId, lease, error, deps.now(), (n) => schedule(n, minWait));
      if (r === 'lease-lost') return leaseLost(error.message);
      return failed(error, r.failures, r.nextCheckAt);
    } catch (err: unknown) {
      return failed({ ...error, message: `${error.message} [not recorded: ${describeError(err)}]` }, 1, schedule(1));
    }
  };
  // This run outlived its lease (its worker was presumed dead and another run took over): it writes nothing.
  const leaseLost = (detail: string): UpdateOutcome => failed(syncError('LEASE_LOST', detail), 0, schedule(0));

  let lease;
  try {
    lease = await acquireLease(db, listId, deps.now(), deps.random());
  } catch (err: unknown) {
    return failed(syncError('STORAGE_UNAVAILABLE', describeError(err)), 1, schedule(1));
  }
  if (lease.kind !== 'acquired') {
    emit({ stage: 'done' });
    return { kind: 'skipped', listId, reason: lease.kind, nextCheckAt: lease.until };
  }
  const { ctx } = lease;
  const trustedMinWait = ctx.trusted?.minWaitSeconds;
  // (the lease is released by recordFailure / recordUnchanged / commitUpdate; a killed run leaves it to expire)

  const pinned = parseSubscriptionKeyset(sub.keyset);
  if (!pinned.ok) return recordAndFail(syncError('BAD_SUBSCRIPTION', pinned.message), ctx.lease, trustedMinWait);

  const attempt = await attemptFromSources(sub, deps, ctx, pinned.value, emit);

  if (attempt.kind === 'failed') return recordAndFail(attempt.error, ctx.lease, trustedMinWait);

  if (attempt.kind === 'unchanged') {
    const nextCheckAt = schedule(0, attempt.minWaitSeconds ?? trustedMinWait);
    try {
      if ((await recordUnchanged(db, listId, ctx.lease, deps.now(), nextCheckAt)) === 'lease-lost') {
        return leaseLost(`found v${attempt.version ?? '?'} unchanged`);
      }
    } catch (err: unknown) {
      return failed(syncError('STORAGE', describeError(err)), 1, schedule(1));
    }
    const model = attempt.verified ? await modelStep(attempt.verified.manifest, attempt.verified.url, deps) : null;
    emit({ stage: 'done' });
    return { kind: 'unchanged', listId, reason: attempt.reason, version: attempt.version, bytes: attempt.bytes, nextCheckAt, ...(model ? { model } : {}) };
  }

  // ---- commit ----
  const { manifest, applied } = attempt;
  const issuedAt = timeToMs(manifest.issued);
  const nextCheckAt = schedule(0, manifest.minWaitSeconds);
  emit({ stage: 'commit', via: applied.via });
  let committed;
  try {
    committed = await commitUpdate(db, {
      listId,
      lease: ctx.lease,
      version: manifest.version,
      count: manifest.count,
      issuedAt,
      snapshot: applied.snapshot,
      manifestText: attempt.manifestText,
      keysetText: JSON.stringify(attempt.keyset),
      etag: attempt.etag,
      now: deps.now(),
      nextCheckAt,
    });
  } catch (err: unknown) {
    return recordAndFail(syncError('STORAGE', describeError(err)), ctx.lease, trustedMinWait);
  }
  if (committed === 'lease-lost') return leaseLost(`v${manifest.version} was not committed`);
  if (committed === 'rollback') {
    return recordAndFail(syncError('ROLLBACK', `v${manifest.version} is not newer than the stored list`), ctx.lease, trustedMinWait);
  }

  let postCommitError: string | undefined;
  try {
    await deps.onCommitted(applied.table, issuedAt, applied.keyChanges);
  } catch (err: unknown) {
    postCommitError = describeError(err);
  }
  const model = await modelStep(manifest, attempt.url, deps);
  emit({ stage: 'done', via: applied.via });
  return {
    kind: 'updated',
    listId,
    fromVersion: attempt.fromVersion,
    toVersion: manifest.version,
    via: applied.via,
    table: applied.table,
    issuedAt,
    bytes: attempt.bytes,
    nextCheckAt,
    ...(applied.deltaFallback ? { deltaFallback: applied.deltaFallback } : {}),
    ...(postCommitError !== undefined ? { postCommitError } : {}),
    ...(model ? { model } : {}),
  };
}

/** The manifest's classifier model (model-sync.ts): after the list is settled, never failing the list's run. */
async function modelStep(manifest: Manifest, url: string, deps: SyncDeps): Promise<ModelOutcome | null> {
  if (!deps.model || !deps.db || !manifest.model) return null;
  try {
    return await syncModel(manifest, url, {
      db: deps.db,
      fetch: deps.fetch,
      now: deps.now,
      clientVersion: deps.clientVersion,
      timeoutMs: Math.min(deps.fetchTimeoutMs ?? SYNC_FETCH_TIMEOUT_MS, SYNC_FETCH_TIMEOUT_MS),
      model: deps.model,
    });
  } catch (err: unknown) {
    return { kind: 'refused', code: 'NETWORK', message: `The detection model check failed: ${describeError(err)}` };
  }
}

/** Errors that do not depend on which server answered: trying a mirror cannot help. */
const LOCAL_ERRORS: ReadonlySet<SyncErrorCode> = new Set(['BAD_SUBSCRIPTION', 'BAD_KEYSET', 'STORAGE', 'STORAGE_UNAVAILABLE', 'LEASE_LOST', 'CLIENT_TOO_OLD']);

/** The manifest URLs of a subscription, in the order they are tried: its own, then its mirrors (http(s) only). */
export function subscriptionSources(sub: Pick<SubscriptionRow, 'manifestUrl' | 'mirrors'>): string[] {
  const out = [sub.manifestUrl];
  for (const m of sub.mirrors ?? []) {
    try {
      const u = new URL(m);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && !out.includes(u.href)) out.push(u.href);
    } catch {
      // not a URL: skipped
    }
  }
  return out;
}

/**
 * Mirrors are untrusted: each one's answer goes through exactly the same checks (signature against the pinned
 * keyset, list id, expiry, rollback against what is installed, artifact hashes from the signed manifest). So a
 * hostile or broken mirror can only fail — withhold, serve an old or expired manifest (ROLLBACK / EXPIRED), tamper
 * (BAD_SIGNATURE / HASH_MISMATCH) — and the next one is tried. A verified update ends the run, as does "unchanged"
 * from the main URL; "unchanged" from a mirror only if no later mirror has a newer version. When all fail, the error
 * is the first source's, with the mirrors' appended.
 */
async function attemptFromSources(
  sub: SubscriptionRow,
  deps: SyncDeps,
  ctx: SyncContext,
  pinned: Keyset,
  emit: (p: Omit<SyncProgress, 'listId'>) => void,
): Promise<Attempt> {
  const startedAt = deps.now();
  const failures: { url: string; error: SyncError }[] = [];
  let unchanged: Attempt | null = null;
  for (const [i, url] of subscriptionSources(sub).entries()) {
    let attempt: Attempt;
    try {
      attempt = await attemptUpdate(sub, url, deps, ctx, pinned, emit);
    } catch (err: unknown) {
      attempt = { kind: 'failed', error: syncError('UNEXPECTED', describeError(err)) };
    }
    if (attempt.kind === 'updated') return attempt;
    // The main URL saying "unchanged" is final. A mirror saying it (after the main URL failed) may just be stale:
    // the remaining mirrors are still asked, and "unchanged" stands only if none has a newer signed version.
    if (attempt.kind === 'unchanged') {
      if (i === 0) return attempt;
      unchanged ??= attempt;
      continue;
    }
    failures.push({ url, error: attempt.error });
    if (LOCAL_ERRORS.has(attempt.error.code) || deps.now() - startedAt > SYNC_RUN_DEADLINE_MS) break;
  }
  if (unchanged) return unchanged;
  const first = failures[0];
  if (!first) return { kind: 'failed', error: syncError('UNEXPECTED', 'no list source') };
  if (failures.length === 1) return { kind: 'failed', error: first.error };
  const rest = failures.slice(1).map((f) => `mirror ${new URL(f.url).host}: ${f.error.code}`).join('; ');
  return { kind: 'failed', error: { code: first.error.code, message: `${first.error.message} (${rest})` } };
}

// One function: the manifest and artifact stages share `startedAt` (run deadline), the byte
// counter `downloaded` and `currentVersion`, which the artifact fetcher closes over.
async function attemptUpdate(
  sub: SubscriptionRow,
  manifestUrl: string,
  deps: SyncDeps,
  ctx: SyncContext,
  pinned: Keyset,
  emit: (p: Omit<SyncProgress, 'listId'>) => void,
): Promise<Attempt> {
  const { listId } = sub;
  const startedAt = deps.now();
  const timeoutMs = Math.min(deps.fetchTimeoutMs ?? SYNC_FETCH_TIMEOUT_MS, SYNC_FETCH_TIMEOUT_MS);
  const live = await deps.currentTable(listId);
  const liveTable = live && live.listId === listId ? live : null;
  const versions = [ctx.trusted?.version, ctx.stored?.version, liveTable?.version].filter(
    (v): v is number => typeof v === 'number',
  );
  const currentVersion = versions.length > 0 ? Math.max(...versions) : null;
  // Follow rotations from the keyset persisted with the last commit when it is newer than the pin.
  const keyset = ctx.trustedKeyset && ctx.trustedKeyset.version > pinned.version ? ctx.trustedKeyset : pinned;
  const failWith = (code: SyncErrorCode, detail?: string): Attempt => ({ kind: 'failed', error: syncError(code, detail) });

  // ---- manifest ----
  emit({ stage: 'manifest' });
  const canRevalidate =
    ctx.row.etag !== null &&
    ctx.trusted !== null &&
    ctx.trusted.version === currentVersion &&
    timeToMs(ctx.trusted.expires) > startedAt;
  const headers: Record<string, string> = canRevalidate && ctx.row.etag !== null ? { 'If-None-Match': ctx.row.etag } : {};
  const res = await fetchCapped(manifestUrl, { fetch: deps.fetch, maxBytes: MANIFEST_MAX_BYTES, timeoutMs, headers });
  if (!res.ok) return failWith(res.reason, res.message);
  if (res.value.kind === 'not-modified') {
    if (!canRevalidate) return failWith('HTTP_ERROR', 'HTTP 304 to an unconditional request');
    return { kind: 'unchanged', reason: 'not-modified', version: currentVersion, bytes: 0 };
  }
  const body = res.value;
  let downloaded = body.bytes.length;
  if (body.bytes.length === 0) return failWith('EMPTY_RESPONSE', manifestUrl);
  if (looksLikeHtml(body.bytes, body.contentType)) return failWith('NOT_A_MANIFEST', `${manifestUrl} returned HTML`);

  const opened = await openSignedManifest(body.bytes, keyset, {
    now: startedAt,
    listId,
    clientVersion: deps.clientVersion,
    ...(currentVersion !== null ? { currentVersion } : {}),
  });
  if (!opened.ok) return failWith(opened.reason, opened.message);
  const manifest = opened.value.manifest;
  if (currentVersion !== null && manifest.version <= currentVersion) {
    // equal: a no-op; lower cannot get here (openSignedManifest refused it as ROLLBACK) — kept as a second guard
    if (manifest.version < currentVersion) return failWith('ROLLBACK', `v${manifest.version} < installed v${currentVersion}`);
    return {
      kind: 'unchanged',
      reason: 'same-version',
      version: currentVersion,
      bytes: downloaded,
      verified: { manifest, url: manifestUrl },
      ...(manifest.minWaitSeconds !== undefined ? { minWaitSeconds: manifest.minWaitSeconds } : {}),
    };
  }

  // ---- artifacts ----
  const fetchArtifact: ArtifactFetcher = async (ref, cap) => {
    if (deps.now() - startedAt > SYNC_RUN_DEADLINE_MS) {
      return fail('TIMEOUT', `the update ran longer than ${SYNC_RUN_DEADLINE_MS / 1000} s`);
    }
    const before = downloaded;
    const r = await fetchCapped(new URL(ref.path, manifestUrl).href, {
      fetch: deps.fetch,
      maxBytes: cap,
      expectLength: ref.length,
      timeoutMs,
      onBytes: (n) => emit({ stage: 'download', bytes: before + n }),
    });
    if (!r.ok) return fail(r.reason, r.message);
    if (r.value.kind === 'not-modified') return fail('HTTP_ERROR', `HTTP 304 for ${ref.path}`);
    downloaded += r.value.bytes.length;
    return ok(r.value.bytes);
  };
  const loadBase = async (): Promise<ListTable | null> => {
    if (currentVersion === null) return null;
    if (liveTable && liveTable.version === currentVersion) return liveTable;
    return loadStoredTable(deps, listId, currentVersion, ctx);
  };
  const applied = await downloadAndApply({
    manifest,
    currentVersion,
    loadBase,
    fetchArtifact,
    progress: emit,
  });
  if (!applied.ok) return failWith(applied.reason, applied.message);
  return {
    kind: 'updated',
    url: manifestUrl,
    manifest,
    manifestText: new TextDecoder().decode(opened.value.payload),
    keyset: opened.value.keyset,
    etag: await contentTag(body.bytes),
    applied: applied.value,
    fromVersion: currentVersion,
    bytes: downloaded,
  };
}

/**
 * The entity tag the client stores and sends back in If-None-Match: `"` + the first 32 hex digits of the SHA-256 of
 * the manifest bytes it accepted (what `lists serve` sends as its ETag). The server's own ETag header is never
 * stored: a server could make it unique per user and read it back at every update, a tracking tag (issue 15, class
 * 10). Everyone holding the same signed manifest sends the same value; a host whose ETags differ just never
 * answers 304 (the manifest is small).
 */
export async function contentTag(bytes: Uint8Array): Promise<string> {
  return `"${(await sha256Hex(bytes)).slice(0, 32)}"`;
}

/** The committed table from listBlobs, when it is the installed version (the live table was not at hand). */
async function loadStoredTable(
  deps: SyncDeps,
  listId: string,
  version: number,
  ctx: SyncContext,
): Promise<ListTable | null> {
  if (!deps.db || ctx.stored?.version !== version) return null;
  try {
    const blob = await deps.db.listBlobs.get(listId);
    if (!blob) return null;
    const decoded = await decodeSnapshot(new Uint8Array(blob.bytes));
    if (!decoded.ok || decoded.value.listId !== listId || decoded.value.version !== version) return null;
    if (ctx.trusted && ctx.trusted.version === version && ctx.trusted.stateSha256 !== decoded.value.sha256) return null;
    return decoded.value;
  } catch {
    return null;
  }
}

function parseSubscriptionKeyset(text: string): Result<Keyset, 'BAD_KEYSET'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('BAD_KEYSET', 'pinned keyset is not JSON');
  }
  return parseKeyset(json);
}

/** A captive portal's login page, an error page, a CDN's "not found" page… (JSON starts with '{'). */
function looksLikeHtml(bytes: Uint8Array, contentType: string): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x3c /* '<' */ || (b !== 0x7b /* '{' */ && /\btext\/html\b/i.test(contentType));
  }
  return false;
}
