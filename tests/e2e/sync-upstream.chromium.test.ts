/**
 * Issue 14 end to end: the extension syncs what `lists update` publishes, and hostile mirrors change nothing.
 *
 *   upstream feeds (feeds.test, in memory) → `lists update` (real CLI, demo keys: the build pins the demo keyset)
 *   → published folder served at lists.test (the build's default manifest URL) and copied to mirrors:
 *       tampered.test  v3 with a flipped byte in its snapshot (the signed manifest is intact)
 *       stale.test     an older signed version (v2)
 *   The subscription gets the mirrors (as a build with WXT_DEFAULT_LIST_MIRRORS would) and "Update now" runs with
 *   lists.test down, with mirrors in different orders. The extension only ever installs signed content, never older
 *   than installed; listed domains are redirected before any request reaches them.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, DEMO_KEYSET, ensureDemoKeys } from '../../scripts/demo-list';
import { main as lists } from '../../src/maintainer/cli';
import { startServer, type ServerHandle } from '../../src/maintainer/serve';
import { SYNCED, updateNow, UPDATED } from './harness/options';
import { launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { SiteServer, forwardTo } from './harness/site-server';

const work = mkdtempSync(join(tmpdir(), 'ss-sync-upstream-'));
const dirs = { cache: join(work, 'cache'), state: join(work, 'state'), out: join(work, 'public'), stale: join(work, 'stale'), tampered: join(work, 'tampered') };
const feed = new Map<string, string>();
const servers: ServerHandle[] = [];
let sites: SiteServer;
let session: ChromiumSession;
let config: string;

const hosts = (names: string[]): string => names.map((n) => `0.0.0.0 ${n}`).join('\n') + '\n';

async function update(): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await lists(
    ['update', '--config', config, '--cache', dirs.cache, '--state', dirs.state, '--out', dirs.out, '--keyset', DEMO_KEYSET, '--key', DEMO_KEY, '--force'],
    { log: (l) => lines.push(l), error: (l) => lines.push(l) },
  );
  return { code, out: lines.join('\n') };
}

async function serveDir(host: string, dir: string): Promise<void> {
  const s = await startServer({ dir });
  servers.push(s);
  sites.mount(host, forwardTo(s.port));
}

/** Puts mirrors on the default subscription in the extension's database (what WXT_DEFAULT_LIST_MIRRORS does). */
async function setMirrors(mirrors: string[]): Promise<void> {
  const page = await session.browser.newPage();
  await page.goto(session.extUrl('/options.html'));
  await page.evaluate(async (m: string[]) => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('scamsentinel');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    await new Promise<void>((ok, ko) => {
      const tx = db.transaction('subscriptions', 'readwrite');
      const store = tx.objectStore('subscriptions');
      const get = store.get('scamsentinel-main');
      get.onsuccess = () => store.put({ ...(get.result as object), mirrors: m });
      tx.oncomplete = () => ok();
      tx.onerror = () => ko(tx.error);
    });
    db.close();
  }, mirrors);
  await page.close();
}

async function status(): Promise<{ version: number | null; lastError: { code: string; message: string } | null }> {
  const page = await session.browser.newPage();
  await page.goto(session.extUrl('/options.html'));
  const r = (await page.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'getSyncStatus', req: {} }),
  )) as unknown;
  await page.close();
  type Row = { listId: string; version: number | null; lastError: { code: string; message: string } | null };
  const find = (x: unknown): Row | undefined => {
    if (Array.isArray(x)) return x.map(find).find((v) => v !== undefined);
    if (typeof x !== 'object' || x === null) return undefined;
    if ((x as Row).listId === 'scamsentinel-main' && 'version' in x) return x as Row;
    return Object.values(x).map(find).find((v) => v !== undefined);
  };
  const list = find(r);
  return { version: list?.version ?? null, lastError: list?.lastError ?? null };
}

async function redirected(host: string): Promise<boolean> {
  const before = sites.requestsTo(host).length;
  const page = await session.browser.newPage();
  await page.goto(`http://${host}/`).catch(() => undefined);
  const ok = await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')), 8000).then(() => true, () => false);
  await page.close();
  return ok && sites.requestsTo(host).length === before; // no request reached the listed host
}

beforeAll(async () => {
  await ensureDemoKeys();
  sites = await new SiteServer().start();
  // The upstream feed: `lists update` runs in this process and fetches it straight from the site server.
  sites.mount('127.0.0.1', (_req, res, path) => {
    const body = feed.get(path);
    if (body === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  config = join(work, 'sources.json');
  writeFileSync(
    config,
    JSON.stringify({
      listId: 'scamsentinel-main',
      sources: [{ name: 'upstream-scam', url: `${sites.proxyUrl}/scam.txt`, format: 'hosts', category: 'fake-shop', licence: 'Unlicense' }],
      guard: { maxRefusedRatio: 0.5 },
      publish: { keepDeltas: 5, expiresInDays: 7, minClientVersion: '0.1.0', firstVersion: 2 },
    }),
  );
  session = await launchChromium({ proxyUrl: sites.proxyUrl });
}, 120_000);

afterAll(async () => {
  await session?.close();
  for (const s of servers) await s.close();
  await sites?.stop();
});

describe('the extension consumes `lists update` output; hostile mirrors change nothing (Chromium)', () => {
  it('update #1 publishes v2 (snapshot); the extension syncs it from lists.test', async () => {
    feed.set('/scam.txt', hosts(['upstream-shop-1.test', 'upstream-shop-2.test']));
    const r = await update();
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/published v2: 2 entries/);
    cpSync(dirs.out, dirs.stale, { recursive: true }); // a mirror that will stop at v2
    await serveDir('lists.test', dirs.out);
    // The first sync after install: this press, or the extension's own first check if that won the race (it failed
    // once in a full e2e run on a loaded machine, session 24); the version and the redirect below are the outcome.
    expect(SYNCED).toContain(await updateNow(session));
    expect((await status()).version).toBe(2);
    expect(await redirected('upstream-shop-1.test')).toBe(true);
  });

  it('update #2 publishes v3 as a small delta; main URL down, tampered mirror first, stale mirror next → stays at v2', async () => {
    feed.set('/scam.txt', hosts(['upstream-shop-1.test', 'upstream-shop-2.test', 'upstream-shop-3.test']));
    const r = await update();
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/published v3: 3 entries, snapshot \d+ B, delta \+1\/-0/);
    expect(readdirSync(join(dirs.out, 'deltas'))).toContain('scamsentinel-main-2-3.delta');
    // tampered mirror: v3's signed manifest, but a flipped byte in the snapshot and the delta
    cpSync(dirs.out, dirs.tampered, { recursive: true });
    for (const sub of ['snapshots', 'deltas']) {
      for (const f of readdirSync(join(dirs.tampered, sub))) {
        const p = join(dirs.tampered, sub, f);
        const b = readFileSync(p);
        b[Math.floor(b.length / 2)]! ^= 0xff;
        writeFileSync(p, b);
      }
    }
    await serveDir('tampered.test', dirs.tampered);
    await serveDir('stale.test', dirs.stale);
    sites.unmount('lists.test');
    await setMirrors(['http://tampered.test/manifest.json']);
    expect(await updateNow(session)).not.toBe(UPDATED);
    let s = await status();
    expect(s.version).toBe(2);
    expect(s.lastError?.message ?? '').toMatch(/mirror tampered\.test: (HASH_MISMATCH|BAD_LENGTH|CHECKSUM_MISMATCH|CORRUPT)/);
    // then a stale mirror (v2, what is installed): "unchanged", still v2
    await setMirrors(['http://tampered.test/manifest.json', 'http://stale.test/manifest.json']);
    expect(await updateNow(session)).not.toBe(UPDATED);
    s = await status();
    expect(s.version).toBe(2);
    expect(await redirected('upstream-shop-2.test')).toBe(true);
    expect(await redirected('upstream-shop-3.test')).toBe(false); // v3 withheld, not forged
  });

  it('an honest mirror after the hostile ones brings v3 (by the delta `lists update` wrote)', async () => {
    await serveDir('honest.test', dirs.out);
    await setMirrors(['http://tampered.test/manifest.json', 'http://stale.test/manifest.json', 'http://honest.test/manifest.json']);
    expect(await updateNow(session)).toBe(UPDATED);
    expect((await status()).version).toBe(3);
    expect(sites.requestsTo('honest.test').map((r) => r.path)).toContain('/deltas/scamsentinel-main-2-3.delta');
    expect(await redirected('upstream-shop-3.test')).toBe(true);
  });

  it('stale mirror alone (v2 after v3 is installed) → refused as a rollback; v3 stays enforced', async () => {
    await setMirrors(['http://stale.test/manifest.json']);
    expect(await updateNow(session)).not.toBe(UPDATED);
    const s = await status();
    expect(s.version).toBe(3);
    expect(s.lastError?.message ?? '').toMatch(/mirror stale\.test: ROLLBACK/);
    expect(await redirected('upstream-shop-3.test')).toBe(true);
  });
});
