/**
 * Issue 17 end to end in Chromium: report → triage accept (no list publish) → a client that has not synced gets the
 * payment on that site stopped through the online check; the proxy log shows only 4-byte prefixes going to the
 * intake service; with the option off, nothing is sent and the payment goes through (caution banner only).
 */
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { fingerprintHex, fingerprintOf } from '../../src/core/lists/fingerprint';
import { main as lists } from '../../src/maintainer/cli';
import { ReportSchema } from '../../src/maintainer/intake/schema';
import { toNewReport } from '../../src/maintainer/intake/server';
import { launchChromium, type ChromiumSession } from './harness/browsers';
import { startDemoNetwork, type DemoNetwork } from './harness/demo-network';

const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const SITE = 'licai-guide.test'; // a caution-level page with a buy button (tests/fixtures/sites)
const PREFIX_PATH_RE = /^\/v1\/prefixes\?p=(?:[0-9a-f]{8},)*[0-9a-f]{8}$/;
const quiet = { log: () => undefined, error: (...a: unknown[]) => console.error(...a) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let net: DemoNetwork;
const sessions: ChromiumSession[] = [];

beforeAll(async () => {
  net = await startDemoNetwork();
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await net?.stop();
});

/** Opens the page and waits until the content script's check (incl. the online check) has finished. */
async function open(session: ChromiumSession, url: string): Promise<Page> {
  const page = await session.browser.newPage();
  net.sites.debugHosts.add(new URL(url).hostname); // the page-checked mark goes on the page's timeline
  await page.goto(url, { waitUntil: 'load' });
  await page
    .waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 15_000, polling: 50 })
    .catch(() => {
      throw new Error(`${url}: the content script's page check never finished`);
    });
  return page;
}

/** Waits until the intake's prefix index serves the fingerprint of `key` (it refreshes every second). */
async function waitForFresh(key: string): Promise<void> {
  const fp = fingerprintHex(fingerprintOf(key));
  const proxy = new URL(net.sites.proxyUrl);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const body = await new Promise<string>((resolve, reject) => {
      get({ host: proxy.hostname, port: proxy.port, path: `http://reports.test/v1/prefixes?p=${fp.slice(0, 8)}`, headers: { host: 'reports.test' } }, (r) => {
        let d = '';
        r.on('data', (c: Buffer) => (d += c.toString()));
        r.on('end', () => resolve(d));
      }).on('error', reject);
    });
    if (body.includes(fp)) return;
    if (Date.now() > deadline) throw new Error(`the prefix service never served ${key} (${fp})`);
    await sleep(100);
  }
}

const posts = () => net.sites.requestsTo(SITE).filter((r) => r.method === 'POST');
const toIntake = () => net.sites.requestsTo('reports.test');

describe('online check (Chromium)', () => {
  it('a site accepted in triage after the last publish is stopped in an unsynced client; only prefixes leave', async () => {
    // a user's report, then the maintainer accepts it; nothing is published
    const store = net.store;
    if (!store) throw new Error('intake not running');
    await store.insert(toNewReport(ReportSchema.parse({ idempotencyKey: crypto.randomUUID(), kind: 'scam', url: `http://${SITE}/`, category: 'investment', clientVersion: '0.1.0', locale: 'en' }), Date.now()));
    const code = await lists(['triage', 'accept', SITE, '--category', 'investment', '--reason', 'e2e: reported investment scam', '--db', net.intakeDb, '--config', join(net.listConfigDir, 'sources.json')], quiet);
    expect(code).toBe(0);
    await waitForFresh(`${SITE}/`);

    const session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
    sessions.push(session);
    const before = toIntake().length;
    const page = await open(session, `http://${SITE}/`);
    await page.evaluate(() => document.getElementById('buy-form')?.addEventListener('submit', (e) => e.preventDefault()));
    await page.click('#buy-btn');
    await page.waitForSelector(OVERLAY, { timeout: 10_000 });
    await page.screenshot({ path: new URL('./screenshots/online-check-stopped-en.png', import.meta.url).pathname });
    await page.close();
    expect(posts()).toEqual([]);

    const sent = toIntake().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    for (const r of sent) {
      expect(r.method).toBe('GET');
      expect(r.path).toMatch(PREFIX_PATH_RE);
      expect(r.path).not.toContain('licai');
    }
    await session.close();
  });

  it('with the option off nothing is sent, and the payment goes through', async () => {
    const session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
    sessions.push(session);
    const opts = await session.browser.newPage();
    await opts.goto(session.extUrl('/options.html'));
    const box = await opts.waitForSelector('[data-testid="online-check"]:not([disabled])');
    expect(await opts.$eval('[data-testid="online-check"]', (e) => (e as HTMLInputElement).checked)).toBe(true);
    await box?.click();
    await opts.waitForFunction(() => !(document.querySelector('[data-testid="online-check"]') as HTMLInputElement).checked);
    await opts.close();

    const before = toIntake().length;
    const postsBefore = posts().length;
    const page = await open(session, `http://${SITE}/`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#buy-btn')]);
    expect(posts().length).toBe(postsBefore + 1);
    await page.close();
    expect(toIntake().slice(before)).toEqual([]);
    await session.close();
  });
});
