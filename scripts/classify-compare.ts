/**
 * The classifier's model load and scoring against an older version of itself, in Chromium (issues 13, 18), on the
 * same machine at the same moment (the machine is shared: a bench run an hour apart says little):
 *   1. model load — model.json text → JSON.parse → parseModel → compileModel in a fresh page, the two versions
 *      alternating page by page (each with its own src/ tree and the working tree's model.json), 15 pages each;
 *   2. scoring — classifyPage on the classify bench's 2k page's features, both versions bundled into one page,
 *      alternating, 100 samples of 10 scorings each; the verdicts must be identical (exit 1 otherwise).
 * Prints median and min per version and the ratio, with the load average.
 * Usage: npx tsx scripts/classify-compare.ts [git ref of the old classifier, default HEAD]
 * Needs Chromium (CHROME_PATH or /usr/bin/chromium).
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { benchPageHtml } from '../tests/bench/lib/classify-page.ts';
import { bundleIife, refArg, ROOT, srcAtRef } from '../tests/bench/lib/compare.ts';

const REF = refArg();
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

// both versions load the same model and lexicon (the working tree's): only the code differs
const oldTree = (): string => srcAtRef(REF, 'ss-classify-old-', ['src/core/classify/model.json', 'src/core/classify/lexicon.json']);

const bundle = (root: string, name: string): Promise<string> =>
  bundleIife(
    root,
    `import { extractFeatures } from './src/dom/extract.ts';
import { classifyPage, getDefaultModel, parseModel, compileModel } from './src/core/classify/index.ts';
globalThis.${name} = { extractFeatures, classifyPage, getDefaultModel, parseModel, compileModel };`,
  );

const stats = (v: number[]): { median: number; min: number } => {
  const s = [...v].sort((a, b) => a - b);
  return { median: s[s.length >> 1] ?? NaN, min: s[0] ?? NaN };
};
const f2 = (x: number): string => x.toFixed(2);

const dir = oldTree();
let failed = false;
try {
  const oldCode = await bundle(dir, '__old');
  const newCode = await bundle(ROOT, '__new');
  const modelText = readFileSync(join(ROOT, 'src', 'core', 'classify', 'model.json'), 'utf8');
  const browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const loads: Record<'old' | 'new', number[]> = { old: [], new: [] };
    for (let i = 0; i < 15; i++) {
      for (const w of i % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
        const page = await browser.newPage();
        await page.addScriptTag({ content: `globalThis.__name = (f) => f;\n${w === 'old' ? oldCode : newCode}` });
        loads[w].push(
          await page.evaluate(
            (text: string, name: string) => {
              const api = (globalThis as unknown as Record<string, { parseModel: (x: unknown) => { ok: boolean; value?: unknown }; compileModel: (m: unknown) => unknown }>)[name]!;
              const t0 = performance.now();
              const r = api.parseModel(JSON.parse(text));
              if (!r.ok) throw new Error('model does not validate');
              api.compileModel(r.value);
              return performance.now() - t0;
            },
            modelText,
            `__${w}`,
          ),
        );
        await page.close();
      }
    }
    const page = await browser.newPage();
    await page.setContent(benchPageHtml(), { waitUntil: 'load' });
    await page.addScriptTag({ content: `globalThis.__name = (f) => f;\n${oldCode}\n${newCode}` });
    const score = await page.evaluate(() => {
      type Api = { extractFeatures: (d: Document, o: object) => unknown; classifyPage: (f: unknown) => unknown; getDefaultModel: () => unknown };
      const g = globalThis as unknown as Record<string, Api>;
      const apis = { old: g.__old!, new: g.__new! };
      apis.old.getDefaultModel();
      apis.new.getDefaultModel();
      const f = apis.new.extractFeatures(document, { url: location.href });
      const same = JSON.stringify(apis.old.classifyPage(f)) === JSON.stringify(apis.new.classifyPage(f));
      for (let i = 0; i < 20; i++) {
        apis.old.classifyPage(f);
        apis.new.classifyPage(f);
      }
      const out = { old: [] as number[], new: [] as number[] };
      for (let i = 0; i < 100; i++) {
        for (const w of i % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
          const t0 = performance.now();
          for (let j = 0; j < 10; j++) apis[w].classifyPage(f);
          out[w].push((performance.now() - t0) / 10);
        }
      }
      return { same, ...out };
    });
    if (!score.same) {
      failed = true;
      console.error('the two versions give different verdicts on the 2k page');
    }
    const lo = stats(loads.old);
    const ln = stats(loads.new);
    const so = stats(score.old);
    const sn = stats(score.new);
    console.log(`old = ${REF}, new = working tree; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`model load (fresh page, 15 each): old median ${f2(lo.median)} (min ${f2(lo.min)}) ms, new ${f2(ln.median)} (min ${f2(ln.min)}) ms, ${f2(lo.median / ln.median)}× (min ${f2(lo.min / ln.min)}×)`);
    console.log(`scoring, 2k page (100 × 10): old median ${f2(so.median)} (min ${f2(so.min)}) ms, new ${f2(sn.median)} (min ${f2(sn.min)}) ms, ${f2(so.median / sn.median)}× (min ${f2(so.min / sn.min)}×); verdicts ${score.same ? 'identical' : 'DIFFERENT'}`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) process.exit(1);
