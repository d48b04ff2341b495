/**
 * A hostile page against the pre-payment overlay, in Firefox: remove it, hide it, cover it, out-modal it, fight its
 * re-attachment — the overlay comes back every time, no POST reaches the site, and repeated tampering switches
 * "continue" off. No CDP in Firefox (closed roots are unreadable): the tests wait on the marker attributes the
 * watchdog writes on the host (`data-scamsentinel-repairs`, `data-scamsentinel-tampered`), hit-test the dialog
 * from the page, and take screenshots. No fixed sleeps decide a result: each wait names the step that did not happen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID, type FirefoxSession } from './harness/browsers';
import type { SiteServer } from './harness/site-server';
import { useFirefox } from './harness/file-browser';
import { moveTab } from './harness/settle';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const REPAIRS = 'data-scamsentinel-repairs';
const TAMPERED = 'data-scamsentinel-tampered';

let server: SiteServer;
let session: FirefoxSession;
useFirefox('ss-redteam-', (s, b) => {
  server = s;
  session = b;
});

// POSTs made during the current test only (one test replays a payment on purpose after a keyboard "continue").
let testStart = 0;
beforeEach(() => {
  testStart = Date.now();
});
const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST' && r.at >= testStart);
const opened: Page[] = [];
afterEach(async () => {
  // Bounded: a page that keeps churning must not hang the next test (a close that never returns is dropped).
  for (const p of opened.splice(0)) await Promise.race([p.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
});

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

/**
 * Waits until the overlay is up in `mode` (the host's `data-scamsentinel-mode`) and on top. Fails at once, naming
 * the attack, when the payment POST reaches the site meanwhile (how each attack showed against the parent commit).
 */
async function overlayIn(page: Page, mode: string, timeoutMs = 10_000, host = new URL(page.url()).hostname): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (posts(host).length > 0) throw new Error(`the attack worked: the payment POST reached ${host} (no overlay "${mode}")`);
    const shown = await page
      .evaluate((sel, m) => document.querySelector(sel)?.getAttribute('data-scamsentinel-mode') === m, OVERLAY, mode)
      .catch(() => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error(`within ${timeoutMs} ms, expected: the overlay is shown (mode "${mode}")`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await waitFor(page, 'the overlay is shown on top', shownOnTop);
}

async function openPage(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  opened.push(page);
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(url);
  return page;
}

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

const pageChecked = (page: Page) =>
  page
    .waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 10_000, polling: 50 })
    .catch(() => {
      throw new Error('within 10 s, expected: the content script checked the page');
    });

describe('issue 15 red team (Firefox)', () => {
  it('class 4: under a closed-shadow-root popover that clicks pass through, "continue" is keyboard-only — and works', async () => {
    const page = await hostileOverlay();
    expect(await trick(page, 'shadowPassThrough')).toBe(true);
    // The page's cover is invisible to every check the page or the watchdog can run here: no IO v2 in Firefox.
    expect(await page.evaluate(() => 'isVisible' in IntersectionObserverEntry.prototype)).toBe(false);
    await page
      .waitForFunction((sel) => document.querySelector(sel)?.hasAttribute('data-scamsentinel-armed') === true, { timeout: 10_000, polling: 50 }, OVERLAY)
      .catch(() => {
        throw new Error('within 10 s, expected: "continue" was enabled after its delay');
      });
    expect(posts('hostile-pay.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}redteam-shadow-passthrough-firefox.png` });
    // The keyboard path (focus is held by our modal dialog; the page cannot paint over focus): Tab, Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await untilPosted('hostile-pay.test', 5_000);
    expect(posts('hostile-pay.test').length, 'one POST after Tab + Enter on "continue"').toBe(1);
  });

  it('class 5: html { zoom: .04 } after the overlay is up is tampering: repaired (counter-zoom) and counted', async () => {
    const page = await hostileOverlay();
    expect(await trick(page, 'zoom')).toBe(true);
    await repaired(page, 1);
    await page.screenshot({ path: `${SHOTS}redteam-zoom-firefox.png` });
    expect(posts('hostile-pay.test')).toEqual([]);
  });

  it('class 1: an element named like the UI handle does not stop the guard', async () => {
    const page = await openPage('http://clobber-pay.test/');
    await pageChecked(page);
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 1: <input name="ownerDocument"> does not make a card form harmless', async () => {
    const page = await openPage('http://clobber-pay.test/card.html');
    await pageChecked(page);
    await page.click('#next-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 11: the page learns no event name from us, and a forged "newer instance started" event leaves the guard on', async () => {
    const page = await openPage('http://clobber-pay.test/forged-stop.html');
    await pageChecked(page);
    // WXT's content-script context posted "<id>:content:wxt:content-script-started" to the page and stopped itself on
    // a document event of that name with another instance id: both are gone.
    const seen = await page.evaluate(() => (window as unknown as { __seenMessages: string[] }).__seenMessages);
    expect(seen.filter((m) => m.includes(FIREFOX_ADDON_ID) || m.includes('content-script-started'))).toEqual([]);
    await page.evaluate((id) => {
      for (const name of [`${id}:content:wxt:content-script-started`, 'wxt:content-script-started']) {
        const detail = { contentScriptName: 'content', messageId: 'forged' };
        document.dispatchEvent(new CustomEvent(name, { detail }));
        window.postMessage({ type: name, ...detail }, '*');
      }
    }, FIREFOX_ADDON_ID);
    // Let the forged events be delivered (a message event is a task) before the click.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: late-scam.html — checked clean, then scam words and a recharge form are added: the payment right after is held and warned', async () => {
    const page = await openPage('http://clobber-pay.test/late-scam.html');
    await pageChecked(page);
    const before = await page.evaluate(() => performance.getEntriesByName('scamsentinel:significant').length);
    await page.evaluate(() => (window as unknown as { addOffer(): void }).addOffer());
    await page
      .waitForFunction((n) => performance.getEntriesByName('scamsentinel:significant').length > n, { timeout: 10_000, polling: 50 }, before)
      .catch(() => {
        throw new Error('within 10 s, expected: the content script saw the new form');
      });
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: rewrite.html — checked clean as a harmless page, then rewritten with document.open() into a recharge form: held and warned', async () => {
    const page = await openPage('http://clobber-pay.test/rewrite.html');
    await pageChecked(page);
    await page.evaluate(() => (window as unknown as { rewrite(): void }).rewrite());
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: shadow-form.html — the recharge form in a closed shadow root: the click on its button is held and warned', async () => {
    const page = await openPage('http://clobber-pay.test/shadow-form.html');
    await pageChecked(page);
    const box = await page.$eval('#pay-box', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.bottom - 24 };
    });
    await page.mouse.click(box.x, box.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  // session 24: the page reader entered open shadow roots only, and the gate none: a page whose words, contact and
  // recharge form are all in a closed shadow root read as empty (clean) and its recharge went out. A step made inside
  // a shadow tree now waits for a check that reads the page in full, closed roots included.
  it('class 12: shadow-all.html — the whole platform in a closed shadow root under a neutral title: the pay click is held, the page read in full, warned', async () => {
    const page = await openPage('http://clobber-pay.test/shadow-all.html');
    await pageChecked(page);
    // The button is the last thing in the root: reachable by its position only (nothing outside can see into it).
    const at = await pointAbove(page, '#app', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: shadow-all.html — Enter in the amount field inside the closed root (implicit submission): held, read in full, warned', async () => {
    const page = await openPage('http://clobber-pay.test/shadow-all.html');
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
  ])('class 12: %s — 30,000 characters of unseen text %s: held and warned', async (file) => {
    const page = await openPage(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: a legit checkout with ~14,000 characters of reader reviews above the form: the order is sent once, silently', async () => {
    const page = await openPage('http://greenleaf-books.test/checkout-long/');
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
  ])('class 12: %s — the platform\'s words where the reader did not look (%s): held and warned', async (file) => {
    const page = await openPage(`http://clobber-pay.test/${file}`);
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
  ])('class 12: %s — a script button without a money word next to the amount field (%s): held and warned', async (file) => {
    const page = await openPage(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    const at = await pointAbove(page, '#box', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([['Enter', 'Enter', 'role'], ['Space', ' ', 'role'], ['Space (its handler on keyup)', ' ', 'roleup']] as const)('class 12: script-button.html?role — %s on a <div role=button> that sends by its own key handler: held and warned', async (_name, key, variant) => {
    const page = await openPage(`http://clobber-pay.test/script-button.html?${variant}`);
    await pageChecked(page);
    await page.focus('#pay');
    await page.keyboard.press(key);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([['enter', 'a number field'], ['hintenter', 'a text field with no hint']])('class 12: script-button.html?%s — Enter in the bare amount field (%s), sent by the field\'s own key handler (no form): held and warned', async (variant) => {
    const page = await openPage(`http://clobber-pay.test/script-button.html?${variant}`);
    await pageChecked(page);
    await page.focus('#amt');
    await page.keyboard.press('Enter');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: a legit basket whose quantity "+" is a script button next to a number field: each click saves at once, silently', async () => {
    const page = await openPage('http://greenleaf-books.test/cart/');
    await pageChecked(page);
    await page.click('#plus');
    await page.click('#plus');
    const deadline = Date.now() + 5000;
    while (posts('greenleaf-books.test').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/basket', '/basket']);
    expect(await page.$eval('#qty', (el) => (el as HTMLInputElement).value)).toBe('3');
    expect(await page.$(OVERLAY)).toBeNull();
  });

  it('class 12: shadow-words.html — the words in a closed shadow root of a plain div, the recharge form in the page: the submit is held, the page read in full, warned', async () => {
    const page = await openPage('http://clobber-pay.test/shadow-words.html');
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([
    ['shadow-words.html?churn', 'the same, its address changing at every press (the step is held on an unknown verdict)'],
    ['shadow-custom.html', 'the words in a custom element\'s closed root, nothing for the first check to ask about (no extraction)'],
  ])('class 12: %s — %s: held, read in full, warned', async (file) => {
    const page = await openPage(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    await page.click('#pay');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: shadow-route.html — the platform in a closed root of a plain div, the page moving to another path right after the pay click: still read in full, warned', async () => {
    const page = await openPage('http://clobber-pay.test/shadow-route.html');
    await pageChecked(page);
    const at = await pointAbove(page, '#app', 20);
    await page.mouse.click(at.x, at.y);
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it('class 12: a legit checkout whose form is in a closed shadow root: the order click is held for the full read, then sent once, silently', async () => {
    const page = await openPage('http://greenleaf-books.test/checkout-shadow/');
    await pageChecked(page);
    const at = await pointAbove(page, '#checkout', 42);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 10_000 }), page.mouse.click(at.x, at.y)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
    expect(await page.$(OVERLAY)).toBeNull();
  });

  it.each(['long-lang.html', 'padded-form.html', 'reappend.html', 'own-ui-spoof.html', 'newline-link.html', 'gate-padding.html', 'long-url.html'])('class 12: %s — the payment is held and warned', async (file) => {
    // long-lang: an overlong <html lang> got the features refused (clean by URL); padded-form: 41 hidden inputs ahead
    // of the card field; reappend: stopping capture listeners, then <html> re-appended (the guard re-installed behind);
    // own-ui-spoof: the pay label in the page's own <scamsentinel-ui>, form.submit() on click; newline-link: an href
    // with encoded newlines got every check refused; gate-padding: 350 hidden text nodes ahead of its words filled the
    // first check's sample (judged by its address: clean); long-url: its own address padded past the worker's 8,192
    // characters got every check refused ("could not check", not its verdict).
    const page = await openPage(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    if (file === 'reappend.html')
      await page.waitForFunction(() => (window as unknown as { reappended?: boolean }).reappended === true, { timeout: 10_000, polling: 50 });
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  /** The page's frame whose address matches (with its pay button, unless `withButton` is false); waits for it. */
  async function frameOf(page: Page, match: (url: string) => boolean, withButton = true): Promise<Frame> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const f = page.frames().find((fr) => fr !== page.mainFrame() && match(fr.url()));
      if (f && (!withButton || (await f.$('#pay-btn').catch(() => null)))) return f;
      if (Date.now() > deadline) throw new Error('within 10 s, expected: the payment frame is loaded');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('class 13: frame-srcdoc.html — the recharge form in a srcdoc frame: its submit is held and the page\'s warning shown', async () => {
    const page = await openPage('http://clobber-pay.test/frame-srcdoc.html');
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u === 'about:srcdoc');
    await frame.click('#pay-btn');
    await overlayIn(page, 'action');
    await page.screenshot({ path: `${SHOTS}redteam-frame-srcdoc-firefox.png` });
    expect(posts('clobber-pay.test')).toEqual([]);
  });

  it.each([
    ['frame-cross.html', 'a card form in another site\'s frame'],
    ['frame-button.html', 'a card frame with no form and no money word, whose type=button "Confirm" sends by script'],
  ])('class 13: %s — %s: held and warned; "continue" makes that frame pay', async (file) => {
    const page = await openPage(`http://clobber-pay.test/${file}`);
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await frame.click('#pay-btn');
    await overlayIn(page, 'action', 10_000, 'card-frame.test');
    await page
      .waitForFunction((sel) => document.querySelector(sel)?.hasAttribute('data-scamsentinel-armed') === true, { timeout: 10_000, polling: 50 }, OVERLAY)
      .catch(() => {
        throw new Error('within 10 s, expected: "continue" was enabled after its delay');
      });
    expect(posts('card-frame.test')).toEqual([]);
    // The keyboard path to "continue" (focus is in our dialog): Tab, Enter. The frame then carries out its step, once.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await untilPosted('card-frame.test', 5_000);
    expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
  });

  it.each([
    ['', 'a wrapper page shows the platform in a full-size frame'],
    ['stop.html', 'the same, and the platform stops every click and submit with capture listeners of its own'],
  ])('class 13: shell-wrap.test/%s — %s: the frame is checked as a page and its recharge is warned there', async (file) => {
    const page = await openPage(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    await frameChecked(frame);
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'xinghe-app.test');
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
    expect(mode).toBe('action');
    await armedIn(frame);
    await page.screenshot({ path: `${SHOTS}redteam-frame-wrapper-firefox.png` });
  });

  it.each([
    ['srcdoc.html', 'the platform in a full-size srcdoc frame', (u: string) => u === 'about:srcdoc'],
    // document.open() gives the frame's document its writer's address (Firefox reports it; Chromium says about:blank).
    ['blank.html', 'the wrapper writes the platform into a full-size empty frame', (u: string) => u === 'about:blank' || u === 'http://shell-wrap.test/blank.html'],
    ['blob.html', 'the wrapper shows the platform from a blob: URL it made', (u: string) => u.startsWith('blob:')],
    // An opaque origin: no address the frame may read — the worker gives it its parent's (review, session 22).
    ['sandbox.html', 'the platform in a full-size sandboxed srcdoc frame', (u: string) => u === 'about:srcdoc'],
    ['data.html', 'the platform from a full-size data: URL frame', (u: string) => u.startsWith('data:')],
  ])('class 13: shell-wrap.test/%s — %s (no address of its own): checked as a page by its creator\'s address, its recharge is warned there', async (file, _what, match) => {
    const page = await openPage(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, match);
    await frameChecked(frame);
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'shell-wrap.test');
    expect(posts('shell-wrap.test'), 'the recharge POST did not reach the wrapper\'s host').toEqual([]);
    expect(mode).toBe('action');
    if (file === 'srcdoc.html') {
      await armedIn(frame);
      await page.screenshot({ path: `${SHOTS}redteam-frame-srcdoc-wrapper-firefox.png` });
    }
  });

  it('class 13: shell-wrap.test/rewrite.html — the full-size frame is checked clean, then rewritten with document.open() into the recharge form: held and warned', async () => {
    const page = await openPage('http://shell-wrap.test/rewrite.html');
    const frame = await frameOf(page, (u) => u === 'about:srcdoc', false);
    await frameChecked(frame);
    await page.evaluate(() => (window as unknown as { rewrite(): void }).rewrite());
    await frame.click('#pay-btn');
    const mode = await overlayModeIn(frame, 'shell-wrap.test');
    expect(posts('shell-wrap.test'), 'the recharge POST did not reach the wrapper\'s host').toEqual([]);
    expect(mode).toBe('action');
  });

  it('class 13: shell-wrap.test/grow.html — the platform written into a 1×1 frame (document.open() erases its listeners), then the frame enlarged: checked as a page, held and warned', async () => {
    const page = await openPage('http://shell-wrap.test/grow.html');
    // document.open() gives the frame's document its writer's address (Firefox reports it; Chromium says about:blank).
    const frame = await frameOf(page, (u) => u === 'about:blank' || u === 'http://shell-wrap.test/grow.html');
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
  ])('class 13: shell-wrap.test/%s — %s: not seen as full-size, but the frame\'s own page is read when the user acts there: held and warned, "continue" pays once', async (file) => {
    const page = await openPage(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    // A mouse click where the button is drawn: its box in the frame's own pixels, mapped through the (scaled) frame.
    await frame.$eval('#pay-btn', (el) => el.scrollIntoView({ block: 'center' }));
    const inner = await frame.$eval('#pay-btn', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const box = await page.$eval('#app', (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, scale: r.width / (el as HTMLElement).offsetWidth };
    });
    await page.mouse.click(box.left + inner.x * box.scale, box.top + inner.y * box.scale);
    await overlayIn(page, 'action', 10_000, 'xinghe-app.test');
    await page
      .waitForFunction((sel) => document.querySelector(sel)?.hasAttribute('data-scamsentinel-armed') === true, { timeout: 10_000, polling: 50 }, OVERLAY)
      .catch(() => {
        throw new Error('within 10 s, expected: "continue" was enabled after its delay');
      });
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
    if (file === 'scaled.html') await page.screenshot({ path: `${SHOTS}redteam-frame-scaled-firefox.png` });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await untilPosted('xinghe-app.test', 5_000);
    expect(posts('xinghe-app.test').map((r) => r.path)).toEqual(['/api/pay']);
  });

  it.each([
    ['narrow-switch.html', 'writes its recharge page'],
    ['narrow-retype.html', 'retypes its text in place and reveals a hidden block (no node added or removed)'],
  ])('class 13: shell-wrap.test/%s — the small frame is harmless while it is read at the pointer\'s approach, then %s: read again, held and warned', async (file) => {
    const page = await openPage(`http://shell-wrap.test/${file}`);
    const frame = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'));
    await frame.hover('#pay-btn');
    await frame.waitForFunction(() => (window as unknown as { swapped?: boolean }).swapped === true, { timeout: 10_000, polling: 50 }).catch(() => {
      throw new Error('within 10 s, expected: the frame was read clean, then showed its recharge page');
    });
    await frame.click('#pay-btn');
    await overlayIn(page, 'action', 10_000, 'xinghe-app.test');
    expect(posts('xinghe-app.test'), 'the recharge POST did not reach the platform').toEqual([]);
  });

  it('class 13: shell-wrap.test/nested.html — the scaled-up platform frame holds its recharge form in a plain frame of another site (that frame alone reads clean): the frame around it is read too, held and warned', async () => {
    const page = await openPage('http://shell-wrap.test/nested.html');
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/order'));
    // The keyboard, as a user without a mouse: focus the button; once the frame has its own reading and the page's
    // status (what it would let the step go by), Enter.
    await frame.focus('#pay-btn');
    await frame.waitForFunction(() => performance.getEntriesByName('scamsentinel:frame-own-none').length > 0 && performance.getEntriesByType('mark').some((m) => m.name.startsWith('scamsentinel:frame-status-')), { timeout: 10_000, polling: 50 }).catch(() => {
      throw new Error('within 10 s, expected: the frame read its own page and asked for the page\'s status');
    });
    await page.keyboard.press('Enter');
    await overlayIn(page, 'action', 10_000, 'card-frame.test');
    expect(posts('card-frame.test'), 'the order POST did not reach the frame\'s site').toEqual([]);
  });

  it('class 13: shell-wrap.test/card.html — the platform in the full-size frame takes the card in a frame of its own: that step is judged by the platform\'s frame', async () => {
    const page = await openPage('http://shell-wrap.test/card.html');
    const app = await frameOf(page, (u) => u.startsWith('http://xinghe-app.test/'), false);
    await frameChecked(app);
    const card = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await card.click('#pay-btn');
    const mode = await overlayModeIn(app, 'card-frame.test');
    expect(posts('card-frame.test'), 'the card POST did not reach the provider').toEqual([]);
    expect(mode).toBe('action');
  });

  it('class 13: a real shop\'s checkout in a full-size frame is checked as a page and stays silent; the order goes through', async () => {
    server.debugHosts.add('greenleaf-books.test');
    try {
      const page = await openPage('http://greenleaf-books.test/embed.html');
      const frame = await frameOf(page, (u) => u.startsWith('http://greenleaf-books.test/checkout/'), false);
      await frameChecked(frame);
      await frame.click('#place-order');
      await untilPosted('greenleaf-books.test', 10_000);
      expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
      expect(await page.$(OVERLAY)).toBeNull();
    } finally {
      server.debugHosts.delete('greenleaf-books.test');
    }
  });

  it('class 13: a caution page with a card frame: the click reaches the frame as the user\'s own, and the page shows its quiet banner', async () => {
    const page = await openPage('http://licai-guide.test/card-frame.html');
    await pageChecked(page);
    const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
    await frame.hover('#pay-btn');
    await frame
      .waitForFunction(
        () => performance.getEntriesByName('scamsentinel:frame-status-caution').length > 0 && performance.getEntriesByName('scamsentinel:frame-own-none').length > 0,
        { timeout: 10_000, polling: 50 },
      )
      .catch(() => {
        throw new Error('within 10 s, expected: the frame learned that the page is at caution and its own page clean');
      });
    await frame.click('#pay-btn');
    await untilPosted('card-frame.test', 5_000);
    expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
    expect(await clickTrustedIn(page)).toBe('true');
    await page
      .waitForFunction(() => document.querySelector('scamsentinel-ui[data-scamsentinel="banner"]') !== null, { timeout: 10_000, polling: 50 })
      .catch(() => {
        throw new Error('within 10 s, expected: the page shows its banner');
      });
    expect(await page.$(OVERLAY)).toBeNull();
  });

  // No Firefox twin of Chromium's "a frame whose top frame cannot answer" (a local file embedding the card frame):
  // Firefox does not submit a form from an http frame inside a file:// page at all (not even the page's own
  // requestSubmit()), so that setup cannot show a step held or let through there. The fallback is the same code in both.

  it.each([
    ['', 'its card form'],
    ['button.html', 'a card frame whose type=button "Confirm" sends by script'],
  ])('class 13: a real shop\'s checkout with its provider\'s card frame (checkout-frame/%s: %s) stays silent, and the click reaches the frame as the user\'s own', async (file) => {
    server.debugHosts.add('greenleaf-books.test');
    try {
      const page = await openPage(`http://greenleaf-books.test/checkout-frame/${file}`);
      await pageChecked(page);
      const frame = await frameOf(page, (u) => u.startsWith('http://card-frame.test/'));
      await frame.hover('#pay-btn');
      await frame
        .waitForFunction(
          () => performance.getEntriesByName('scamsentinel:frame-status-none').length > 0 && performance.getEntriesByName('scamsentinel:frame-own-none').length > 0,
          { timeout: 10_000, polling: 50 },
        )
        .catch(() => {
          throw new Error('within 10 s, expected: the frame learned that the page and its own page are clean');
        });
      await frame.click('#pay-btn');
      await untilPosted('card-frame.test', 5_000);
      expect(posts('card-frame.test').map((r) => r.path)).toEqual(['/api/charge']);
      expect(await page.$(OVERLAY)).toBeNull();
      expect(await clickTrustedIn(page)).toBe('true');
    } finally {
      server.debugHosts.delete('greenleaf-books.test');
    }
  });

  it('class 2: URL churn — the held payment gets "could not check this page", never a silent replay', async () => {
    const page = await openPage('http://churn-pay.test/');
    await page.waitForFunction(() => (window as unknown as { churns: number }).churns > 10, { timeout: 10_000, polling: 50 });
    await page.click('#pay-btn');
    await overlayIn(page, 'unchecked', 15_000);
    expect(posts('churn-pay.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}redteam-unchecked-firefox.png` });
  });

  it('class 2: a log-in on a page whose verdict is not known yet is held like a payment (phishing pages take accounts)', async () => {
    // The kit's page is read as phishing first (the UI part is loaded), then churns its path: no verdict is known for
    // the URL the user is on. The guard before session 13 judged the log-in under "no type" — not a payment step.
    const page = await openPage('http://kv83-portal.test/webmail/');
    await pageChecked(page);
    await page.evaluate('window.startChurn()');
    await page.waitForFunction(() => (window as unknown as { churns: number }).churns > 10, { timeout: 10_000, polling: 50 });
    await page.type('#user', 'someone@example.test');
    await page.type('#pass', 'hunter2-not-real');
    await page.click('#login');
    await overlayIn(page, 'unchecked', 15_000);
    expect(await page.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-scamsentinel-mode'), OVERLAY)).toBe('unchecked');
    expect(posts('kv83-portal.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}redteam-login-unchecked-firefox.png` });
  });

  it('class 2: query churn on one path — the route\'s last verdict stands (warned at once)', async () => {
    const page = await openPage('http://churn-pay.test/?churn=query');
    await pageChecked(page);
    await page.waitForFunction(() => (window as unknown as { churns: number }).churns > 10, { timeout: 10_000, polling: 50 });
    await page.click('#pay-btn');
    await overlayIn(page, 'action');
    expect(posts('churn-pay.test')).toEqual([]);
  });

  it('class 3 + 6: warning.html framed by a page for a legitimate site shows no warning banner and no controls', async () => {
    // puppeteer does not reach a moz-extension frame inside a web page in Firefox, so this reads pixels: the page
    // frames our interstitial fully visible, and the frame's top must not be the red "known scam" banner. Before
    // this branch it was: the framed page's getVerdict was refused (frames are unprivileged) and the error state
    // rendered the full block warning for "https://com/".
    const page = await openPage('http://hostile-pay.test/');
    const src = `${session.extUrl('/warning.html')}?url=https://www.icbc.com.cn/`;
    await page.evaluate((u) => {
      document.body.replaceChildren();
      const f = document.createElement('iframe');
      f.src = u;
      f.setAttribute('style', 'position:fixed;left:0;top:0;width:800px;height:600px;border:0;background:#fff;z-index:2147483647');
      document.body.appendChild(f);
      return new Promise<void>((r) => f.addEventListener('load', () => r(), { once: true }));
    }, src);
    const pixels = async (): Promise<{ dark: number; red: number }> => {
      const png = await page.screenshot({ encoding: 'base64', clip: { x: 0, y: 0, width: 800, height: 200 } });
      // decoded in the page (a data: image does not taint the canvas): dark (text) and banner-red pixels
      return page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let dark = 0;
        let red = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i]! > 140 && d[i + 1]! < 70 && d[i + 2]! < 70) red++;
          else if (d[i]! < 90 && d[i + 1]! < 90 && d[i + 2]! < 90) dark++;
        }
        return { dark, red };
      }, png);
    };
    // wait until the frame has painted our text (the old build painted its banner in the same first render)
    const deadline = Date.now() + 10_000;
    let seen = await pixels();
    while (seen.dark < 200 && seen.red === 0) {
      if (Date.now() > deadline) throw new Error('within 10 s, expected: the framed interstitial painted');
      await new Promise((r) => setTimeout(r, 100));
      seen = await pixels();
    }
    await page.screenshot({ path: `${SHOTS}redteam-framed-firefox.png` });
    expect(seen.red, 'banner-red pixels in the framed interstitial').toBe(0);
  });

  it('class 6: warning.html opened for a legitimate bank with a page\'s own words shows no warning and no controls', async () => {
    const forged = `${session.extUrl('/warning.html')}?url=https://www.icbc.com.cn/?msg=${encodeURIComponent('This bank is a known scam — call 95588-0000 now')}`;
    // puppeteer cannot open a moz-extension page directly: a page navigates there itself (which is the attack)
    const page = await openPage('http://hostile-pay.test/');
    await moveTab(page, forged, session.extUrl('/warning.html'));
    await page.waitForSelector('[data-testid="not-risky"]', { timeout: 10_000 }).catch(() => {
      throw new Error('within 10 s, expected: the interstitial says it has no warning for this address');
    });
    for (const id of ['continue', 'trust', 'go-back', 'target']) expect(await page.$(`[data-testid="${id}"]`), id).toBeNull();
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/\bscam\b|95588/i);
    await page.screenshot({ path: `${SHOTS}redteam-forged-bank-firefox.png` });
  });

  it('class 6: for a listed site the address line shows origin + path only, never text a page put in the query', async () => {
    const page = await openPage('http://hostile-pay.test/');
    await moveTab(page, `${session.extUrl('/warning.html')}?url=http://tuikuan-kefu.test/?msg=This%20bank%20is%20a%20known%20scam%20call%20123`, session.extUrl('/warning.html'));
    await page.waitForSelector('[data-testid="target"]', { timeout: 10_000 });
    expect(await page.$eval('[data-testid="target"]', (el) => el.textContent)).toBe('http://tuikuan-kefu.test/');
  });

  it('class 8: the manifest asks for web pages only (no <all_urls>, no tabs); a page cannot reach our other pages', async () => {
    const page = await openPage('http://hostile-pay.test/');
    const probe = (u: string) =>
      page.evaluate(async (x) => {
        try {
          return (await fetch(x)).status;
        } catch {
          return 'refused';
        }
      }, u);
    for (const path of ['/popup.html', '/options.html', '/manifest.json']) expect(await probe(session.extUrl(path)), path).toBe('refused');
    await moveTab(page, `${session.extUrl('/warning.html')}?url=http://greenleaf-books.test/`, session.extUrl('/warning.html'));
    await page.waitForSelector('[data-testid="not-risky"]', { timeout: 10_000 });
    const manifest = (await page.evaluate(() => (globalThis as unknown as { browser: { runtime: { getManifest(): unknown } } }).browser.runtime.getManifest())) as {
      permissions: string[];
      host_permissions: string[];
    };
    expect(manifest.permissions).not.toContain('tabs');
    expect(manifest.permissions).toContain('activeTab');
    expect(manifest.host_permissions).toEqual(['http://*/*', 'https://*/*']);
  });
});
