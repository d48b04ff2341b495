/** What was published before: the last snapshot (checked against the state), its firstSeen dates, the output folder's version. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSnapshot, provenanceOf, type ListTable } from '../core/lists/index';
import { ManifestEnvelopeSchema } from '../core/lists/manifest';
import { base64ToBytes, sha256Hex } from '../core/lists/signature';
import { fail, ok, type Result } from '../core/types';
import { latestPublished, readStateFile, type PublisherState } from './state';
import { MANIFEST_FILE } from './verify';

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
    const env = ManifestEnvelopeSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const payload = base64ToBytes(env.payload);
    const m: unknown = payload ? JSON.parse(new TextDecoder().decode(payload)) : null;
    const v = typeof m === 'object' && m !== null ? (m as Record<string, unknown>)['version'] : undefined;
    return typeof v === 'number' ? v : -1;
  } catch {
    return -1;
  }
}
