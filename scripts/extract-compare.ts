/**
 * The page-feature extractor (src/dom) against an older version of itself, in Chromium (issue 18, classify target):
 *   1. identical output: every page fixture (tests/fixtures/pages), the classify bench's 2k page and 40 seeded random
 *      pages are loaded in Chromium and extracted by both versions; the features (timing field zeroed) must be
 *      byte-identical (the unit golden test does the same under linkedom);
 *   2. speed: on the classify bench's 2k page, the two versions alternate, 120 runs each, medians + ratio.
 * Usage: npx tsx scripts/extract-compare.ts [git ref of the old extractor, default HEAD]
 * Exits 1 when any output differs. Needs Chromium (CHROME_PATH or /usr/bin/chromium).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import puppeteer from 'puppeteer-core';
import { benchPageHtml, randomPageHtml } from '../tests/bench/lib/classify-page.ts';
import { bundleIife, refArg, ROOT, srcAtRef } from '../tests/bench/lib/compare.ts';

const REF = refArg();
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

/** src/ at REF (the extractor and the core code it calls, e.g. classifyField). */
const oldTree = (): string => srcAtRef(REF, 'ss-extract-old-');

const bundle = (root: string, name: string): Promise<string> =>
  bundleIife(root, `import { extractFeatures } from './src/dom/extract.ts'; globalThis.${name} = extractFeatures;`);

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []))
    .sort();
}

const old = oldTree();
try {
  const code = `globalThis.__name = (f) => f;\n${await bundle(old, '__old')}\n${await bundle(ROOT, '__new')}`;
  const browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const pagesDir = join(ROOT, 'tests', 'fixtures', 'pages');
    const inputs: [string, string][] = htmlFiles(pagesDir).map((f) => [relative(pagesDir, f), readFileSync(f, 'utf8')]);
    inputs.push(['synthetic/bench-2k', benchPageHtml()]);
    for (let seed = 1; seed <= 40; seed++) inputs.push([`synthetic/random-${seed}`, randomPageHtml(seed)]);
    const differ: string[] = [];
    for (const [name, html] of inputs) {
      await page.setContent(html, { waitUntil: 'load' });
      await page.addScriptTag({ content: code });
      const [a, b] = await page.evaluate(() => {
        type X = (d: Document, o: object) => { stats: object };
        const g = globalThis as unknown as { __old: X; __new: X };
        const opts = { url: 'https://shop.example.test/#/x', now: () => 0 };
        const canon = (f: { stats: object }) => JSON.stringify({ ...f, stats: { ...f.stats, elapsedMs: 0 } });
        return [canon(g.__old(document, opts)), canon(g.__new(document, opts))];
      });
      if (a !== b) differ.push(name);
    }
    console.log(`identical output in Chromium: ${inputs.length - differ.length} of ${inputs.length} pages${differ.length ? `; DIFFERENT: ${differ.join(', ')}` : ''}`);

    await page.setContent(benchPageHtml(), { waitUntil: 'load' });
    await page.addScriptTag({ content: code });
    const t = await page.evaluate(() => {
      type X = (d: Document, o: object) => unknown;
      const g = globalThis as unknown as { __old: X; __new: X };
      const times: Record<'old' | 'new', number[]> = { old: [], new: [] };
      for (let i = 0; i < 220; i++) {
        for (const k of i % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
          const t0 = performance.now();
          (k === 'old' ? g.__old : g.__new)(document, { url: location.href });
          if (i >= 20) times[k].push(performance.now() - t0);
        }
      }
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
      return { old: med(times.old), new: med(times.new), oldMin: Math.min(...times.old), newMin: Math.min(...times.new), elements: document.querySelectorAll('*').length };
    });
    console.log(
      `2k page (${t.elements} elements), extraction median of 200 alternating runs: old (${REF}) ${t.old.toFixed(2)} ms, new ${t.new.toFixed(2)} ms → ${(t.old / t.new).toFixed(2)}×; min ${t.oldMin.toFixed(2)} / ${t.newMin.toFixed(2)} ms → ${(t.oldMin / t.newMin).toFixed(2)}× (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`,
    );
    if (differ.length) process.exitCode = 1;
  } finally {
    await browser.close();
  }
} finally {
  rmSync(old, { recursive: true, force: true });
}
