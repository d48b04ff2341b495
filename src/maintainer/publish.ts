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
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildTable,
  toListFormat,
  decodeSnapshot,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  provenanceOf,
  type ListTable,
} from '../core/lists/index';
import type { Keyset } from '../core/lists/keyset';
import {
  DELTA_MAX_BYTES,
  MANIFEST_MAX_BYTES,
  MANIFEST_MAX_LIFETIME_MS,
  MODEL_MAX_BYTES,
  manifestEnvelopeSchema,
  SNAPSHOT_MAX_BYTES,
  encodeManifest,
  openSignedManifest,
  signManifest,
  type DeltaRef,
  type Manifest,
  type ModelRef,
} from '../core/lists/manifest';
import { base64ToBytes, sha256Hex, type Signer } from '../core/lists/signature';
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
import { MANIFEST_FILE, verifyPublication, type VerifyReport } from './verify';
import { openModelArtifact } from '../core/classify/model-artifact';
import { parseModel } from '../core/classify/model';

export type PublishErrorCode =
  | 'GUARD_FAILED'
  | 'WRONG_LIST'
  | 'VERSION_NOT_INCREASING'
  | 'BAD_DELTA_BASE'
  | 'TOO_FAR_EXPIRY'
  | 'TOO_LARGE'
  | 'SIGNING'
  | 'SELF_VERIFY_FAILED'
  | 'BAD_MODEL';

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
  /** A classifier model file (format 4, `npm run train`) to ship with this version: written to
   *  models/model-<release>.json and named in the signed manifest; checked exactly as the extension will. */
  readonly model?: { readonly bytes: Uint8Array; readonly minExtensionVersion: string };
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

/** Decodes the last published snapshot from the state and checks it is what was published. */
export async function loadPreviousTable(
  state: PublisherState,
  stateDir: string,
): Promise<Result<ListTable | null, 'BAD_DELTA_BASE'>> {
  const last = latestPublished(state);
  if (!last) return ok(null);
  const bytes = readStateFile(stateDir, last.snapshot.path);
  if (!bytes) return fail('BAD_DELTA_BASE', `previous snapshot ${last.snapshot.path} is missing from ${stateDir}`);
  if ((await sha256Hex(bytes)) !== last.snapshot.sha256) {
    return fail('BAD_DELTA_BASE', `previous snapshot ${last.snapshot.path} does not hash to what v${last.version} published`);
  }
  const dec = await decodeSnapshot(bytes);
  if (!dec.ok) return fail('BAD_DELTA_BASE', `previous snapshot: ${dec.message}`);
  if (dec.value.sha256 !== last.stateSha256 || dec.value.version !== last.version) {
    return fail('BAD_DELTA_BASE', `previous snapshot is not the published v${last.version} state`);
  }
  return ok(dec.value);
}

/** firstSeen lookup into the previous table, for build(). */
export function firstSeenFrom(table: ListTable | null): ((key: string) => string | undefined) | undefined {
  if (!table) return undefined;
  return (key) => provenanceOf(table, key)?.firstSeen;
}

/** Version of the manifest currently in `outDir` (unverified; it is our own folder), or null. */
export function publishedVersionIn(outDir: string): number | null {
  const file = join(outDir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const env = manifestEnvelopeSchema().parse(JSON.parse(readFileSync(file, 'utf8')));
    const payload = base64ToBytes(env.payload);
    const m: unknown = payload ? JSON.parse(new TextDecoder().decode(payload)) : null;
    const v = typeof m === 'object' && m !== null ? (m as Record<string, unknown>)['version'] : undefined;
    return typeof v === 'number' ? v : -1;
  } catch {
    return -1;
  }
}

/**
 * Long (over ~80 lines) and kept whole for now: refusals, snapshot, delta chain, the optional model artefact, the
 * signed manifest, self-verification and the atomic write are one ordered transaction over shared locals. A split into
 * named steps exists (branch fnsize) but predates the model artefact step; redo it on this version.
 */
export async function publishList(o: PublishOptions): Promise<Result<PublishSummary, PublishErrorCode>> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const now = performance.now();
    timings[name] = Math.round(now - since);
    return now;
  };
  const { build, state } = o;
  const listId = build.listId;

  // ---- refusals that need no computation ----
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

  // ---- compute ----
  const snapshotCap = Math.min(SNAPSHOT_MAX_BYTES, o.limits?.snapshotMaxBytes ?? Infinity);
  const deltaCap = Math.min(DELTA_MAX_BYTES, o.limits?.deltaMaxBytes ?? Infinity);
  let t = performance.now();
  let prev: ListTable | null = o.previousTable ?? null;
  if (last && !prev) {
    const p = await loadPreviousTable(state, o.stateDir);
    if (!p.ok) return p;
    prev = p.value;
  }
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

  let chain: DeltaRef[] = [];
  let newDelta: { added: number; removed: number } | null = null;
  let deltaBytes: number | null = null;
  // A previous version without key strings (published before format 2) cannot be the base of a delta that must
  // produce them: clients at that version take the snapshot once, and the delta chain starts again from here.
  const keysFromScratch = prev !== null && prev.keysSha256 === null && table.keysSha256 !== null;
  if (prev && last && o.keepDeltas > 0 && !keysFromScratch) {
    if (prev.version !== last.version || prev.sha256 !== last.stateSha256) {
      return fail('BAD_DELTA_BASE', `delta base v${prev.version} is not the previous published v${last.version}`);
    }
    // A previous state of list format 2 is converted: the delta's base is its format-3 form, which a client holding
    // the format-2 state computes the same way before applying (applyDelta), so no client needs the snapshot.
    const base = await toListFormat(prev, table.format);
    if (!base.ok) return fail('BAD_DELTA_BASE', `previous v${last.version} cannot be converted: ${base.message}`);
    const delta = diffTables(base.value, table);
    t = lap('diff', t);
    const bytes = encodeDelta(delta);
    t = lap('encodeDelta', t);
    if (bytes.length > deltaCap) {
      return fail('TOO_LARGE', `delta ${last.version}→${version} is ${formatBytes(bytes.length)}, client cap is ${formatBytes(deltaCap)}`);
    }
    const ref: DeltaRef = {
      from: last.version,
      to: version,
      listFormat: table.format,
      path: deltaPath(listId, last.version, version),
      length: bytes.length,
      sha256: await sha256Hex(bytes),
    };
    files.set(ref.path, bytes);
    // keep a contiguous chain ending at the new version
    const kept = state.deltas.filter((d) => d.to <= last.version);
    const contiguous: DeltaRef[] = [];
    let at = last.version;
    for (const d of [...kept].sort((a, b) => b.to - a.to)) {
      if (d.to !== at) break;
      contiguous.unshift(d);
      at = d.from;
    }
    chain = [...contiguous, ref].slice(-o.keepDeltas);
    newDelta = { added: delta.add.length, removed: delta.remove.length };
    deltaBytes = bytes.length;
  }

  let modelRef: ModelRef | undefined;
  if (o.model) {
    let parsed;
    try {
      parsed = parseModel(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(o.model.bytes)));
    } catch (err: unknown) {
      return fail('BAD_MODEL', `model file is not UTF-8 JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!parsed.ok) return fail('BAD_MODEL', `model file does not validate: ${parsed.message}`);
    if (o.model.bytes.length > MODEL_MAX_BYTES) return fail('TOO_LARGE', `model is ${formatBytes(o.model.bytes.length)}, client cap is ${formatBytes(MODEL_MAX_BYTES)}`);
    const m = parsed.value;
    modelRef = {
      path: `models/model-${m.release}.json`,
      length: o.model.bytes.length,
      sha256: await sha256Hex(o.model.bytes),
      version: m.version,
      release: m.release,
      formatVersion: m.formatVersion,
      minExtensionVersion: o.model.minExtensionVersion,
    };
    const check = await openModelArtifact(o.model.bytes, modelRef);
    if (!check.ok) return fail('BAD_MODEL', `${check.reason}: ${check.message}`);
  }

  const issued = new Date(o.now).toISOString();
  const expires = new Date(o.now + lifetimeMs).toISOString();
  const manifest: Manifest = {
    format: 1,
    listId,
    version,
    count: table.count,
    issued,
    expires,
    snapshot: snapRef,
    deltas: chain,
    stateSha256: table.sha256,
    provenanceSha256: table.provenanceSha256,
    ...(table.keysSha256 !== null ? { keysSha256: table.keysSha256 } : {}),
    listFormat: table.format,
    minClientVersion: o.minClientVersion,
    ...(o.reportEndpoint !== undefined ? { reportEndpoint: o.reportEndpoint } : {}),
    ...(o.minWaitSeconds !== undefined ? { minWaitSeconds: o.minWaitSeconds } : {}),
    ...(modelRef ? { model: modelRef } : {}),
  };
  const manifestBytes = encodeManifest(manifest);
  const envelope = await signManifest(manifestBytes, o.signers, state.keysetChain);
  if (envelope.length > MANIFEST_MAX_BYTES) return fail('TOO_LARGE', `manifest is ${envelope.length} bytes`);
  const sig = await openSignedManifest(envelope, o.keyset, { now: o.now, listId });
  if (!sig.ok) return fail(sig.reason === 'BAD_SCHEMA' ? 'SELF_VERIFY_FAILED' : 'SIGNING', `${sig.reason}: ${sig.message}`);
  t = lap('sign', t);

  // ---- verify exactly as a client would, before writing ----
  let report: VerifyReport | null = null;
  if (o.selfVerify !== false) {
    const read = async (p: string): Promise<Uint8Array | null> =>
      p === MANIFEST_FILE ? envelope : (files.get(p) ?? readStateFile(o.stateDir, p));
    const baseSnapshot = async (v: number): Promise<Uint8Array | null> => {
      if (prev && v === prev.version) return readStateFile(o.stateDir, snapshotPath(listId, v));
      const rec = state.published.find((pv) => pv.version === v);
      return rec ? readStateFile(o.stateDir, rec.snapshot.path) : null;
    };
    report = await verifyPublication(read, o.keyset, { now: o.now, listId, baseSnapshot });
    t = lap('selfVerify', t);
    if (!report.ok) {
      return fail('SELF_VERIFY_FAILED', report.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
    }
  }

  // ---- write: state first, then the output folder, manifest last ----
  const record: PublishedVersion = {
    version,
    issued,
    expires,
    count: table.count,
    stateSha256: table.sha256,
    provenanceSha256: table.provenanceSha256,
    ...(table.keysSha256 !== null ? { keysSha256: table.keysSha256 } : {}),
    listFormat: table.format,
    snapshot: snapRef,
  };
  const keepVersions = new Set<number>([version, ...chain.map((d) => d.from)]);
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
  if (modelRef && o.model) {
    writeFileAtomic(join(o.outDir, modelRef.path), o.model.bytes);
    outFiles.push({ path: modelRef.path, bytes: modelRef.length });
  }
  writeFileAtomic(join(o.outDir, MANIFEST_FILE), envelope);
  outFiles.unshift({ path: MANIFEST_FILE, bytes: envelope.length });
  pruneFolder(o.outDir, new Set([snapRef.path, ...chain.map((d) => d.path), ...(modelRef ? [modelRef.path] : [])]));
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

/** Snapshot length without its keys section (header field at 224, see core/lists/snapshot.ts). */
function headerlessLength(snapshot: Uint8Array): number {
  return snapshot.length - new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(224, true);
}

/** Removes files under snapshots/ and deltas/ that are not in `keep` (relative paths). */
function pruneFolder(dir: string, keep: ReadonlySet<string>): void {
  for (const sub of ['snapshots', 'deltas', 'models']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const rel = `${sub}/${name}`;
      if (!keep.has(rel) && !name.startsWith('.')) rmSync(join(d, name), { force: true });
    }
  }
}
