/**
 * corpus/README.md's source tables → public/model-sources.json: the collections the detection model was trained on,
 * with item counts and licences, for the options page's attribution ("Detection model training data").
 * `npm run model-sources` after an ingest that changes the tables; tests/unit/ui/model-sources.test.ts fails when the
 * JSON no longer matches the README.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS_README = join(ROOT, 'corpus/README.md');
export const MODEL_SOURCES_JSON = join(ROOT, 'public/model-sources.json');

export type SourceGroup = 'scam' | 'legit' | 'text';
export interface ModelSource {
  readonly group: SourceGroup;
  readonly name: string;
  readonly items: number;
  readonly licence: string;
}

const SECTIONS: readonly (readonly [string, SourceGroup])[] = [
  ['## Scam page sources', 'scam'],
  ['## Legit page sources', 'legit'],
  ['## Text data sets', 'text'],
];

/** "owner/repo:path@commit (description)" → "owner/repo (description)"; a plain name stays as it is. */
function shortName(cell: string): string {
  const m = /^([^\s:(]+\/[^\s:(@]+)[:@][^\s(]*\s*(\(.*\))?\s*$/.exec(cell);
  return m ? `${m[1]}${m[2] ? ` ${m[2]}` : ''}` : cell;
}

export function parseCorpusSources(readme: string): ModelSource[] {
  const out: ModelSource[] = [];
  let group: SourceGroup | null = null;
  for (const line of readme.split('\n')) {
    if (line.startsWith('## ')) {
      group = SECTIONS.find(([h]) => line.startsWith(h))?.[1] ?? null;
      continue;
    }
    if (!group || !line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const items = Number(cells[1]);
    if (cells.length < 4 || !Number.isInteger(items)) continue; // the header row
    out.push({ group, name: shortName(cells[0]!), items, licence: cells[3]! });
  }
  if (!SECTIONS.every(([, g]) => out.some((s) => s.group === g))) throw new Error('corpus/README.md: a source table is missing or empty');
  return out;
}

export function modelSourcesJson(readme: string): string {
  return `${JSON.stringify({ from: 'corpus/README.md', sources: parseCorpusSources(readme) }, null, 1)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = modelSourcesJson(readFileSync(CORPUS_README, 'utf8'));
  writeFileSync(MODEL_SOURCES_JSON, json);
  console.log(`${MODEL_SOURCES_JSON}: ${JSON.parse(json).sources.length} sources`);
}
