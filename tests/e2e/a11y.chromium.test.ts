/**
 * Accessibility of the extension's own pages, checked with axe-core in a real Chromium (English and Simplified
 * Chinese): the settings page, the popup describing a blocked tab, the interstitial for a listed site and for a
 * look-alike. No serious or critical violation may remain. Also: every page's text is free of untranslated message
 * keys and internal codes, and the popup and settings name the lists in force in words (no raw list ids).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iconPaths, type IconLevel } from '../../src/background/badge';
import { launchChromium, waitForUrl, type ChromiumSession, waitForStableSelector } from './harness/browsers';
import { untranslatedCodes } from './harness/plain-text';
import { SiteServer } from './harness/site-server';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page (injected over CDP: extension pages' CSP allows no inline script). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const result = (await page.evaluate(`axe.run(document).then((r) => ({ violations: r.violations, passes: r.passes.length }))`)) as {
    violations: AxeViolation[];
    passes: number;
  };
  expect(result.passes).toBeGreaterThan(10); // axe really ran over the page
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

async function plainText(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(untranslatedCodes(text)).toEqual([]);
  return text;
}

let server: SiteServer;
beforeAll(async () => {
  server = await new SiteServer().start();
});
afterAll(async () => {
  await server?.stop();
});

describe.each(['en', 'zh-CN'] as const)('accessibility and plain words (%s)', (lang) => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium({ proxyUrl: server.proxyUrl, lang });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('settings page: no serious or critical axe violations; lists named in words with their entries in force', async () => {
    const page = await s.browser.newPage();
    await page.goto(s.extUrl('/options.html'));
    await page.waitForSelector('[data-list="scamsentinel-main"] [data-testid="list-entries"]');
    // wait for the data sources (fetched) so axe sees the whole page
    await page.waitForSelector('[data-testid="data-sources"] li');
    expect(await seriousViolations(page)).toEqual([]);
    const text = await plainText(page);
    expect(text).not.toContain('scamsentinel-main');
    const row = await page.$eval('[data-list="scamsentinel-main"]', (e) => (e as HTMLElement).innerText);
    expect(row).not.toContain('—');
    // never synced: the list in force is the built-in copy, with its real entry count in the UI language's digits
    const entries = await page.$eval('[data-list="scamsentinel-main"] [data-testid="list-entries"]', (e) => (e as HTMLElement).innerText);
    expect(entries).toMatch(lang === 'en' ? /^\d{1,3}(,\d{3})+ entries$/ : /^\d{1,3}(,\d{3})+ 条$/);
    const version = await page.$eval('[data-list="scamsentinel-main"] [data-testid="list-version"]', (e) => (e as HTMLElement).innerText);
    expect(version).toContain(lang === 'en' ? 'built into the extension' : '扩展内置');
    await page.close();
  });

  it('interstitial (listed site and look-alike) and the popup on that tab: no serious or critical axe violations', async () => {
    const page = await s.browser.newPage();
    await page.goto('http://usdt-yield.test/invest').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(s.extUrl('/warning.html')));
    await waitForStableSelector(page, '[data-testid="category"]');
    expect(await seriousViolations(page)).toEqual([]);
    const warning = await plainText(page);
    expect(warning).not.toContain('scamsentinel-main');
    expect(warning).not.toContain('scamsentinel-reviewed');

    const tabId = await page.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id: number }> } } }).chrome;
      return (await c.tabs.getCurrent()).id;
    });
    const popup = await s.browser.newPage();
    await popup.setViewport({ width: 380, height: 600 });
    await popup.goto(s.extUrl(`/popup.html?tab=${tabId}`));
    await popup.waitForSelector('[data-testid="list-info"] li');
    await waitForStableSelector(popup, '[data-testid="category"]');
    expect(await seriousViolations(popup)).toEqual([]);
    const popupText = await plainText(popup);
    expect(popupText).not.toContain('scamsentinel-');
    expect(popupText).toMatch(lang === 'en' ? /ScamSentinel scam list: version \d+, \d{1,3}(,\d{3})+ entries/ : /反诈哨兵诈骗名单：版本 \d+，共 \d{1,3}(,\d{3})+ 条/);
    await popup.close();

    await page.goto('http://taobao-vip-refund.test/').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(s.extUrl('/warning.html')) && u.includes('taobao-vip-refund'));
    await page.waitForSelector('.did-you-mean');
    expect(await seriousViolations(page)).toEqual([]);
    await plainText(page);
    await page.close();
  });

  it('toolbar icons: the icon of every level loads in the browser (the worker sets them per tab)', async () => {
    const page = await s.browser.newPage();
    await page.goto(s.extUrl('/options.html'));
    const setIcon = (path: Record<string, string>) =>
      page.evaluate(async (path) => {
        const c = (globalThis as unknown as { chrome: { action: { setIcon(d: { path: Record<string, string> }): Promise<void> } } }).chrome;
        try {
          await c.action.setIcon({ path });
          return null;
        } catch (e: unknown) {
          return String(e);
        }
      }, path);
    // a missing file is refused: the check below can fail
    expect(await setIcon({ 16: '/icon/level-missing-16.png' })).not.toBeNull();
    for (const level of ['none', 'caution', 'warn', 'block'] satisfies IconLevel[]) expect(await setIcon(iconPaths(level)), level).toBeNull();
    await page.close();
  });
});
