/** Issue 8 §2: a payment address known from scam reports raises an otherwise quiet page to a pre-payment warning. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/browsers';
import { SiteServer } from './harness/site-server';

const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
let server: SiteServer;
let session: ChromiumSession;

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchChromium({ proxyUrl: server.proxyUrl });
});
afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe('scam indicators in page text (Chromium)', () => {
  it('a listed USDT address on an unlisted, innocent-looking page brings the warning', async () => {
    const page = await session.browser.newPage();
    await page.goto('http://wallet-shop.test/');
    await page.waitForSelector(OVERLAY, { timeout: 15_000 });
    await page.screenshot({ path: new URL('./screenshots/indicator-wallet-en.png', import.meta.url).pathname });
    await page.close();
  });

  it('the same page without the address stays silent', async () => {
    const page = await session.browser.newPage();
    // Wait for proof that the page was checked (the content script's debug timeline), not for a fixed time: an
    // absent overlay must mean "checked and clean", not "not checked yet".
    server.debugHosts.add('plain-shop.test');
    await page.goto('http://plain-shop.test/');
    await page.waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 10_000, polling: 50 });
    expect(await page.$(OVERLAY)).toBeNull();
    await page.close();
  });
});
