/**
 * Brand phishing on no list, in Firefox (same guard and page model, another engine and an event page): the e-mail
 * step of a two-step kit that names Amazon off its domain is held before the e-mail leaves; the same log-in page on
 * the site its title names is silent and signs in. No CDP here: the closed root is unreadable, so the test relies
 * on the overlay host's marker, the server's request log and a screenshot.
 */
import { describe, expect, it } from 'vitest';
import { type FirefoxSession } from './harness/browsers';
import type { SiteServer } from './harness/site-server';
import { useFirefox } from './harness/file-browser';
import { openChecked as openIn } from './harness/page-check';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BANNER = 'scamsentinel-ui[data-scamsentinel="banner"]';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Firefox's first checks are slower: 15 s. */
const openChecked = (url: string) => openIn(session.browser, url, 15_000);

let server: SiteServer;
let session: FirefoxSession;
useFirefox('ss-brand-phish-ff-', (s, b) => {
  server = s;
  session = b;
  s.debugHosts.add('kv83-portal.test');
  s.debugHosts.add('kestrelmail.test');
});

const sent = (host: string, path: RegExp) => server.requestsTo(host).filter((r) => path.test(r.path));

describe('brand phishing on no list (Firefox)', () => {
  it("a kit's e-mail step is held before the e-mail is sent; the real site's log-in signs in", async () => {
    const kit = await openChecked('http://kv83-portal.test/');
    await kit.type('#email', 'someone@example.test');
    await kit.keyboard.press('Enter');
    await kit.waitForSelector(OVERLAY, { timeout: 10_000 });
    await sleep(300);
    expect(sent('kv83-portal.test', /^\/signin\//)).toEqual([]);
    await kit.screenshot({ path: `${SHOTS}brand-phishing-email-step-firefox.png` });
    await kit.close();

    const real = await openChecked('http://kestrelmail.test/');
    await real.type('#user', 'someone@example.test');
    await real.type('#pass', 'hunter2-not-real');
    await Promise.all([real.waitForNavigation({ waitUntil: 'load' }), real.keyboard.press('Enter')]);
    expect(sent('kestrelmail.test', /^\/login/).map((r) => r.method)).toEqual(['POST']);
    expect(await real.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await real.close();
  });
});
