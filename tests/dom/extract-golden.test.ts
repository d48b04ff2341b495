/**
 * The extractor's output on every page fixture (tests/fixtures/pages, 218 pages) must stay byte-identical when its
 * implementation changes for speed (issue 18): tests/dom/extract-golden.json holds the SHA-256 of each page's
 * features (JSON, the timing field zeroed), written by the extractor before the speed work (commit "golden").
 * Regenerate only for an intended change of the features: SS_WRITE_GOLDEN=1 npx vitest run tests/dom/extract-golden.test.ts
 * The same comparison in Chromium, old build against new: scripts/extract-golden-chromium.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFeatures, extractFeaturesSliced } from '../../src/dom/index.ts';
import { parseDocument } from '../../src/maintainer/html/parse.ts';
import type { PageFeatures } from '../../src/core/classify/features.ts';
import { benchPageHtml, randomPageHtml } from '../bench/lib/classify-page.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGES = join(HERE, '..', 'fixtures', 'pages');
const GOLDEN = join(HERE, 'extract-golden.json');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []))
    .sort();
}

/** The features as JSON with the one timing-dependent field fixed. */
export function canonicalFeatures(f: PageFeatures): string {
  return JSON.stringify({ ...f, stats: { ...f.stats, elapsedMs: 0 } });
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const clock = () => 0; // never past a deadline: the whole page, whatever the machine's speed

function pageUrl(doc: Document): string | undefined {
  return doc.querySelector('meta[name="x-url"]')?.getAttribute('content') || undefined;
}

describe('extraction output is unchanged on the page fixtures (golden hashes)', () => {
  const files = htmlFiles(PAGES);
  const actual: Record<string, string> = {};
  for (const file of files) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const url = pageUrl(doc);
    actual[relative(PAGES, file)] = sha(canonicalFeatures(extractFeatures(doc, { ...(url ? { url } : {}), now: clock })));
  }

  // The classify bench's 2k-element page and seeded random pages (every branch of the walk, nested).
  const synthetic: [string, string][] = [['synthetic/bench-2k', benchPageHtml()]];
  for (let seed = 1; seed <= 40; seed++) synthetic.push([`synthetic/random-${seed}`, randomPageHtml(seed)]);
  for (const [name, html] of synthetic) {
    actual[name] = sha(canonicalFeatures(extractFeatures(parseDocument(html), { url: 'https://shop.example.test/#/x', now: clock })));
  }

  if (process.env.SS_WRITE_GOLDEN === '1') {
    writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;

  it('covers every fixture page', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(new Set(Object.values(actual)).size).toBe(Object.keys(actual).length); // no two pages alike
    expect(Object.keys(actual)).toEqual(Object.keys(golden));
  });

  it('gives the recorded features for each page', () => {
    const changed = Object.keys(golden).filter((k) => actual[k] !== golden[k]);
    expect(changed).toEqual([]);
  });

  it('the sliced walk (many tiny slices) gives the same features as the synchronous one', async () => {
    let slicedPages = 0;
    for (const file of files) {
      const doc = parseDocument(readFileSync(file, 'utf8'));
      let t = 0;
      const sliced = await extractFeaturesSliced(doc, { now: () => (t += 1), sliceBudgetMs: 0.5, totalBudgetMs: 1e9, yieldFn: () => Promise.resolve() });
      const whole = extractFeatures(doc, { now: clock });
      expect(canonicalFeatures({ ...sliced, stats: { ...sliced.stats, slices: 1 } })).toBe(canonicalFeatures(whole));
      if (whole.stats.nodes > 2 * 32) expect(sliced.stats.slices, file).toBeGreaterThan(1);
      slicedPages += sliced.stats.slices > 2 ? 1 : 0;
    }
    expect(slicedPages).toBeGreaterThan(20);
  });
});
