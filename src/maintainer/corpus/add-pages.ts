/**
 * Adds newly staged pages to the corpus in git without the staging area the corpus was first built from:
 *
 *   npm run corpus -- add-pages --from DIR [--replace]     DIR holds scam/manifest.jsonl and/or legit/manifest.jsonl
 *
 * The staged rows go through exactly what `ingest` does with them (sha256 check, browser-like parse, our extractor,
 * the visible-text floor); then the corpus's own pages join them as candidates and the whole set is deduplicated
 * again by ingest's rule (`dedupe`: exact and near-duplicates dropped, keep the first by id; near-copies' groups
 * joined into one split group). An item's SimHash comes from its stored features — the same text ingest hashed —
 * so with nothing staged the result is the corpus as it was (unit-tested), and a new repository that copies an old
 * one joins its split group instead of leaking across the split.
 *
 * A repository already in the corpus is refused (nothing written) unless `--replace`, which drops its items first.
 * texts.jsonl.gz is not touched; stats.json's page counts are recomputed and the new rows' read / dropped counts
 * are added to the last ingest's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs-util.ts';
import { bump, dedupe, readSide, recountPages, sortKeys, writeJsonlGz, type Candidate, type IngestStats } from './ingest.ts';
import { loadCorpus } from './load.ts';
import { compactOf, simhash } from './near-dup.ts';
import type { PageItem } from './schema.ts';

export interface AddPagesResult {
  readonly added: number;
  readonly dropped: Record<string, number>;
  readonly pages: number;
  /** Split groups of the new items that now hold an older repository too (near-copies). */
  readonly joined: Record<string, string>;
}

export class AddPagesError extends Error {}

/** The candidate ingest would have built for an item it stored (fixtures: no exact-text key, as readFixtures). */
function candidateOf(item: PageItem): Candidate {
  const compact = compactOf(`${item.features.title}\n${item.features.text}`);
  return { item: { ...item, splitGroup: item.group }, hash: simhash(compact), compact: item.kind === 'fixture' ? '' : compact };
}

export function addPages(staging: string, corpusDir: string, opts: { replace?: boolean } = {}): AddPagesResult {
  const sides = ['scam', 'legit'].map((s) => join(staging, s)).filter((d) => existsSync(join(d, 'manifest.jsonl')));
  if (sides.length === 0) throw new AddPagesError(`nothing staged: ${staging} has no scam/manifest.jsonl or legit/manifest.jsonl`);
  const statsFile = join(corpusDir, 'stats.json');
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as IngestStats;
  const fresh: IngestStats = { read: {}, dropped: {}, pages: {}, pageKinds: {}, pageGroups: 0, pageSplitGroups: 0, texts: {}, textGroups: 0 };
  const staged: Candidate[] = [];
  for (const dir of sides) readSide(dir, fresh, staged);
  if (staged.length === 0) throw new AddPagesError(`no staged page was readable (${JSON.stringify(fresh.dropped)})`);
  const corpus = loadCorpus(corpusDir);
  const newGroups = new Set(staged.map((c) => c.item.group));
  const clash = [...newGroups].filter((g) => corpus.pages.some((p) => p.group === g));
  if (clash.length > 0 && !opts.replace) {
    throw new AddPagesError(`already in the corpus: ${clash.join(', ')} (pass --replace to replace their items)`);
  }
  const ids = new Set<string>();
  for (const c of staged) {
    if (ids.has(c.item.id)) throw new AddPagesError(`staged id twice: ${c.item.id}`);
    ids.add(c.item.id);
  }
  const kept = corpus.pages.filter((p) => !newGroups.has(p.group));
  const taken = kept.find((p) => ids.has(p.id));
  if (taken) throw new AddPagesError(`staged id already used by ${taken.group}: ${taken.id}`);
  // Links found by earlier ingests (also through items they dropped as duplicates) are kept: seeded from the stored split groups.
  const links = kept.filter((p) => p.splitGroup !== p.group).map((p) => [p.group, p.splitGroup] as const);
  const pages = dedupe([...kept.map(candidateOf), ...staged], fresh, 'page', links);
  const added = pages.filter((p) => newGroups.has(p.group)).length;
  const joined: Record<string, string> = {};
  for (const p of pages) if (newGroups.has(p.group) && p.splitGroup !== p.group) joined[p.group] = p.splitGroup;
  // The corpus's own items must come out as they went in (only their split group may grow by a new near-copy).
  const before = new Map(kept.map((p) => [p.id, p]));
  const lost = kept.length - pages.filter((p) => before.has(p.id)).length;
  if (lost > 0) throw new AddPagesError(`${lost} corpus item(s) would be dropped as duplicates of staged ones: stage without them`);

  for (const [k, n] of Object.entries(fresh.read)) bump(stats.read, k, n);
  for (const [k, n] of Object.entries(fresh.dropped)) bump(stats.dropped, k, n);
  recountPages(stats, pages);
  writeJsonlGz(join(corpusDir, 'pages.jsonl.gz'), pages);
  writeFileAtomic(statsFile, `${JSON.stringify(sortKeys(stats), null, 2)}\n`);
  return { added, dropped: fresh.dropped, pages: pages.length, joined };
}
