import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { Allowlist } from '../../../src/background/allowlist';
import { openDb } from '../../../src/background/db';
import { createHandlers, type HandlerDeps } from '../../../src/background/handlers';
import { ListStore } from '../../../src/background/list-store';
import {
  MIN_DECOYS,
  PAD_TO,
  createOnlineCheck,
  expressionPrefixes,
  paddedPrefixes,
  prefixEndpointFor,
  type OnlineCheckDeps,
} from '../../../src/background/online-check';
import { fingerprintHex, fingerprintOf } from '../../../src/core/lists/fingerprint';
import { buildTable } from '../../../src/core/lists';
import type { Verdict } from '../../../src/core/types';
import { openSqliteStore } from '../../../src/maintainer/intake/sqlite-store';
import { createPrefixIndex } from '../../../src/maintainer/intake/prefixes';
import { startIntakeServer } from '../../../src/maintainer/intake/server';
import { tempDir } from '../maintainer/intake/helpers';

const fpHex = (key: string): string => fingerprintHex(fingerprintOf(key));
const ENDPOINT = 'https://intake.example/v1/prefixes';
const QUERY_RE = /^https:\/\/intake\.example\/v1\/prefixes\?p=((?:[0-9a-f]{8},)*[0-9a-f]{8})$/;

let decoy = 0;
const randomPrefix = (): string => (0x10000000 + decoy++ * 7919).toString(16).slice(-8);

/** A fake service: answers from a set of fresh keys, records what was asked. */
function fakeService(freshKeys: string[], ttl = 60) {
  const fps = freshKeys.map(fpHex);
  const asked: string[] = [];
  const inits: RequestInit[] = [];
  const fetch = vi.fn((input: string, init: RequestInit) => {
    asked.push(input);
    inits.push(init);
    const p = (QUERY_RE.exec(input)?.[1] ?? '').split(',');
    const body = JSON.stringify({ v: 1, ttl, fp: fps.filter((f) => p.includes(f.slice(0, 8))), pad: '' });
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
  });
  return { fetch, asked, inits };
}

function client(over: Partial<OnlineCheckDeps> & Pick<OnlineCheckDeps, 'fetch'>, clock = { t: 1_000_000 }) {
  return createOnlineCheck({
    endpoint: () => Promise.resolve(ENDPOINT),
    now: () => clock.t,
    randomPrefix,
    enabled: () => Promise.resolve(true),
    budgetMs: 300,
    ...over,
  });
}

describe('online check: client', () => {
  it('sends only padded, sorted 4-byte prefixes; decides locally with the full fingerprints', async () => {
    const svc = fakeService(['fresh-scam.test/']);
    const c = client({ fetch: svc.fetch });
    const hit = await c.check('https://www.fresh-scam.test/pay/now?order=1');
    expect(hit).toEqual({ expression: 'fresh-scam.test/', fingerprint: fpHex('fresh-scam.test/') });
    expect(svc.asked).toHaveLength(1);
    const url = svc.asked[0] ?? '';
    const m = QUERY_RE.exec(url);
    expect(m).not.toBeNull();
    const sent = (m?.[1] ?? '').split(',');
    expect(sent.length % PAD_TO).toBe(0);
    expect([...sent].sort()).toEqual(sent);
    const real = expressionPrefixes('https://www.fresh-scam.test/pay/now?order=1').map((x) => x.prefix);
    for (const p of real) expect(sent).toContain(p);
    expect(sent.length).toBeGreaterThanOrEqual(new Set(real).size + MIN_DECOYS); // decoys added
    for (const leak of ['fresh-scam', 'www', 'pay', 'order', '.test']) expect(url).not.toContain(leak);
    expect(svc.inits[0]).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer' });
    expect(c.knownHit('https://fresh-scam.test/other')).toMatchObject({ expression: 'fresh-scam.test/' });
  });

  it('a prefix collision is not a hit: the full 64-bit fingerprint decides', async () => {
    const real = expressionPrefixes('https://innocent.test/')[0];
    if (real === undefined) throw new Error('no expression');
    const fetch = vi.fn(() => Promise.resolve(new Response(JSON.stringify({ ttl: 60, fp: [`${real.prefix}00000000`] }))));
    expect(await client({ fetch }).check('https://innocent.test/')).toBeNull();
  });

  it('caches answers (hits and misses) for their TTL, then asks again', async () => {
    const svc = fakeService([], 30);
    const clock = { t: 5_000_000 };
    const c = client({ fetch: svc.fetch }, clock);
    expect(await c.check('https://clean.test/a')).toBeNull();
    expect(await c.check('https://clean.test/a')).toBeNull();
    expect(svc.fetch).toHaveBeenCalledTimes(1);
    clock.t += 31_000;
    expect(await c.check('https://clean.test/a')).toBeNull();
    expect(svc.fetch).toHaveBeenCalledTimes(2);
  });

  it('sends nothing when the user turned it off, or without an endpoint', async () => {
    const svc = fakeService(['fresh-scam.test/']);
    expect(await client({ fetch: svc.fetch, enabled: () => Promise.resolve(false) }).check('https://fresh-scam.test/')).toBeNull();
    expect(await client({ fetch: svc.fetch, endpoint: () => Promise.resolve(null) }).check('https://fresh-scam.test/')).toBeNull();
    expect(svc.fetch).not.toHaveBeenCalled();
  });

  it('keeps to its time budget when the service does not answer, and survives errors', async () => {
    const never = vi.fn(() => new Promise<Response>(() => undefined));
    const t0 = performance.now();
    expect(await client({ fetch: never, budgetMs: 200 }).check('https://slow.test/')).toBeNull();
    expect(performance.now() - t0).toBeLessThan(1000);
    const failing = vi.fn(() => Promise.reject(new TypeError('offline')));
    expect(await client({ fetch: failing }).check('https://offline.test/')).toBeNull();
    const bad = vi.fn(() => Promise.resolve(new Response('not json', { status: 200 })));
    expect(await client({ fetch: bad }).check('https://garbage.test/')).toBeNull();
  });

  it('pads to multiples of PAD_TO and derives the endpoint from the report endpoint', () => {
    expect(paddedPrefixes(['aaaaaaaa'], randomPrefix)).toHaveLength(PAD_TO);
    expect(paddedPrefixes(Array.from({ length: 9 }, (_, i) => `0000000${i}`), randomPrefix)).toHaveLength(2 * PAD_TO);
    expect(paddedPrefixes(Array.from({ length: 5 }, (_, i) => `0000000${i}`), randomPrefix)).toHaveLength(2 * PAD_TO);
    expect(prefixEndpointFor('https://intake.example/v1/reports')).toBe('https://intake.example/v1/prefixes');
    expect(prefixEndpointFor('https://intake.example/base/v1/reports/')).toBe('https://intake.example/base/v1/prefixes');
    expect(prefixEndpointFor('https://intake.example/elsewhere')).toBeNull();
    expect(prefixEndpointFor(null)).toBeNull();
  });
});

let dbN = 0;
async function handlersWith(extra: Partial<HandlerDeps>) {
  const lists = new ListStore();
  const table = await buildTable([{ key: 'old-scam.test/', category: 'phishing', severity: 'high' }], { listId: 'main', version: 1 });
  lists.replace({ table, issuedAt: Date.UTC(2026, 10, 20), source: 'bundled' });
  const deps: HandlerDeps = {
    ready: Promise.resolve(),
    lists,
    allowlist: new Allowlist(openDb(`online-${++dbN}`)),
    now: () => 1000,
    onTrustedChanged: vi.fn(async () => undefined),
    onTabAllowed: vi.fn(async () => undefined),
    closeTab: vi.fn(async () => undefined),
    countEvent: vi.fn(async () => undefined),
    onTamper: vi.fn(async () => undefined),
    ...extra,
  };
  return createHandlers(deps);
}

const CAUTION: Verdict = { level: 'caution', category: 'fake-shop', score: 0.3, reasons: [{ signal: 'url:risky-tld', tld: 'top' }] };
const sender = { privileged: false, tabId: 3 };

describe('online check: when the extension asks', () => {
  it('only for pages at caution or above, or a payment step on an unknown site; a hit blocks the page', async () => {
    const svc = fakeService(['fresh-scam.test/', 'pay-scam.test/']);
    const onlineCheck = client({ fetch: svc.fetch });
    const h = await handlersWith({
      onlineCheck,
      assessUrl: (url) => (url.includes('fresh-scam') ? CAUTION : { level: 'none', score: 0, reasons: [] }),
      isTrustedDomain: (host) => host === 'bank.test',
    });
    // clean page, no payment step: nothing sent
    await h.checkPage({ url: 'https://ordinary.test/', features: null, gate: { sample: 'hello', sensitive: false }, links: '', snippets: [] }, sender);
    expect(svc.fetch).not.toHaveBeenCalled();
    // listed already: block from the list, nothing sent
    expect((await h.checkPage({ url: 'https://old-scam.test/', features: null, links: '', snippets: [] }, sender)).page.level).toBe('block');
    expect(svc.fetch).not.toHaveBeenCalled();
    // caution page whose site was accepted after the last publish: asked, then blocked
    const risky = await h.checkPage({ url: 'https://fresh-scam.test/checkout', features: null, links: '', snippets: [] }, sender);
    expect(risky.page).toMatchObject({ level: 'block', reasons: expect.arrayContaining([expect.objectContaining({ signal: 'list:online' })]) });
    expect(svc.fetch).toHaveBeenCalledTimes(1);
    // and every later verdict for it agrees (popup, warning page) while the answer is cached
    expect((await h.getVerdict({ url: 'https://fresh-scam.test/' }, sender)).level).toBe('block');
    // payment step (sensitive field) on an unknown site: asked
    const pay = await h.checkPage({ url: 'https://pay-scam.test/', features: null, gate: { sample: '', sensitive: true }, links: '', snippets: [] }, sender);
    expect(pay.page.level).toBe('block');
    expect(svc.fetch).toHaveBeenCalledTimes(2);
    // payment step on a major site: not asked
    await h.checkPage({ url: 'https://bank.test/pay', features: null, gate: { sample: '', sensitive: true }, links: '', snippets: [] }, sender);
    expect(svc.fetch).toHaveBeenCalledTimes(2);
  });
});

describe('online check: against the real intake service (loopback)', () => {
  it('a site accepted in triage is blocked for a client that has not synced; the requests carry only prefixes', async () => {
    const tmp = tempDir();
    const store = openSqliteStore(`${tmp.dir}/intake.sqlite`);
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await store.decide([], { status: 'accepted', reason: 'x', at }, { at, action: 'accept', target: 'fresh-scam.test/', reason: 'reports', reportIds: [] });
    const serverLog: string[] = [];
    const server = await startIntakeServer({ store, onLog: (l) => serverLog.push(l), prefixes: { index: createPrefixIndex({ store, refreshMs: 0 }) } });
    const requested: string[] = [];
    try {
      const c = createOnlineCheck({
        endpoint: () => Promise.resolve(`${server.url}/v1/prefixes`),
        fetch: (input, init) => {
          requested.push(input);
          return fetch(input, init);
        },
        now: () => Date.now(),
        randomPrefix,
        enabled: () => Promise.resolve(true),
      });
      const h = await handlersWith({ onlineCheck: c, assessUrl: () => CAUTION });
      const r = await h.checkPage({ url: 'https://fresh-scam.test/pay?id=42', features: null, links: '', snippets: [] }, sender);
      expect(r.page.level).toBe('block');
      expect(requested).toHaveLength(1);
      for (const u of requested) {
        expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/prefixes\?p=(?:[0-9a-f]{8},)*[0-9a-f]{8}$/);
        expect(u).not.toContain('fresh-scam');
      }
      expect(serverLog).toEqual([expect.stringMatching(/^GET \/v1\/prefixes 200 /)]);
    } finally {
      await server.close();
      await store.close();
      tmp.cleanup();
    }
  });
});
