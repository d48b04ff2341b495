import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Allowlist, hostCovers } from '../../../src/background/allowlist';
import { openDb, type ScamSentinelDb } from '../../../src/background/db';

let db: ScamSentinelDb;
let n = 0;
function fresh(): ScamSentinelDb {
  db = openDb(`test-allowlist-${++n}`);
  return db;
}
afterEach(async () => {
  db.close();
});

describe('Allowlist', () => {
  it('permanent trust covers the host and its subdomains, not look-alike parents', async () => {
    const a = new Allowlist(fresh());
    await a.trust('shop.test', 1);
    expect(a.isTrusted('shop.test')).toBe(true);
    expect(a.isTrusted('m.shop.test')).toBe(true);
    expect(a.isTrusted('evilshop.test')).toBe(false);
    expect(a.isTrusted('test')).toBe(false);
  });

  it('per-tab allows apply to that tab only and are forgotten with it', async () => {
    const a = new Allowlist(fresh());
    await a.allowInTab(3, 'scam.test', 1);
    expect(a.allowedState(3, 'scam.test')).toBe('tab');
    expect(a.allowedState(4, 'scam.test')).toBeNull();
    expect(a.allowedState(null, 'scam.test')).toBeNull();
    await a.forgetTab(3);
    expect(a.allowedState(3, 'scam.test')).toBeNull();
  });

  it('survives a restart (a new instance reloads from IndexedDB)', async () => {
    const d = fresh();
    const a = new Allowlist(d);
    await a.trust('kept.test', 100);
    await a.allowInTab(9, 'tab.test', 100);
    const b = new Allowlist(d);
    await b.load();
    expect(b.trustedSites()).toEqual([{ host: 'kept.test', addedAt: 100 }]);
    expect(b.allowedState(9, 'tab.test')).toBe('tab');
    await b.clearTabAllows();
    const c = new Allowlist(d);
    await c.load();
    expect(c.allowedState(9, 'tab.test')).toBeNull();
    expect(await c.untrust('kept.test')).toBe(true);
    expect(await c.untrust('kept.test')).toBe(false);
  });

  it('hostCovers', () => {
    expect(hostCovers('a.test', 'a.test')).toBe(true);
    expect(hostCovers('a.test', 'x.a.test')).toBe(true);
    expect(hostCovers('a.test', 'xa.test')).toBe(false);
  });
});
