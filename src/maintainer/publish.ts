/**
 * `publish`: build result + publisher state → a static folder (signed manifest, snapshot, delta chain).
 *
 * Order: every refusal check and the full `verify` of the in-memory result happen before anything is written; then
 * new artifacts go to the state folder, state.json is replaced atomically, artifacts are copied to the output folder,
 * manifest.json is replaced last (atomic rename), and files the new manifest no longer names are pruned. A reader of
 * the output folder therefore always sees a consistent manifest.
 *
 * Refusals (typed): GUARD_FAILED, WRONG_LIST, VERSION_NOT_INCREASING, BAD_DELTA_BASE (the previous snapshot is
 * missing / does not hash to what was published, or the output folder holds another version than the state's last),
 * TOO_FAR_EXPIRY, TOO_LARGE (client caps), SIGNING (signers do not reach the keyset threshold), SELF_VERIFY_FAILED.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTable,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  type ListTable,
} from '../core/lists/index';
import type { Keyset } from '../core/lists/keyset';
import {
  DELTA_MAX_BYTES,
  MANIFEST_MAX_BYTES,
  MANIFEST_MAX_LIFETIME_MS,
  SNAPSHOT_MAX_BYTES,
  encodeManifest,
  openSignedManifest,
  signManifest,
  type DeltaRef,
  type Manifest,
} from '../core/lists/manifest';
import { sha256Hex, type Signer } from '../core/lists/signature';
import { fail, ok, type Result } from '../core/types';
import type { BuildResult } from './build';
import { formatBytes, writeFileAtomic } from './fs-util';
import {
  deltaPath,
  latestPublished,
  readStateFile,
  saveState,
  snapshotPath,
  type PublishedVersion,
  type PublisherState,
} from './state';
import { loadPreviousTable, publishedVersionIn } from './published';
import { MANIFEST_FILE, verifyPublication, type VerifyReport } from './verify';

export type PublishErrorCode =
  | 'GUARD_FAILED'
  | 'WRONG_LIST'
  | 'VERSION_NOT_INCREASING'
  | 'BAD_DELTA_BASE'
  | 'TOO_FAR_EXPIRY'
  | 'TOO_LARGE'
  | 'SIGNING'
  | 'SELF_VERIFY_FAILED';

export interface PublishOptions {
  readonly build: BuildResult;
  readonly state: PublisherState;
  readonly stateDir: string;
  readonly outDir: string;
  /** The keyset extensions pin (rotations in state.keysetChain are followed from it). */
  readonly keyset: Keyset;
  readonly signers: readonly Signer[];
  /** Epoch ms. */
  readonly now: number;
  /** Default: last published + 1. */
  readonly version?: number;
  /** When given, must equal the last published version (guards against publishing from a stale state copy). */
  readonly baseVersion?: number;
  readonly expiresInDays: number;
  readonly keepDeltas: number;
  readonly minClientVersion: string;
  readonly reportEndpoint?: string;
  readonly minWaitSeconds?: number;
  /** Run `verify` on the in-memory result before writing (default true). */
  readonly selfVerify?: boolean;
  /** Previous table, when the caller already decoded it (build used it for firstSeen). */
  readonly previousTable?: ListTable;
  /** Lower size caps (tests); the client caps always apply. */
  readonly limits?: { readonly snapshotMaxBytes?: number; readonly deltaMaxBytes?: number };
}

export interface PublishSummary {
  readonly manifest: Manifest;
  readonly files: { path: string; bytes: number }[];
  readonly snapshotBytes: number;
  readonly deltaBytes: number | null;
  readonly delta: { added: number; removed: number } | null;
  /** Bytes of the snapshot's key-strings section (0 without keys), and whether the delta chain restarted for it. */
  readonly keysBytes: number;
  readonly deltaChainRestarted: boolean;
  readonly verify: VerifyReport | null;
  readonly timings: Record<string, number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export { firstSeenFrom, loadPreviousTable, publishedVersionIn } from './published';

type Lap = (name: string, since: number) => number;

/** Publication steps: refusals, delta, signed manifest, self-verify, write. Each step returns a typed refusal. */
export async function publishList(o: PublishOptions): Promise<Result<PublishSummary, PublishErrorCode>> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap: Lap = (name, since) => {
    const now = performance.now();
    timings[name] = Math.round(now - since);
    return now;
  };
  const { build, state } = o;
  const listId = build.listId;

  const pre = checkPreconditions(o);
  if (!pre.ok) return pre;
  const { last, version, lifetimeMs } = pre.value;

  // ---- compute ----
  const snapshotCap = Math.min(SNAPSHOT_MAX_BYTES, o.limits?.snapshotMaxBytes ?? Infinity);
  const deltaCap = Math.min(DELTA_MAX_BYTES, o.limits?.deltaMaxBytes ?? Infinity);
  let t = performance.now();
  const previous = last && !o.previousTable ? await loadPreviousTable(state, o.stateDir) : ok(o.previousTable ?? null);
  if (!previous.ok) return previous;
  const prev = previous.value;
  t = lap('loadPrevious', t);
  // Key strings travel with the list (snapshot/delta format 2): extensions compile their blocking rules from them.
  const table = await buildTable(build.entries, { listId, version }, { keys: true });
  t = lap('buildTable', t);
  const snapBytes = encodeSnapshot(table);
  t = lap('encodeSnapshot', t);
  if (snapBytes.length > snapshotCap) {
    return fail('TOO_LARGE', `snapshot is ${formatBytes(snapBytes.length)}, client cap is ${formatBytes(snapshotCap)}`);
  }
  const files = new Map<string, Uint8Array>(); // new files (relative path → bytes)
  const snapRef = { path: snapshotPath(listId, version), length: snapBytes.length, sha256: await sha256Hex(snapBytes) };
  files.set(snapRef.path, snapBytes);

  // A previous version without key strings (published before format 2) cannot be the base of a delta that must
  // produce them: clients at that version take the snapshot once, and the delta chain starts again from here.
  const keysFromScratch = prev !== null && prev.keysSha256 === null && table.keysSha256 !== null;
  let step: Omit<DeltaStep, 't'> = { chain: [], newDelta: null, deltaBytes: null };
  if (prev && last && o.keepDeltas > 0 && !keysFromScratch) {
    const d = await makeDelta({ prev, table, last, version, listId, state, keepDeltas: o.keepDeltas, deltaCap, files }, lap, t);
    if (!d.ok) return d;
    step = d.value;
    t = d.value.t;
  }
  const { chain, newDelta, deltaBytes } = step;

  const issued = new Date(o.now).toISOString();
  const expires = new Date(o.now + lifetimeMs).toISOString();
  const manifest = manifestFor(o, table, { version, issued, expires, snapshot: snapRef, deltas: chain });
  const signed = await signAndOpen(o, manifest);
  if (!signed.ok) return signed;
  const envelope = signed.value;
  t = lap('sign', t);

  // ---- verify exactly as a client would, before writing ----
  let report: VerifyReport | null = null;
  if (o.selfVerify !== false) {
    report = await selfVerify(o, envelope, files, prev);
    t = lap('selfVerify', t);
    if (!report.ok) {
      return fail('SELF_VERIFY_FAILED', report.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
    }
  }

  // ---- write: state first, then the output folder, manifest last ----
  const outFiles = writePublication(o, { record: publishedRecord(manifest, table, issued, expires), chain, files, envelope });
  lap('write', t);
  timings['total'] = Math.round(performance.now() - t0);

  return ok({
    manifest,
    files: outFiles,
    snapshotBytes: snapBytes.length,
    deltaBytes,
    delta: newDelta,
    keysBytes: snapBytes.length - headerlessLength(snapBytes),
    deltaChainRestarted: keysFromScratch,
    verify: report,
    timings,
  });
}

/** The refusals that need no computation: guard, list id, version order, base version, output folder, expiry. */
function checkPreconditions(
  o: PublishOptions,
): Result<{ last: PublishedVersion | null; version: number; lifetimeMs: number }, PublishErrorCode> {
  const { build, state } = o;
  const listId = build.listId;
  if (!build.report.guard.ok) {
    return fail('GUARD_FAILED', `the false-positive guard failed:\n  ${build.report.guard.failures.join('\n  ')}`);
  }
  if (state.listId !== listId) return fail('WRONG_LIST', `state is for "${state.listId}", build is "${listId}"`);
  const last = latestPublished(state);
  const version = o.version ?? (last ? last.version + 1 : 1);
  if (!Number.isSafeInteger(version) || version < 1) return fail('VERSION_NOT_INCREASING', `bad version ${version}`);
  if (last && version <= last.version) {
    return fail('VERSION_NOT_INCREASING', `version ${version} does not increase (last published: ${last.version})`);
  }
  if (o.baseVersion !== undefined && o.baseVersion !== (last?.version ?? 0)) {
    return fail('BAD_DELTA_BASE', `--base ${o.baseVersion} is not the previous published version (${last?.version ?? 'none'})`);
  }
  const outVersion = publishedVersionIn(o.outDir);
  if (outVersion !== null && outVersion !== (last?.version ?? null)) {
    return fail(
      'BAD_DELTA_BASE',
      `${o.outDir} holds version ${outVersion === -1 ? '(unreadable)' : outVersion}, but the state's last published is ` +
        `${last?.version ?? 'none'}; publish from the matching state folder`,
    );
  }
  const lifetimeMs = o.expiresInDays * DAY_MS;
  if (!(lifetimeMs > 0) || lifetimeMs > MANIFEST_MAX_LIFETIME_MS) {
    return fail('TOO_FAR_EXPIRY', `expires in ${o.expiresInDays} days; clients accept at most ${MANIFEST_MAX_LIFETIME_MS / DAY_MS}`);
  }
  return ok({ last: last ?? null, version, lifetimeMs });
}

interface DeltaStep {
  readonly chain: DeltaRef[];
  readonly newDelta: { added: number; removed: number } | null;
  readonly deltaBytes: number | null;
  /** performance.now() after the last lap. */
  readonly t: number;
}

/** Diffs against the previous table, adds the delta to `files`, and returns the contiguous chain ending at `version`. */
async function makeDelta(a: {
  prev: ListTable;
  table: ListTable;
  last: PublishedVersion;
  version: number;
  listId: string;
  state: PublisherState;
  keepDeltas: number;
  deltaCap: number;
  files: Map<string, Uint8Array>;
}, lap: Lap, since: number): Promise<Result<DeltaStep, PublishErrorCode>> {
  const { last, version } = a;
  const delta = diffTables(a.prev, a.table);
  let t = lap('diff', since);
  if (delta.fromVersion !== last.version || delta.fromSha256 !== last.stateSha256) {
    return fail('BAD_DELTA_BASE', `delta base v${delta.fromVersion} is not the previous published v${last.version}`);
  }
  const bytes = encodeDelta(delta);
  t = lap('encodeDelta', t);
  if (bytes.length > a.deltaCap) {
    return fail('TOO_LARGE', `delta ${last.version}→${version} is ${formatBytes(bytes.length)}, client cap is ${formatBytes(a.deltaCap)}`);
  }
  const ref: DeltaRef = {
    from: last.version,
    to: version,
    path: deltaPath(a.listId, last.version, version),
    length: bytes.length,
    sha256: await sha256Hex(bytes),
  };
  a.files.set(ref.path, bytes);
  // keep a contiguous chain ending at the new version
  const kept = a.state.deltas.filter((d) => d.to <= last.version);
  const contiguous: DeltaRef[] = [];
  let at = last.version;
  for (const d of [...kept].sort((x, y) => y.to - x.to)) {
    if (d.to !== at) break;
    contiguous.unshift(d);
    at = d.from;
  }
  return ok({
    chain: [...contiguous, ref].slice(-a.keepDeltas),
    newDelta: { added: delta.add.length, removed: delta.remove.length },
    deltaBytes: bytes.length,
    t,
  });
}

/** The state's record of a published version, from its manifest. */
function publishedRecord(m: Manifest, table: ListTable, issued: string, expires: string): PublishedVersion {
  return {
    version: m.version,
    issued,
    expires,
    count: table.count,
    stateSha256: table.sha256,
    provenanceSha256: table.provenanceSha256,
    ...(table.keysSha256 !== null ? { keysSha256: table.keysSha256 } : {}),
    snapshot: m.snapshot,
  };
}

function manifestFor(
  o: PublishOptions,
  table: ListTable,
  m: Pick<Manifest, 'version' | 'issued' | 'expires' | 'snapshot' | 'deltas'>,
): Manifest {
  return {
    format: 1,
    listId: o.build.listId,
    version: m.version,
    count: table.count,
    issued: m.issued,
    expires: m.expires,
    snapshot: m.snapshot,
    deltas: m.deltas,
    stateSha256: table.sha256,
    provenanceSha256: table.provenanceSha256,
    ...(table.keysSha256 !== null ? { keysSha256: table.keysSha256 } : {}),
    minClientVersion: o.minClientVersion,
    ...(o.reportEndpoint !== undefined ? { reportEndpoint: o.reportEndpoint } : {}),
    ...(o.minWaitSeconds !== undefined ? { minWaitSeconds: o.minWaitSeconds } : {}),
  };
}

/** Signs the manifest and opens it with the pinned keyset, as a client would; returns the envelope bytes. */
async function signAndOpen(o: PublishOptions, manifest: Manifest): Promise<Result<Uint8Array, PublishErrorCode>> {
  const envelope = await signManifest(encodeManifest(manifest), o.signers, o.state.keysetChain);
  if (envelope.length > MANIFEST_MAX_BYTES) return fail('TOO_LARGE', `manifest is ${envelope.length} bytes`);
  const sig = await openSignedManifest(envelope, o.keyset, { now: o.now, listId: o.build.listId });
  if (!sig.ok) return fail(sig.reason === 'BAD_SCHEMA' ? 'SELF_VERIFY_FAILED' : 'SIGNING', `${sig.reason}: ${sig.message}`);
  return ok(envelope);
}

/** Runs `verify` over the in-memory publication (new files first, then the state folder). */
async function selfVerify(
  o: PublishOptions,
  envelope: Uint8Array,
  files: ReadonlyMap<string, Uint8Array>,
  prev: ListTable | null,
): Promise<VerifyReport> {
  const listId = o.build.listId;
  const read = async (p: string): Promise<Uint8Array | null> =>
    p === MANIFEST_FILE ? envelope : (files.get(p) ?? readStateFile(o.stateDir, p));
  const baseSnapshot = async (v: number): Promise<Uint8Array | null> => {
    if (prev && v === prev.version) return readStateFile(o.stateDir, snapshotPath(listId, v));
    const rec = o.state.published.find((pv) => pv.version === v);
    return rec ? readStateFile(o.stateDir, rec.snapshot.path) : null;
  };
  return verifyPublication(read, o.keyset, { now: o.now, listId, baseSnapshot });
}

/** Writes state first, then the output folder, manifest last; prunes what the new manifest no longer names. */
function writePublication(
  o: PublishOptions,
  w: { record: PublishedVersion; chain: DeltaRef[]; files: ReadonlyMap<string, Uint8Array>; envelope: Uint8Array },
): { path: string; bytes: number }[] {
  const { state } = o;
  const { record, chain, files, envelope } = w;
  const snapRef = record.snapshot;
  const keepVersions = new Set<number>([record.version, ...chain.map((d) => d.from)]);
  for (const [p, bytes] of files) writeFileAtomic(join(o.stateDir, p), bytes);
  const nextState: PublisherState = {
    ...state,
    published: [...state.published, record],
    deltas: chain,
  };
  saveState(o.stateDir, nextState);
  pruneFolder(o.stateDir, new Set([...state.published.filter((p) => keepVersions.has(p.version)).map((p) => p.snapshot.path), snapRef.path, ...chain.map((d) => d.path)]));

  const outFiles: { path: string; bytes: number }[] = [];
  for (const ref of [snapRef, ...chain]) {
    const bytes = files.get(ref.path) ?? readStateFile(o.stateDir, ref.path);
    if (!bytes) throw new Error(`internal: ${ref.path} vanished from the state folder`);
    writeFileAtomic(join(o.outDir, ref.path), bytes);
    outFiles.push({ path: ref.path, bytes: ref.length });
  }
  writeFileAtomic(join(o.outDir, MANIFEST_FILE), envelope);
  outFiles.unshift({ path: MANIFEST_FILE, bytes: envelope.length });
  pruneFolder(o.outDir, new Set([snapRef.path, ...chain.map((d) => d.path)]));
  return outFiles;
}

/** Snapshot length without its keys section (header field at 224, see core/lists/snapshot.ts). */
function headerlessLength(snapshot: Uint8Array): number {
  return snapshot.length - new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(224, true);
}

/** Removes files under snapshots/ and deltas/ that are not in `keep` (relative paths). */
function pruneFolder(dir: string, keep: ReadonlySet<string>): void {
  for (const sub of ['snapshots', 'deltas']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const rel = `${sub}/${name}`;
      if (!keep.has(rel) && !name.startsWith('.')) rmSync(join(d, name), { force: true });
    }
  }
}
