/**
 * Firefox: a real domain from the bundled list (served only by the local logging proxy) is redirected to the
 * interstitial on the first navigation after install (the harness waits for the rules, ~6 s with the real bundle),
 * with no request reaching it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxSession } from './harness/browsers';
import { SiteServer } from './harness/site-server';
import { settleOn } from './harness/settle';

const HOST = 'a-lphex.com'; // Taiwan 165 fake-investment list

let server: SiteServer;
let session: FirefoxSession;

beforeAll(async () => {
  server = await new SiteServer().start();
  server.mount(HOST, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<title>scam</title>'));
  session = await launchFirefox({ proxyUrl: server.proxyUrl });
}, 120_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe('the real bundled list (Firefox)', () => {
  it('redirects a real listed domain before any request reaches it', async () => {
    const page = await session.browser.newPage();
    await page.goto('http://shop.test/');
    await page.evaluate((h: string) => {
      location.href = `http://${h}/deposit`;
    }, HOST);
    await settleOn(page, session.extUrl('/warning.html'));
    expect(await page.evaluate(() => location.href)).toMatch(new RegExp(`\\?url=https?://${HOST.replace(/\./g, '\\.')}/deposit$`));
    await page.waitForFunction(() => document.querySelector('[data-testid="category"]') !== null, { timeout: 10_000 });
    expect(await page.evaluate(() => document.body.innerText)).toContain(`${HOST}/`);
    expect(server.requestsTo(HOST)).toEqual([]);
    await page.close();
  });
});
