/**
 * Download → check → decode/apply → verify, all in memory: the live table and the database are not touched here.
 *
 *   deltas:   for each step of planUpdate's chain: fetch under its length (cap DELTA_MAX_BYTES) → checkArtifact →
 *             decodeDelta → same list, from/to as announced, base version matches → applyDelta (verifies the base
 *             and result hashes) → next. Any failure on this path (including a final state-hash mismatch) falls
 *             back to the snapshot, which is verified on its own.
 *   snapshot: fetch under its length (cap SNAPSHOT_MAX_BYTES) → checkArtifact → decodeSnapshot.
 *   both:     the resulting table must be the manifest's list, version, count, stateSha256 (and provenanceSha256
 *             and keysSha256 when the manifest names them), else STATE_MISMATCH.
 * List formats (core/lists/table.ts): the manifest names the list format of its state and of each delta (absent:
 * 2). A delta must be the format the manifest says; a delta of the other format than the base applies to the base
 * converted (a stored format-2 list migrates on its first format-3 delta), and the converted base must still have
 * the delta's base hashes, else WRONG_BASE → the snapshot. The result must be the manifest's list format.
 * Slices: the engine's rebuild and the re-encode yield to the event loop between slices (yieldToEventLoop), so no
 * step of a delta update blocks the worker for long; the live table is not touched until the caller swaps it in.
 * Memory: in a chain of three or more deltas each intermediate result is recycled (BufferPool) once the next step is
 * built, so step k + 2 reuses step k's buffers. The live table is not recycled after the swap: rule compiles and
 * other readers may still hold it across awaits (they would get RecycledTableError).
 * Key strings: a delta chain keeps them only from a base that has them, so when the manifest names a keys hash and
 * the installed table has no key strings (the bundled list, a list from before format 2) the deltas are skipped
 * and the snapshot is taken: from then on the list carries its keys, and they are stored with the table.
 */
import {
  applyDelta,
  BufferPool,
  decodeDelta,
  decodeSnapshot,
  encodeSnapshotSliced,
  hasKeys,
  keyCount,
  type ListTable,
} from '../../core/lists';
import {
  DELTA_MAX_BYTES,
  SNAPSHOT_MAX_BYTES,
  checkArtifact,
  planUpdate,
  type ArtifactRef,
  type DeltaRef,
  type Manifest,
  manifestListFormat,
} from '../../core/lists/manifest';
import { fail, ok, type Result } from '../../core/types';
import { describeError } from './errors';
import type { KeyChanges, SyncError, SyncErrorCode, SyncProgress } from './types';

export type ArtifactFetcher = (ref: ArtifactRef, cap: number) => Promise<Result<Uint8Array, SyncErrorCode>>;

export interface ApplyInput {
  readonly manifest: Manifest;
  /** The installed version (null: nothing installed). */
  readonly currentVersion: number | null;
  /** The installed table at currentVersion (for deltas), or null when it cannot be had. */
  readonly loadBase: () => Promise<ListTable | null>;
  readonly fetchArtifact: ArtifactFetcher;
  readonly progress: (p: Omit<SyncProgress, 'listId'>) => void;
}

export interface Applied {
  readonly table: ListTable;
  /** Snapshot bytes of `table` to persist. */
  readonly snapshot: Uint8Array;
  readonly via: 'deltas' | 'snapshot';
  readonly deltaFallback?: SyncError;
  /** Via deltas that all carried key strings: the net key changes from the base table (for incremental rule updates). */
  readonly keyChanges?: KeyChanges;
}

/** Lets queued events (messages, navigations) run between the long synchronous steps of an update. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function downloadAndApply(input: ApplyInput): Promise<Result<Applied, SyncErrorCode>> {
  const { manifest } = input;
  const plan = planUpdate(manifest, input.currentVersion);
  let deltaFallback: SyncError | undefined;
  if (plan.kind === 'deltas') {
    const viaDeltas = await applyChain(input, plan.steps, plan.bytes);
    if (viaDeltas.ok) return viaDeltas;
    deltaFallback = { code: viaDeltas.reason, message: viaDeltas.message };
  }
  const viaSnapshot = await loadSnapshot(input);
  if (!viaSnapshot.ok) {
    return deltaFallback
      ? fail(viaSnapshot.reason, `${viaSnapshot.message}; the delta failed before it: ${deltaFallback.code} ${deltaFallback.message}`)
      : viaSnapshot;
  }
  return ok(deltaFallback ? { ...viaSnapshot.value, deltaFallback } : viaSnapshot.value);
}

async function applyChain(
  input: ApplyInput,
  steps: readonly DeltaRef[],
  totalBytes: number,
): Promise<Result<Applied, SyncErrorCode>> {
  const { manifest } = input;
  input.progress({ stage: 'download', via: 'deltas', totalBytes });
  const installed = await input.loadBase();
  if (!installed) return fail('WRONG_BASE', `the installed v${input.currentVersion ?? '?'} table is not available`);
  let table: ListTable = installed;
  if (manifest.keysSha256 !== undefined && !hasKeys(table)) {
    return fail('WRONG_BASE', `the installed v${table.version} has no key strings; the snapshot brings them`);
  }
  const from = { version: table.version, keysSha256: table.keysSha256 };
  // key → true: added since the base, false: removed since it (an add then a remove cancels out, and vice versa).
  const net = new Map<string, boolean>();
  let keyed = from.keysSha256 !== null;
  // Steps 3+ of a chain are written into the memory of the result two steps before (core/lists/pool.ts): an
  // intermediate table is local to this loop, read by nothing once the next step is built, so it is recycled then.
  // The installed table is never recycled (it is live, or its bytes are the stored row's).
  const pool = steps.length > 2 ? new BufferPool() : undefined;
  for (const step of steps) {
    input.progress({ stage: 'download', via: 'deltas', totalBytes });
    const bytes = await input.fetchArtifact(step, DELTA_MAX_BYTES);
    if (!bytes.ok) return bytes;
    const checked = await checkArtifact(bytes.value, step, DELTA_MAX_BYTES);
    if (!checked.ok) return checked;
    input.progress({ stage: 'apply', via: 'deltas' });
    await yieldToEventLoop();
    const decoded = guard(() => decodeDelta(checked.value));
    if (!decoded.ok) return decoded;
    const delta = decoded.value;
    if (delta.listId !== manifest.listId) return fail('WRONG_LIST', `${step.path} is for list "${delta.listId}"`);
    if (delta.fromVersion !== step.from || delta.toVersion !== step.to) {
      return fail('CORRUPT', `${step.path} is v${delta.fromVersion}→v${delta.toVersion}, manifest says v${step.from}→v${step.to}`);
    }
    if ((delta.format ?? 2) !== (step.listFormat ?? 2)) {
      return fail('CORRUPT', `${step.path} is list format ${delta.format ?? 2}, the manifest says ${step.listFormat ?? 2}`);
    }
    if (table.version !== delta.fromVersion) {
      return fail('WRONG_BASE', `${step.path} applies to v${delta.fromVersion}, the table is v${table.version}`);
    }
    await yieldToEventLoop();
    const base: ListTable = table;
    const applied = await guardAsync(() => applyDelta(base, delta, { yieldBetweenSlices: yieldToEventLoop, ...(pool ? { pool } : {}) }));
    if (!applied.ok) return applied;
    table = applied.value;
    if (pool && base !== installed) pool.recycle(base);
    if (!delta.keys) keyed = false;
    else if (keyed) {
      for (const k of delta.keys.remove) if (net.get(k) === true) net.delete(k); else net.set(k, false);
      for (const k of delta.keys.add) if (net.get(k) === false) net.delete(k); else net.set(k, true);
    }
  }
  const final = verifyResult(table, manifest);
  if (!final.ok) return final;
  await yieldToEventLoop();
  const result: ListTable = table;
  const snapshot = await guardAsync(async () => ok(await encodeSnapshotSliced(result, yieldToEventLoop)));
  if (!snapshot.ok) return snapshot;
  if (!keyed || from.keysSha256 === null) return ok({ table, snapshot: snapshot.value, via: 'deltas' });
  const keyChanges: KeyChanges = { fromVersion: from.version, fromKeysSha256: from.keysSha256, add: [], remove: [] };
  for (const [k, added] of net) (added ? keyChanges.add : keyChanges.remove).push(k);
  return ok({ table, snapshot: snapshot.value, via: 'deltas', keyChanges });
}

async function loadSnapshot(input: ApplyInput): Promise<Result<Applied, SyncErrorCode>> {
  const { manifest } = input;
  input.progress({ stage: 'download', via: 'snapshot', totalBytes: manifest.snapshot.length });
  const bytes = await input.fetchArtifact(manifest.snapshot, SNAPSHOT_MAX_BYTES);
  if (!bytes.ok) return bytes;
  const checked = await checkArtifact(bytes.value, manifest.snapshot, SNAPSHOT_MAX_BYTES);
  if (!checked.ok) return checked;
  input.progress({ stage: 'apply', via: 'snapshot' });
  await yieldToEventLoop();
  const decoded = await guardAsync(() => decodeSnapshot(checked.value));
  if (!decoded.ok) return decoded;
  const final = verifyResult(decoded.value, manifest);
  if (!final.ok) return final;
  return ok({ table: decoded.value, snapshot: checked.value, via: 'snapshot' });
}

/** The table must be exactly the state the signed manifest describes. */
export function verifyResult(table: ListTable, m: Manifest): Result<ListTable, SyncErrorCode> {
  const problems: string[] = [];
  if (table.listId !== m.listId) problems.push(`list "${table.listId}" ≠ "${m.listId}"`);
  if (table.version !== m.version) problems.push(`version ${table.version} ≠ ${m.version}`);
  if (table.count !== m.count) problems.push(`${table.count} entries ≠ ${m.count}`);
  if (table.format !== manifestListFormat(m)) problems.push(`list format ${table.format} ≠ ${manifestListFormat(m)}`);
  if (table.sha256 !== m.stateSha256) problems.push(`state sha256 ${table.sha256.slice(0, 12)}… ≠ ${m.stateSha256.slice(0, 12)}…`);
  if (m.provenanceSha256 !== undefined && table.provenanceSha256 !== m.provenanceSha256) {
    problems.push('provenance hash differs');
  }
  if (m.keysSha256 !== undefined && table.keysSha256 !== m.keysSha256) {
    problems.push(table.keysSha256 === null ? 'no key strings' : 'key strings hash differs');
  }
  const keys = keyCount(table);
  if (keys !== null && keys !== table.count) problems.push(`${keys} key strings for ${table.count} entries`);
  return problems.length === 0 ? ok(table) : fail('STATE_MISMATCH', problems.join('; '));
}

type EngineResult<T> = Result<T, string>;

function mapCode(reason: string): SyncErrorCode {
  const known: readonly SyncErrorCode[] = [
    'BAD_MAGIC',
    'BAD_FORMAT_VERSION',
    'BAD_LENGTH',
    'CHECKSUM_MISMATCH',
    'WRONG_BASE',
    'RESULT_MISMATCH',
    'WRONG_LIST',
    'CORRUPT',
  ];
  return (known as readonly string[]).includes(reason) ? (reason as SyncErrorCode) : 'CORRUPT';
}

/** Runs a list-engine call; a thrown error or an unknown reason becomes CORRUPT (hostile input must not escape). */
function guard<T>(fn: () => EngineResult<T>): Result<T, SyncErrorCode> {
  try {
    const r = fn();
    return r.ok ? r : fail(mapCode(r.reason), r.message);
  } catch (err: unknown) {
    return fail('CORRUPT', describeError(err));
  }
}

async function guardAsync<T>(fn: () => Promise<EngineResult<T>>): Promise<Result<T, SyncErrorCode>> {
  try {
    const r = await fn();
    return r.ok ? r : fail(mapCode(r.reason), r.message);
  } catch (err: unknown) {
    return fail('CORRUPT', describeError(err));
  }
}
