/**
 * `verify`: checks a published folder the way the extension does, with the same pure functions
 * (openSignedManifest → checkArtifact → decodeSnapshot / decodeDelta → applyDelta → compare with stateSha256).
 *
 * Reads go through a `reader` (path relative to the folder → bytes or null), so `publish` runs this very check on
 * the in-memory result before writing anything, and tests can feed doctored folders.
 *
 * Delta chain: each delta is applied to the table of its `from` version — either produced by an earlier delta of
 * this manifest or loaded via `baseSnapshot(version)` (the publisher's state folder keeps old snapshots) — and every
 * table that reaches `manifest.version` must hash to `stateSha256`. Without a base for a delta's `from`, the delta
 * is still checked for length, hash, decoding, list id, versions and hash continuity with its neighbours.
 */
import { applyDelta, decodeDelta, decodeSnapshot, listKeys, toListFormat, type Delta, type ListTable } from '../core/lists/index';
import type { Keyset } from '../core/lists/keyset';
import {
  DELTA_MAX_BYTES,
  SNAPSHOT_MAX_BYTES,
  checkArtifact,
  openSignedManifest,
  planUpdate,
  type DeltaRef,
  type Manifest,
  type ManifestCheckOptions,
} from '../core/lists/manifest';

export const MANIFEST_FILE = 'manifest.json';

export type Reader = (path: string) => Promise<Uint8Array | null>;

export interface VerifyIssue {
  readonly code: string;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly errors: VerifyIssue[];
  readonly warnings: VerifyIssue[];
  /** Human-readable lines of what was checked. */
  readonly checked: string[];
  readonly manifest?: Manifest;
  /** The decoded snapshot table (when it verified). */
  readonly table?: ListTable;
  readonly deltasApplied: number;
}

export interface VerifyOptions extends ManifestCheckOptions {
  /** Snapshot bytes of an older version (publisher state), to apply the delta chain from. */
  readonly baseSnapshot?: (version: number) => Promise<Uint8Array | null>;
}

/** Steps: open the signed manifest, then check the snapshot, decode the deltas, check their chain, apply them. */
export async function verifyPublication(read: Reader, pinned: Keyset, opts: VerifyOptions): Promise<VerifyReport> {
  const log: VerifyLog = { errors: [], warnings: [], checked: [] };
  const { errors, warnings, checked } = log;
  let deltasApplied = 0;
  const done = (extra: { manifest?: Manifest; table?: ListTable } = {}): VerifyReport => ({
    ok: errors.length === 0,
    errors,
    warnings,
    checked,
    deltasApplied,
    ...extra,
  });

  const manifestBytes = await read(MANIFEST_FILE);
  if (!manifestBytes) {
    errors.push({ code: 'MISSING', message: `${MANIFEST_FILE} not found` });
    return done();
  }
  const opened = await openSignedManifest(manifestBytes, pinned, opts);
  if (!opened.ok) {
    errors.push({ code: opened.reason, message: opened.message });
    return done();
  }
  const m = opened.value.manifest;
  checked.push(
    `manifest: list ${m.listId} v${m.version}, ${m.count} entries, signed by ${opened.value.signedBy.join(', ')}` +
      (opened.value.rotationsFollowed > 0 ? ` (after ${opened.value.rotationsFollowed} keyset rotation(s))` : ''),
  );

  const table = await checkSnapshot(read, m, log);
  // deltas: decode all, check continuity, then apply where a base exists
  const deltas = [...m.deltas].sort((a, b) => a.from - b.from || a.to - b.to);
  const decoded = await decodeDeltas(read, m, deltas, log);
  checkChain(m, deltas, decoded, log);
  deltasApplied = await applyDeltas(m, deltas, decoded, opts, log);
  return done({ manifest: m, ...(table ? { table } : {}) });
}

/** What a verification found so far; each step appends to it. */
interface VerifyLog {
  readonly errors: VerifyIssue[];
  readonly warnings: VerifyIssue[];
  readonly checked: string[];
}

/** Reads, hashes and decodes the snapshot, and checks it against the manifest and its key strings. */
async function checkSnapshot(read: Reader, m: Manifest, log: VerifyLog): Promise<ListTable | undefined> {
  const { errors, warnings, checked } = log;
  const snapBytes = await read(m.snapshot.path);
  if (!snapBytes) {
    errors.push({ code: 'MISSING', message: `${m.snapshot.path} not found` });
    return undefined;
  }
  const art = await checkArtifact(snapBytes, m.snapshot, SNAPSHOT_MAX_BYTES);
  if (!art.ok) {
    errors.push({ code: art.reason, message: art.message });
    return undefined;
  }
  const dec = await decodeSnapshot(snapBytes);
  if (!dec.ok) {
    errors.push({ code: dec.reason, message: `${m.snapshot.path}: ${dec.message}` });
    return undefined;
  }
  const table = dec.value;
  const problems = tableMismatch(table, m);
  for (const p of problems) errors.push({ code: 'STATE_MISMATCH', message: `${m.snapshot.path}: ${p}` });
  if (problems.length === 0) checked.push(`snapshot ${m.snapshot.path}: ${m.snapshot.length} bytes, sha256 and state hash ok`);
  const keys = listKeys(table);
  if (!keys.ok) errors.push({ code: keys.reason, message: `${m.snapshot.path}: ${keys.message}` });
  else if (keys.value === null) warnings.push({ code: 'NO_KEYS', message: `${m.snapshot.path} carries no key strings: extensions block its synced entries only after the page starts loading` });
  else checked.push(`keys: ${keys.value.length} key strings, one per entry`);
  return table;
}

/** Reads, hashes and decodes every delta the manifest names; keyed `from-to`. */
async function decodeDeltas(
  read: Reader,
  m: Manifest,
  deltas: readonly DeltaRef[],
  log: VerifyLog,
): Promise<Map<string, Delta>> {
  const { errors } = log;
  const decoded = new Map<string, Delta>();
  for (const ref of deltas) {
    const bytes = await read(ref.path);
    if (!bytes) {
      errors.push({ code: 'MISSING', message: `${ref.path} not found` });
      continue;
    }
    const art = await checkArtifact(bytes, ref, DELTA_MAX_BYTES);
    if (!art.ok) {
      errors.push({ code: art.reason, message: art.message });
      continue;
    }
    const d = decodeDelta(bytes);
    if (!d.ok) {
      errors.push({ code: d.reason, message: `${ref.path}: ${d.message}` });
      continue;
    }
    const delta = d.value;
    if (delta.listId !== m.listId || delta.fromVersion !== ref.from || delta.toVersion !== ref.to) {
      errors.push({
        code: 'DELTA_MISMATCH',
        message: `${ref.path}: delta says ${delta.listId} ${delta.fromVersion}→${delta.toVersion}, manifest says ${ref.from}→${ref.to}`,
      });
      continue;
    }
    if (ref.to === m.version && delta.toSha256 !== m.stateSha256) {
      errors.push({ code: 'STATE_MISMATCH', message: `${ref.path}: result hash ≠ manifest stateSha256` });
      continue;
    }
    decoded.set(`${ref.from}-${ref.to}`, delta);
  }
  return decoded;
}

/** Hash continuity between deltas, and a warning for each start version a client would not update by deltas. */
function checkChain(m: Manifest, deltas: readonly DeltaRef[], decoded: ReadonlyMap<string, Delta>, log: VerifyLog): void {
  const { errors, warnings } = log;
  // hash continuity: a delta starting where another ends must start from that one's result
  const resultAt = new Map<number, string>();
  for (const ref of deltas) {
    const d = decoded.get(`${ref.from}-${ref.to}`);
    if (!d) continue;
    const before = resultAt.get(ref.from);
    if (before !== undefined && before !== d.fromSha256) {
      errors.push({ code: 'BROKEN_CHAIN', message: `${ref.path}: base hash differs from the result of the delta into v${ref.from}` });
    }
    const prev = resultAt.get(ref.to);
    if (prev !== undefined && prev !== d.toSha256) {
      errors.push({ code: 'BROKEN_CHAIN', message: `two deltas into v${ref.to} disagree on its state hash` });
    }
    resultAt.set(ref.to, d.toSha256);
  }
  for (const from of new Set(deltas.map((d) => d.from))) {
    const plan = planUpdate(m, from);
    if (plan.kind !== 'deltas') {
      warnings.push({ code: 'DELTA_UNUSED', message: `a client at v${from} will download the snapshot (deltas missing or larger)` });
    }
  }
}

/** Applies each delta to its base (an earlier result or a publisher-state snapshot); returns how many applied. */
async function applyDeltas(
  m: Manifest,
  deltas: readonly DeltaRef[],
  decoded: ReadonlyMap<string, Delta>,
  opts: VerifyOptions,
  log: VerifyLog,
): Promise<number> {
  const { errors, warnings, checked } = log;
  let deltasApplied = 0;
  const tables = new Map<number, ListTable>();
  for (const ref of deltas) {
    const delta = decoded.get(`${ref.from}-${ref.to}`);
    if (!delta) continue;
    let base = tables.get(ref.from);
    if (!base && opts.baseSnapshot) {
      const bytes = await opts.baseSnapshot(ref.from);
      if (bytes) {
        const decoded = await decodeSnapshot(bytes);
        // a base of the other list format is compared (and applied to) in the delta's format, as a client does
        const dec = decoded.ok ? await toListFormat(decoded.value, delta.format ?? 2) : decoded;
        if (!dec.ok) warnings.push({ code: 'BASE_UNREADABLE', message: `base snapshot v${ref.from}: ${dec.message}` });
        else if (dec.value.sha256 !== delta.fromSha256) {
          errors.push({ code: 'WRONG_BASE', message: `${ref.path}: base hash ≠ the published v${ref.from} state` });
          continue;
        } else base = dec.value;
      }
    }
    if (!base) {
      warnings.push({ code: 'NOT_APPLIED', message: `${ref.path}: no v${ref.from} base available, checked by hashes only` });
      continue;
    }
    const applied = await applyDelta(base, delta);
    if (!applied.ok) {
      errors.push({ code: applied.reason, message: `${ref.path}: ${applied.message}` });
      continue;
    }
    deltasApplied++;
    tables.set(ref.to, applied.value);
    if (ref.to === m.version) {
      const problems = tableMismatch(applied.value, m);
      for (const p of problems) errors.push({ code: 'STATE_MISMATCH', message: `${ref.path} applied: ${p}` });
      if (problems.length === 0) checked.push(`delta ${ref.path}: ${ref.from}→${ref.to} applied, state hash ok`);
    } else {
      checked.push(`delta ${ref.path}: ${ref.from}→${ref.to} applied`);
    }
  }
  return deltasApplied;
}

function tableMismatch(t: ListTable, m: Manifest): string[] {
  const out: string[] = [];
  if (t.listId !== m.listId) out.push(`list id ${t.listId} ≠ ${m.listId}`);
  if (t.version !== m.version) out.push(`version ${t.version} ≠ ${m.version}`);
  if (t.sha256 !== m.stateSha256) out.push(`state hash ${t.sha256} ≠ manifest ${m.stateSha256}`);
  if (t.count !== m.count) out.push(`count ${t.count} ≠ manifest ${m.count}`);
  if (m.provenanceSha256 !== undefined && t.provenanceSha256 !== m.provenanceSha256) out.push('provenance hash ≠ manifest');
  if (m.keysSha256 !== undefined && t.keysSha256 !== m.keysSha256) {
    out.push(t.keysSha256 === null ? 'no key strings, the manifest names some' : 'keys hash ≠ manifest');
  }
  return out;
}

/** A reader over a folder on disk (paths are validated by the manifest schema; nothing outside `dir` is read). */
export function folderReader(dir: string, readFile: (p: string) => Promise<Uint8Array | null>): Reader {
  return async (path) => readFile(`${dir}/${path}`);
}
