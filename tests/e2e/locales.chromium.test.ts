/** The interstitial and popup follow the browser's language: zh-CN and zh-TW here (en is covered elsewhere). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForUrl, type ChromiumSession, waitForStableSelector } from './harness/browsers';
import { SiteServer } from './harness/site-server';
import { textOf } from './harness/shadow';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
let server: SiteServer;

beforeAll(async () => {
  server = await new SiteServer().start();
});
afterAll(async () => {
  await server?.stop();
});

describe.each([
  ['zh-CN', '这是已知的诈骗网站', '刷单返利诈骗', '返回安全页面'],
  ['zh-TW', '這是已知的詐騙網站', '刷單返利詐騙', '返回安全頁面'],
] as const)('locale %s', (lang, title, category, goBack) => {
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium({ proxyUrl: server.proxyUrl, lang });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('renders the interstitial in the browser language', async () => {
    const page = await session.browser.newPage();
    await page.goto('http://qiangdan-vip.test/').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
    await waitForStableSelector(page, '[data-testid="category"]');
    expect(await textOf(page, 'h1')).toBe(title);
    expect(await textOf(page, '[data-testid="category"]')).toContain(category);
    expect(await textOf(page, '[data-testid="go-back"]')).toBe(goBack);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);
    await page.screenshot({ path: `${SHOTS}interstitial-${lang}.png`, fullPage: true });
    await page.close();
  });
});
