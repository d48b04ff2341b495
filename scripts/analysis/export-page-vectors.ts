/**
 * The page head's training vectors of the train + validation groups (never the test groups), with the grouped 5-fold
 * assignment `npm run eval -- select` uses — for trying other learners outside the pipeline
 * (scripts/analysis/page-head-learners.py). One JSON line per page: id, class index, label, kind, split group, fold,
 * its grams and structural features.
 *
 *   node --import tsx scripts/analysis/export-page-vectors.ts OUT.jsonl
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLexicon } from '../../src/core/classify/lexicon.ts';
import { loadCorpus } from '../../src/maintainer/corpus/load.ts';
import { assignFolds, FIXTURES_GROUP, withoutTestGroups } from '../../src/maintainer/train/split.ts';
import type { PageItem } from '../../src/maintainer/corpus/schema.ts';
import { headTraining, PAGE_OPTIONS, SEED, type Item } from '../../src/maintainer/train/pipeline.ts';
const root = process.cwd();
const lex = parseLexicon(JSON.parse(readFileSync(join(root, 'src/core/classify/lexicon.json'), 'utf8')));
if (!lex.ok) throw new Error(lex.message);
const corpus = loadCorpus(join(root, 'corpus'));
const pageItems: PageItem[] = withoutTestGroups(corpus.pages, SEED, corpus.pageSides);
const pages: Item[] = pageItems.map((item) => ({ kind: 'page', item }));
const folds = assignFolds(pageItems, 5, SEED);
const xs = headTraining('page', pages, [], lex.value, PAGE_OPTIONS);
const out: string[] = [];
xs.forEach((ex, i) => {
  const it = pageItems[i]!;
  out.push(JSON.stringify({ id: ex.id, y: ex.y, label: it.label, kind: it.kind, group: ex.group, fold: it.splitGroup === FIXTURES_GROUP ? -1 : folds.get(it.splitGroup) ?? -1, grams: [...ex.vec.grams.keys()], structural: Object.fromEntries(ex.vec.structural) }));
});
const file = process.argv[2];
if (!file) throw new Error('usage: export-page-vectors.ts OUT.jsonl');
writeFileSync(file, out.join('\n') + '\n');
console.log(`${xs.length} pages → ${file}`);
