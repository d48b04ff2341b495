/**
 * npm run train — corpus/ (in git) → src/core/classify/model.json (format 4), reproducibly: same corpus and
 * lexicon → same bytes (seeded grouped split, deterministic full-batch training, fixed number formatting).
 *
 * The shipped model is the one `npm run eval -- detection` measures: trained on the train groups (plus the
 * synthetic fixtures), thresholds on the validation groups, the test groups never seen.
 *   --out FILE     write elsewhere (default src/core/classify/model.json)
 *   --release N    the model's release number (default: the previous file's, +1 when the weights changed)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLexicon } from '../../core/classify/lexicon.ts';
import { MODEL_FORMAT_VERSION, parseModel, serializeModel } from '../../core/classify/model.ts';
import { writeFileAtomic } from '../fs-util.ts';
import { loadCorpus } from '../corpus/load.ts';
import { assignSplits } from './split.ts';
import { corpusDigest, SEED, trainModel } from './pipeline.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CORPUS_DIR = join(root, 'corpus');
export const LEXICON_FILE = join(root, 'src', 'core', 'classify', 'lexicon.json');
export const MODEL_FILE = join(root, 'src', 'core', 'classify', 'model.json');
export const RELEASE_FILE = join(root, 'src', 'core', 'classify', 'bundled-release.ts');

/** src/core/classify/bundled-release.ts: the bundled model's release as a constant (tests/unit check it matches). */
export function releaseModule(release: number): string {
  return `/** Release of the bundled model (src/core/classify/model.json), written by npm run train. */\nexport const BUNDLED_MODEL_RELEASE = ${release};\n`;
}

/** --release N, else the release of the model already at `out`: the same when its weights are these (retraining
 *  the same corpus gives the same bytes), one more when they changed (a feed model must be numbered above the
 *  bundled one to replace it). A file of an older format there: its release + 1; no file (or no release): 1. */
function releaseFor(out: string, version: string, argv: readonly string[]): number {
  const at = argv.indexOf('--release');
  if (at >= 0) {
    const n = Number(argv[at + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error('--release needs a whole number ≥ 1');
    return n;
  }
  if (!existsSync(out)) return 1;
  const raw: unknown = JSON.parse(readFileSync(out, 'utf8'));
  const prev = parseModel(raw);
  if (prev.ok) return prev.value.version === version ? prev.value.release : prev.value.release + 1;
  // a model of an older format (or one that no longer validates): its release number still orders the feed
  const r = typeof raw === 'object' && raw !== null ? (raw as { release?: unknown }).release : undefined;
  return Number.isInteger(r) && (r as number) >= 1 ? (r as number) + 1 : 1;
}

function main(): void {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? resolve(argv[outAt + 1] ?? '') : MODEL_FILE;
  const t0 = performance.now();
  const lexRaw = readFileSync(LEXICON_FILE);
  const lex = parseLexicon(JSON.parse(lexRaw.toString('utf8')));
  if (!lex.ok) throw new Error(`lexicon.json: ${lex.message}`);
  const corpus = loadCorpus(CORPUS_DIR);
  const digest = corpusDigest([readFileSync(join(CORPUS_DIR, 'pages.jsonl.gz')), readFileSync(join(CORPUS_DIR, 'texts.jsonl.gz')), lexRaw]);
  const pageSides = assignSplits(corpus.pages, SEED, 'page', corpus.pageSides);
  const textSides = assignSplits(corpus.texts, SEED);
  const side = (g: string): string => pageSides.get(g) ?? textSides.get(g) ?? 'train';
  const model = trainModel(corpus, lex.value, { train: (g) => side(g) === 'train', val: (g) => side(g) === 'val' }, 'pending', {
    corpus: digest,
    pages: corpus.pages.length,
    texts: corpus.texts.length,
  });
  // the version names the weights (the corpus digest is in training.corpus): any change of data or code shows
  const draft = serializeModel(model);
  const version = `${MODEL_FORMAT_VERSION}-${corpusDigest([JSON.stringify(draft.heads)]).slice(0, 12)}`;
  const file = { ...draft, version, release: releaseFor(out, version, argv) };
  const json = `${JSON.stringify(file)}\n`;
  const checked = parseModel(JSON.parse(json));
  if (!checked.ok) throw new Error(`trained model does not validate: ${checked.message}`);
  writeFileAtomic(out, json);
  // the worker compares feed models with the bundled release before (and without) loading the bundled model
  if (out === MODEL_FILE) writeFileAtomic(RELEASE_FILE, releaseModule(file.release));
  const s = (h: 'page' | 'text'): string => `${h}: ${model.heads[h].features.length} features, caution ${model.heads[h].thresholds.caution}, warn ${model.heads[h].thresholds.warn}`;
  console.log(`model ${file.version} → ${out} (${(json.length / 1024).toFixed(0)} KiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  ${s('page')}\n  ${s('text')}`);
}

main();
