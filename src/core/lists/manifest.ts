/**
 * The list manifest: what a publisher signs and a client trusts. Pure; the maintainer CLI writes it and the extension's
 * sync verifies it with the same functions (verifySignedManifest, checkArtifact, planUpdate).
 *
 * A published folder:
 *   manifest.json                        signed envelope (signature.ts) whose payload is the manifest JSON below
 *   snapshots/<listId>-<version>.snap    full snapshot (list engine's encodeSnapshot)
 *   deltas/<listId>-<from>-<to>.delta    delta links (encodeDelta), a contiguous chain ending at `version`
 *
 * Manifest payload (example):
 *   { "format": 1, "listId": "scamsentinel-main", "version": 42, "count": 270113,
 *     "issued": "2025-11-25T10:00:00.000Z", "expires": "2025-12-02T10:00:00.000Z",   // ISO-8601 or epoch ms
 *     "snapshot": { "path": "snapshots/scamsentinel-main-42.snap", "length": 2345678, "sha256": "…64 hex…" },
 *     "deltas": [ { "from": 40, "to": 41, "path": "deltas/scamsentinel-main-40-41.delta", "length": 812, "sha256": "…" },
 *                 { "from": 41, "to": 42, "path": "deltas/scamsentinel-main-41-42.delta", "length": 377, "sha256": "…" } ],
 *     "stateSha256": "…",            // the list engine's table hash (ListTable.sha256) of version 42
 *     "provenanceSha256": "…",       // optional: ListTable.provenanceSha256 of version 42
 *     "keysSha256": "…",             // optional: ListTable.keysSha256 of version 42
 *     "listFormat": 3,                // list format (table.ts) of the snapshot and of stateSha256; absent = 2
 *     (each delta may carry "listFormat" too: the list format of its base and result; absent = 2)
 *     "minClientVersion": "0.1.0", "reportEndpoint": "https://intake.example/v1/reports", "minWaitSeconds": 300,
 *     "model": { "path": "models/model-3.json", "length": 512345, "sha256": "…", "version": "3-1a2b3c4d5e6f",
 *                "release": 3, "formatVersion": 3, "minExtensionVersion": "0.1.0" } }     // optional
 *
 * Client order (issue 5): cap bytes → verify envelope (keyset chain, threshold) → parse schema → list id, rollback,
 * expiry → planUpdate → fetch each artifact under its `length` → checkArtifact → decode/apply → compare the resulting
 * table's sha256 with `stateSha256` → commit.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../zod';
import { fail, ok, type Result } from '../types';
import { KEYSET_CHAIN_MAX_LINKS, followKeysetChain, type Keyset, type KeysetErrorCode } from './keyset';
import { LIST_FORMATS } from './table';
import {
  ENVELOPE_FORMAT,
  SIGNING_CONTEXT,
  signatureEntrySchema,
  envelopePayload,
  sha256Hex,
  signPayload,
  verifyThreshold,
  type SignedEnvelope,
  type Signer,
} from './signature';

export const MANIFEST_FORMAT = 1;

// ---- client size caps (bytes), enforced by publish (refuses) and sync (aborts the read) ----
export const MANIFEST_MAX_BYTES = 256 * 1024;
export const SNAPSHOT_MAX_BYTES = 64 * 1024 * 1024;
export const DELTA_MAX_BYTES = 8 * 1024 * 1024;
/** A classifier model artefact (src/core/classify/model.ts, format 4; the bundled one is ~0.5 MiB). */
export const MODEL_MAX_BYTES = 4 * 1024 * 1024;

/** A manifest may not claim validity further ahead than this (a stolen-key replay window bound). */
export const MANIFEST_MAX_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Tolerated clock difference for `issued` in the future. */
export const MANIFEST_CLOCK_SKEW_MS = 10 * 60 * 1000;
export const MANIFEST_MAX_DELTAS = 64;
export const MIN_WAIT_SECONDS_MAX = 7 * 24 * 60 * 60;

export type ManifestErrorCode =
  | KeysetErrorCode
  | 'TOO_LARGE'
  | 'BAD_ENVELOPE'
  | 'BAD_SCHEMA'
  | 'WRONG_LIST'
  | 'ROLLBACK'
  | 'EXPIRED'
  | 'TOO_FAR_EXPIRY'
  | 'NOT_YET_VALID'
  | 'CLIENT_TOO_OLD';

const sha256HexSchema = lazySchema(() => z.string().check(z.regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256')));
/** Relative path below the manifest's folder: no scheme, no leading '/', no '..' or '.' segments, no '\'. */
const artifactPathSchema = lazySchema(() =>
  z
    .string()
    .check(
      z.maxLength(200),
      z.regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/, 'relative path without "." or ".." segments'),
      z.refine((p) => !p.split('/').some((seg) => seg === '.' || seg === '..'), 'no dot segments'),
    ),
);
const timeSchema = lazySchema(() => z.union([z.iso.datetime({ offset: true }), z.int().check(z.gte(0), z.lte(8.64e15))]));
const versionSchema = lazySchema(() => z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)));

/* Every schema is built on its first use (src/core/zod.ts, src/core/lazy.ts): the service worker loads this module at
 * every wake and parses a manifest only when it syncs. */
export const artifactRefSchema = lazySchema(() =>
  z.object({
    path: artifactPathSchema(),
    length: z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
    sha256: sha256HexSchema(),
  }),
);
export type ArtifactRef = z.infer<ReturnType<typeof artifactRefSchema>>;

/** A list format number as a manifest names it: any small integer parses, so a newer one is refused in words. */
const listFormatSchema = lazySchema(() => z.int().check(z.gte(1), z.lte(255)));

export const deltaRefSchema = lazySchema(() =>
  z.extend(artifactRefSchema(), {
    from: versionSchema(),
    to: versionSchema(),
    /** List format of the delta's base and result (absent: 2). */
    listFormat: z.optional(listFormatSchema()),
  }),
);
export type DeltaRef = z.infer<ReturnType<typeof deltaRefSchema>>;

/** A retrained classifier model travelling with the list (issue 13): the file, what it must say about itself, and
 *  the oldest extension that reads it. The client checks it with src/core/classify/model-artifact.ts. */
export const modelRefSchema = lazySchema(() =>
  z
    .extend(artifactRefSchema(), {
      /** The model file's `version` (digest of its weights) and `release` (goes up with every shipped model). */
      version: z.string().check(z.minLength(1), z.maxLength(40)),
      release: z.int().check(z.gte(1), z.lte(1_000_000_000)),
      /** The model file's formatVersion. */
      formatVersion: z.int().check(z.gte(1), z.lte(1000)),
      minExtensionVersion: z.string().check(z.regex(/^\d{1,5}(\.\d{1,5}){0,3}$/)),
    })
    .check(z.refine((a) => a.length <= MODEL_MAX_BYTES, 'model exceeds MODEL_MAX_BYTES')),
);
export type ModelRef = z.infer<ReturnType<typeof modelRefSchema>>;

export const manifestSchema = lazySchema(() =>
  z
    .object({
      format: z.literal(MANIFEST_FORMAT),
      listId: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)),
      version: versionSchema(),
      count: z.int().check(z.gte(0)),
      issued: timeSchema(),
      expires: timeSchema(),
      snapshot: artifactRefSchema().check(z.refine((a) => a.length <= SNAPSHOT_MAX_BYTES, 'snapshot exceeds SNAPSHOT_MAX_BYTES')),
      deltas: z
        .array(deltaRefSchema().check(z.refine((d) => d.length <= DELTA_MAX_BYTES, 'delta exceeds DELTA_MAX_BYTES')))
        .check(z.maxLength(MANIFEST_MAX_DELTAS)),
      stateSha256: sha256HexSchema(),
      /** The list engine's provenance-section hash of the resulting state (optional; checked when present). */
      provenanceSha256: z.optional(sha256HexSchema()),
      /** SHA-256 of the resulting state's key-strings section (optional; when present the client's table must carry exactly these keys). */
      keysSha256: z.optional(sha256HexSchema()),
      /** List format of the snapshot and of stateSha256 (absent: 2, manifests from before format 3). */
      listFormat: z.optional(listFormatSchema()),
      minClientVersion: z.string().check(z.regex(/^\d{1,5}(\.\d{1,5}){0,3}$/)),
      reportEndpoint: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))),
      minWaitSeconds: z.optional(z.int().check(z.gte(0), z.lte(MIN_WAIT_SECONDS_MAX))),
      /** Optional: a classifier model to use instead of the bundled one (signed by this manifest's hash). */
      model: z.optional(modelRefSchema()),
    })
    .check(
      z.superRefine((m, ctx) => {
        if (timeToMs(m.expires) <= timeToMs(m.issued)) {
          ctx.addIssue({ code: 'custom', path: ['expires'], message: 'expires must be after issued' });
        }
        const seen = new Set<string>();
        for (const [i, d] of m.deltas.entries()) {
          if (!(d.from < d.to && d.to <= m.version)) {
            ctx.addIssue({ code: 'custom', path: ['deltas', i], message: 'delta must satisfy from < to <= version' });
          }
          const k = `${d.from}-${d.to}`;
          if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['deltas', i], message: 'duplicate delta' });
          seen.add(k);
        }
      }),
    ),
);
export type Manifest = z.infer<ReturnType<typeof manifestSchema>>;

export function timeToMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

/** Compares dotted numeric versions: -1, 0, 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export const manifestEnvelopeSchema = lazySchema(() =>
  z.object({
    format: z.literal(ENVELOPE_FORMAT),
    payload: z.string().check(z.minLength(1), z.maxLength(MANIFEST_MAX_BYTES)),
    signatures: z.array(signatureEntrySchema()).check(z.minLength(1), z.maxLength(16)),
    keysetChain: z.optional(z.array(z.unknown()).check(z.maxLength(KEYSET_CHAIN_MAX_LINKS))),
  }),
);
export type ManifestEnvelope = z.infer<ReturnType<typeof manifestEnvelopeSchema>>;

export function encodeManifest(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n');
}

/** Signs the exact manifest bytes; returns the envelope bytes to publish as manifest.json. */
export async function signManifest(
  manifestBytes: Uint8Array,
  signers: readonly Signer[],
  keysetChain: readonly SignedEnvelope[] = [],
): Promise<Uint8Array> {
  const env: ManifestEnvelope = await signPayload(manifestBytes, SIGNING_CONTEXT.manifest, signers);
  const out: ManifestEnvelope = keysetChain.length > 0 ? { ...env, keysetChain: [...keysetChain] } : env;
  return new TextEncoder().encode(JSON.stringify(out, null, 2) + '\n');
}

export interface ManifestCheckOptions {
  /** Epoch ms. */
  readonly now: number;
  /** When set, a manifest for another list is refused (WRONG_LIST). */
  readonly listId?: string;
  /** The client's current list version; a lower manifest version is ROLLBACK (equal is returned: a no-op). */
  readonly currentVersion?: number;
  /** The client's own version, compared with minClientVersion. */
  readonly clientVersion?: string;
  readonly maxLifetimeMs?: number;
}

export interface VerifiedManifest {
  readonly manifest: Manifest;
  /** The exact signed payload bytes. */
  readonly payload: Uint8Array;
  /** Keyset after following rotations; persist it together with the committed update. */
  readonly keyset: Keyset;
  readonly rotationsFollowed: number;
  readonly signedBy: readonly string[];
}

/** Full client-side check of manifest.json bytes. */
export async function openSignedManifest(
  bytes: Uint8Array,
  pinned: Keyset,
  opts: ManifestCheckOptions,
): Promise<Result<VerifiedManifest, ManifestErrorCode>> {
  if (bytes.length > MANIFEST_MAX_BYTES) {
    return fail('TOO_LARGE', `manifest is ${bytes.length} bytes, cap is ${MANIFEST_MAX_BYTES}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail('BAD_ENVELOPE', 'manifest is not UTF-8 JSON');
  }
  const env = manifestEnvelopeSchema().safeParse(json);
  if (!env.success) return fail('BAD_ENVELOPE', `not a signed manifest envelope: ${env.error.issues[0]?.message ?? ''}`);
  const payload = envelopePayload(env.data);
  if (!payload) return fail('BAD_ENVELOPE', 'payload is not canonical base64');

  const chain = await followKeysetChain(pinned, env.data.keysetChain ?? []);
  if (!chain.ok) return chain;
  const sig = await verifyThreshold(payload, SIGNING_CONTEXT.manifest, env.data.signatures, chain.value.keyset);
  if (!sig.ok) return sig;

  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return fail('BAD_SCHEMA', 'signed payload is not JSON');
  }
  const parsed = manifestSchema().safeParse(manifestJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('BAD_SCHEMA', `manifest schema: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  const checked = checkManifest(parsed.data, opts);
  if (!checked.ok) return checked;
  return ok({
    manifest: parsed.data,
    payload,
    keyset: chain.value.keyset,
    rotationsFollowed: chain.value.followed,
    signedBy: sig.value,
  });
}

/** The contract's entry point: verified manifest or a typed refusal. */
export async function verifySignedManifest(
  bytes: Uint8Array,
  keyset: Keyset,
  opts: ManifestCheckOptions,
): Promise<Result<Manifest, ManifestErrorCode>> {
  const r = await openSignedManifest(bytes, keyset, opts);
  return r.ok ? ok(r.value.manifest) : r;
}

/** Semantic checks after the signature: list id, rollback, time window, client version. */
export function checkManifest(m: Manifest, opts: ManifestCheckOptions): Result<Manifest, ManifestErrorCode> {
  if (opts.listId !== undefined && m.listId !== opts.listId) {
    return fail('WRONG_LIST', `manifest is for list "${m.listId}", expected "${opts.listId}"`);
  }
  if (opts.currentVersion !== undefined && m.version < opts.currentVersion) {
    return fail('ROLLBACK', `manifest version ${m.version} is older than the installed ${opts.currentVersion}`);
  }
  const issued = timeToMs(m.issued);
  const expires = timeToMs(m.expires);
  if (issued > opts.now + MANIFEST_CLOCK_SKEW_MS) {
    return fail('NOT_YET_VALID', `manifest issued in the future (${new Date(issued).toISOString()})`);
  }
  if (expires <= opts.now) return fail('EXPIRED', `manifest expired at ${new Date(expires).toISOString()}`);
  const maxLifetime = opts.maxLifetimeMs ?? MANIFEST_MAX_LIFETIME_MS;
  if (expires - opts.now > maxLifetime || expires - issued > maxLifetime) {
    return fail('TOO_FAR_EXPIRY', `manifest expiry ${new Date(expires).toISOString()} is too far ahead`);
  }
  if (opts.clientVersion !== undefined && compareVersions(opts.clientVersion, m.minClientVersion) < 0) {
    return fail('CLIENT_TOO_OLD', `list needs client ≥ ${m.minClientVersion}, this is ${opts.clientVersion}`);
  }
  const format = manifestListFormat(m);
  if (!readsListFormat(format)) {
    return fail('CLIENT_TOO_OLD', `list format ${format}: this version reads list formats ${LIST_FORMATS.join(' and ')}`);
  }
  return ok(m);
}

/** The list format of the manifest's state (absent: 2). */
export function manifestListFormat(m: Pick<Manifest, 'listFormat'>): number {
  return m.listFormat ?? 2;
}

function readsListFormat(format: number): boolean {
  return (LIST_FORMATS as readonly number[]).includes(format);
}

export type ArtifactErrorCode = 'TOO_LARGE' | 'BAD_LENGTH' | 'HASH_MISMATCH';

/** Checks downloaded bytes against the manifest's {length, sha256} (and a cap). */
export async function checkArtifact(
  bytes: Uint8Array,
  ref: ArtifactRef,
  maxBytes: number,
): Promise<Result<Uint8Array, ArtifactErrorCode>> {
  if (bytes.length > maxBytes) return fail('TOO_LARGE', `${ref.path}: ${bytes.length} bytes exceeds cap ${maxBytes}`);
  if (bytes.length !== ref.length) {
    return fail('BAD_LENGTH', `${ref.path}: ${bytes.length} bytes, manifest says ${ref.length}`);
  }
  const hash = await sha256Hex(bytes);
  if (hash !== ref.sha256) return fail('HASH_MISMATCH', `${ref.path}: sha256 ${hash} ≠ manifest ${ref.sha256}`);
  return ok(bytes);
}

export type UpdatePlan =
  | { readonly kind: 'up-to-date' }
  | { readonly kind: 'deltas'; readonly steps: readonly DeltaRef[]; readonly bytes: number }
  | { readonly kind: 'snapshot'; readonly bytes: number };

/**
 * What to download to go from `currentVersion` (null = nothing installed) to manifest.version: the cheapest chain of
 * deltas (by bytes) when one exists and is smaller than the snapshot, else the snapshot.
 * Example: deltas 40→41 (800 B), 41→42 (400 B), 40→42 (1 100 B); at 40 → [40→42]; at 41 → [41→42]; at 39 → snapshot.
 */
export function planUpdate(manifest: Manifest, currentVersion: number | null): UpdatePlan {
  if (currentVersion !== null && currentVersion >= manifest.version) return { kind: 'up-to-date' };
  const snapshot = { kind: 'snapshot', bytes: manifest.snapshot.length } as const;
  if (currentVersion === null) return snapshot;
  // Shortest path by bytes over a DAG (edges go to higher versions): relax in increasing `from` order.
  // deltas of a list format this client cannot read are never planned (the snapshot is taken instead)
  const edges = [...manifest.deltas]
    .filter((d) => d.from >= currentVersion && readsListFormat(d.listFormat ?? 2))
    .sort((a, b) => a.from - b.from);
  const best = new Map<number, { bytes: number; steps: DeltaRef[] }>([[currentVersion, { bytes: 0, steps: [] }]]);
  for (const e of edges) {
    const at = best.get(e.from);
    if (!at) continue;
    const cand = { bytes: at.bytes + e.length, steps: [...at.steps, e] };
    const prev = best.get(e.to);
    if (!prev || cand.bytes < prev.bytes) best.set(e.to, cand);
  }
  const done = best.get(manifest.version);
  if (!done || done.bytes >= manifest.snapshot.length) return snapshot;
  return { kind: 'deltas', steps: done.steps, bytes: done.bytes };
}
