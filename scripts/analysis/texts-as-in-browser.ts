/**
 * The text data sets mask links, numbers and e-mail addresses (`<URL>`, `<PHONE>`, `<EMAIL>`, `<USER>`); an ad or
 * SMS in the browser carries real ones. This reads the text items of one split twice through the shipped model —
 * as stored (masked) and with every placeholder filled with a random but realistic value (seeded: random host names
 * and paths, 10–11-digit numbers, addresses, @handles) — and prints recall at warn on scam texts and warn on legit
 * texts for both, so the effect of reading texts the way they arrive (src/core/classify/mask.ts) can be seen on
 * data the model did not train on. Run it in two checkouts to compare code + model pairs.
 *   node --import tsx scripts/analysis/texts-as-in-browser.ts [test|val]
 */
import { getDefaultModel, textFeatures } from '../../src/core/classify/index.ts';
import { analyze } from '../../src/core/classify/score.ts';
import { loadCorpus } from '../../src/maintainer/corpus/load.ts';
import { assignSplits } from '../../src/maintainer/train/split.ts';
import { SEED } from '../../src/maintainer/train/pipeline.ts';

const side = process.argv[2] ?? 'test';
const corpus = loadCorpus(new URL('../../corpus', import.meta.url).pathname);
const model = getDefaultModel();
const sides = assignSplits(corpus.texts, SEED);
let seed = 0x2545f491;
const rnd = (n: number): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const letters = (min: number, max: number): string => Array.from({ length: min + rnd(max - min + 1) }, () => 'abcdefghijklmnopqrstuvwxyz'[rnd(26)]).join('');
const digits = (n: number): string => Array.from({ length: n }, () => String(rnd(10))).join('');
const TLDS = ['com', 'net', 'top', 'xyz', 'info', 'cn', 'co', 'io'];
const fill = (t: string): string =>
  t
    .replace(/<URL>/g, () => (rnd(2) ? 'https://' : '') + `${letters(5, 10)}.${TLDS[rnd(TLDS.length)]}` + (rnd(2) ? `/${letters(3, 8)}` : ''))
    .replace(/<PHONE>/g, () => (rnd(2) ? `1${digits(10)}` : `${digits(3)}-${digits(3)}-${digits(4)}`))
    .replace(/<EMAIL>/g, () => `${letters(4, 8)}@${letters(4, 8)}.com`)
    .replace(/<USER>/g, () => `@${letters(4, 10)}`);
const rows: Record<string, { scam: number; scamWarn: number; legit: number; legitWarn: number }> = {};
let filled = 0;
for (const item of corpus.texts) {
  if (sides.get(item.splitGroup) !== side) continue;
  const raw = fill(item.text);
  if (raw !== item.text) filled++;
  for (const [name, text] of [
    ['as stored (masked)', item.text],
    ['placeholders filled (as in the browser)', raw],
  ] as const) {
    const v = analyze(textFeatures(text), model, 'text').verdict;
    const r = (rows[name] ??= { scam: 0, scamWarn: 0, legit: 0, legitWarn: 0 });
    if (item.label === 'legit') {
      r.legit++;
      if (v.level === 'warn') r.legitWarn++;
    } else {
      r.scam++;
      if (v.level === 'warn') r.scamWarn++;
    }
  }
}
const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
console.log(`model ${model.version}, ${side} split texts; ${filled} items had a placeholder`);
for (const [name, r] of Object.entries(rows)) console.log(`${name.padEnd(42)} scam at warn ${pct(r.scamWarn, r.scam)} (${r.scamWarn}/${r.scam}), legit at warn ${pct(r.legitWarn, r.legit)} (${r.legitWarn}/${r.legit})`);
