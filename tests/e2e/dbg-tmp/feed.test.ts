import { it } from 'vitest';
import { launchChromium } from '../harness/browsers';
import { SiteServer } from '../harness/site-server';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
it('debug feed', async () => {
  const server = await new SiteServer().start();
  const s = await launchChromium({ proxyUrl: server.proxyUrl });
  const page = await s.browser.newPage();
  page.on('console', (m) => console.log('PAGE', m.text()));
  page.on('framenavigated', (f) => console.log('NAV', f === page.mainFrame() ? 'main' : 'sub', f.url()));
  await page.goto('http://pengyou-feed.test/');
  await sleep(8000);
  console.log('URL', page.url(), await page.$$eval('scamsentinel-ui', (e) => e.map((x) => x.getAttribute('data-level'))));
  await page.screenshot({ path: '/tmp/feed-dbg.png' });
  await s.close(); await server.stop();
}, 60000);
