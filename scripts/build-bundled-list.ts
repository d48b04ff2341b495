/**
 * Builds the list snapshot shipped inside the extension (public/lists/bundled.sslist + bundled.json) from
 * scripts/bundled-entries.json — entries the team wrote for the demo's *.test sites. Deterministic: the same
 * source always gives the same bytes (the issue date comes from the source, not the clock).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../src/core/types';
import { buildTable, encodeSnapshot } from '../src/core/lists';
import { canonicalExpression } from '../src/core/url';
import { INDICATOR_KEY_RE } from '../src/maintainer/reviewed';

const Source = z.strictObject({
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

export async function buildBundledList(sourcePath: string, outDir: string): Promise<{ count: number; bytes: number }> {
  const source = Source.parse(JSON.parse(readFileSync(sourcePath, 'utf8')));
  const entries = source.entries.map((e) => {
    if (INDICATOR_KEY_RE.test(e.key)) return e;
    const key = canonicalExpression(e.key);
    if (key !== e.key) throw new Error(`entry ${e.key} is not canonical (canonical form: ${key ?? 'invalid'})`);
    return { ...e, key };
  });
  const table = await buildTable(entries, { listId: source.listId, version: source.version });
  const bytes = encodeSnapshot(table);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'bundled.sslist'), bytes);
  const meta = { listId: source.listId, version: source.version, count: table.count, issuedAt: Date.parse(source.issued), sha256: table.sha256 };
  writeFileSync(join(outDir, 'bundled.json'), JSON.stringify(meta, null, 2) + '\n');
  // The key strings, for compiling declarativeNetRequest rules (the binary table holds only fingerprints).
  writeFileSync(join(outDir, 'bundled-keys.json'), JSON.stringify(entries.map((e) => e.key).filter((k) => !INDICATOR_KEY_RE.test(k)).sort()) + '\n');
  return { count: table.count, bytes: bytes.byteLength };
}

if (process.argv[1]?.endsWith('build-bundled-list.ts')) {
  const root = resolve(import.meta.dirname, '..');
  const r = await buildBundledList(join(root, 'scripts/bundled-entries.json'), join(root, 'public/lists'));
  console.log(`bundled list: ${r.count} entries, ${r.bytes} bytes → public/lists/bundled.sslist`);
}
