/**
 * `stats` / `diff`: counts by category, severity and source of a list, and what changed between two versions.
 * A list is read from a snapshot (.snap), a build file (.json from `build --out`) or a published folder.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeSnapshot, listEntries, type ListEntryInput } from '../core/lists/index';
import { CATEGORIES, SEVERITIES } from '../core/types';
import { BUILD_FILE_FORMAT } from './build-file';
import { MANIFEST_FILE } from './verify';
import { manifestEnvelopeSchema, manifestSchema } from '../core/lists/manifest';
import { base64ToBytes } from '../core/lists/signature';

export interface LoadedList {
  readonly label: string;
  readonly listId: string;
  readonly version: number | null;
  readonly entries: ListEntryInput[];
  readonly bytes: number;
}

export interface ListStats {
  readonly label: string;
  readonly listId: string;
  readonly version: number | null;
  readonly count: number;
  readonly bytes: number;
  readonly byCategory: Record<string, number>;
  readonly bySeverity: Record<string, number>;
  readonly bySource: Record<string, number>;
  /** Keys listed by exactly one source, per source. */
  readonly uniqueBySource: Record<string, number>;
  readonly byKind: Record<string, number>;
  readonly firstSeenByMonth: Record<string, number>;
}

export interface ListDiff {
  readonly from: { label: string; version: number | null; count: number };
  readonly to: { label: string; version: number | null; count: number };
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly addedByCategory: Record<string, number>;
  readonly removedByCategory: Record<string, number>;
  readonly addedBySource: Record<string, number>;
  readonly removedBySource: Record<string, number>;
  readonly samples: { added: string[]; removed: string[]; changed: string[] };
}

const BuildFileHeadSchema = z.object({ format: z.literal(BUILD_FILE_FORMAT), listId: z.string(), entries: z.array(z.unknown()) });

/** Loads entries from a .snap, a build .json, or a published folder (its snapshot). */
export async function loadList(path: string): Promise<LoadedList> {
  let file = path;
  if (statSync(path).isDirectory()) {
    const env = manifestEnvelopeSchema().parse(JSON.parse(readFileSync(join(path, MANIFEST_FILE), 'utf8')));
    const payload = base64ToBytes(env.payload);
    if (!payload) throw new Error(`${path}: manifest payload is not base64`);
    const m = manifestSchema().parse(JSON.parse(new TextDecoder().decode(payload)));
    file = join(path, m.snapshot.path);
  }
  const bytes = new Uint8Array(readFileSync(file));
  if (file.endsWith('.json')) {
    const head = BuildFileHeadSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    return { label: path, listId: head.listId, version: null, entries: head.entries as ListEntryInput[], bytes: bytes.length };
  }
  const dec = await decodeSnapshot(bytes);
  if (!dec.ok) throw new Error(`${file}: ${dec.reason}: ${dec.message}`);
  const entries = listEntries(dec.value);
  if (!entries.ok) throw new Error(`${file}: ${entries.reason}: ${entries.message}`);
  if (entries.value === null) {
    throw new Error(`${file} carries no key strings (snapshot format 1, published before key strings were added); publish again to read it`);
  }
  return { label: path, listId: dec.value.listId, version: dec.value.version, entries: entries.value, bytes: bytes.length };
}

function inc(rec: Record<string, number>, k: string): void {
  rec[k] = (rec[k] ?? 0) + 1;
}

export function keyKind(key: string): string {
  const colon = /^(wallet|phone|im):/.exec(key);
  if (colon?.[1] !== undefined) return colon[1];
  return key.endsWith('/') && key.indexOf('/') === key.length - 1 ? 'host' : 'path';
}

export function computeStats(list: LoadedList): ListStats {
  const byCategory: Record<string, number> = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const bySource: Record<string, number> = {};
  const uniqueBySource: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const firstSeenByMonth: Record<string, number> = {};
  for (const e of list.entries) {
    inc(byCategory, e.category);
    inc(bySeverity, e.severity);
    inc(byKind, keyKind(e.key));
    const sources = e.sources ?? [];
    for (const s of sources) inc(bySource, s);
    if (sources.length === 1 && sources[0] !== undefined) inc(uniqueBySource, sources[0]);
    inc(firstSeenByMonth, e.firstSeen?.slice(0, 7) ?? 'unknown');
  }
  return {
    label: list.label,
    listId: list.listId,
    version: list.version,
    count: list.entries.length,
    bytes: list.bytes,
    byCategory,
    bySeverity,
    bySource,
    uniqueBySource,
    byKind,
    firstSeenByMonth,
  };
}

export function computeDiff(a: LoadedList, b: LoadedList, sampleSize = 20): ListDiff {
  const before = new Map(a.entries.map((e) => [e.key, e]));
  const after = new Map(b.entries.map((e) => [e.key, e]));
  const out: ListDiff = {
    from: { label: a.label, version: a.version, count: a.entries.length },
    to: { label: b.label, version: b.version, count: b.entries.length },
    added: 0,
    removed: 0,
    changed: 0,
    addedByCategory: {},
    removedByCategory: {},
    addedBySource: {},
    removedBySource: {},
    samples: { added: [], removed: [], changed: [] },
  };
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const [k, e] of after) {
    const old = before.get(k);
    if (!old) {
      counts.added++;
      inc(out.addedByCategory, e.category);
      for (const s of e.sources ?? []) inc(out.addedBySource, s);
      if (out.samples.added.length < sampleSize) out.samples.added.push(`${k} (${e.category})`);
    } else if (old.category !== e.category || old.severity !== e.severity) {
      counts.changed++;
      if (out.samples.changed.length < sampleSize) {
        out.samples.changed.push(`${k}: ${old.category}/${old.severity} → ${e.category}/${e.severity}`);
      }
    }
  }
  for (const [k, e] of before) {
    if (after.has(k)) continue;
    counts.removed++;
    inc(out.removedByCategory, e.category);
    for (const s of e.sources ?? []) inc(out.removedBySource, s);
    if (out.samples.removed.length < sampleSize) out.samples.removed.push(`${k} (${e.category})`);
  }
  return { ...out, ...counts };
}
