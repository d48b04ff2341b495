/**
 * Site memory in Firefox (an event page keeps the memory in storage.session, not a service worker): the plain
 * recharge page of a task platform is silent on its own; after the platform's home page read at warn, the same
 * recharge page gets the overlay before any POST. No CDP here: the closed root is unreadable, so the test relies on
 * the overlay host's marker, the server's request log and a screenshot.
 */
import { describe, expect, it } from 'vitest';
import { type FirefoxSession } from './harness/browsers';
import type { SiteServer } from './harness/site-server';
import { useFirefox } from './harness/file-browser';
import { openChecked as openIn } from './harness/page-check';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BANNER = 'scamsentinel-ui[data-scamsentinel="banner"]';
const HOST = 'dianzan-renwu.test';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Firefox's first checks are slower: 15 s. */
const openChecked = (url: string) => openIn(session.browser, url, 15_000);

let server: SiteServer;
let session: FirefoxSession;
useFirefox('ss-site-memory-ff-', (s, b) => {
  server = s;
  session = b;
  s.debugHosts.add(HOST);
});

const posts = () => server.requestsTo(HOST).filter((r) => r.method === 'POST');

async function waitForPosts(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (posts().length < n && Date.now() < deadline) await sleep(50);
}

describe('site memory (Firefox)', () => {
  it('the recharge page alone pays; after the home page read at warn, it gets the overlay before the POST', async () => {
    let page = await openChecked(`http://${HOST}/recharge/`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#pay-btn')]);
    await waitForPosts(1);
    expect(posts().map((r) => r.path)).toEqual(['/pay']);
    expect(await page.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await page.close();

    const home = await openChecked(`http://${HOST}/`);
    await home.close();

    page = await openChecked(`http://${HOST}/recharge/`);
    await page.click('#pay-btn');
    await page.waitForSelector(OVERLAY, { timeout: 10_000 });
    await sleep(300);
    expect(posts()).toHaveLength(1); // the second payment did not leave
    await page.screenshot({ path: `${SHOTS}site-memory-overlay-firefox.png` });
    await page.close();
  });
});
