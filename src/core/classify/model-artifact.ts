/**
 * A classifier model delivered through the signed list feed (issue 13): the manifest names it (ModelRef: path,
 * length, sha256, version, release, formatVersion, minExtensionVersion) and the manifest's signature covers that
 * reference, so the model file is trusted exactly as far as a snapshot is: its bytes must hash to the signed sha256.
 * Pure; the worker (src/background/sync/model-sync.ts) and the maintainer CLI (publish) use the same checks.
 *
 *   planModel(ref, { clientVersion, bundledRelease, installedRelease }) → 'fetch' | 'unchanged' | refusal
 *   openModelArtifact(bytes, ref) → the validated Model | refusal
 * Refusals (each with a plain sentence for the status):
 *   MODEL_CLIENT_TOO_OLD   the model needs a newer extension (minExtensionVersion) or a format this one cannot read
 *   MODEL_OLDER            its release is below the bundled model's: a retrained model is never replaced by an older one
 *   MODEL_BAD_LENGTH       the file is not the signed length
 *   MODEL_HASH_MISMATCH    the file does not hash to the signed sha256 (corrupted or tampered)
 *   MODEL_BAD_SCHEMA       not JSON, or not a valid model (parseModel: format, classes, weights, lexicon …)
 *   MODEL_MISMATCH         a valid model, but not the one the manifest names (version / release / format differ)
 */
import { compareVersions, type ModelRef } from '../lists/manifest';
import { sha256Hex } from '../lists/signature';
import { fail, ok, type Result } from '../types';
import { MODEL_FORMAT_VERSION, parseModel, type Model } from './model';

export type ModelRefusal = 'MODEL_CLIENT_TOO_OLD' | 'MODEL_OLDER' | 'MODEL_BAD_LENGTH' | 'MODEL_HASH_MISMATCH' | 'MODEL_BAD_SCHEMA' | 'MODEL_MISMATCH';

export const MODEL_REFUSAL_WORDS: Readonly<Record<ModelRefusal, string>> = {
  MODEL_CLIENT_TOO_OLD: 'The list offers a detection model that needs a newer version of ScamSentinel; the current model is kept.',
  MODEL_OLDER: 'The list offers an older detection model than the one built in; it was refused.',
  MODEL_BAD_LENGTH: 'The downloaded detection model does not have the size the signed list says; it was refused.',
  MODEL_HASH_MISMATCH: 'The downloaded detection model does not match the signed list (corrupted or tampered); it was refused.',
  MODEL_BAD_SCHEMA: 'The downloaded detection model is not a valid model file; it was refused.',
  MODEL_MISMATCH: 'The downloaded detection model is not the one the signed list names; it was refused.',
};

export interface ModelPlanContext {
  /** This extension's version (manifest minExtensionVersion is compared with it). */
  readonly clientVersion: string;
  /** Release of the model bundled with this extension. */
  readonly bundledRelease: number;
  /** Release of the feed model already installed, if any. */
  readonly installedRelease: number | null;
}

/** What to do with a manifest's model reference, before any download. */
export function planModel(ref: ModelRef, ctx: ModelPlanContext): Result<'fetch' | 'unchanged', ModelRefusal> {
  if (ref.formatVersion !== MODEL_FORMAT_VERSION) return fail('MODEL_CLIENT_TOO_OLD', `model format ${ref.formatVersion}, this extension reads ${MODEL_FORMAT_VERSION}`);
  if (compareVersions(ctx.clientVersion, ref.minExtensionVersion) < 0) return fail('MODEL_CLIENT_TOO_OLD', `needs ${ref.minExtensionVersion}, this is ${ctx.clientVersion}`);
  if (ref.release < ctx.bundledRelease) return fail('MODEL_OLDER', `release ${ref.release} < built-in release ${ctx.bundledRelease}`);
  if (ref.release === ctx.bundledRelease || (ctx.installedRelease !== null && ref.release <= ctx.installedRelease)) return ok('unchanged');
  return ok('fetch');
}

/** The downloaded bytes of a model artefact → the model, when they are exactly what the signed reference names. */
export async function openModelArtifact(bytes: Uint8Array, ref: ModelRef): Promise<Result<Model, ModelRefusal>> {
  if (bytes.length !== ref.length) return fail('MODEL_BAD_LENGTH', `${bytes.length} bytes, signed length ${ref.length}`);
  const digest = await sha256Hex(bytes);
  if (digest !== ref.sha256) return fail('MODEL_HASH_MISMATCH', `sha256 ${digest.slice(0, 12)}…, signed ${ref.sha256.slice(0, 12)}…`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail('MODEL_BAD_SCHEMA', 'not UTF-8 JSON');
  }
  const m = parseModel(json);
  if (!m.ok) return fail('MODEL_BAD_SCHEMA', m.message);
  if (m.value.version !== ref.version || m.value.release !== ref.release || m.value.formatVersion !== ref.formatVersion)
    return fail('MODEL_MISMATCH', `file is ${m.value.version} release ${m.value.release}, manifest names ${ref.version} release ${ref.release}`);
  return ok(m.value);
}
