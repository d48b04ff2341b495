/**
 * Moves the held-out pages (corpus/holdout-pages.jsonl.gz, a blind measure once it has been taken) into the corpus
 * as training material:
 *
 *   npm run corpus -- train-holdout
 *
 * Their repositories are published on the TRAIN side of corpus/page-sides.json, so the validation and test sides —
 * and every figure measured on them — stay exactly as they were. A held-out near-copy of a validation or test source
 * (its split group is that corpus split group) cannot go to training (a near-copy never sits on two sides) and is not
 * added to a measured side either: it stays in the held-out file. Nothing is re-extracted: the items move as stored.
 * stats.json's page counts are recomputed; the held-out file keeps only what stayed (removed when nothing did).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-util.ts';
import { SEED } from '../train/pipeline.ts';
import { assignSplits, sidesByGroup, type Side } from '../train/split.ts';
import { recountPages, sortKeys, writeJsonlGz, type IngestStats } from './ingest.ts';
import type { PageItem } from './schema.ts';
import { HOLDOUT_PAGES_FILE, loadCorpus, loadHoldoutPages, PAGE_SIDES_FILE } from './load.ts';

export class TrainHoldoutError extends Error {}

export interface TrainHoldoutResult {
  readonly moved: number;
  /** Near-copies of validation / test sources, left in the held-out file. */
  readonly stayed: number;
  /** New groups published on the train side. */
  readonly published: number;
  readonly pages: number;
}

export function trainHoldout(corpusDir: string): TrainHoldoutResult {
  const held = loadHoldoutPages(corpusDir);
  if (held.length === 0) throw new TrainHoldoutError(`no held-out pages: ${HOLDOUT_PAGES_FILE} is missing or empty`);
  const corpus = loadCorpus(corpusDir);
  const frozen = corpus.pageSides;
  if (!frozen || frozen.size === 0) throw new TrainHoldoutError(`${PAGE_SIDES_FILE} is missing: publish the split first (npm run corpus -- freeze-sides)`);
  const ids = new Set(corpus.pages.map((p) => p.id));
  const clash = held.find((p) => ids.has(p.id));
  if (clash) throw new TrainHoldoutError(`held-out id already in the corpus: ${clash.id}`);
  const groups = new Set(corpus.pages.map((p) => p.group));
  const inCorpus = held.find((p) => groups.has(p.group));
  if (inCorpus) throw new TrainHoldoutError(`held-out repository already in the corpus: ${inCorpus.group}`);

  // The side of each corpus split group, as the published table deals it now.
  const dealt = assignSplits(corpus.pages, SEED, 'page', frozen);
  const sides = new Map(frozen);
  const side = (p: PageItem): Side => dealt.get(p.splitGroup) ?? 'train';
  const moving = held.filter((p) => side(p) === 'train');
  const staying = held.filter((p) => side(p) !== 'train');
  for (const p of moving) sides.set(p.group, 'train');
  const published = new Set(moving.map((p) => p.group).filter((g) => !frozen.has(g))).size;
  const pages = [...corpus.pages, ...moving].sort((a, b) => a.id.localeCompare(b.id));
  // The published table must deal every old group as before (checked, not assumed).
  const after = assignSplits(pages, SEED, 'page', sides);
  for (const [g, s] of dealt) if (after.get(g) !== s) throw new TrainHoldoutError(`split group ${g} would move from ${s} to ${after.get(g)}`);

  const statsFile = join(corpusDir, 'stats.json');
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as IngestStats;
  recountPages(stats, pages);
  const raw = JSON.parse(readFileSync(join(corpusDir, PAGE_SIDES_FILE), 'utf8')) as { note?: string; seed?: number };
  writeJsonlGz(join(corpusDir, 'pages.jsonl.gz'), pages);
  writeFileAtomic(join(corpusDir, PAGE_SIDES_FILE), `${JSON.stringify({ note: raw.note, seed: raw.seed ?? SEED, sides: sidesByGroup(pages, after) }, null, 1)}\n`);
  writeFileAtomic(statsFile, `${JSON.stringify(sortKeys(stats), null, 2)}\n`);
  const f = join(corpusDir, HOLDOUT_PAGES_FILE);
  if (staying.length > 0) writeJsonlGz(f, staying);
  else if (existsSync(f)) rmSync(f);
  return { moved: moving.length, stayed: staying.length, published, pages: pages.length };
}
