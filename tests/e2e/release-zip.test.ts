/**
 * The release packages as a store would install them: `npm run zip` (scripts/release.ts) pointed at the demo
 * network's feed and keyset, the Chrome and Firefox zips unpacked into fresh folders and installed. A site on the real
 * bundled list is blocked (its domain served by the local proxy) while the demo's *.test sites are not on it, and the
 * options page shows the default list with no configuration problem. Builds into a temp dir
 * (SS_OUT_DIR) so .output/ stays as the other tests expect.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYSET, DEMO_LIST_URL, DEMO_REPORT_ENDPOINT, ensureDemoKeys } from '../../scripts/demo-list';
import { ROOT, launchChromium, launchFirefox, waitForUrl, waitForStableSelector } from './harness/browsers';
import { startDemoNetwork, type DemoNetwork } from './harness/demo-network';
import { pressUpdateNow, SYNCED, UPDATED } from './harness/options';
import { untranslatedCodes } from './harness/plain-text';
import { moveTab, pollIn } from './harness/settle';

const work = mkdtempSync(join(tmpdir(), 'ss-release-'));
const out = join(work, 'out');
let net: DemoNetwork;
let version = '';
/** On the real bundled list (blocklistproject-scam); the proxy serves it, so a request would show in its log. */
const REAL_LISTED = '0-google.com';

beforeAll(async () => {
  await ensureDemoKeys();
  version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  // The release config as a deployment would commit it, pointed at the demo feed and keyset.
  const config = join(work, 'release.config.json');
  writeFileSync(config, JSON.stringify({ listUrl: DEMO_LIST_URL, reportEndpoint: DEMO_REPORT_ENDPOINT, keysetFile: DEMO_KEYSET }));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('WXT_')));
  execFileSync('npx', ['tsx', 'scripts/release.ts'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...env, SS_OUT_DIR: out, SS_RELEASE_ALLOW_TEST_HOSTS: '1', SS_RELEASE_CONFIG: config },
  });
  net = await startDemoNetwork({ workDir: join(work, 'net') });
  net.sites.mount(REAL_LISTED, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>scam</h1>'));
  await net.publish();
}, 300_000);

afterAll(async () => {
  await net?.stop();
});

/** Unzip a package the way a store install does: into a fresh folder. */
function unpack(browser: 'chrome' | 'firefox'): string {
  const dir = join(work, `installed-${browser}`);
  execFileSync('unzip', ['-q', '-o', join(out, `scamsentinel-${version}-${browser}.zip`), '-d', dir]);
  return dir;
}

async function assertOptionsClean(page: Page): Promise<void> {
  await page.waitForSelector('[data-list="scamsentinel-main"]', { timeout: 15_000 });
  const text = await page.evaluate(() => document.body.innerText);
  expect(await page.$$('[data-testid="config-problem"]')).toHaveLength(0);
  expect(text).not.toMatch(/WXT_|not set|127\.0\.0\.1/);
  expect(untranslatedCodes(text)).toEqual([]);
}

describe('release packages', () => {
  it('the sources zip holds git-tracked files only', () => {
    const listing = execFileSync('unzip', ['-Z1', join(out, `scamsentinel-${version}-sources.zip`)], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('scamsentinel/package.json');
    expect(listing).toContain('scamsentinel/wxt.config.ts');
    expect(listing.filter((f) => /(^|\/)(demo-output|\.keys|node_modules|\.output)(\/|$)/.test(f))).toEqual([]);
  });

  it('Chrome: the zipped package has icons, blocks a listed site, and its options page shows no configuration problem', async () => {
    const dir = unpack('chrome');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { icons?: Record<string, string> };
    expect(Object.keys(manifest.icons ?? {})).toEqual(['16', '32', '48', '128']);
    // The feed is offline while the bundled list is looked at: the extension's first check runs at a random moment
    // within a minute of install, and one that came in the first seconds synced the demo list (usdt-yield.test on it)
    // before the page below was opened (seen once in a fresh-clone CI run). Back before the feed is used.
    const feed = net.sites.handlerOf('lists.test');
    if (!feed) throw new Error('the demo feed is not mounted');
    net.sites.unmount('lists.test');
    const session = await launchChromium({ proxyUrl: net.sites.proxyUrl, extensionDir: dir });
    try {
      const page = await session.browser.newPage();
      // The release's bundled list is the real one: the demo's sites are not on it (before any sync) …
      await page.goto('http://usdt-yield.test/invest');
      expect(page.url()).toBe('http://usdt-yield.test/invest');
      expect(net.sites.requestsTo('usdt-yield.test')).not.toEqual([]);
      // … and a real listed domain is stopped before any request reaches it.
      await page.goto(`http://${REAL_LISTED}/login`).catch(() => undefined);
      await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
      await waitForStableSelector(page, '[data-testid="category"]');
      expect(net.sites.requestsTo(REAL_LISTED)).toEqual([]);
      expect(await page.$eval('[data-testid="lead"]', (e) => (e as HTMLElement).innerText)).toContain('stopped this page before it loaded');
      net.sites.mount('lists.test', feed);

      // A look-alike is caught by the worker's navigation check, not before the request: the page says so.
      await page.goto('http://taobao-vip-refund.test/').catch(() => undefined);
      await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
      await waitForStableSelector(page, '[data-testid="category"]');
      const lead = await page.$eval('[data-testid="lead"]', (e) => (e as HTMLElement).innerText);
      expect(lead).toContain('checked this address as it started to open');
      const lookalikeText = await page.evaluate(() => document.body.innerText);
      expect(lookalikeText).toContain('Did you mean taobao.com?');
      expect(untranslatedCodes(lookalikeText)).toEqual([]);
      await page.screenshot({ path: new URL('./screenshots/release-lookalike-chrome.png', import.meta.url).pathname, fullPage: true });
      await page.goto(session.extUrl('/options.html'));
      await assertOptionsClean(page);

      // A newer list on the feed: "Update now" says so in words, and pressing again within a minute says to wait
      // (the worker answers `min-wait`); the popup and the options page then show the list in force, not the bundled one.
      // First the list the feed serves now: the extension's own first check (armed at a random time within a
      // minute of install) may be running, and "Update now" joins a run in flight, so a press right after the
      // publish below could report that older run. Once this press is done, the next check is hours away.
      expect(SYNCED).toContain(await pressUpdateNow(page));
      const sourcesPath = join(net.listConfigDir, 'sources.json');
      const sources = JSON.parse(readFileSync(sourcesPath, 'utf8')) as { publish: Record<string, unknown> };
      writeFileSync(sourcesPath, JSON.stringify({ ...sources, publish: { ...sources.publish, minWaitSeconds: 60 } }));
      await net.publish(7);
      const first = await pressUpdateNow(page);
      expect(first).toBe(UPDATED);
      const second = await pressUpdateNow(page);
      expect(second).toBe('The list was updated less than a minute ago. Try again in a moment.');
      expect(await page.$eval('[data-list="scamsentinel-main"] [data-testid="list-version"]', (e) => (e as HTMLElement).innerText)).toBe('7');
      await assertOptionsClean(page);
      await page.screenshot({ path: new URL('./screenshots/release-options-chrome.png', import.meta.url).pathname, fullPage: true });
      const popup = await session.browser.newPage();
      await popup.goto(session.extUrl('/popup.html'));
      await popup.waitForSelector('[data-testid="list-info"]');
      const popupText = await popup.evaluate(() => document.body.innerText);
      expect(popupText).toMatch(/version 7\b/);
      expect(untranslatedCodes(popupText)).toEqual([]);
    } finally {
      net.sites.mount('lists.test', feed); // whatever happened above: the Firefox test needs the feed
      await session.close();
    }
  });

  it('Firefox: the zipped package blocks a listed site and its options page shows no configuration problem', async () => {
    const dir = unpack('firefox');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: unknown } };
    };
    expect(manifest.browser_specific_settings?.gecko?.id).toBe('scamsentinel@scamsentinel.org');
    expect(manifest.browser_specific_settings?.gecko?.data_collection_permissions).toBeDefined();
    const session = await launchFirefox({ proxyUrl: net.sites.proxyUrl, extensionDir: dir });
    try {
      const page = await session.browser.newPage();
      await page.goto('http://shop.test/');
      await moveTab(page, `http://${REAL_LISTED}/login`, session.extUrl('/warning.html'));
      // Polled with plain evaluations: a waitForFunction predicate is built with Function(), which the
      // extension page's CSP may refuse.
      await pollIn(page, () => document.querySelector('[data-testid="category"]') !== null, 'the warning page to show its category');
      expect(net.sites.requestsTo(REAL_LISTED)).toEqual([]);
      // Extension pages are reached from the (web-accessible) interstitial.
      await moveTab(page, session.extUrl('/options.html'), (at) => at === session.extUrl('/options.html'));
      await assertOptionsClean(page);
    } finally {
      await session.close();
    }
  });
});
