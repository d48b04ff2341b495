/**
 * Brand phishing on no list (Chromium): a kit's pages on a host that is not the brand's are read as phishing by the
 * page model (brand named in the title, a sign-in form, off the brand's domain) and every credential step is held
 * by the overlay before anything leaves the page — the e-mail step of a two-step kit too. A log-in page for the
 * site its title names, served from another host, is held the same way; the same page on that site's own host is
 * silent and signs in. A log-in whose title names no site but whose links all go to one other site is held too,
 * naming that site. Waits poll the state they need, never fixed time (but for the "nothing was sent" window).
 */
import { describe, expect, it } from 'vitest';
import type { ChromiumSession } from './harness/browsers';
import { ClosedRoot } from './harness/closed-root';
import { useChromium } from './harness/file-browser';
import { extensionCalls, openChecked as openIn, type ExtensionCalls } from './harness/page-check';
import type { SiteServer } from './harness/site-server';
import { textOf } from './harness/shadow';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BANNER = 'scamsentinel-ui[data-scamsentinel="banner"]';
const KIT = 'http://kv83-portal.test/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openChecked = (url: string) => openIn(session.browser, url);

let server: SiteServer;
let session: ChromiumSession;
let ext: ExtensionCalls;
useChromium('ss-brand-phish-', (s, b) => {
  server = s;
  session = b;
  ext = extensionCalls(b);
  s.debugHosts.add('kv83-portal.test');
  s.debugHosts.add('kestrelmail.test');
});

/** Requests to a host after the page itself was loaded (path filter: what a form sends). */
const sent = (host: string, path: RegExp) => server.requestsTo(host).filter((r) => path.test(r.path));

describe('brand phishing on no list: every credential step is held (Chromium)', () => {
  it("a two-step kit's e-mail step, Amazon named off its domain: the badge warns and the e-mail is held before it is sent", async () => {
    const page = await openChecked(KIT);
    const tabId = await ext.waitForBadge(`${KIT}*`, '!');
    await page.type('#email', 'someone@example.test');
    await page.keyboard.press('Enter'); // submits the form, as a user does after typing the e-mail
    const ov = await ClosedRoot.of(page, OVERLAY);
    await sleep(300);
    expect(sent('kv83-portal.test', /^\/signin\//)).toEqual([]); // the e-mail never left the page
    expect(await ov.text('[data-testid="ov-category"]')).toMatch(/phishing/i);
    // the lead names what a phishing page takes (the account), not "pay or recharge"
    expect(await ov.text('#ss-lead')).toContain('pretends to be another site');
    const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
    expect(reasons, reasons).toContain('Pretends to be another site: Amazon login or payment form on kv83-portal.test');
    await page.screenshot({ path: `${SHOTS}brand-phishing-email-step-en.png` });
    // The popup tells the same story.
    const popup = await session.browser.newPage();
    await popup.setViewport({ width: 380, height: 640 });
    await popup.goto(session.extUrl(`/popup.html?tab=${tabId}`));
    await popup.waitForSelector('[data-testid="status"]');
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
    expect(await textOf(popup, '[data-testid="signals"]')).toContain('Amazon');
    await popup.screenshot({ path: `${SHOTS}brand-phishing-popup-en.png` });
    await popup.close();
    await ov.detach();
    await page.close();
  });

  it("the kit's password step: the password is held before the POST", async () => {
    const page = await openChecked(`${KIT}signin/password/`);
    await ext.waitForBadge(`${KIT}signin/password/*`, '!');
    await page.type('#password', 'hunter2-not-real');
    await page.click('#signin');
    const ov = await ClosedRoot.of(page, OVERLAY);
    await sleep(300);
    expect(sent('kv83-portal.test', /^\/signin\/collect/)).toEqual([]);
    expect(await ov.text('[data-testid="ov-category"]')).toMatch(/phishing/i);
    await ov.detach();
    await page.close();
  });

  /** A kit's log-in at `path` on the kit's host: the badge warns, the POST is held, the overlay names the reason. */
  async function loginHeld(path: string, reason: string, shot: string): Promise<void> {
    const page = await openChecked(`${KIT}${path}`);
    await ext.waitForBadge(`${KIT}${path}*`, '!');
    await page.type('#user', 'someone@example.test');
    await page.type('#pass', 'hunter2-not-real');
    await page.click('#login');
    const ov = await ClosedRoot.of(page, OVERLAY);
    await sleep(300);
    expect(sent('kv83-portal.test', /^\/login/)).toEqual([]);
    const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
    expect(reasons, reasons).toContain(reason);
    await page.screenshot({ path: `${SHOTS}${shot}` });
    await ov.detach();
    await page.close();
  }

  it("a log-in for the site its title names is held on another host; on the site's own host it is silent and signs in", async () => {
    await loginHeld('kestrel/', 'Pretends to be another site: Kestrel Mail login or payment form on kv83-portal.test', 'brand-phishing-title-site-en.png');
    const real = await openChecked('http://kestrelmail.test/');
    await real.type('#user', 'someone@example.test');
    await real.type('#pass', 'hunter2-not-real');
    await Promise.all([real.waitForNavigation({ waitUntil: 'load' }), real.click('#login')]);
    expect(sent('kestrelmail.test', /^\/login/).map((r) => r.method)).toEqual(['POST']);
    expect(await real.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    expect(await ext.inExtension<string>(`const [t] = await chrome.tabs.query({ url: 'http://kestrelmail.test/*' }); return chrome.action.getBadgeText({ tabId: t.id });`)).toBe('');
    await real.close();
  });

  it('a log-in whose title names no site but whose links all go to one other site: held, that site named', async () => {
    await loginHeld('webmail/', 'Pretends to be another site: kestrelmail.test login or payment form on kv83-portal.test', 'brand-phishing-linked-site-en.png');
  });
});
