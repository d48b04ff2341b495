/**
 * Launches Debian Chromium / Firefox ESR with the built extension, routed through the SiteServer proxy so that no
 * request leaves the machine and every request is logged. See ../shared/TOOLCHAIN.md for why each flag is here.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import { moveTab } from './settle';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** SS_CHROME_BUILD: run against a build elsewhere (e.g. one made outside .output while another build is in use). */
export const CHROME_BUILD = process.env.SS_CHROME_BUILD ?? join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = process.env.SS_FIREFOX_BUILD ?? join(ROOT, '.output/firefox-mv3');
export const FIREFOX_ADDON_ID = 'scamsentinel@scamsentinel.org';
export const FIREFOX_ADDON_UUID = '5c4a1e2b-7f3d-4a8e-9b21-0d6e5f7a8c90';

export function browserPath(kind: 'chromium' | 'firefox'): string {
  const path =
    kind === 'chromium'
      ? (process.env.CHROME_PATH ?? '/usr/bin/chromium')
      : (process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr');
  if (!existsSync(path)) {
    throw new Error(
      `${kind} not found at ${path}. Install it with: sudo apt-get install -y chromium firefox-esr ` +
        `(or set ${kind === 'chromium' ? 'CHROME_PATH' : 'FIREFOX_PATH'}).`,
    );
  }
  return path;
}

export interface ChromiumSession {
  browser: Browser;
  extId: string;
  /** Every request made by the extension's own contexts (service worker, extension pages), from CDP. */
  extensionRequests: string[];
  userDataDir: string;
  extUrl(path: string): string;
  serviceWorker(): Promise<Target>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  proxyUrl: string;
  lang?: 'en' | 'zh-CN' | 'zh-TW';
  userDataDir?: string;
  headless?: boolean;
  extensionDir?: string;
  /**
   * Log the extension's own requests over CDP (default true; `extensionRequests` stays empty when false). It keeps a
   * DevTools session on the service worker, which benchmarks of the worker's start may not want.
   */
  logExtensionRequests?: boolean;
}

/** The command-line flags every Chromium of the tests runs with (the bench launches its extension-less browsers
 *  with the same ones, so a with/without comparison differs only in the extension). */
export function chromiumArgs(proxyUrl: string, lang: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater',
    '--disable-client-side-phishing-detection',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--metrics-recording-only',
    `--lang=${lang}`,
    `--proxy-server=${proxyUrl}`,
    '--proxy-bypass-list=<-loopback>',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--window-size=1100,900',
  ];
}

export async function launchChromium(opts: LaunchOptions): Promise<ChromiumSession> {
  const lang = opts.lang ?? 'en';
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'ss-chrome-'));
  const browser = await puppeteer.launch({
    executablePath: browserPath('chromium'),
    headless: opts.headless ?? true,
    pipe: true,
    enableExtensions: true,
    userDataDir,
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
    args: chromiumArgs(opts.proxyUrl, lang),
    defaultViewport: { width: 1100, height: 900 },
  });
  const extensionDir = opts.extensionDir ?? CHROME_BUILD;
  // Re-installing into a reused profile returns the same id (it depends on the path).
  const extId = await browser.installExtension(extensionDir);
  const isOurWorker = (t: Target) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extId}/`);
  const extensionRequests: string[] = [];
  const watch = async (t: Target) => {
    if (!t.url().startsWith(`chrome-extension://${extId}/`) || !['service_worker', 'page'].includes(t.type())) return;
    try {
      const cdp = await t.createCDPSession();
      // A worker restarted (stopped, then woken) while this session is attached starts paused until a debugger
      // lets it run: without this it hangs in "starting" and never answers a message.
      cdp.on('Inspector.targetReloadedAfterCrash', () => void cdp.send('Runtime.runIfWaitingForDebugger').catch(() => undefined));
      cdp.on('Network.requestWillBeSent', (e: { request: { url: string }; type?: string; documentURL?: string }) => {
        // A tab leaving an extension page for a site (the user's "continue") is a navigation, not an extension request.
        if (e.type === 'Document') return;
        // Only requests made by extension documents (a tab that left our page for a site keeps this session).
        if (e.documentURL !== undefined && !e.documentURL.startsWith(`chrome-extension://${extId}/`)) return;
        if (!e.request.url.startsWith('chrome-extension://') && !e.request.url.startsWith('data:')) extensionRequests.push(e.request.url);
      });
      await cdp.send('Network.enable');
    } catch {
      // target closed before we attached
    }
  };
  if (opts.logExtensionRequests ?? true) {
    browser.on('targetcreated', (t: Target) => void watch(t));
    browser.on('targetchanged', (t: Target) => void watch(t));
    for (const t of browser.targets()) void watch(t);
  }
  const session: ChromiumSession = {
    browser,
    extId,
    extensionRequests,
    userDataDir,
    extUrl: (path) => `chrome-extension://${extId}${path.startsWith('/') ? path : '/' + path}`,
    // The newest worker target: after a restart the old one can linger for a moment.
    serviceWorker: async () => browser.targets().filter(isOurWorker).at(-1) ?? browser.waitForTarget(isOurWorker, { timeout: 20_000 }),
    close: () => browser.close(),
  };
  await waitForExtensionReady(session);
  return session;
}

/**
 * Chromium restarts a freshly installed extension's worker once; wait until a worker is up and has installed its
 * redirect rules from the bundled list (what a user gets a moment after installing).
 */
export async function waitForExtensionReady(session: ChromiumSession, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const page = await session.browser.newPage();
  let last: unknown = null;
  try {
    await page.goto(session.extUrl('/help.html'));
    while (Date.now() < deadline) {
      try {
        // A message wakes the worker and waits for its `ready`; then the rules must be in place.
        const rules = await page.evaluate(async () => {
          const c = (globalThis as unknown as { chrome: {
            runtime: { sendMessage(m: unknown): Promise<unknown> };
            declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> };
          } }).chrome;
          await c.runtime.sendMessage({ type: 'getVerdict', req: { url: 'http://example.test/' } });
          return (await c.declarativeNetRequest.getDynamicRules()).length;
        });
        if (rules > 0) return;
      } catch (err: unknown) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await page.close();
  }
  throw new Error(`extension not ready after ${timeoutMs} ms: ${String(last)}`);
}

/** Stop every service worker (the browser restarts ours on the next event), as Chrome does after 30 s idle. */
export async function killServiceWorkers(session: ChromiumSession): Promise<void> {
  const page = await session.browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.close();
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const alive = session.browser.targets().some((t) => t.type() === 'service_worker' && t.url().includes(session.extId));
    if (!alive) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait until the page's URL satisfies `pred` (navigations into extension pages are not always tracked). */
export async function waitForUrl(page: Page, pred: (url: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = page.url();
    if (pred(url)) return url;
    if (Date.now() > deadline) throw new Error(`timed out waiting for URL; last: ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Wait for `selector` on a page that may be loaded twice in a row: a listed navigation could be sent to the warning
 * page both by the redirect rule and by the worker's navigation check while rules caught up (fixed by
 * src/background/dnr/rules-in-place.ts, counted by warning-once.*.test.ts; the tolerance stays), and puppeteer's
 * waitForSelector throws when the element it found belongs to the document the second load replaced. Any other
 * error, and the deadline, still fail.
 */
export async function waitForStableSelector(page: Page, selector: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.waitForSelector(selector, { timeout: Math.max(1, deadline - Date.now()) });
      return;
    } catch (err: unknown) {
      const msg = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
      const replaced = /does not belong to the document|Execution context was destroyed|detached/i.test(msg);
      if (!replaced || Date.now() > deadline) throw err;
    }
  }
}

export interface FirefoxSession {
  browser: Browser;
  extUrl(path: string): string;
  close(): Promise<void>;
}

export async function launchFirefox(opts: LaunchOptions): Promise<FirefoxSession> {
  const url = new URL(opts.proxyUrl);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPath('firefox'),
    headless: opts.headless ?? true,
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'services.settings.server': 'data:,#rs/v1',
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_ADDON_UUID }),
      'intl.locale.requested': opts.lang ?? 'en-US',
      'network.proxy.type': 1,
      'network.proxy.http': url.hostname,
      'network.proxy.http_port': Number(url.port),
      'network.proxy.ssl': url.hostname,
      'network.proxy.ssl_port': Number(url.port),
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.no_proxies_on': '',
      'network.proxy.share_proxy_settings': true,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'extensions.update.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'browser.newtabpage.activity-stream.feeds.system.topstories': false,
      'extensions.manifestV3.enabled': true,
    },
  });
  const installedAt = Date.now();
  await browser.installExtension(opts.extensionDir ?? FIREFOX_BUILD);
  const session: FirefoxSession = {
    browser,
    extUrl: (path) => `moz-extension://${FIREFOX_ADDON_UUID}${path.startsWith('/') ? path : '/' + path}`,
    close: () => browser.close(),
  };
  const ms = await waitForFirefoxRules(session);
  if (process.env.SS_E2E_VERBOSE === '1') console.log(`[firefox] install → redirect rules in place: ${Date.now() - installedAt} ms (${ms} ms polling)`);
  return session;
}

/**
 * Like waitForExtensionReady: wait until the worker has installed its redirect rules from the bundled list (with the
 * real bundle, ~300k hosts, Firefox takes seconds). Polled from the web-accessible warning page (puppeteer cannot
 * open moz-extension pages directly: go to a demo page, then set location).
 */
async function waitForFirefoxRules(session: FirefoxSession, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  const page = await session.browser.newPage();
  try {
    await page.goto('http://shop.test/');
    const target = session.extUrl('/warning.html') + '?url=http://example.test/';
    await moveTab(page, target, session.extUrl('/'));
    while (Date.now() - started < timeoutMs) {
      const n = await page
        .evaluate(async () => {
          const b = (globalThis as unknown as { browser: { declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> } } }).browser;
          return (await b.declarativeNetRequest.getDynamicRules()).length;
        })
        .catch(() => 0);
      if (n > 0) return Date.now() - started;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`Firefox: redirect rules not installed after ${timeoutMs} ms`);
  } finally {
    await page.close();
  }
}
