/**
 * Corpus maintenance.
 *   npm run corpus -- ingest [--from DIR]   staging manifests → corpus/*.jsonl.gz + corpus/stats.json
 *   npm run corpus -- add-pages --from DIR [--replace]   newly staged pages (DIR/scam, DIR/legit manifests) → merged
 *                                           into corpus/pages.jsonl.gz by ingest's rules (add-pages.ts)
 *   npm run corpus -- add-texts --from DIR [--replace]
 *                                           DIR/texts/*.jsonl merged into corpus/texts.jsonl.gz (pages untouched);
 *                                           a data set name already in the corpus is refused unless --replace
 *   npm run corpus -- stats                 counts per label / kind / group of the corpus in git
 *   npm run corpus -- freeze-sides          publish the page split: every page source group's side (train / val /
 *                                           test) as dealt now → corpus/page-sides.json. Groups already there keep
 *                                           their side; groups added later are dealt around them (split.ts).
 *   npm run corpus -- train-holdout         the held-out pages (corpus/holdout-pages.jsonl.gz) join the corpus on the
 *                                           train side; validation and test stay as they were (train-holdout.ts)
 * DIR defaults to $SCAM_STAGING, else ../staging or ../../staging next to the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../fs-util.ts';
import { SEED } from '../train/pipeline.ts';
import { assignSplits, sidesByGroup } from '../train/split.ts';
import { addPages, AddPagesError } from './add-pages.ts';
import { addTexts, DatasetExistsError, ingest } from './ingest.ts';
import { loadCorpus, PAGE_SIDES_FILE } from './load.ts';
import { trainHoldout, TrainHoldoutError } from './train-holdout.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpusDir = join(root, 'corpus');

function stagingDir(argv: readonly string[]): string | null {
  const i = argv.indexOf('--from');
  if (i >= 0) return argv[i + 1] ?? null;
  if (process.env.SCAM_STAGING) return process.env.SCAM_STAGING;
  for (const c of [join(root, '..', 'staging'), join(root, '..', '..', 'staging')]) if (existsSync(c)) return c;
  return null;
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'ingest') {
  const dir = stagingDir(rest);
  if (!dir || !existsSync(dir)) {
    console.error('staging directory not found: pass --from DIR (scam/manifest.jsonl, legit/manifest.jsonl, texts/*.jsonl)');
    process.exitCode = 2;
  } else {
    const stats = ingest(resolve(dir), root, corpusDir);
    console.log(JSON.stringify(stats, null, 1));
  }
} else if (cmd === 'add-pages' || cmd === 'add-texts') {
  const pages = cmd === 'add-pages';
  const i = rest.indexOf('--from');
  const dir = i >= 0 ? rest[i + 1] : undefined;
  if (!dir || !existsSync(pages ? dir : join(dir, 'texts'))) {
    console.error(`${cmd}: pass --from DIR (${pages ? 'DIR/scam/manifest.jsonl and/or DIR/legit/manifest.jsonl' : 'DIR/texts/*.jsonl'})`);
    process.exitCode = 2;
  } else {
    const opts = { replace: rest.includes('--replace') };
    try {
      console.log(JSON.stringify(pages ? addPages(resolve(dir), corpusDir, opts) : addTexts(resolve(dir), corpusDir, opts), null, 1));
      if (pages) console.log('new page groups have no published side yet: `npm run corpus -- freeze-sides` publishes them (the groups already in corpus/page-sides.json keep theirs)');
    } catch (e: unknown) {
      if (!(e instanceof AddPagesError || e instanceof DatasetExistsError)) throw e;
      console.error(`${cmd}: ${e.message} — nothing written`);
      process.exitCode = 1;
    }
  }
} else if (cmd === 'stats') {
  const c = loadCorpus(corpusDir);
  const by = (xs: readonly { label: string }[]): Record<string, number> => xs.reduce<Record<string, number>>((r, x) => ((r[x.label] = (r[x.label] ?? 0) + 1), r), {});
  console.log(JSON.stringify({ pages: by(c.pages), texts: by(c.texts), pageGroups: new Set(c.pages.map((p) => p.group)).size }, null, 1));
} else if (cmd === 'freeze-sides') {
  const c = loadCorpus(corpusDir);
  const sides = sidesByGroup(c.pages, assignSplits(c.pages, SEED, 'page', c.pageSides));
  const added = Object.keys(sides).filter((g) => !c.pageSides?.has(g));
  const note = 'Published page split (npm run corpus -- freeze-sides): a group listed here keeps its side when sources are added; see src/maintainer/train/split.ts';
  writeFileAtomic(join(corpusDir, PAGE_SIDES_FILE), `${JSON.stringify({ note, seed: SEED, sides }, null, 1)}\n`);
  console.log(`${PAGE_SIDES_FILE}: ${Object.keys(sides).length} groups (${added.length} newly published: ${added.join(', ') || 'none'})`);
} else if (cmd === 'train-holdout') {
  try {
    console.log(JSON.stringify(trainHoldout(corpusDir), null, 1));
  } catch (e: unknown) {
    if (!(e instanceof TrainHoldoutError)) throw e;
    console.error(`train-holdout: ${e.message} — nothing written`);
    process.exitCode = 1;
  }
} else {
  console.error('usage: npm run corpus -- ingest [--from DIR] | add-pages --from DIR [--replace] | add-texts --from DIR [--replace] | stats | freeze-sides | train-holdout');
  process.exitCode = 2;
}
