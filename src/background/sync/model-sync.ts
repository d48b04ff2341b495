/**
 * The classifier model that travels with a list (issue 13). After a run has a verified manifest (updated, or the
 * same version again), its `model` reference is checked (src/core/classify/model-artifact.ts): format and
 * minExtensionVersion, release above the bundled model's and the installed one's, then the file is fetched under its
 * signed length and must hash to the signed sha256 and validate as the model the manifest names. The newest
 * verified model is kept in `models` (slot 'feed') and handed to the worker (`onModel`), which classifies with it
 * instead of the bundled one. Every check's outcome is written to slot 'status' in plain words; a refused or failed
 * model never replaces the one in use, and never fails the list update.
 */
import { openModelArtifact, planModel, MODEL_REFUSAL_WORDS, type ModelRefusal } from '../../core/classify/model-artifact';
import { parseModel, type Model } from '../../core/classify/model';
import { MODEL_MAX_BYTES, type Manifest } from '../../core/lists/manifest';
import type { ModelRow, ScamSentinelDb } from '../db';
import { fetchCapped } from './capped-fetch';
import { describeError, syncError } from './errors';
import type { FetchLike } from './types';

export interface ModelSyncDeps {
  /** Release of the model bundled with the extension. */
  readonly bundledRelease: number;
  /** A verified feed model to classify with from now on. */
  readonly onModel: (model: Model) => void;
}

export type ModelOutcome =
  | { readonly kind: 'installed'; readonly version: string; readonly release: number }
  | { readonly kind: 'unchanged'; readonly release: number }
  | { readonly kind: 'refused'; readonly code: ModelRefusal | 'NETWORK' | 'STORAGE'; readonly message: string };

export interface ModelSyncContext {
  readonly db: ScamSentinelDb;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly clientVersion: string;
  readonly timeoutMs: number;
  readonly model: ModelSyncDeps;
}

export async function syncModel(manifest: Manifest, manifestUrl: string, ctx: ModelSyncContext): Promise<ModelOutcome | null> {
  const ref = manifest.model;
  if (!ref) return null;
  const outcome = await check(ref, manifest, manifestUrl, ctx);
  try {
    const message =
      outcome.kind === 'installed' ? `Detection model ${outcome.version} (release ${outcome.release}) installed from the list.`
      : outcome.kind === 'unchanged' ? `Detection model release ${outcome.release} is current.`
      : outcome.message;
    await ctx.db.models.put({ slot: 'status', listId: manifest.listId, code: outcome.kind === 'refused' ? outcome.code : outcome.kind, message, at: ctx.now() });
  } catch {
    // the status row is informational; the outcome is returned all the same
  }
  return outcome;
}

async function check(ref: NonNullable<Manifest['model']>, manifest: Manifest, manifestUrl: string, ctx: ModelSyncContext): Promise<ModelOutcome> {
  const refused = (code: ModelRefusal, detail: string): ModelOutcome => ({ kind: 'refused', code, message: `${MODEL_REFUSAL_WORDS[code]} (${detail})` });
  let installed: ModelRow | undefined;
  try {
    installed = await ctx.db.models.get('feed');
  } catch (err: unknown) {
    return { kind: 'refused', code: 'STORAGE', message: `Could not read the installed detection model (${describeError(err)}).` };
  }
  const installedRelease = installed?.slot === 'feed' ? installed.release : null;
  const plan = planModel(ref, { clientVersion: ctx.clientVersion, bundledRelease: ctx.model.bundledRelease, installedRelease });
  if (!plan.ok) return refused(plan.reason, plan.message);
  if (plan.value === 'unchanged') return { kind: 'unchanged', release: Math.max(installedRelease ?? 0, ctx.model.bundledRelease) };
  const res = await fetchCapped(new URL(ref.path, manifestUrl).href, { fetch: ctx.fetch, maxBytes: Math.min(MODEL_MAX_BYTES, ref.length), expectLength: ref.length, timeoutMs: ctx.timeoutMs });
  if (!res.ok) {
    if (res.reason === 'BAD_LENGTH' || res.reason === 'TOO_LARGE') return refused('MODEL_BAD_LENGTH', res.message ?? res.reason);
    return { kind: 'refused', code: 'NETWORK', message: `The detection model could not be downloaded; the current model is kept. (${syncError(res.reason, res.message).message})` };
  }
  if (res.value.kind === 'not-modified') return { kind: 'refused', code: 'NETWORK', message: 'The detection model could not be downloaded (HTTP 304); the current model is kept.' };
  const opened = await openModelArtifact(res.value.bytes, ref);
  if (!opened.ok) return refused(opened.reason, opened.message);
  const text = new TextDecoder().decode(res.value.bytes);
  try {
    await ctx.db.transaction('rw', ctx.db.models, async () => {
      const cur = await ctx.db.models.get('feed');
      if (cur?.slot === 'feed' && cur.release >= ref.release) return; // a parallel run installed this or newer
      await ctx.db.models.put({ slot: 'feed', listId: manifest.listId, version: ref.version, release: ref.release, sha256: ref.sha256, text, installedAt: ctx.now() });
    });
  } catch (err: unknown) {
    return { kind: 'refused', code: 'STORAGE', message: `Could not save the detection model (${describeError(err)}); the current model is kept.` };
  }
  ctx.model.onModel(opened.value);
  return { kind: 'installed', version: ref.version, release: ref.release };
}

/** At worker start: the stored feed model when it is still valid and newer than the bundled one, else null. */
export async function loadFeedModel(db: ScamSentinelDb, bundledRelease: number): Promise<Model | null> {
  const row = await db.models.get('feed');
  if (row?.slot !== 'feed' || row.release <= bundledRelease) return null;
  try {
    const m = parseModel(JSON.parse(row.text));
    return m.ok && m.value.release === row.release ? m.value : null;
  } catch {
    return null;
  }
}
