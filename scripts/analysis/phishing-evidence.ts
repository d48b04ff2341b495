/**
 * Impersonation evidence of phishing and legit pages as the browser would see them: scam pages without an address
 * served from a throw-away host, legit pages at their recorded address (eval `with hosts`). Prints, per label and
 * kind of evidence, the levels of the shipped model. Decision aid for impersonation.ts / lexicon-match.ts changes;
 * `trainval` (default) reads the train + validation groups only, `test` the test groups.
 *   node --import tsx scripts/analysis/phishing-evidence.ts [trainval|test]
 */
import { getDefaultModel } from '../../src/core/classify/index.ts';
import { analyze } from '../../src/core/classify/score.ts';
import { loadCorpus } from '../../src/maintainer/corpus/load.ts';
import { assignSplits } from '../../src/maintainer/train/split.ts';
import { featuresOf, SEED, type Item } from '../../src/maintainer/train/pipeline.ts';
const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
const model = getDefaultModel();
const sides = assignSplits(corpus.pages, SEED, 'page', corpus.pageSides);
const side = process.argv[2] ?? 'trainval';
const rows: Record<string, Record<string, number>> = {};
const bump = (k: string, c: string) => { (rows[k] ??= {})[c] = (rows[k]![c] ?? 0) + 1; };
for (const item of corpus.pages) {
  const s = sides.get(item.splitGroup);
  if (side === 'trainval' ? s === 'test' : s !== 'test') continue;
  if (!(item.kind === 'page' || item.kind === 'template')) continue;
  const it: Item = { kind: 'page', item };
  const f = featuresOf(it, 'throwaway-scam');
  const d = analyze(f, model, 'page');
  const ev = d.impersonation.join(',') || '-';
  const lab = item.label === 'legit' ? 'legit' : item.label;
  if (lab !== 'phishing' && lab !== 'legit') continue;
  bump(`${lab} ${ev}`, d.verdict.level);
}
for (const [k, v] of Object.entries(rows).sort()) console.log(k.padEnd(60), JSON.stringify(v));
