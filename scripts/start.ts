/**
 * `npm start` — the demo. Builds the extension, starts the local demo network (the `*.test` sites behind a
 * logging proxy on 127.0.0.1, the signed demo list at http://lists.test/ published with the maintainer CLI, the
 * report intake at http://reports.test/), and launches Chromium with ScamSentinel loaded:
 *   - with a display ($DISPLAY set): a visible window on the demo start page; Ctrl+C to stop;
 *   - without one: headless, visits every demo page, saves screenshots to demo-output/ and exits.
 * Nothing leaves the machine: the browser's only route out is the local proxy, which serves *.test only.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBrowsers } from './ensure-browsers';
import { launchChromium, waitForUrl } from '../tests/e2e/harness/browsers';
import { startDemoNetwork } from '../tests/e2e/harness/demo-network';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'demo-output');
const headless = !process.env.DISPLAY || process.env.SS_HEADLESS === '1';

interface Stop {
  name: string;
  url: string;
  expect: 'blocked' | 'loads' | 'overlay' | 'badges';
  /** For 'overlay': the buttons to press in order; the last is the pay button (the overlay appears instead of the payment). */
  click?: string[];
  /** A page of the same site visited first (site memory): the tour waits until its warn shows on the toolbar badge. */
  before?: string;
}

const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BADGE = 'scamsentinel-ui[data-scamsentinel="badge"]';

const TOUR: Stop[] = [
  { name: 'news', url: 'http://news.test/', expect: 'loads' },
  { name: 'shop', url: 'http://shop.test/', expect: 'loads' },
  { name: 'task-rebate', url: 'http://qiangdan-vip.test/', expect: 'blocked' },
  { name: 'investment', url: 'http://usdt-yield.test/', expect: 'blocked' },
  { name: 'fake-shop', url: 'http://brand-outlet.test/', expect: 'blocked' },
  { name: 'fake-service', url: 'http://tuikuan-kefu.test/', expect: 'blocked' },
  { name: 'credit-repair', url: 'http://zhengxin-fix.test/', expect: 'blocked' },
  { name: 'phishing-punycode', url: 'http://xn--lipay-login-xij.test/', expect: 'blocked' },
  { name: 'shared-host-path', url: 'http://freehost.test/pages/scam-shop/', expect: 'blocked' },
  { name: 'shared-host-ok', url: 'http://freehost.test/pages/bakery/', expect: 'loads' },
  { name: 'lookalike-did-you-mean', url: 'http://taobao-vip-refund.test/', expect: 'blocked' },
  // not listed: the page model judges the app; its login page is clean, the recharge page after it is not
  { name: 'task-rebate-spa (classifier: login, then recharge → pre-payment overlay)', url: 'http://renwu-cloud.test/', expect: 'overlay', click: ['#login-btn', '#recharge-btn'] },
  { name: 'task-rebate-recharge (classifier: pre-payment overlay)', url: 'http://renwu-cloud.test/recharge', expect: 'overlay', click: ['#recharge-btn'] },
  // site memory: the platform's home page reads as a scam; its plain recharge page alone would not
  { name: 'site-memory (home page, then the recharge page → pre-payment overlay)', url: 'http://dianzan-renwu.test/recharge/', before: 'http://dianzan-renwu.test/', expect: 'overlay', click: ['#pay-btn'] },
  // brand phishing on no list: a log-in for the site its title names ("Kestrel Mail"), on another host
  { name: 'brand-phishing (classifier: sign-in on a host that is not the named site → overlay)', url: 'http://kv83-portal.test/kestrel/', expect: 'overlay', click: ['#login'] },
  // …and a log-in that names no site but whose footer links all go to kestrelmail.test
  { name: 'brand-phishing-links (classifier: sign-in whose links go to another site → overlay)', url: 'http://kv83-portal.test/webmail/', expect: 'overlay', click: ['#login'] },
  { name: 'scam-ads-feed (ads badged)', url: 'http://pengyou-feed.test/', expect: 'badges' },
];

async function main(): Promise<void> {
  ensureBrowsers(['chromium', 'fonts-noto-cjk']);
  mkdirSync(OUT, { recursive: true });
  console.log('Building the extension…');
  execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
  // The demo network starts from scratch every run (its list publisher state would refuse to publish version 2 again).
  rmSync(join(OUT, 'network'), { recursive: true, force: true });
  const net = await startDemoNetwork({ workDir: join(OUT, 'network'), proxyPort: Number(process.env.SS_PROXY_PORT ?? 0) });
  const server = net.sites;
  console.log(`Demo network on ${server.proxyUrl}: *.test sites, signed list at http://lists.test/, reports at http://reports.test/`);
  const session = await launchChromium({ proxyUrl: server.proxyUrl, headless, lang: process.env.SS_LANG === 'zh-CN' ? 'zh-CN' : 'en' });
  console.log(`Chromium started ${headless ? 'headless' : 'with a window'}; extension id ${session.extId}`);

  if (!headless) {
    const page = (await session.browser.pages())[0] ?? (await session.browser.newPage());
    await page.goto('http://news.test/');
    console.log('Opened http://news.test/ — click the links to see ScamSentinel at work. Ctrl+C to stop.');
    await new Promise<void>((r) => process.on('SIGINT', r));
  } else {
    const summary: string[] = [];
    // Sync the signed demo list now (the extension would do it on its own within a minute).
    const options = await session.browser.newPage();
    await options.goto(session.extUrl('/options.html'));
    await options.waitForSelector('[data-testid="update-now"]');
    await options.click('[data-testid="update-now"]');
    await options.waitForFunction(() => document.querySelector('[data-testid="list-version"]')?.getAttribute('data-version') === '2', { timeout: 30_000 });
    await options.screenshot({ path: join(OUT, 'options.png'), fullPage: true });
    summary.push(`synced the signed demo list: version 2 (options page: ${join(OUT, 'options.png')})`);
    await options.close();
    /** Waits until the toolbar badge of the tab showing `url` reads `text` (the worker recorded its verdict). */
    const waitForBadge = async (url: string, text: string): Promise<void> => {
      const ext = await session.browser.newPage();
      await ext.goto(session.extUrl('/options.html'));
      await ext.waitForFunction(
        `(async () => { const [t] = await chrome.tabs.query({ url: ${JSON.stringify(`${url}*`)} }); return !!t && (await chrome.action.getBadgeText({ tabId: t.id })) === ${JSON.stringify(text)}; })()`,
        { timeout: 15_000, polling: 100 },
      );
      await ext.close();
    };
    for (const stop of TOUR) {
      if (stop.before !== undefined) {
        const first = await session.browser.newPage();
        await first.goto(stop.before);
        await waitForBadge(stop.before, '!');
        await first.close();
      }
      const page = await session.browser.newPage();
      await page.goto(stop.url).catch(() => undefined);
      let outcome: string;
      if (stop.expect === 'blocked') {
        await waitForUrl(page, (u) => u.includes('/warning.html'));
        await page.waitForSelector('[data-testid="category"]');
        outcome = 'blocked → interstitial';
      } else if (stop.expect === 'overlay' && stop.click !== undefined) {
        // Not on any list: the page model judges it, and pressing the pay button brings up the warning.
        page.on('dialog', (d) => void d.dismiss());
        for (const button of stop.click) {
          await page.waitForSelector(button);
          await page.click(button);
        }
        await page.waitForSelector(OVERLAY, { timeout: 10_000 });
        await new Promise((r) => setTimeout(r, 300)); // the overlay's fade-in, for the screenshot
        outcome = `${stop.click.length > 1 ? 'login, ' : ''}${stop.name.startsWith('brand-phishing') ? 'sign-in button → overlay before the password leaves' : 'pay button → pre-payment overlay'}`;
      } else if (stop.expect === 'badges') {
        await page.waitForSelector(BADGE, { timeout: 10_000 });
        outcome = `${await page.$$eval(BADGE, (b) => b.length)} scam ads badged`;
      } else {
        await page.waitForNetworkIdle({ idleTime: 200 }).catch(() => undefined);
        outcome = `loaded (${await page.title()})`;
      }
      const file = join(OUT, `${stop.name.replace(/[^a-z0-9-]+/gi, '-').replace(/-+$/, '')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      summary.push(`${stop.url.padEnd(44)} ${outcome.padEnd(36)} ${file}`);
      await page.close();
    }
    const reached = [...new Set(server.log.map((r) => r.host))].sort();
    summary.push('', `Hosts that received requests: ${reached.join(', ')}`);
    writeFileSync(join(OUT, 'summary.txt'), summary.join('\n') + '\n');
    console.log(summary.join('\n'));
  }
  await session.close();
  await net.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
