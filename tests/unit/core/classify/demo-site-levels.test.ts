/**
 * The demo sites (tests/fixtures/sites) whose page-model verdict the end-to-end suites depend on read at the level
 * those suites expect, with the bundled model. A retrain that moves one of them fails here, in seconds and with the
 * page's score, instead of as a missing banner or overlay in a browser test. When it does, change the page (as the
 * comment in licai-guide.test/index.html records for each model) or the e2e test — not the model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyHtml } from '../../../../src/maintainer/classify-file.ts';

const SITES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'sites');

const EXPECTED: readonly [string, 'none' | 'caution' | 'warn', string][] = [
  ['licai-guide.test/index.html', 'caution', 'inpage.chromium: the quiet banner at payment time; online-check.chromium'],
  ['hostile-pay.test/index.html', 'warn', 'inpage.*, worker-wake.firefox: flagged by the page model alone'],
  ['clobber-pay.test/index.html', 'warn', 'inpage.chromium: hostile page, overlay'],
  ['churn-pay.test/index.html', 'warn', 'inpage.chromium: hostile page, overlay'],
  ['dianzan-renwu.test/index.html', 'warn', 'site-memory.*: the task platform home page marks its site'],
  ['dianzan-renwu.test/recharge/index.html', 'none', 'site-memory.*: the recharge page alone is silent'],
  ['fenxiao-shop.test/wallet/withdraw/index.html', 'warn', 'site-memory.chromium: a legit commission-withdraw page read at warn (a money step: it does not mark its site)'],
  ['fenxiao-shop.test/index.html', 'none', 'site-memory.chromium: the same shop\'s checkout stays silent afterwards'],
  ['greenleaf-books.test/checkout/index.html', 'none', 'inpage.*: a legit checkout stays silent'],
  ['chayuan-tea.test/checkout/index.html', 'none', 'inpage.*: a legit checkout stays silent'],
  ['kv83-portal.test/index.html', 'warn', "brand-phishing.*: a kit's e-mail step, Amazon named off its domain"],
  ['kv83-portal.test/signin/password/index.html', 'warn', "brand-phishing.*: the kit's password step"],
  ['kv83-portal.test/kestrel/index.html', 'warn', 'brand-phishing.*: a log-in for the site its title names, on another host'],
  ['kv83-portal.test/webmail/index.html', 'warn', 'brand-phishing.chromium: a log-in whose links all go to another site (kestrelmail.test); redteam.chromium: read as phishing before it churns its URL'],
  ['kestrelmail.test/index.html', 'none', "brand-phishing.*: the same log-in on the site's own host is silent"],
];

describe('demo sites read at the level the e2e suites expect (bundled model)', () => {
  for (const [file, level, why] of EXPECTED) {
    it(`${file} → ${level} (${why})`, () => {
      const host = file.split('/')[0]!;
      const path = file.slice(host.length).replace(/index\.html$/, '');
      const d = classifyHtml(readFileSync(join(SITES, file), 'utf8'), `http://${host}${path}`);
      expect({ file, level: d.verdict.level, score: d.verdict.score }).toMatchObject({ file, level });
    });
  }
});
