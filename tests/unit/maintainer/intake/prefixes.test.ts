import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintHex, fingerprintOf } from '../../../../src/core/lists/fingerprint';
import { urlExpressions } from '../../../../src/core/url/index';
import { MAX_PREFIXES, PAD_BYTES, createPrefixIndex, parsePrefixes, prefixBody, publishedIssued } from '../../../../src/maintainer/intake/prefixes';
import { startIntakeServer, type IntakeServer } from '../../../../src/maintainer/intake/server';
import type { ReportStore } from '../../../../src/maintainer/intake/store';
import { describeBackends } from './backends';
import { http, tempDir } from './helpers';

const fpHex = (key: string): string => fingerprintHex(fingerprintOf(key));

async function accept(store: ReportStore, key: string, at: string, action: 'accept' | 'resolve-fp-remove' = 'accept'): Promise<void> {
  await store.decide([], { status: 'accepted', reason: 'x', at }, { at, action, target: key, reason: 'triaged', reportIds: [] });
}

function writeManifest(dir: string, issued: string): void {
  mkdirSync(dir, { recursive: true });
  const payload = Buffer.from(JSON.stringify({ format: 1, listId: 'l', version: 7, issued })).toString('base64');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 1, payload, signatures: [] }));
}

describe('prefix query and body', () => {
  it('accepts 1–64 distinct 8-hex prefixes, nothing else', () => {
    expect(parsePrefixes('0a0b0c0d,FFFFFFFF,0a0b0c0d')).toEqual(['0a0b0c0d', 'ffffffff']);
    for (const bad of [null, '', 'abc', '0a0b0c0d,', '0a0b0c0dd', 'zzzzzzzz', 'example.com', Array(MAX_PREFIXES + 1).fill('00000000').join(',')]) {
      expect(parsePrefixes(bad)).toBeNull();
    }
  });

  it('pads every answer to a multiple of the pad size, as valid JSON', () => {
    for (const n of [0, 1, 5, 40]) {
      const fps = Array.from({ length: n }, (_, i) => fpHex(`k${i}.example/`));
      const body = prefixBody(fps, 60);
      expect(body.length % PAD_BYTES).toBe(0);
      expect(JSON.parse(body)).toMatchObject({ v: 1, ttl: 60, fp: fps });
    }
  });

  it('reads `issued` from a published manifest envelope', () => {
    const tmp = tempDir();
    writeManifest(tmp.dir, '2025-11-20T09:00:00.000Z');
    expect(publishedIssued(tmp.dir)).toBe('2025-11-20T09:00:00.000Z');
    expect(publishedIssued(join(tmp.dir, 'missing'))).toBeNull();
    tmp.cleanup();
  });
});

describeBackends('GET /v1/prefixes', (backend) => {
  let server: IntakeServer | undefined;
  let tmp: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    tmp?.cleanup();
  });

  it('returns the full fingerprints of fresh accepted keys sharing the asked prefixes; cacheable, no cookie, no prefix in the log', async () => {
    const store = await backend.open();
    const now = Date.parse('2025-11-20T10:00:00Z');
    await accept(store, 'fresh-scam.example/', '2025-11-20T09:30:00Z');
    await accept(store, 'sites.google.com/view/refund-desk/', '2025-11-20T09:31:00Z');
    const log: string[] = [];
    server = await startIntakeServer({ store, now: () => now, onLog: (l) => log.push(l), prefixes: { index: createPrefixIndex({ store, now: () => now, refreshMs: 0 }), ttlS: 90 } });

    // what a client does: the page URL's expressions → fingerprints → 4-byte prefixes, plus decoys
    const exprs = urlExpressions('https://www.fresh-scam.example/pay/now?x=1');
    expect(exprs).toContain('fresh-scam.example/');
    const prefixes = [...exprs.map((e) => fpHex(e).slice(0, 8)), '00000000', 'deadbeef'];
    const res = await http(server.url, 'GET', `/v1/prefixes?p=${prefixes.join(',')}`);
    expect(res.status).toBe(200);
    const body = res.json() as { fp: string[]; ttl: number };
    expect(body.fp).toEqual([fpHex('fresh-scam.example/')]);
    expect(body.ttl).toBe(90);
    expect(res.text.length % PAD_BYTES).toBe(0);
    expect(res.headers['cache-control']).toBe('public, max-age=90');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();

    const other = await http(server.url, 'GET', `/v1/prefixes?p=${fpHex('sites.google.com/view/refund-desk/').slice(0, 8)}`);
    expect((other.json() as { fp: string[] }).fp).toEqual([fpHex('sites.google.com/view/refund-desk/')]);
    const none = await http(server.url, 'GET', '/v1/prefixes?p=00000000');
    expect((none.json() as { fp: string[] }).fp).toEqual([]);
    expect(none.text.length).toBe(res.text.length); // same padded size, hit or not

    expect(log.some((l) => l.startsWith('GET /v1/prefixes 200'))).toBe(true);
    for (const p of prefixes) expect(log.join('\n')).not.toContain(p);
    expect(log.join('\n')).not.toMatch(/127\.0\.0\.1|\?p=/);

    expect((await http(server.url, 'GET', '/v1/prefixes?p=example.com')).status).toBe(400);
    expect((await http(server.url, 'POST', '/v1/prefixes?p=00000000')).status).toBe(405);
  });

  it('serves only entries accepted since the published version, and drops keys triage took back', async () => {
    const store = await backend.open();
    tmp = tempDir();
    let now = Date.parse('2025-11-20T10:00:00Z');
    await accept(store, 'published-already.example/', '2025-11-20T08:00:00Z');
    await accept(store, 'after-publish.example/', '2025-11-20T09:30:00Z');
    await accept(store, 'taken-back.example/', '2025-11-20T09:31:00Z');
    await accept(store, 'taken-back.example/', '2025-11-20T09:40:00Z', 'resolve-fp-remove');
    writeManifest(tmp.dir, '2025-11-20T09:00:00.000Z');
    const index = createPrefixIndex({ store, publishedDir: tmp.dir, refreshMs: 10_000, now: () => now });
    const ask = (key: string) => index.lookup([fpHex(key).slice(0, 8)]);
    expect(await ask('after-publish.example/')).toEqual([fpHex('after-publish.example/')]);
    expect(await ask('published-already.example/')).toEqual([]);
    expect(await ask('taken-back.example/')).toEqual([]);
    expect(index.since()).toBe('2025-11-20T09:00:00.000Z');

    // accepted now: served after the next refresh (≤ refreshMs), not before
    await accept(store, 'brand-new.example/', '2025-11-20T10:00:00Z');
    expect(await ask('brand-new.example/')).toEqual([]);
    now += 10_000;
    expect(await ask('brand-new.example/')).toEqual([fpHex('brand-new.example/')]);

    // a new publish (issued later) takes them out of the fresh set
    writeManifest(tmp.dir, '2025-11-20T10:05:00.000Z');
    const later = createPrefixIndex({ store, publishedDir: tmp.dir, now: () => now });
    expect(await later.lookup([fpHex('brand-new.example/').slice(0, 8), fpHex('after-publish.example/').slice(0, 8)])).toEqual([]);
  });
});
