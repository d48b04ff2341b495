/**
 * wake8: a wake with a synced list opens its stored key-less table in chunks (header + bucket index, then the chunks
 * the first lookup probes; the whole file after the first verdict). What a user sees must not change: after the worker
 * was stopped, the first verdicts — an entry only in the synced list, a bundled entry, an unlisted host — are the same
 * as before the stop, and the woken worker did open the list in chunks (its user-timing mark) and then read it whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Target } from 'puppeteer-core';
import { SYNCED, updateNow } from './harness/options';
import { killServiceWorkers, launchChromium, type ChromiumSession } from './harness/browsers';
import { startDemoNetwork, type DemoNetwork } from './harness/demo-network';

let net: DemoNetwork;
let session: ChromiumSession;
let ext: Page;

beforeAll(async () => {
  net = await startDemoNetwork(); // publishes v2 (the bundled list is v1 and lacks fake-exchange.test)
  session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
});
afterAll(async () => {
  await session?.close();
  await net?.stop();
});

interface ListView {
  list?: { listVersion: number; expression: string } | null;
  level: string;
}

async function verdict(url: string): Promise<ListView> {
  const r = (await ext.evaluate(
    (u) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'getVerdict', req: { url: u } }),
    url,
  )) as { ok: boolean; value: ListView };
  expect(r.ok).toBe(true);
  return r.value;
}

/** The key-less row of the synced list, as the next wake reads it. */
async function tableRow(): Promise<{ file: boolean; version: number | undefined; ranges: number } | null> {
  return ext.evaluate(
    () =>
      new Promise<{ file: boolean; version: number | undefined; ranges: number } | null>((resolve) => {
        const open = indexedDB.open('scamsentinel');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('listBlobs').objectStore('listBlobs').get('scamsentinel-main#table');
          get.onsuccess = () => {
            const v = get.result as { file?: Blob; version?: number; wakeRanges?: unknown[] } | undefined;
            db.close();
            resolve(v ? { file: v.file instanceof Blob, version: v.version, ranges: v.wakeRanges?.length ?? 0 } : null);
          };
        };
        open.onerror = () => resolve(null);
      }),
  );
}

/** User-timing marks of the worker of `target`. */
async function workerMarks(target: Target): Promise<string[]> {
  const worker = await target.worker();
  if (!worker) throw new Error('no worker');
  return worker.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
}

describe('a wake opens the synced list in chunks; verdicts are unchanged', () => {
  it('after a sync and a worker stop: same verdicts, list opened in chunks then read whole', async () => {
    expect(SYNCED).toContain(await updateNow(session));
    ext = await session.browser.newPage();
    await ext.goto(session.extUrl('/options.html'));
    // The key-less row (with its wake ranges) is written after the sync's rules.
    let row = await tableRow();
    for (const until = Date.now() + 60_000; (!row || row.version !== 2) && Date.now() < until; row = await tableRow()) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(row).toEqual({ file: true, version: 2, ranges: 3 });

    const urls = ['http://fake-exchange.test/invest?plan=gold', 'http://qiangdan-vip.test/', 'http://unlisted-e2e.test/a'];
    const before = await Promise.all(urls.map(verdict));
    expect(before[0]?.list).toMatchObject({ listVersion: 2, expression: 'fake-exchange.test/' });
    expect(before[1]?.list).toBeTruthy(); // a bundled entry
    expect(before[2]?.list ?? null).toBeNull();

    for (let i = 0; i < urls.length; i++) {
      await killServiceWorkers(session);
      // Each URL is the first verdict of its own wake: only its chunks are loaded when it is answered.
      expect(await verdict(urls[i]!)).toEqual(before[i]);
      if (i === 0) {
        // (Only after the first stop: puppeteer keeps a stopped worker's target, and a later one's worker() hangs.)
        const woken = await session.serviceWorker();
        expect(await workerMarks(woken)).toContain('ss-wake-partial');
        for (let t = Date.now() + 20_000; !(await workerMarks(woken)).includes('ss-wake-whole') && Date.now() < t; ) await new Promise((r) => setTimeout(r, 100));
        expect(await workerMarks(woken)).toContain('ss-wake-whole');
      }
      // Whole now: every URL answers as before.
      expect(await Promise.all(urls.map(verdict))).toEqual(before);
    }
  });
});
