/**
 * Red team, Chromium (issue 15): a hostile page tries to get a payment past the warning or to switch protection off.
 * One test per attack class; each was shown to succeed against the parent commit's build (SS_CHROME_BUILD pointed at
 * it) and fails now. Every payment-step test asserts from the test server's log that no POST reached the site.
 * Waits are on proven state (a host marker attribute, the page's own "page-checked" mark, a closed-root predicate);
 * each failing wait names the step that did not happen. No fixed sleeps decide a result.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { type ChromiumSession } from './harness/browsers';
import { ClosedRoot } from './harness/closed-root';
import { rawMessage } from './harness/shadow';
import type { SiteServer } from './harness/site-server';
import { useChromium } from './harness/file-browser';

const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

let server: SiteServer;
let session: ChromiumSession;
useChromium('ss-redteam-', (s, b) => {
  server = s;
  session = b;
});

const opened: Page[] = [];
afterEach(async () => {
  // Bounded: a page that keeps churning must not hang the next test (a close that never returns is dropped).
  for (const p of opened.splice(0)) await Promise.race([p.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
});

// POSTs made during the current test only (one test replays a payment on purpose after "continue").
let testStart = 0;
beforeEach(() => {
  testStart = Date.now();
});
const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST' && r.at >= testStart);

async function open(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  opened.push(page);
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(url);
  return page;
}

/** Waits up to `ms` for a POST to `host` (made during this test). */
async function untilPosted(host: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (posts(host).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** A frame's content script checked it as a page (the frame opts into the debug timeline). */
async function frameChecked(frame: Frame): Promise<void> {
  await frame
    .waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 10_000, polling: 50 })
    .catch(() => {
      throw new Error('within 10 s, expected: the full-size frame was checked as a page');
    });
}

/**
 * What the card frame recorded about the click on its button (was it the user's own?). The frame navigates after its
 * POST (the response page keeps the session's storage): read it once that navigation is over.
 */
async function clickTrustedIn(page: Page): Promise<string | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith('http://card-frame.test/'));
    const v = frame ? await frame.evaluate(() => sessionStorage.getItem('payClickTrusted')).catch(() => undefined) : undefined;
    if (v !== undefined || Date.now() > deadline) return v ?? null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The overlay in `frame` has been up long enough for "continue" to be enabled (it is painted: a screenshot shows it). */
async function armedIn(frame: Frame): Promise<void> {
  await frame
    .waitForFunction((sel) => document.querySelector(sel)?.hasAttribute('data-scamsentinel-armed') === true, { timeout: 10_000, polling: 50 }, OVERLAY)
    .catch(() => {
      throw new Error('within 10 s, expected: the warning in the frame was up and armed');
    });
}

/** The overlay's mode inside `frame` once it is up (null when it never came); stops early when a POST reaches `host`. */
async function overlayModeIn(frame: Frame, host: string): Promise<string | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mode = await frame.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-scamsentinel-mode') ?? null, OVERLAY).catch(() => null);
    if (mode !== null || posts(host).length > 0 || Date.now() > deadline) return mode;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitFor(page: Page, what: string, fn: string, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(fn, { timeout: timeoutMs, polling: 50 }).catch(() => {
    throw new Error(`within ${timeoutMs} ms, expected: ${what}`);
  });
}

/** The content script finished its first check of the page (the fixture opts into the debug timeline). */
const pageChecked = (page: Page) =>
  waitFor(page, 'the content script checked the page', `performance.getEntriesByName('scamsentinel:page-checked').length > 0`);

/**
 * A point `up` px above the bottom of the element, centred, after scrolling its bottom into view (a small window would
 * have it below the fold): how a test reaches a button inside a closed shadow root, which nothing outside can see.
 */
async function pointAbove(page: Page, selector: string, up: number): Promise<{ x: number; y: number }> {
  return page.$eval(selector, (el, dy) => {
    el.scrollIntoView({ block: 'end' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.bottom - dy };
  }, up);
}

/**
 * The overlay is up in the given mode; returns its closed root. Fails at once, naming the attack, when the payment
 * POST reaches the site meanwhile (that is how each attack showed against the parent commit's build).
 */
async function overlayIn(page: Page, mode: string, timeoutMs = 10_000, host = new URL(page.url()).hostname): Promise<ClosedRoot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (posts(host).length > 0) throw new Error(`the attack worked: the payment POST reached ${host} (no overlay "${mode}")`);
    const shown = await page
      .evaluate((sel, m) => document.querySelector(sel)?.getAttribute('data-scamsentinel-mode') === m, OVERLAY, mode)
      .catch(() => false);
    if (shown) return ClosedRoot.of(page, OVERLAY);
    if (Date.now() > deadline) throw new Error(`within ${timeoutMs} ms, expected: the overlay is shown (mode "${mode}")`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('class 1: DOM clobbering in the isolated world', () => {
  it('an element with the UI handle\'s name does not stop the guard: the payment is held and warned', async () => {
    const page = await open('http://clobber-pay.test/');
    await pageChecked(page);
    expect(await page.$eval('#__scamsentinelContentUi', (d) => d.localName)).toBe('div');
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('<input name="ownerDocument"> (and localName / getAttribute / closest) does not make a card form harmless', async () => {
    const page = await open('http://clobber-pay.test/card.html');
    await pageChecked(page);
    // The clobbering is real: the page's own view of the form is broken.
    expect(await page.$eval('#card-form', (f) => (f as unknown as { ownerDocument: Element }).ownerDocument.localName)).toBe('input');
    await page.click('#next-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });
});

describe('class 1, regression only: names a page gives its elements (found by reading, session 20)', () => {
  // Both pass on the parent build too (Chromium 156): the page's named elements shadow `document.createElement` and
  // `window.browser` in the page's world, not in the content scripts'. Kept because the UI's direct document calls
  // and both webextension-polyfill's and our own API lookup would fail if they did.
  it.each([
    ['doc-clobber.html', '<img name="createElement"> (and querySelectorAll, elementFromPoint …)', 'document.createElement'],
    ['browser-clobber.html', '<form id="browser"><input name="runtime" id="x">', 'window.browser'],
  ])('%s — %s: checked, held and warned', async (file, _what, named) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    // The clobbering is real in the page's world.
    expect(await page.evaluate((n) => (n === 'window.browser' ? (window as unknown as { browser: Element }).browser : (document.createElement as unknown as Element)).localName, named)).toMatch(/^(img|form)$/);
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });
});

describe('class 2: an unknown verdict never passes a payment step silently', () => {
  it('URL churn (a new path every 20 ms): the held payment gets "could not check this page", not a silent replay', async () => {
    const page = await open('http://churn-pay.test/');
    await waitFor(page, 'the page churned its URL', 'window.churns > 10');
    await page.click('#pay-btn');
    // The hold lasts up to 3 s (HOLD_MAX_MS); the old code replayed the POST at its end.
    const ov = await overlayIn(page, 'unchecked', 15_000);
    expect(await ov.text('[data-testid="ov-title"]')).toBe('We could not check this page');
    expect(posts('churn-pay.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}redteam-unchecked-chromium.png` });
    // The same deliberate continue: after its delay, one trusted click replays exactly one POST.
    await ov.waitFor('function () { return !this.querySelector("[data-testid=ov-continue]").disabled; }', '"continue" became enabled');
    await ov.click(page, '[data-testid="ov-continue"]');
    await untilPosted('churn-pay.test', 5_000);
    expect(posts('churn-pay.test').length, 'one POST after the deliberate "continue"').toBe(1);
    await ov.detach();
  });

  it('a log-in on a page whose verdict is not known yet is held like a payment (phishing pages take accounts)', async () => {
    // The kit's page is read as phishing first (so the UI part is loaded), then churns its path: no verdict is known
    // for the URL the user is on. The old guard judged the log-in under "no type" — not a payment step — and sent it.
    const page = await open('http://kv83-portal.test/webmail/');
    await pageChecked(page);
    await page.evaluate('window.startChurn()');
    await waitFor(page, 'the page churned its URL', 'window.churns > 10');
    await page.type('#user', 'someone@example.test');
    await page.type('#pass', 'hunter2-not-real');
    await page.click('#login');
    const ov = await overlayIn(page, 'unchecked', 15_000);
    expect(await ov.text('[data-testid="ov-title"]')).toBe('We could not check this page');
    // it says what is at stake here: a sign-in, not only a payment
    expect(await ov.text('[data-testid="ov-lead"]')).toContain('sign in');
    expect(posts('kv83-portal.test')).toEqual([]);
    await ov.detach();
  });

  it('query churn on one path: the route\'s last verdict stands while it is re-checked (warned at once)', async () => {
    const page = await open('http://churn-pay.test/?churn=query');
    await pageChecked(page);
    await waitFor(page, 'the page churned its URL', 'window.churns > 10');
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('churn-pay.test')).toEqual([]);
  });
});

describe('class 3: the interstitial framed by a page, and trust targets', () => {
  async function framedWarning(target: string): Promise<{ page: Page; frame: Frame }> {
    const page = await open('http://hostile-pay.test/');
    const src = `${session.extUrl('/warning.html')}?url=${target}`;
    await page.evaluate((u) => {
      const f = document.createElement('iframe');
      f.src = u;
      f.setAttribute('style', 'position:fixed;left:0;top:0;width:800px;height:600px;opacity:0.02;z-index:2147483647');
      document.body.appendChild(f);
    }, src);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const frame = page.frames().find((f) => f.url().startsWith(session.extUrl('/warning.html')));
      if (frame && (await frame.$('main').catch(() => null))) return { page, frame };
      if (Date.now() > deadline) throw new Error('within 10 s, expected: the framed interstitial rendered');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a framed warning.html shows no continue / trust controls, and its messages are refused', async () => {
    const { frame } = await framedWarning('https://com/');
    await frame.waitForSelector('[data-testid="framed"]', { timeout: 10_000 }).catch(() => {
      throw new Error('within 10 s, expected: the framed interstitial says it cannot allow anything from a frame');
    });
    expect(await frame.$('[data-testid="trust"]')).toBeNull();
    expect(await frame.$('[data-testid="continue"]')).toBeNull();
    // Even a script in the framed page (were it ever to run there) is not a privileged sender.
    const res = await frame.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'trustSite',
        req: { url: 'http://hostile-pay.test/' },
      }),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('"always trust" refuses a public suffix, an IP and a shared-hosting platform, even from the top-level page', async () => {
    const ext = await open(session.extUrl('/options.html'));
    for (const url of ['https://com/', 'http://127.0.0.1/', 'http://github.io/', 'http://sites.google.com/view/x']) {
      expect(await rawMessage(ext, { type: 'trustSite', req: { url } }), url).toMatchObject({ ok: false, error: { code: 'FAILED' } });
    }
    const trusted = (await rawMessage(ext, { type: 'listTrusted', req: {} })) as { ok: boolean; value: { host: string }[] };
    expect(trusted.value.map((t) => t.host)).toEqual([]);
  });
});

describe('class 5: shrinking the overlay to a speck', () => {
  it('html { zoom: .04 } after the overlay is up is tampering: repaired (counter-zoom) and counted', async () => {
    const page = await open('http://hostile-pay.test/');
    await page.waitForSelector('#pay-btn');
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    await ov.detach();
    expect(await page.evaluate(() => (window as unknown as { hostile: Record<string, () => boolean> }).hostile.zoom?.())).toBe(true);
    await waitFor(page, 'the watchdog repaired the zoom', `Number(document.querySelector('${OVERLAY}')?.getAttribute('data-scamsentinel-repairs') ?? 0) >= 1`);
    const again = await ClosedRoot.of(page, OVERLAY);
    const size = await again.call<{ w: number; h: number }>(
      'function () { const r = this.querySelector("dialog").getBoundingClientRect(); return { w: r.width, h: r.height }; }',
    );
    expect(size.w, 'dialog width after the repair').toBeGreaterThanOrEqual(240);
    expect(size.h, 'dialog height after the repair').toBeGreaterThanOrEqual(160);
    await page.screenshot({ path: `${SHOTS}redteam-zoom-chromium.png` });
    await again.detach();
    expect(posts('hostile-pay.test')).toEqual([]);
  });
});

describe('class 6: the interstitial says only what the worker confirms', () => {
  it('opened by a page for an address with no warning: no warning, no controls', async () => {
    const page = await open(`${session.extUrl('/warning.html')}?url=http://greenleaf-books.test/`);
    await page.waitForSelector('[data-testid="not-risky"]', { timeout: 10_000 }).catch(() => {
      throw new Error('within 10 s, expected: the interstitial says it has no warning for this address');
    });
    for (const id of ['continue', 'trust', 'go-back', 'target']) expect(await page.$(`[data-testid="${id}"]`), id).toBeNull();
  });

  it('a page navigates to warning.html for a legitimate bank with its own words: nothing alarming at any moment', async () => {
    // Before this branch the interstitial rendered the full "known scam" warning (title, address, continue / trust
    // controls) while it waited for the worker's answer: a page got that moment (or longer, with a busy worker) for
    // free. Now nothing is shown as a warning until the worker answers, and for an unlisted bank it answers "none".
    const page = await open('http://hostile-pay.test/');
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const text = document.body?.innerText ?? '';
        if (document.querySelector('[role="alert"], .banner, [data-testid="continue"], [data-testid="trust"]') || /\bscam\b|诈骗|詐騙|95588/i.test(text)) {
          w.seen.push(text.slice(0, 200));
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const forged = `${session.extUrl('/warning.html')}?url=https://www.icbc.com.cn/?msg=${encodeURIComponent('This bank is a known scam — call 95588-0000 now')}`;
    await page.evaluate((u) => void (location.href = u), forged);
    await page.waitForSelector('[data-testid="not-risky"]', { timeout: 10_000 }).catch(() => {
      throw new Error('within 10 s, expected: the interstitial says it has no warning for this address');
    });
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen), 'alarming text or controls seen while loading').toEqual([]);
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/\bscam\b|95588/i);
    await page.screenshot({ path: `${SHOTS}redteam-forged-bank-chromium.png` });
  });

  it('the address line shows origin + path only, never text a page put in the query', async () => {
    const page = await open(`${session.extUrl('/warning.html')}?url=http://tuikuan-kefu.test/?msg=This%20bank%20is%20a%20known%20scam%20call%20123`);
    await page.waitForSelector('[data-testid="target"]', { timeout: 10_000 });
    expect(await page.$eval('[data-testid="target"]', (el) => el.textContent)).toBe('http://tuikuan-kefu.test/');
  });
});

describe('class 8: what a page can learn about the extension, and what the extension may touch', () => {
  it('the manifest asks for web pages only (no <all_urls>, no tabs); a page can reach warning.html and nothing else of ours', async () => {
    const sw = await (await session.serviceWorker()).worker();
    const manifest = (await sw!.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): unknown } } }).chrome.runtime.getManifest())) as {
      permissions: string[];
      host_permissions: string[];
      web_accessible_resources: { resources: string[]; matches: string[] }[];
    };
    expect(manifest.permissions).not.toContain('tabs');
    expect(manifest.host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['warning.html'], matches: ['http://*/*', 'https://*/*'] }]);
    const page = await open('http://hostile-pay.test/');
    const probe = (u: string) =>
      page.evaluate(async (x) => {
        try {
          return (await fetch(x)).status;
        } catch {
          return 'refused';
        }
      }, u);
    for (const path of ['/popup.html', '/options.html', '/report.html', '/manifest.json', '/background.js']) expect(await probe(session.extUrl(path)), path).toBe('refused');
    // Known and accepted (docs/security.md): warning.html is the redirect rules' target, so a page can fetch it and
    // learn that the extension is installed (use_dynamic_url would hide it, but Chromium then refuses the redirects).
    expect(await probe(session.extUrl('/warning.html'))).toBe(200);
  });
});

describe('class 9: "always trust" on a page listed by path', () => {
  it('refuses to trust the whole host of a path-listed page, so the listed page stays redirected', async () => {
    const ext = await open(session.extUrl('/options.html'));
    const res = await rawMessage(ext, { type: 'trustSite', req: { url: 'http://freehost.test/pages/scam-shop/item?id=1' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'FAILED' } });
    expect(JSON.stringify(res)).toContain('listed by path');
    const trusted = (await rawMessage(ext, { type: 'listTrusted', req: {} })) as { value: { host: string }[] };
    expect(trusted.value.map((t) => t.host)).not.toContain('freehost.test');
    // and the listed page is still stopped before any request reaches it
    const page = await session.browser.newPage();
    opened.push(page);
    await page.goto('http://freehost.test/pages/scam-shop/').catch(() => undefined);
    await page.waitForFunction((w) => location.href.startsWith(w), { timeout: 10_000, polling: 50 }, session.extUrl('/warning.html'));
    expect(server.requestsTo('freehost.test').filter((r) => r.at >= testStart)).toEqual([]);
  });
});

describe('class 11: a page replays the "newer instance started" event to stop the content script', () => {
  it('the page learns no event name from us, and a forged stop event leaves the guard on: the payment is held and warned', async () => {
    const page = await open('http://clobber-pay.test/forged-stop.html');
    await pageChecked(page);
    // WXT's content-script context posted "<id>:content:wxt:content-script-started" to the page and stopped itself
    // when a document event of that name with another instance id arrived: both are gone.
    const seen = await page.evaluate(() => (window as unknown as { __seenMessages: string[] }).__seenMessages);
    expect(seen.filter((m) => m.includes(session.extId) || m.includes('content-script-started'))).toEqual([]);
    const forged = await page.evaluate((id) => {
      const names = [`${id}:content:wxt:content-script-started`, 'wxt:content-script-started'];
      for (const name of names) {
        const detail = { contentScriptName: 'content', messageId: 'forged' };
        document.dispatchEvent(new CustomEvent(name, { detail }));
        window.postMessage({ type: name, ...detail }, '*');
      }
      return names.length;
    }, session.extId);
    expect(forged).toBe(2);
    // Let the forged events be delivered (a message event is a task) before the click.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });
});

describe('class 12: a page hides its payment from the reader, the worker or the guard (found in a review, session 20)', () => {
  it('shadow-form.html — the recharge form in a closed shadow root: the click on its button is held and warned', async () => {
    const page = await open('http://clobber-pay.test/shadow-form.html');
    await pageChecked(page);
    // The button is reachable only by its position: the page's script cannot see into the closed root either.
    const box = await page.$eval('#pay-box', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.bottom - 24 };
    });
    await page.mouse.click(box.x, box.y);
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    await page.screenshot({ path: `${SHOTS}redteam-shadow-form-en.png` });
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  // session 24: the page reader entered open shadow roots only, and the gate none: a page whose words, contact and
  // recharge form are all in a closed shadow root read as empty (clean) and its recharge went out. A step made inside
  // a shadow tree now waits for a check that reads the page in full, closed roots included.
  it('shadow-all.html — the whole platform in a closed shadow root under a neutral title: the pay click is held, the page read in full, warned', async () => {
    const page = await open('http://clobber-pay.test/shadow-all.html');
    await pageChecked(page);
    // The button is the last thing in the root: reachable by its position only (nothing outside can see into it).
    const at = await pointAbove(page, '#app', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    await page.screenshot({ path: `${SHOTS}redteam-shadow-all-en.png` });
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('shadow-all.html — Enter in the amount field inside the closed root (implicit submission): held, read in full, warned', async () => {
    const page = await open('http://clobber-pay.test/shadow-all.html');
    await pageChecked(page);
    // Tab to the amount field inside the root (seen from outside, the focus is on the host); the page must have the
    // keyboard first, so Tab is pressed until it gets there (a bounded number of times).
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'app'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('app');
    await page.keyboard.press('Enter');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  // session 25: ~30,000 characters of text the eye never sees (off screen, clipped) ahead of the platform: the reader
  // keeps 24,000 characters and the model reads 8,000, so the words the user sees were never judged.
  it.each([
    ['padded-text.html', 'ahead of the platform'],
    ['padded-text.html?tail', 'after it (a long page)'],
    ['padded-text.html?below', 'first in the tree but shown below the platform (flex order)'],
    ['padded-text.html?right', 'in one block fixed just above the top, three windows to the right'],
    ['padded-text.html?sronly', 'in one 600 px block inside a 1 × 1 px wrapper that clips it'],
    ['padded-text.html?transparent', 'shown in place but transparent, over 100,000 characters of it'],
    ['padded-text.html?clippath', 'in a 1 × 1 px wrapper clipped by clip-path'],
    ['padded-text.html?contain', 'in a 1 × 1 px wrapper with paint containment'],
    ['padded-text.html?escape', 'ahead, the words shown out of a 0-high clipping wrapper by absolute positioning'],
    ['padded-text.html?fill', 'ahead, the words transparent in colour but dark in text fill'],
    ['padded-text.html?contents', 'ahead, the words bare text in a display:contents wrapper'],
    ['padded-text.html?plainer', 'ahead, the amount in a text field with no hint at all'],
    ['padded-text.html?plain', 'ahead of the platform, no sensitive field (judged on the first check\'s sample)'],
  ])('%s — 30,000 characters of unseen text %s: held and warned', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.click('#pay');
    const ov = await overlayIn(page, 'action');
    if (file === 'padded-text.html') {
      // the warning quotes the words the user saw, not the padding
      expect(await ov.text('[data-testid="ov-reasons"]')).toContain('抢单');
      await ov.detach();
      await page.screenshot({ path: `${SHOTS}redteam-padded-text-en.png` });
    }
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('a legit checkout with ~14,000 characters of reader reviews above the form: the order is sent once, silently', async () => {
    const page = await open('http://greenleaf-books.test/checkout-long/');
    await pageChecked(page);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }), page.click('#place-order')]);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
    expect(await page.$(OVERLAY)).toBeNull();
  });

  // session 25: the page reader skipped what the markup calls hidden — aria-hidden="true" (which hides nothing from the
  // eye), and the `hidden` attribute or an inline display:none that the page's stylesheet overrides —, every SVG (its
  // <text> too) and every field's value (a read-only textarea too): a platform whose words were there was judged on
  // empty features, clean, and its recharge went out.
  it.each([
    ['aria-hidden.html', 'inside aria-hidden="true", which hides nothing from the eye'],
    ['aria-hidden.html?hidden', 'inside an element with the hidden attribute, shown by the page\'s stylesheet'],
    ['aria-hidden.html?style', 'inside an inline display:none / visibility:hidden, overridden by the page\'s stylesheet'],
    ['svg-text.html', 'drawn as SVG text, which the reader skipped with the icons'],
    ['svg-text.html?field', 'the value of a read-only textarea styled as a paragraph'],
  ])('%s — the platform\'s words where the reader did not look (%s): held and warned', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  // session 25: a page at warn (or one read as empty) whose recharge is a bare amount field and a type=button "确定"
  // that POSTs by script (no form, no money word on or around the button): no rule saw a payment step.
  it.each([
    ['script-button.html', 'in the page'],
    ['script-button.html?shadow', 'in a closed shadow root of a plain div'],
    ['script-button.html?label', 'a bare <label> as the button'],
    ['script-button.html?hint', 'the amount in a text field with no hint at all'],
    ['script-button.html?shadowall', 'with the words, in a closed shadow root of a plain div under a neutral title (read in full)'],
  ])('%s — a script button without a money word next to the amount field (%s): held and warned', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    const at = await pointAbove(page, '#box', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([['Enter', 'Enter', 'role'], ['Space', ' ', 'role'], ['Space (its handler on keyup)', ' ', 'roleup']] as const)('script-button.html?role — %s on a <div role=button> that sends by its own key handler: held and warned', async (_name, key, variant) => {
    const page = await open(`http://clobber-pay.test/script-button.html?${variant}`);
    await pageChecked(page);
    await page.focus('#pay');
    await page.keyboard.press(key);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([['enter', 'a number field'], ['hintenter', 'a text field with no hint']])('script-button.html?%s — Enter in the bare amount field (%s), sent by the field\'s own key handler (no form): held and warned', async (variant) => {
    const page = await open(`http://clobber-pay.test/script-button.html?${variant}`);
    await pageChecked(page);
    await page.focus('#amt');
    await page.keyboard.press('Enter');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  // session 25: a held Enter is carried out again as what it was — in a form field by submitting the form, in a bare
  // field by the key press its own handler acts on (a replayed keydown does not submit a form).
  it.each([
    ['long-lang.html', 'the recharge form\'s amount field'],
    ['script-button.html?enter', 'the bare amount field'],
  ])('%s — Enter in %s: warned; "continue" sends it exactly once', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.focus('#amt');
    await page.keyboard.press('Enter');
    const ov = await overlayIn(page, 'action');
    await ov.waitFor('function () { return !this.querySelector("[data-testid=ov-continue]").disabled; }', '"continue" became enabled');
    await ov.click(page, '[data-testid="ov-continue"]');
    await untilPosted('clobber-pay.test', 5_000);
    expect(posts('clobber-pay.test').length, 'one POST after the deliberate "continue"').toBe(1);
  });

  it('a legit basket whose quantity "+" is a script button next to a number field: each click saves at once, silently', async () => {
    const page = await open('http://greenleaf-books.test/cart/');
    await pageChecked(page);
    await page.click('#plus');
    await page.click('#plus');
    const deadline = Date.now() + 5000;
    while (posts('greenleaf-books.test').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/basket', '/basket']);
    expect(await page.$eval('#qty', (el) => (el as HTMLInputElement).value)).toBe('3');
    expect(await page.$(OVERLAY)).toBeNull();
  });

  it('shadow-words.html — the words in a closed shadow root of a plain div, the recharge form in the page: the submit is held, the page read in full, warned', async () => {
    const page = await open('http://clobber-pay.test/shadow-words.html');
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([
    ['shadow-words.html?churn', 'the same, its address changing at every press (the step is held on an unknown verdict)'],
    ['shadow-custom.html', 'the words in a custom element\'s closed root, nothing for the first check to ask about (no extraction)'],
  ])('%s — %s: held, read in full, warned', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('shadow-route.html — the platform in a closed root of a plain div, the page moving to another path right after the pay click: still read in full, warned', async () => {
    const page = await open('http://clobber-pay.test/shadow-route.html');
    await pageChecked(page);
    const at = await pointAbove(page, '#app', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('a legit checkout whose form is in a closed shadow root: the order click is held for the full read, then sent once, silently', async () => {
    const page = await open('http://greenleaf-books.test/checkout-shadow/');
    await pageChecked(page);
    const at = await pointAbove(page, '#checkout', 42);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }), page.mouse.click(at.x, at.y)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
    expect(await page.$(OVERLAY)).toBeNull();
  });

  it('late-scam.html — checked clean, then scam words and a recharge form are added: the payment right after is held and warned', async () => {
    const page = await open('http://clobber-pay.test/late-scam.html');
    await pageChecked(page);
    const before = await page.evaluate(() => performance.getEntriesByName('scamsentinel:significant').length);
    await page.evaluate(() => (window as unknown as { addOffer(): void }).addOffer());
    // The content script has seen the new form (its idle-time look at added nodes), well before its re-check is due.
    await waitFor(page, 'the content script saw the new form', `performance.getEntriesByName('scamsentinel:significant').length > ${before}`);
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('rewrite.html — checked clean as a harmless page, then rewritten with document.open() into a recharge form: held and warned', async () => {
    const page = await open('http://clobber-pay.test/rewrite.html');
    await pageChecked(page);
    await page.evaluate(() => (window as unknown as { rewrite(): void }).rewrite());
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([
    ['long-lang.html', 'an overlong <html lang>: the features message was refused, the page judged by its URL alone (clean)'],
    ['padded-form.html', '41 hidden inputs ahead of the card field: the reader stopped at 40 fields and saw no payment'],
    ['reappend.html', 'the page re-appends <html> after adding stopping capture listeners: the guard was re-installed behind them'],
    ['own-ui-spoof.html', 'the pay label wrapped in the page\'s own <scamsentinel-ui>, form.submit() on click: the guard took it for our UI'],
    ['newline-link.html', 'a link with encoded newlines in its href: the worker refused every check of the page, so it counted as clean'],
    ['gate-padding.html', '350 hidden text nodes ahead of its words and no sensitive field: the first check\'s sample held none of them, the page was judged by its address (clean)'],
    ['long-url.html', 'its own address padded past the worker\'s 8,192 characters (history.replaceState): every check was refused, the payment got "could not check" instead of its verdict'],
  ])('%s — %s: the payment is held and warned', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    if (file === 'reappend.html') await waitFor(page, 'the page re-appended <html>', 'window.reappended === true');
    await page.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    expect(posts('clobber-pay.test')).toEqual([]);
  });
});

describe('class 13: the payment form is in a frame (found in the session-20 review)', () => {
  /**
   * A mouse click on `sel` in `frame` (its #app iframe in `page`), where the wrapper may have scaled the frame with a
   * CSS transform: the element's box in the frame's own pixels, mapped through the iframe's box on the page.
   */
  async function clickScaled(page: Page, frame: Frame, sel: string): Promise<void> {
    await frame.$eval(sel, (el) => el.scrollIntoView({ block: 'center' }));
    const inner = await frame.$eval(sel, (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const box = await page.$eval('#app', (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, scale: r.width / (el as HTMLElement).offsetWidth };
    });
    await page.mouse.click(box.left + inner.x * box.scale, box.top + inner.y * box.scale);
  }

  /** The page's frame whose address matches; waits for it to be there. */
  async function frameOf(page: Page, match: (url: string) => boolean, withButton = true): Promise<Frame> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const f = page.frames().find((fr) => fr !== page.mainFrame() && match(fr.url()));
      if (f && (!withButton || (await f.$('#pay-btn').catch(() => null)))) return f;
      if (Date.now() > deadline) throw new Error('within 10 s, expected: the payment frame is loaded');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('frame-srcdoc.html — the recharge form in a srcdoc frame: its submit is held and the page\'s warning shown', async () => {
    const page = await open('http://clobber-pay.test/frame-srcdoc.html');
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u === 'about:srcdoc');
    await frame.click('#pay-btn');
    const ov = await overlayIn(page, 'action');
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    await ov.detach();
    await page.screenshot({ path: `${SHOTS}redteam-frame-srcdoc-en.png` });
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([
    ['frame-cross.html', 'a card form in another site\'s frame'],
    ['frame-button.html', 'a card frame with no form and no money word, whose type=button "Confirm" sends by script'],
  ])('%s — %s: held and warned; "continue" makes that frame pay', async (file) => {
    const page = await open(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await frame.click('#pay-btn');
    const ov = await overlayIn(page, 'action', 10_000, 'card-frame.test');
    expect(posts('card-frame.test')).toEqual([]);
    // The user reads the warning and goes on anyway: the step held in the frame is carried out there, once.
    await ov.waitFor('function () { return !this.querySelector("[data-testid=ov-continue]").disabled; }', '"continue" became enabled');
    await ov.click(page, '[data-testid="ov-continue"]');
    await ov.detach();
    await untilPosted('card-frame.test', 5_000);
    expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
  });

  it.each([
    ['', 'a wrapper page shows the platform in a full-size frame'],
    ['stop.html', 'the same, and the platform stops every click and submit with capture listeners of its own'],
  ])('shell-wrap.test/%s — %s: the frame is checked as a page and its recharge is warned there', async (file) => {
    const page = await open(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    await frameChecked(frame);
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'xinghe-app.test');
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
    expect(mode).toBe('action');
    await armedIn(frame);
    await page.screenshot({ path: `${SHOTS}redteam-frame-wrapper-en.png` });
  });

  it.each([
    ['srcdoc.html', 'the platform in a full-size srcdoc frame', (u: string) => u === 'about:srcdoc'],
    ['blank.html', 'the wrapper writes the platform into a full-size empty frame', (u: string) => u === 'about:blank'],
    ['blob.html', 'the wrapper shows the platform from a blob: URL it made', (u: string) => u.startsWith('blob:')],
    // An opaque origin: no address the frame may read — the worker gives it its parent's (review, session 22).
    ['sandbox.html', 'the platform in a full-size sandboxed srcdoc frame', (u: string) => u === 'about:srcdoc'],
    ['data.html', 'the platform from a full-size data: URL frame', (u: string) => u.startsWith('data:')],
  ])('shell-wrap.test/%s — %s (no address of its own): checked as a page by its creator\'s address, its recharge is warned there', async (file, _what, match) => {
    const page = await open(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, match);
    await frameChecked(frame);
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'shell-wrap.test');
    expect(posts('shell-wrap.test'), 'the recharge POST did not reach the wrapper\'s host').toEqual([]);
    expect(mode).toBe('action');
    if (file === 'srcdoc.html') {
      await armedIn(frame);
      await page.screenshot({ path: `${SHOTS}redteam-frame-srcdoc-wrapper-en.png` });
    }
  });

  it('shell-wrap.test/rewrite.html — the full-size frame is checked clean, then rewritten with document.open() into the recharge form: held and warned', async () => {
    const page = await open('http://shell-wrap.test/rewrite.html');
    const frame = await frameOf(page, (u) => u === 'about:srcdoc', false);
    await frameChecked(frame);
    await page.evaluate(() => (window as unknown as { rewrite(): void }).rewrite());
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'shell-wrap.test');
    expect(posts('shell-wrap.test'), 'the recharge POST did not reach the wrapper\'s host').toEqual([]);
    expect(mode).toBe('action');
  });

  it('shell-wrap.test/grow.html — the platform written into a 1×1 frame (document.open() erases its listeners), then the frame enlarged: checked as a page, held and warned', async () => {
    const page = await open('http://shell-wrap.test/grow.html');
    const frame = await frameOf(page, (u) => u === 'about:blank');
    await page.evaluate(() => (window as unknown as { grow(): void }).grow());
    await frameChecked(frame);
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'shell-wrap.test');
    expect(posts('shell-wrap.test'), 'the recharge POST did not reach the wrapper\'s host').toEqual([]);
    expect(mode).toBe('action');
  });

  it.each([
    ['scaled.html', 'the platform in a 280×240 frame scaled up with a CSS transform to fill the window (its innerWidth stays 280)'],
    ['narrow.html', 'the platform in a phone-shaped frame 300 px wide (narrower than a frame checked as a page)'],
  ])('shell-wrap.test/%s — %s: not seen as full-size, but the frame\'s own page is read when the user acts there: held and warned, "continue" pays once', async (file) => {
    const page = await open(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    await clickScaled(page, frame, '#pay-btn');
    const ov = await overlayIn(page, 'action', 10_000, 'xinghe-app.test');
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
    // The warning names what the frame shows, not the wrapper's empty page.
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    expect(await ov.text('[data-testid="ov-reasons"]')).toContain('充值');
    await ov.waitFor('function () { return !this.querySelector("[data-testid=ov-continue]").disabled; }', '"continue" became enabled');
    if (file === 'scaled.html') await page.screenshot({ path: `${SHOTS}redteam-frame-scaled-en.png` });
    await ov.click(page, '[data-testid="ov-continue"]');
    await ov.detach();
    await untilPosted('xinghe-app.test', 5_000);
    expect(posts('xinghe-app.test').map((r) => r.path)).toEqual(['/api/pay']);
  });

  it.each([
    ['narrow-switch.html', 'writes its recharge page'],
    ['narrow-retype.html', 'retypes its text in place and reveals a hidden block (no node added or removed)'],
  ])('shell-wrap.test/%s — the small frame is harmless while it is read at the pointer\'s approach, then %s: read again, held and warned', async (file) => {
    const page = await open(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    await frame.hover('#pay-btn');
    await frame.waitForFunction('window.swapped === true', { timeout: 10_000, polling: 50 }).catch(() => {
      throw new Error('within 10 s, expected: the frame was read clean, then showed its recharge page');
    });
    await frame.click('#pay-btn');
    const ov = await overlayIn(page, 'action', 10_000, 'xinghe-app.test');
    expect(await ov.text('[data-testid="ov-reasons"]')).toContain('抢单');
    await ov.detach();
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
  });

  it('shell-wrap.test/nested.html — the scaled-up platform frame holds its recharge form in a plain frame of another site (that frame alone reads clean): the frame around it is read too, held and warned', async () => {
    const page = await open('http://shell-wrap.test/nested.html');
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/order'));
    // The keyboard, as a user without a mouse: focus the button; once the frame has its own reading and the page's
    // status (what it would let the step go by), Enter.
    await frame.focus('#pay-btn');
    await frame.waitForFunction(`performance.getEntriesByName('scamsentinel:frame-own-none').length > 0 && performance.getEntriesByType('mark').some((m) => m.name.startsWith('scamsentinel:frame-status-'))`, { timeout: 10_000, polling: 50 }).catch(() => {
      throw new Error('within 10 s, expected: the frame read its own page and asked for the page\'s status');
    });
    await page.keyboard.press('Enter');
    const ov = await overlayIn(page, 'action', 10_000, 'card-frame.test');
    expect(await ov.text('[data-testid="ov-reasons"]')).toContain('抢单');
    await ov.detach();
    expect(posts('card-frame.test'), 'the order POST did not reach the frame\'s site').toEqual([]);
  });

  it('shell-wrap.test/card.html — the platform in the full-size frame takes the card in a frame of its own: that step is judged by the platform\'s frame', async () => {
    const page = await open('http://shell-wrap.test/card.html');
    const app = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'), false);
    await frameChecked(app);
    const card = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await card.click('#pay-btn');
    const mode = await overlayModeIn(app, 'card-frame.test');
    expect(posts('card-frame.test'), 'the card POST did not reach the provider').toEqual([]);
    expect(mode).toBe('action');
  });

  it('a real shop\'s checkout in a full-size frame is checked as a page and stays silent; the order goes through', async () => {
    server.debugHosts.add('greenleaf-books.test');
    try {
      const page = await open('http://greenleaf-books.test/embed.html');
      const frame = await frameOf(page, (u) => u.startsWith('http://greenleaf-books.test/checkout/'), false);
      await frameChecked(frame);
      await frame.click('#place-order');
      await untilPosted('greenleaf-books.test', 10_000);
      expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
      expect(await frame.$(OVERLAY).catch(() => null)).toBeNull();
      expect(await page.$(OVERLAY)).toBeNull();
    } finally {
      server.debugHosts.delete('greenleaf-books.test');
    }
  });

  it('a caution page with a card frame: the click reaches the frame as the user\'s own, and the page shows its quiet banner', async () => {
    const page = await open('http://licai-guide.test/card-frame.html');
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await frame.hover('#pay-btn');
    await frame
      .waitForFunction(
        `performance.getEntriesByName('scamsentinel:frame-status-caution').length > 0 && performance.getEntriesByName('scamsentinel:frame-own-none').length > 0`,
        { timeout: 10_000, polling: 50 },
      )
      .catch(() => {
        throw new Error('within 10 s, expected: the frame learned that the page is at caution and its own page clean');
      });
    await frame.click('#pay-btn');
    await untilPosted('card-frame.test', 5_000);
    expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
    expect(await clickTrustedIn(page)).toBe('true');
    const banner = await ClosedRoot.of(page, 'scamsentinel-ui[data-scamsentinel="banner"]');
    expect(await banner.text('[data-testid="banner"]')).toContain('Be careful');
    await banner.detach();
    expect(await page.$(OVERLAY)).toBeNull();
  });

  it('a frame whose top frame cannot answer (a local file embedding a card frame) asks through the browser\'s dialog; dismissed: nothing sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-frame-top-'));
    const file = join(dir, 'order.html');
    writeFileSync(file, '<!doctype html><html lang="en"><body><h1>Order</h1><iframe src="http://card-frame.test/card.html" style="width:100%;height:260px"></iframe></body></html>');
    try {
      const page = await session.browser.newPage();
      opened.push(page);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
      await frame.click('#pay-btn');
      // The frame asks its top frame for up to 4 s (ASK_MAX_MS), then the browser's own dialog asks.
      const deadline = Date.now() + 15_000;
      while (dialogs.length === 0 && posts('card-frame.test').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(posts('card-frame.test'), 'nothing reached the provider').toEqual([]);
      expect(dialogs).toHaveLength(1);
      expect(dialogs[0]).toContain('ScamSentinel could not check this page');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['', 'its card form'],
    ['button.html', 'a card frame whose type=button "Confirm" sends by script'],
  ])('a real shop\'s checkout with its provider\'s card frame (checkout-frame/%s: %s) stays silent, and the user\'s click reaches the frame as their own', async (file) => {
    server.debugHosts.add('greenleaf-books.test');
    try {
      const page = await open(`http://greenleaf-books.test/checkout-frame/${file}`);
      await pageChecked(page);
      const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
      // A person's pointer reaches the button before they press it: the frame asks for the page's verdict then.
      await frame.hover('#pay-btn');
      await frame
        .waitForFunction(
          `performance.getEntriesByName('scamsentinel:frame-status-none').length > 0 && performance.getEntriesByName('scamsentinel:frame-own-none').length > 0`,
          { timeout: 10_000, polling: 50 },
        )
        .catch(() => {
          throw new Error('within 10 s, expected: the frame learned that the page and its own page are clean');
        });
      await frame.click('#pay-btn');
      await untilPosted('card-frame.test', 5_000);
      expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
      expect(await page.$(OVERLAY)).toBeNull();
      // Not held and replayed (a replayed click is the extension's, not trusted): the frame saw the user's own click.
      expect(await clickTrustedIn(page)).toBe('true');
    } finally {
      server.debugHosts.delete('greenleaf-books.test');
    }
  });
});
