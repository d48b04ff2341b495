/**
 * The always-on content script (content.js, on every http(s) page) keeps to its size budget (issue 8:
 * content_script_gz_kb ≤ 15) and does not pull in what belongs to the on-demand part or the worker (the zod
 * protocol, the classifier's word lists, the overlay). A stray value import grows it silently (one did: a value
 * import from the zod protocol took it from 9.8 to 34.8 KB gzip), so the built files are checked here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD } from './harness/browsers';

const FIREFOX_BUILD = join(CHROME_BUILD, '..', 'firefox-mv3');
const BUDGET_GZ_BYTES = 15 * 1024;

describe.each([
  ['chrome', CHROME_BUILD],
  ['firefox', FIREFOX_BUILD],
])('%s build', (_name, dir) => {
  const content = readFileSync(join(dir, 'content-scripts/content.js'));
  const text = content.toString('utf8');

  it(`content.js is at most ${BUDGET_GZ_BYTES / 1024} KB gzipped`, () => {
    expect(gzipSync(content, { level: 9 }).length).toBeLessThanOrEqual(BUDGET_GZ_BYTES);
  });

  it('content.js carries neither the classifier word lists (worker) nor the overlay (content-ui.js)', () => {
    // The classifier model is its own file, fetched by the worker on first use (src/background/classifier.ts).
    const models = readdirSync(join(dir, 'assets')).filter((f) => /^model-.*\.json$/.test(f));
    expect(models).toHaveLength(1);
    const homes: [string, string][] = [
      ['work from home', readFileSync(join(dir, 'assets', models[0]!), 'utf8')], // classifier model words
      ['ov-continue', readFileSync(join(dir, 'content-ui.js'), 'utf8')], // the overlay
      ['adoptedStyleSheets', readFileSync(join(dir, 'content-ui.js'), 'utf8')], // our closed-root UI
    ];
    for (const [marker, home] of homes) {
      expect(home.includes(marker), `${marker} in its own bundle`).toBe(true);
      expect(text.includes(marker), `${marker} in content.js`).toBe(false);
    }
  });

  it('the worker script does not carry the classifier model (every wake would parse it before its first verdict)', () => {
    const worker = readFileSync(join(dir, 'background.js'), 'utf8');
    expect(worker.includes('work from home')).toBe(false);
    expect(worker).toMatch(/\/assets\/model-[\w-]+\.json/);
  });
});
