/**
 * The demo's `*.test` entries (scripts/bundled-entries.json: names reserved by RFC 6761 that never resolve outside
 * the demo) are NOT in the committed bundled list: a real build (`npm run zip`, or `npm run build` with a deployment's
 * WXT_DEFAULT_LIST_* settings) ships the real list only. The demo build (`npm run build` without them: `npm start`
 * and the e2e tests) adds them to its own output's bundled snapshot, so every demo warning shows from the first
 * navigation; the demo feed at http://lists.test/ then updates the list as usual.
 *
 * Written into `<build>/lists/bundled.sslist` and `bundled.json` of each demo build (never into public/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { buildTable, decodeSnapshot, encodeSnapshot, listEntries, type ListEntryInput } from '../src/core/lists';
import { canonicalExpression } from '../src/core/url';
import { CATEGORIES, SEVERITIES } from '../src/core/types';
import { INDICATOR_KEY_RE } from '../src/maintainer/reviewed';

export const DemoEntries = z.strictObject({
  listId: z.string().min(1),
  version: z.number().int().positive(),
  issued: z.iso.date(),
  note: z.string(),
  entries: z.array(
    z.strictObject({
      key: z.string().min(1),
      category: z.enum(CATEGORIES),
      severity: z.enum(SEVERITIES),
      firstSeen: z.iso.date(),
      sources: z.array(z.string()),
    }),
  ),
});

/** The demo entries, checked: each key must already be canonical (a typo would silently never match). */
export function readDemoEntries(file: string): ListEntryInput[] {
  const demo = DemoEntries.parse(JSON.parse(readFileSync(file, 'utf8')));
  return demo.entries.map((e) => {
    const key = INDICATOR_KEY_RE.test(e.key) ? e.key : canonicalExpression(e.key);
    if (key !== e.key) throw new Error(`${file}: demo entry ${e.key} is not canonical (canonical form: ${key ?? 'invalid'})`);
    return { ...e, key };
  });
}

/** A snapshot (with key strings) plus extra entries: same list id and version; entries already listed are kept as they are. */
export async function snapshotWithEntries(snapshot: Uint8Array, extra: readonly ListEntryInput[]): Promise<{ bytes: Uint8Array; count: number; sha256: string; added: number }> {
  const decoded = await decodeSnapshot(snapshot);
  if (!decoded.ok) throw new Error(`bundled list: ${decoded.reason}`);
  const table = decoded.value;
  const entries = listEntries(table);
  if (!entries.ok || entries.value === null) throw new Error('bundled list: no key strings to rebuild from');
  const all = [...entries.value];
  const seen = new Set(all.map((e) => e.key));
  let added = 0;
  for (const e of extra) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    all.push(e);
    added++;
  }
  const merged = await buildTable(all, { listId: table.listId, version: table.version }, { keys: true });
  return { bytes: encodeSnapshot(merged), count: merged.count, sha256: merged.sha256, added };
}

/** Adds the demo entries to the bundled list of each built extension folder. */
export async function addDemoEntries(root: string, buildDirs: readonly string[]): Promise<number> {
  const extra = readDemoEntries(join(root, 'scripts/bundled-entries.json'));
  const r = await snapshotWithEntries(new Uint8Array(readFileSync(join(root, 'public/lists/bundled.sslist'))), extra);
  const meta = JSON.parse(readFileSync(join(root, 'public/lists/bundled.json'), 'utf8')) as Record<string, unknown>;
  for (const dir of buildDirs) {
    writeFileSync(join(dir, 'lists/bundled.sslist'), r.bytes);
    writeFileSync(join(dir, 'lists/bundled.json'), JSON.stringify({ ...meta, count: r.count, sha256: r.sha256, demoEntries: r.added }, null, 2) + '\n');
  }
  return r.added;
}
