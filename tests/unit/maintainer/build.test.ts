import { cpSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BuildError, buildList, keyProblem } from '../../../src/maintainer/build';
import { loadConfig, parseConfig } from '../../../src/maintainer/sources/config';
import { FIXTURES, FIXTURE_CONFIG, NOW, cleanupTemp, tempDir, treeDigest } from './helpers';

afterAll(cleanupTemp);

describe('build from the fixtures (one file per format)', () => {
  const build = buildList(loadConfig(FIXTURE_CONFIG), { now: NOW });
  const byKey = new Map(build.entries.map((e) => [e.key, e]));

  it('accepts exactly the expected canonical keys', () => {
    expect([...byKey.keys()].sort()).toEqual(
      [
        '1.2.3.4/wallet-connect',
        'app.usdt-mining-pool.test/',
        'bit.ly/3scamXyz',
        'casino-invest.example/register?code=8',
        'dianshang-kefu.example/',
        'docs.google.com/forms/d/e/1FAIpQLSfakeform/viewform',
        'dot-airdrop.vercel.app/',
        'evil-airdrop.github.io/',
        'fake-bank-login.example/',
        'fake-invest-platform.example/',
        'metamask-wallet-restore.example/',
        'polkadot-claim.example/',
        'refund-desk.example/',
        'scam-path-host.example/landing',
        'scam-shop.example/',
        'seed-phrase-check.example/',
        'sites.google.com/view/credit-repair-cn',
        'sites.google.com/view/refund-center-2025',
        'usdt-mining-pool.test/',
        'wallet:eth:0x1111111111111111111111111111111111111111',
        'wildcard-scam.example/',
        'www.fake-invest-platform.example/',
        'www.surveymonkey.com/r/fake-prize-survey',
      ].sort(),
    );
  });

  it('keeps provenance: sources, first-seen, category from the heaviest source, severity from summed weight', () => {
    expect(byKey.get('scam-shop.example/')).toEqual({
      key: 'scam-shop.example/',
      category: 'fake-shop', // equal weights: the first source listed in the config wins
      severity: 'high', // 3 sources × weight 1
      firstSeen: '2025-11-25',
      sources: ['hosts', 'metamask', 'plain-domains'], // sorted
    });
    // reviewed (weight 3) overrides the domain list's category; its own severity and date win
    expect(byKey.get('refund-desk.example/')).toMatchObject({
      category: 'fake-service',
      severity: 'high',
      firstSeen: '2025-11-01',
      sources: ['plain-domains', 'reviewed'],
    });
    // a single weight-0.5 source → low
    expect(byKey.get('bit.ly/3scamXyz')).toMatchObject({ category: 'phishing', severity: 'low', sources: ['urls'] });
    // later reviewed lines win
    expect(byKey.get('dianshang-kefu.example/')).toMatchObject({ category: 'fake-service', firstSeen: '2025-11-07' });
  });

  it('reviewed removals suppress a key from every source', () => {
    expect(byKey.has('task-rebate-vip.example/')).toBe(false);
    expect(build.report.suppressed).toEqual(['task-rebate-vip.example/']);
  });

  it('ignores #-disabled AdBlock lines', () => {
    expect([...byKey.keys()].some((k) => k.includes('disabled-false-positive'))).toBe(false);
    expect(build.report.sources.find((s) => s.name === 'adblock')?.warnings.some((w) => w.text.includes('disabled'))).toBe(false);
  });

  it('reports guard refusals with the rule and the sources', () => {
    expect(build.report.refusals.map((r) => `${r.key} ${r.rule} ${r.sources.join('+')}`)).toEqual([
      'alipay.com/ trusted hosts',
      'bit.ly/ shortener-whole adblock',
      'com/ public-suffix plain-domains',
      'github.io/ shared-hosting-whole plain-domains',
      'my-bank.example/ trusted hosts',
      'sites.google.com/ shared-hosting-whole urls',
      'taobao.com/ trusted plain-domains+reviewed',
      'twitter.com/fake_polkadot_support trusted polkadot',
      'vercel.app/ shared-hosting-whole polkadot',
    ]);
    expect(build.report.overridesUsed.map((o) => o.key)).toEqual(['www.surveymonkey.com/r/fake-prize-survey']);
    expect(build.report.guard.ok).toBe(true);
  });

  it('skips malformed lines with line-numbered warnings, and counts them', () => {
    const w = Object.fromEntries(build.report.sources.map((s) => [s.name, s.warnings.map((x) => `${x.location}: ${x.message}`)]));
    expect(w['plain-domains']).toEqual(['line 9: not a domain', 'line 11: not a fully qualified host name']);
    expect(w['hosts']).toEqual(['line 6: expected "0.0.0.0 domain"', 'line 9: expected "0.0.0.0 domain"']);
    expect(w['tw165']).toEqual(['line 9: not a fully qualified host name', 'line 10: count is not a number']);
    expect(w['reviewed']).toEqual(['line 6: not JSON', 'line 7: invalid reviewed entry: reason: Invalid input: expected string, received undefined']);
    expect(build.report.totals.malformed).toBe(13);
    expect(build.report.sources.map((s) => s.malformed)).toEqual([2, 2, 3, 1, 1, 0, 2, 2]);
  });

  it('per-source contribution adds up', () => {
    const tw = build.report.sources.find((s) => s.name === 'tw165');
    expect(tw).toMatchObject({ parsed: 5, keys: 3, accepted: 3, refused: 0 });
    expect(build.report.totals.accepted).toBe(build.entries.length);
  });

  it('takes firstSeen from the previous published state when known', () => {
    const b = buildList(loadConfig(FIXTURE_CONFIG), { now: NOW, previousFirstSeen: (k) => (k === 'scam-shop.example/' ? '2024-01-02' : undefined) });
    expect(b.entries.find((e) => e.key === 'scam-shop.example/')?.firstSeen).toBe('2024-01-02');
  });
});

describe('build failures', () => {
  function copyFixtures(): string {
    const dir = tempDir();
    cpSync(FIXTURES, dir, { recursive: true });
    return dir;
  }

  it('an unreadable source fails the build with a clear message', () => {
    const dir = copyFixtures();
    rmSync(join(dir, 'hosts.txt'));
    expect(() => buildList(loadConfig(join(dir, 'sources.json')), { now: NOW })).toThrow(
      /source "hosts" \(.*hosts\.txt\) cannot be read: ENOENT/,
    );
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'hosts.txt'), '0.0.0.0 a.example\n');
      chmodSync(join(dir, 'hosts.txt'), 0o000);
      expect(() => buildList(loadConfig(join(dir, 'sources.json')), { now: NOW })).toThrow(BuildError);
    }
  });

  it('a JSON source that is not JSON fails the build', () => {
    const dir = copyFixtures();
    writeFileSync(join(dir, 'polkadot-all.json'), '{"deny": ["a.example",');
    expect(() => buildList(loadConfig(join(dir, 'sources.json')), { now: NOW })).toThrow(/"polkadot".*not JSON/);
  });

  it('an override without a reason fails the build', () => {
    const dir = copyFixtures();
    writeFileSync(join(dir, 'overrides.json'), JSON.stringify([{ key: 'taobao.com', reason: 'ok' }]));
    expect(() => buildList(loadConfig(join(dir, 'sources.json')), { now: NOW })).toThrow(/needs a reason/);
  });

  it('the guard fails when a source is mostly refused (a poisoned or broken feed)', () => {
    const dir = copyFixtures();
    const before = treeDigest(dir);
    const cfg = parseConfig(
      {
        listId: 'x',
        sources: [{ name: 'poisoned', path: 'top.txt', format: 'domains', category: 'phishing' }],
        guard: { maxRefusedRatio: 0.1 },
      },
      dir,
    );
    const b = buildList(cfg, { now: NOW, readText: () => 'taobao.com\njd.com\nscam.example\n' });
    expect(b.report.guard.ok).toBe(false);
    expect(b.report.guard.failures[0]).toMatch(/"poisoned": 2 of 3 keys refused/);
    expect(treeDigest(dir)).toEqual(before);
  });

  it('rejects a bad config with the path of the problem', () => {
    expect(() => parseConfig({ listId: 'x', sources: [{ name: 'a', path: 'a', format: 'csv', category: 'phishing' }] }, '/')).toThrow(
      /sources\.0\.format/,
    );
  });
});

describe('keyProblem', () => {
  it.each([
    ['scam.example/', null],
    ['a.b.c.com/x', null],
    ['1.2.3.4/', null],
    ['xn--fsqu00a.xn--55qx5d/', null],
    ['com/', null], // left to the guard (public-suffix refusal)
    ['0-start-trizo/', 'not a fully qualified host name'],
    ['a%20b/', 'not a valid host name'],
    ['*.x.com/', 'not a valid host name'],
    ['x.unknowntld/', 'unknown top-level domain ".unknowntld"'],
  ])('%s → %s', (key, problem) => {
    expect(keyProblem(key)).toBe(problem);
  });
});
