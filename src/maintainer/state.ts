/**
 * The publisher's state folder (keep it, back it up; it is what lets the next publish compute deltas):
 *
 *   <state>/state.json                          { format, listId, published: [...], deltas: [...], keysetChain: [...] }
 *                                               (published[i].listFormat, deltas[i].listFormat: absent = list format 2;
 *                                               a format-2 state is converted for the first format-3 delta, see publish)
 *   <state>/snapshots/<listId>-<v>.snap         snapshots of the latest version and of every delta base still offered
 *   <state>/deltas/<listId>-<from>-<to>.delta   the delta chain currently offered
 *
 * The published folder uses the same relative paths, so publishing is "copy what the manifest names".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { artifactRefSchema, deltaRefSchema } from '../core/lists/manifest';
import { signedEnvelopeSchema } from '../core/lists/signature';
import { writeFileAtomic } from './fs-util';

export const STATE_FILE = 'state.json';

export const PublishedVersionSchema = z.object({
  version: z.number().int().min(1),
  issued: z.string(),
  expires: z.string(),
  count: z.number().int().min(0),
  stateSha256: z.string(),
  provenanceSha256: z.string().optional(),
  keysSha256: z.string().optional(),
  /** List format of the snapshot and stateSha256 (absent: 2, versions published before format 3). */
  listFormat: z.number().int().min(2).max(255).optional(),
  snapshot: artifactRefSchema(),
});
export type PublishedVersion = z.infer<typeof PublishedVersionSchema>;

export const StateSchema = z.object({
  format: z.literal(1),
  listId: z.string(),
  /** Oldest first; the last one is the current published version. */
  published: z.array(PublishedVersionSchema),
  /** The delta chain the current manifest offers. */
  deltas: z.array(deltaRefSchema()),
  /** Keyset rotation links, oldest first (see core/lists/keyset.ts). */
  keysetChain: z.array(signedEnvelopeSchema()).default([]),
});
export type PublisherState = z.infer<typeof StateSchema>;

export class StateError extends Error {}

export function emptyState(listId: string): PublisherState {
  return { format: 1, listId, published: [], deltas: [], keysetChain: [] };
}

/** Reads the state; a missing folder/file is a fresh state for `listId`. */
export function loadState(dir: string, listId?: string): PublisherState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) {
    if (listId === undefined) throw new StateError(`no ${STATE_FILE} in ${dir}`);
    return emptyState(listId);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e: unknown) {
    throw new StateError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) throw new StateError(`${file} is not a publisher state: ${parsed.error.issues[0]?.message ?? ''}`);
  if (listId !== undefined && parsed.data.listId !== listId) {
    throw new StateError(`${dir} holds list "${parsed.data.listId}", not "${listId}"`);
  }
  return parsed.data;
}

export function saveState(dir: string, state: PublisherState): void {
  writeFileAtomic(join(dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}

export function latestPublished(state: PublisherState): PublishedVersion | undefined {
  return state.published[state.published.length - 1];
}

export function snapshotPath(listId: string, version: number): string {
  return `snapshots/${listId}-${version}.snap`;
}

export function deltaPath(listId: string, from: number, to: number): string {
  return `deltas/${listId}-${from}-${to}.delta`;
}

export function readStateFile(dir: string, rel: string): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(join(dir, rel)));
  } catch {
    return null;
  }
}
