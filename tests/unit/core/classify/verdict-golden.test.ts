/**
 * The scorer's output must stay byte-identical when its implementation changes for speed (issues 13, 18):
 * verdict-golden.json holds, for the bundled model version it was written with, the SHA-256 of the full analysis
 * (verdict with score, level, category and reasons; per-type scores and raw logits; contributions; signals;
 * impersonation evidence; warn score) of every page fixture (tests/fixtures/pages, extracted as in
 * tests/dom/extract-golden.test.ts), the classify bench's 2k-element page, and the corpus items whose key (SHA-256 of
 * id + content) starts with "0", about 1 in 16 (pages in page mode as the trainer reads them, texts in text mode). Written by the scorer before the speed work.
 * A retrained model or an intended change of the features or the scoring changes verdicts: then, and only then,
 * regenerate: SS_WRITE_GOLDEN=1 npx vitest run --project unit tests/unit/core/classify/verdict-golden.test.ts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze, getDefaultModel, textFeatures, type ClassifyDetail, type ClassifyMode, type PageFeatures } from '../../../../src/core/classify/index.ts';
import { extractFeatures } from '../../../../src/dom/index.ts';
import { parseDocument } from '../../../../src/maintainer/html/parse.ts';
import { loadCorpus } from '../../../../src/maintainer/corpus/load.ts';
import { toPageFeatures } from '../../../../src/maintainer/corpus/schema.ts';
import { benchPageHtml } from '../../../bench/lib/classify-page.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..', '..');
const PAGES = join(ROOT, 'tests', 'fixtures', 'pages');
const GOLDEN = join(HERE, 'verdict-golden.json');

interface Golden {
  readonly modelVersion: string;
  readonly hashes: Record<string, string>;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []))
    .sort();
}

/** Everything analyze() reports, as JSON (Maps as entry lists; float values exactly as computed). */
export function canonicalDetail(d: ClassifyDetail): string {
  return JSON.stringify({
    verdict: d.verdict, scores: d.scores, raw: d.raw, action: d.action, awareness: d.awareness, damping: d.damping,
    signals: [...d.signals], indicators: d.indicators, modelVersion: d.modelVersion, contributions: d.contributions,
    impersonation: d.impersonation, phishingCapped: d.phishingCapped, warnScore: d.warnScore,
  });
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const clock = () => 0;

describe('scorer output is unchanged (golden hashes of the full analysis)', () => {
  const model = getDefaultModel();
  const actual: Record<string, string> = {};
  const run = (key: string, f: PageFeatures, mode: ClassifyMode): void => {
    actual[key] = sha(canonicalDetail(analyze(f, model, mode)));
  };
  for (const file of htmlFiles(PAGES)) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const url = doc.querySelector('meta[name="x-url"]')?.getAttribute('content') || undefined;
    run(`fixture/${relative(PAGES, file)}`, extractFeatures(doc, { ...(url ? { url } : {}), now: clock }), 'page');
  }
  run('synthetic/bench-2k', extractFeatures(parseDocument(benchPageHtml()), { url: 'https://shop.example.test/#/x', now: clock }), 'page');
  const corpus = loadCorpus(join(ROOT, 'corpus'));
  for (const p of corpus.pages) {
    const key = sha(`${p.id}\n${JSON.stringify(p.features)}`);
    if (key.startsWith('0')) run(`corpus-page/${key}`, toPageFeatures(p), 'page');
  }
  for (const t of corpus.texts) {
    const key = sha(`${t.id}\n${t.text}`);
    if (key.startsWith('0')) run(`corpus-text/${key}`, textFeatures(t.text), 'text');
  }

  if (process.env.SS_WRITE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify({ modelVersion: model.version, hashes: actual } satisfies Golden, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;

  it('was written for the bundled model (after a retrain: regenerate, see the header)', () => {
    expect(model.version).toBe(golden.modelVersion);
  });

  it('every page fixture and the 2k bench page score exactly as recorded', () => {
    const keys = Object.keys(golden.hashes).filter((k) => k.startsWith('fixture/') || k.startsWith('synthetic/'));
    expect(keys.length).toBeGreaterThan(200);
    const diff = keys.filter((k) => actual[k] !== golden.hashes[k]);
    expect(diff).toEqual([]);
  });

  it('corpus items (1 in 16, by a hash of id and content) score exactly as recorded', () => {
    // keyed by content hash: items added to or removed from the corpus since recording are not compared
    const keys = Object.keys(golden.hashes).filter((k) => k.startsWith('corpus-') && k in actual);
    expect(keys.filter((k) => k.startsWith('corpus-page/')).length).toBeGreaterThan(50);
    expect(keys.filter((k) => k.startsWith('corpus-text/')).length).toBeGreaterThan(500);
    const diff = keys.filter((k) => actual[k] !== golden.hashes[k]);
    expect(diff).toEqual([]);
  });
});
