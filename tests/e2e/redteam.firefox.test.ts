/**
 * A hostile page against the pre-payment overlay, in Firefox: remove it, hide it, cover it, out-modal it, fight its
 * re-attachment — the overlay comes back every time, no POST reaches the site, and repeated tampering switches
 * "continue" off. No CDP in Firefox (closed roots are unreadable): the tests wait on the marker attributes the
 * watchdog writes on the host (`data-scamsentinel-repairs`, `data-scamsentinel-tampered`), hit-test the dialog
 * from the page, and take screenshots. No fixed sleeps decide a result: each wait names the step that did not happen.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX_BUILD, launchFirefox, type FirefoxSession } from './harness/browsers';
import { SiteServer } from './harness/site-server';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const REPAIRS = 'data-scamsentinel-repairs';
const TAMPERED = 'data-scamsentinel-tampered';

let server: SiteServer;
let session: FirefoxSession;
const extensionDir = join(mkdtempSync(join(tmpdir(), 'ss-redteam-')), 'firefox-mv3');
cpSync(FIREFOX_BUILD, extensionDir, { recursive: true });

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchFirefox({ proxyUrl: server.proxyUrl, extensionDir });
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST');
const opened: Page[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.close().catch(() => undefined);
});

async function waitFor(page: Page, what: string, fn: (sel: string, attr: string) => boolean, arg = ''): Promise<void> {
  await page
    .waitForFunction(fn, { timeout: 10_000, polling: 50 }, OVERLAY, arg)
    .catch(() => {
      throw new Error(`within 10 s, expected: ${what}`);
    });
}

/** The overlay is in the document, styled as we set it, and the dialog is what a click in its middle hits. */
const shownOnTop = (sel: string): boolean => {
  const h = document.querySelector(sel) as HTMLElement | null;
  if (!h || !h.isConnected) return false;
  const cs = getComputedStyle(h);
  if (cs.display !== 'block' || cs.opacity !== '1' || cs.visibility !== 'visible' || h.inert) return false;
  return document.elementFromPoint(innerWidth / 2, innerHeight / 2) === h;
};

async function hostileOverlay(): Promise<Page> {
  const page = await session.browser.newPage();
  opened.push(page);
  await page.goto('http://hostile-pay.test/');
  await page.waitForSelector('#pay-btn');
  await page.click('#pay-btn');
  await waitFor(page, 'the overlay is shown on top after "pay"', shownOnTop);
  return page;
}

const trick = (page: Page, name: string) =>
  page.evaluate((n) => (window as unknown as { hostile: Record<string, () => boolean> }).hostile[n]?.(), name);

/** Waits until the watchdog has repaired at least `n` tricks and the overlay is back on top. */
async function repaired(page: Page, n: number): Promise<void> {
  await waitFor(page, `the watchdog repaired ${n} trick(s)`, (sel, k) => Number(document.querySelector(sel)?.getAttribute(k.split('|')[0] ?? '') ?? 0) >= Number(k.split('|')[1]), `${REPAIRS}|${n}`);
  await waitFor(page, 'the overlay is back on top', shownOnTop);
}

describe('a hostile page cannot suppress the overlay (Firefox)', () => {
  it.each(['remove', 'displayNone', 'opacity', 'inert', 'popover', 'modal'])('trick: %s', async (name) => {
    const page = await hostileOverlay();
    expect(await trick(page, name)).toBe(true);
    await repaired(page, 1);
    expect(await page.$eval(OVERLAY, (h, a) => h.hasAttribute(a), TAMPERED)).toBe(false);
    if (name === 'popover') await page.screenshot({ path: `${SHOTS}redteam-popover-firefox.png` });
    expect(posts('hostile-pay.test')).toEqual([]);
  });

  it('trick: cover (a z-index cover never reaches the top layer; nothing to repair)', async () => {
    const page = await hostileOverlay();
    expect(await trick(page, 'cover')).toBe(true);
    await waitFor(page, 'the overlay stays on top of the cover', shownOnTop);
    expect(await page.$eval(OVERLAY, (h, a) => h.getAttribute(a), REPAIRS)).toBeNull();
    expect(posts('hostile-pay.test')).toEqual([]);
  });

  it('repeated tampering switches "continue" off; the page fighting re-attachment does not keep it away', async () => {
    const page = await hostileOverlay();
    await trick(page, 'remove');
    await repaired(page, 1);
    await trick(page, 'displayNone');
    await repaired(page, 2);
    await waitFor(page, '"continue" switched off for tampering', (sel, a) => document.querySelector(sel)?.hasAttribute(a) === true, TAMPERED);
    await trick(page, 'fightRemoval');
    await repaired(page, 3);
    // Keyboard: Tab skips the disabled "continue" (focus stays within Leave), and nothing reaches the site.
    await page.keyboard.press('Tab');
    expect(posts('hostile-pay.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}redteam-tamper-firefox.png` });
    expect(page.url()).toBe('http://hostile-pay.test/');
  });
});
