/**
 * Two page models on the VALIDATION side of the published split — never the test side — at the false-positive rates
 * that matter: recall when each model's own warn threshold lets ≤ 0.25 / 0.5 / 1 / 2 / 5 % of the validation legit
 * pages through, and the AUC. For deciding whether a retrained model replaces the shipped one (the shipped pipeline
 * sets its thresholds on these same legit pages, so this is the comparison at its operating point).
 *
 *   npm run eval -- val-compare --models OLD.json,NEW.json [--corpus-sides]
 *   git show HEAD:src/core/classify/model.json > /tmp/old.json && npm run eval -- val-compare --models /tmp/old.json,src/core/classify/model.json
 *
 * The validation side is the corpus's as published now (corpus/page-sides.json): models trained on different
 * corpora are compared on the same items only when neither trained on them — check the training side of both.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from '../../src/core/classify/model.ts';
import { loadCorpus } from '../../src/maintainer/corpus/load.ts';
import { SEED, thresholdFor, type Item } from '../../src/maintainer/train/pipeline.ts';
import { assignSplits } from '../../src/maintainer/train/split.ts';
import { pct, predict } from './lib/detection.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const at = argv.indexOf('--models');
const files = at >= 0 ? (argv[at + 1] ?? '').split(',').filter(Boolean) : [];
if (files.length < 2) throw new Error('pass --models OLD.json,NEW.json (two or more model files)');

const corpus = loadCorpus(join(root, 'corpus'));
const sides = assignSplits(corpus.pages, SEED, 'page', corpus.pageSides);
const val: Item[] = corpus.pages
  .filter((p) => sides.get(p.splitGroup) === 'val' && (p.kind === 'page' || p.kind === 'template'))
  .map((item) => ({ kind: 'page', item }));
const FPS = [0.0025, 0.005, 0.01, 0.02, 0.05];

console.log(`validation side: ${val.filter((x) => x.item.label !== 'legit').length} scam / ${val.filter((x) => x.item.label === 'legit').length} legit pages`);
console.log(`| model | AUC | ${FPS.map((f) => `legit ≤ ${pct(f)}`).join(' | ')} |`);
console.log(`|---|---:|${FPS.map(() => '---:').join('|')}|`);
for (const file of files) {
  const parsed = parseModel(JSON.parse(readFileSync(resolve(file), 'utf8')));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  const preds = predict(val, parsed.value, 'page');
  const legit = preds.filter((p) => p.label === 'legit').map((p) => p.score);
  const scam = preds.filter((p) => p.label !== 'legit').map((p) => p.score);
  const cells = FPS.map((fp) => {
    const t = thresholdFor(legit, fp, 0, 1); // the pipeline's rule, without the shipped floor and ceiling
    return `${pct(scam.filter((s) => s >= t).length / scam.length)} (warn ${t.toFixed(3)})`;
  });
  let auc = 0;
  for (const s of scam) for (const l of legit) auc += s > l ? 1 : s === l ? 0.5 : 0;
  auc /= scam.length * legit.length;
  console.log(`| ${parsed.value.version} (${file}) | ${auc.toFixed(3)} | ${cells.join(' | ')} |`);
}
