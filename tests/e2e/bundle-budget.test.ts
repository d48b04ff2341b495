/**
 * The always-on content script (content.js, on every http(s) page) keeps to its size budget (issue 8:
 * content_script_gz_kb ≤ 15) and does not pull in what belongs to the on-demand part or the worker (the zod
 * protocol, the classifier's word lists, the overlay). A stray value import grows it silently (one did: a value
 * import from the zod protocol took it from 9.8 to 34.8 KB gzip), so the built files are checked here.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

  it('content.js runs without webextension-polyfill (its start-up was ~2–4 ms of every page load); content-ui.js keeps it', () => {
    // The polyfill's own check and its API metadata table, as they appear in a build that bundles it.
    const ui = readFileSync(join(dir, 'content-ui.js'), 'utf8');
    for (const marker of ['This script should only be loaded in a browser extension', 'fallbackToNoCallback']) {
      expect(ui.includes(marker), `${marker} in content-ui.js`).toBe(true);
      expect(text.includes(marker), `${marker} in content.js`).toBe(false);
    }
  });

  it('content.js has its own context, not WXT\'s (which told the page our id and let it stop content.js: red team class 11)', () => {
    for (const marker of ['content-script-started', 'postMessage', 'wxt:locationchange']) expect(text.includes(marker), `${marker} in content.js`).toBe(false);
  });

  it('one content script for every frame (the frame guard is part of content.js: a second script would load in every top frame too)', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts: Record<string, unknown>[] };
    expect(manifest.content_scripts).toEqual([
      expect.objectContaining({ js: ['content-scripts/content.js'], all_frames: true, match_about_blank: true, match_origin_as_fallback: true, run_at: 'document_start' }),
    ]);
    expect(text.includes('ZodError'), 'zod in content.js').toBe(false);
  });

  it('the worker script does not carry the classifier model (every wake would parse it before its first verdict)', () => {
    // Chromium: the model's path is in worker-later.js, the worker's second half (imported after a wake's first verdict).
    const worker = [join(dir, 'background.js'), join(dir, 'worker-app.js'), join(dir, 'worker-later.js')]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(worker.includes('work from home')).toBe(false);
    expect(worker).toMatch(/\/assets\/model-[\w-]+\.json/);
    // Classic scripts (Chromium keeps a V8 code cache for a classic worker's scripts, none for a module worker).
    expect(worker).not.toMatch(/^import[\s{*]/m);
  });
});

describe('Chromium worker split (src/background/worker-boot.ts)', () => {
  const boot = readFileSync(join(CHROME_BUILD, 'background.js'), 'utf8');
  const app = readFileSync(join(CHROME_BUILD, 'worker-app.js'), 'utf8');

  const later = readFileSync(join(CHROME_BUILD, 'worker-later.js'), 'utf8');

  it('background.js is the wake read and held listeners only; worker-app.js what a first verdict needs; worker-later.js the rest (sync, classifier, rule compiler); Dexie is a script of its own', () => {
    expect(boot.length).toBeLessThanOrEqual(20_000);
    expect(boot).toContain('/worker-app.js');
    expect(boot).toContain('/worker-later.js'); // imported while installing, so that Chromium keeps it
    expect(boot).toContain('importScripts');
    // zod (message parsing) is in the first verdict's script; the list feed's address (the sync engine's
    // configuration), the classifier model's path and the rule compiler's marker only in the second half.
    expect(boot.includes('zod')).toBe(false);
    expect(app.includes('zod')).toBe(true);
    for (const marker of ['lists.test/manifest.json', '/assets/model-', 'dnrLastInstall']) {
      expect(boot.includes(marker) || app.includes(marker), `${marker} not in background.js or worker-app.js`).toBe(false);
      expect(later.includes(marker), `${marker} in worker-later.js`).toBe(true);
    }
    // tldts's public-suffix trie is not in it as script but a file the wake fetches (src/background/psl-deferred.ts).
    const trieLabels = 'citysapporokawasakinagoya';
    expect(app.includes(trieLabels), 'the trie in worker-app.js').toBe(false);
    expect(app).toContain('/psl.bin');
    expect(boot).toContain('/psl.bin'); // background.js fetches it before it imports worker-app.js
    expect(existsSync(join(CHROME_BUILD, 'psl.bin'))).toBe(true);
    expect(existsSync(join(FIREFOX_BUILD, 'psl.bin'))).toBe(false); // Firefox keeps tldts's own trie
    // The first verdict's script stays well below the whole worker's size before the split (494 KB).
    expect(app.length).toBeLessThanOrEqual(240_000);
    // Dexie's code (its error classes, its schema bookkeeping): only in /dexie.js, which the worker imports on first
    // use — a wake's first verdict reads the database without it (src/background/dexie-loader.chromium.ts).
    const dexie = readFileSync(join(CHROME_BUILD, 'dexie.js'), 'utf8');
    for (const marker of ['DexieError', '_dbSchema']) {
      expect(dexie.includes(marker), `${marker} in dexie.js`).toBe(true);
      expect(boot.includes(marker) || app.includes(marker) || later.includes(marker), `${marker} in the worker's other scripts`).toBe(false);
    }
    expect(boot).toContain('/dexie.js'); // imported while installing, so that Chromium keeps it
    expect(dexie).not.toContain('sourceMappingURL'); // the map is not shipped
  });

  it('Firefox (an event page: no importScripts) keeps the whole worker in background.js', () => {
    const firefox = readFileSync(join(FIREFOX_BUILD, 'background.js'), 'utf8');
    expect(existsSync(join(FIREFOX_BUILD, 'worker-app.js'))).toBe(false);
    expect(existsSync(join(FIREFOX_BUILD, 'worker-later.js'))).toBe(false);
    expect(firefox).toContain('dnrLastInstall'); // the second half bundled too
    expect(firefox).not.toContain('importScripts');
    expect(firefox).toContain('DexieError'); // Dexie bundled: an event page has no importScripts
    expect(existsSync(join(FIREFOX_BUILD, 'dexie.js'))).toBe(false);
  });
});
