/**
 * `lists update` against a local upstream (node:http on 127.0.0.1) serving small fixture feeds, with every fault
 * the real feeds can show: 304, 500, timeout, truncated body, HTML instead of a list, a 10× larger body, an empty
 * list, a list that shrank. Each fault keeps the last good copy and is reported; the list never drops the source.
 */
import { createServer, type Server } from 'node:http';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot, lookupKey } from '../../../src/core/lists/index';
import { main } from '../../../src/maintainer/cli';
import { runListsUpdate, type UpdateSummary } from '../../../src/maintainer/update';
import { verifyPublication } from '../../../src/maintainer/verify';
import { DAY, NOW, cleanupTemp, keysetFor, makeSigner, tempDir, type TestSigner } from './helpers';

type Mode = 'ok' | '500' | 'timeout' | 'truncated' | 'html' | 'huge' | 'empty' | 'shrunk';

const scamHosts = (n: number): string =>
  ['# Title: fixture scam list', ...Array.from({ length: n }, (_, i) => `0.0.0.0 scam-shop-${i}.example`)].join('\n') + '\n';

class Upstream {
  server!: Server;
  port = 0;
  readonly bodies = new Map<string, string>();
  readonly modes = new Map<string, Mode>();
  readonly hits: { path: string; conditional: boolean; status: number }[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      const body = this.bodies.get(path);
      const mode = this.modes.get(path) ?? 'ok';
      const conditional = req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
      const send = (status: number, text: string, type = 'text/plain'): void => {
        this.hits.push({ path, conditional, status });
        res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...(status === 200 ? { ETag: etag(text), 'Last-Modified': 'Tue, 25 Nov 2025 10:00:00 GMT' } : {}) });
        res.end(text);
      };
      if (body === undefined) return send(404, 'not found');
      switch (mode) {
        case '500':
          return send(500, 'upstream broke');
        case 'timeout':
          this.hits.push({ path, conditional, status: 0 });
          return; // never answers
        case 'truncated': {
          this.hits.push({ path, conditional, status: 200 });
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
          res.write(body.slice(0, Math.floor(body.length / 2)));
          setTimeout(() => res.destroy(), 20);
          return;
        }
        case 'html':
          return send(200, '<!DOCTYPE html><html><body>Rate limit exceeded</body></html>', 'text/html');
        case 'huge':
          return send(200, body.repeat(10));
        case 'empty':
          return send(200, '# Title: fixture scam list\n');
        case 'shrunk':
          return send(200, scamHosts(2));
        case 'ok':
          if (req.headers['if-none-match'] === etag(body)) {
            this.hits.push({ path, conditional, status: 304 });
            res.writeHead(304);
            return res.end();
          }
          return send(200, body);
      }
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

function etag(text: string): string {
  return `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`;
}

let up: Upstream;
let dir: string;
let alice: TestSigner;
let config: string;
const paths = (): { cacheDir: string; stateDir: string; outDir: string } => ({
  cacheDir: join(dir, 'cache'),
  stateDir: join(dir, 'state'),
  outDir: join(dir, 'public'),
});

async function update(now: number, extra: { force?: boolean } = {}): Promise<UpdateSummary> {
  return runListsUpdate({ configFile: config, ...paths(), keyset: keysetFor([alice], 1), signers: [alice.signer], now, timeoutMs: 400, force: extra.force ?? true, ...extra });
}
const line = (s: UpdateSummary, name: string) => {
  const l = s.sources.find((x) => x.name === name);
  if (!l) throw new Error(`no ${name}`);
  return l;
};

async function publishedTable() {
  const m = JSON.parse(readFileSync(join(paths().outDir, 'manifest.json'), 'utf8')) as { payload: string };
  const manifest = JSON.parse(Buffer.from(m.payload, 'base64').toString('utf8')) as { snapshot: { path: string }; version: number };
  const dec = await decodeSnapshot(new Uint8Array(readFileSync(join(paths().outDir, manifest.snapshot.path))));
  if (!dec.ok) throw new Error(dec.message);
  return dec.value;
}

beforeAll(async () => {
  up = await new Upstream().start();
  dir = tempDir('ss-update-');
  alice = await makeSigner(dir, 'alice');
  writeFileSync(join(dir, 'keyset.json'), JSON.stringify(keysetFor([alice], 1)));
  up.bodies.set('/scam.txt', scamHosts(10));
  up.bodies.set('/phishing.txt', '# phishing\nlogin-verify-1.example\nlogin-verify-2.example\nwww.taobao.com\n');
  up.bodies.set('/all.json', JSON.stringify({ allow: [], deny: ['dot-claim.example', 'polka-airdrop.example'] }));
  up.bodies.set('/address.json', JSON.stringify({ 'dot-claim.example': ['14ShUZUYUR35RBZW6uVVt1zXDxmSQddkeDdXf1JkMA6P721N'] }));
  writeFileSync(join(dir, 'reviewed.jsonl'), '{"key":"qiangdan-vip.example","category":"task-rebate","severity":"high","addedAt":"2025-11-20","reason":"reviewed fixture"}\n');
  config = join(dir, 'sources.json');
  writeFileSync(
    config,
    JSON.stringify({
      listId: 'fixture-upstream',
      sources: [
        { name: 'scam', url: up.url('/scam.txt'), format: 'hosts', category: 'fake-shop', licence: 'Unlicense', maxBytes: 2000, refreshMinutes: 60 },
        { name: 'phishing', url: up.url('/phishing.txt'), format: 'domains', category: 'phishing', licence: 'Unlicense' },
        { name: 'polkadot', url: up.url('/all.json'), format: 'polkadot', category: 'investment', licence: 'Apache-2.0' },
        { name: 'polkadot-address', url: up.url('/address.json'), format: 'polkadot-address', category: 'investment', licence: 'Apache-2.0' },
        { name: 'never-up', url: up.url('/missing.txt'), format: 'domains', category: 'phishing' },
        { name: 'reviewed', path: 'reviewed.jsonl', format: 'reviewed', category: 'other', weight: 3 },
      ],
      guard: { maxRefusedRatio: 0.5 },
      publish: { keepDeltas: 5, expiresInDays: 7, minClientVersion: '0.1.0' },
    }),
  );
});
afterAll(async () => {
  await up.stop();
  cleanupTemp();
});

describe('lists update against a local upstream', () => {
  let first: UpdateSummary;
  it('first run: fetches every source, guards, publishes a signed snapshot', async () => {
    first = await update(NOW);
    expect(first.result.kind).toBe('published');
    if (first.result.kind !== 'published') return;
    expect(first.result.publish.manifest.version).toBe(1);
    expect(first.result.publish.delta).toBeNull();
    expect(line(first, 'scam')).toMatchObject({ outcome: 'updated', entries: 10, added: 10 });
    expect(line(first, 'polkadot-address')).toMatchObject({ outcome: 'updated', entries: 1 });
    expect(line(first, 'never-up')).toMatchObject({ outcome: 'missing', fault: 'HTTP 404 Not Found' });
    expect(first.degraded).toEqual(['never-up']);
    // the guard refused the trusted domain, reported by rule
    expect(first.build.refusalsByRule).toEqual({ trusted: 1 });
    const table = await publishedTable();
    expect(lookupKey(table, 'scam-shop-3.example/')).not.toBeNull();
    expect(lookupKey(table, 'wallet:dot:14ShUZUYUR35RBZW6uVVt1zXDxmSQddkeDdXf1JkMA6P721N')).not.toBeNull();
    expect(lookupKey(table, 'www.taobao.com/')).toBeNull();
    const report = await verifyPublication(
      async (p) => {
        try {
          return new Uint8Array(await readFile(join(paths().outDir, p)));
        } catch {
          return null;
        }
      },
      keysetFor([alice], 1),
      { now: NOW + DAY, listId: 'fixture-upstream' },
    );
    expect(report.errors).toEqual([]);
  });

  it('second run with nothing new upstream: conditional requests → 304, nothing published', async () => {
    up.hits.length = 0;
    const s = await update(NOW + 3_600_000);
    expect(s.result).toEqual({ kind: 'unchanged', version: 1 });
    expect(line(s, 'scam').outcome).toBe('not-modified');
    expect(up.hits.filter((h) => h.path === '/scam.txt')).toEqual([{ path: '/scam.txt', conditional: true, status: 304 }]);
  });

  it('refreshMinutes: a source checked recently is not fetched again', async () => {
    up.hits.length = 0;
    const s = await update(NOW + 3_600_000 + 60_000, { force: false });
    expect(line(s, 'scam').outcome).toBe('fresh');
    expect(up.hits.some((h) => h.path === '/scam.txt')).toBe(false);
  });

  it('one new upstream entry → version 2 as a small delta, reported per source', async () => {
    up.bodies.set('/phishing.txt', (up.bodies.get('/phishing.txt') ?? '') + 'login-verify-3.example\n');
    const s = await update(NOW + 2 * 3_600_000);
    expect(s.result.kind).toBe('published');
    if (s.result.kind !== 'published') return;
    expect(s.result.publish.manifest.version).toBe(2);
    expect(s.result.publish.delta).toEqual({ added: 1, removed: 0 });
    expect(s.result.publish.deltaBytes).toBeLessThan(1024);
    expect(line(s, 'phishing')).toMatchObject({ outcome: 'updated', added: 1, removed: 0, entries: 4, previousEntries: 3 });
    expect(line(s, 'scam')).toMatchObject({ added: 0, removed: 0 });
    expect(existsSync(join(paths().outDir, 'deltas/fixture-upstream-1-2.delta'))).toBe(true);
  });

  const faults: [Mode, RegExp][] = [
    ['500', /HTTP 500/],
    ['timeout', /within 400 ms/],
    ['truncated', /truncated|network error/],
    ['html', /HTML\/XML instead of a hosts list/],
    ['huge', /over the 2000-byte cap|more than the 2000-byte cap/],
    ['empty', /0 entries \(fewer than 1\)/],
    ['shrunk', /shrank from 10 to 2 entries/],
  ];
  for (const [mode, fault] of faults) {
    it(`upstream fault "${mode}": the last good copy is kept, reported, and the list still carries the source`, async () => {
      up.modes.set('/scam.txt', mode);
      try {
        const s = await update(NOW + 3 * 3_600_000);
        expect(line(s, 'scam')).toMatchObject({ outcome: 'kept', entries: 10, previousEntries: 10 });
        expect(line(s, 'scam').fault).toMatch(fault);
        expect(s.degraded).toContain('scam');
        expect(s.result).toEqual({ kind: 'unchanged', version: 2 });
        expect(lookupKey(await publishedTable(), 'scam-shop-9.example/')).not.toBeNull();
        const meta = JSON.parse(readFileSync(join(paths().cacheDir, 'sources/scam.json'), 'utf8')) as { entries: number; lastError: string };
        expect(meta.entries).toBe(10);
        expect(meta.lastError).toMatch(fault);
      } finally {
        up.modes.delete('/scam.txt');
      }
    });
  }

  it('a fault while another source changes: publishes the change, keeps the faulty source whole', async () => {
    up.modes.set('/scam.txt', 'html');
    up.bodies.set('/phishing.txt', (up.bodies.get('/phishing.txt') ?? '').replace('login-verify-1.example\n', ''));
    try {
      const s = await update(NOW + 4 * 3_600_000);
      expect(s.result.kind).toBe('published');
      if (s.result.kind !== 'published') return;
      expect(s.result.publish.delta).toEqual({ added: 0, removed: 1 });
      expect(line(s, 'phishing')).toMatchObject({ removed: 1 });
      expect(line(s, 'scam')).toMatchObject({ outcome: 'kept', removed: 0 });
      expect(s.result.publish.manifest.count).toBe(first.result.kind === 'published' ? first.result.publish.manifest.count + 1 - 1 : -1);
    } finally {
      up.modes.delete('/scam.txt');
    }
  });

  it('every upstream source missing on a first run → refused, nothing published (never an empty list)', async () => {
    const d = tempDir('ss-update-empty-');
    const cfg = join(d, 'sources.json');
    writeFileSync(cfg, JSON.stringify({ listId: 'x', sources: [{ name: 'down', url: up.url('/missing.txt'), format: 'domains', category: 'phishing' }, { name: 'reviewed', path: join(dir, 'reviewed.jsonl'), format: 'reviewed', category: 'other' }] }));
    const s = await runListsUpdate({ configFile: cfg, cacheDir: join(d, 'c'), stateDir: join(d, 's'), outDir: join(d, 'o'), keyset: keysetFor([alice], 1), signers: [alice.signer], now: NOW });
    expect(s.result).toEqual({ kind: 'refused', reason: expect.stringMatching(/all missing/) as unknown });
    expect(existsSync(join(d, 'o', 'manifest.json'))).toBe(false);
  });

  it('the CLI prints the summary and exits 3 when a source is degraded', async () => {
    const out: string[] = [];
    const p = paths();
    const code = await main(
      ['update', '--config', config, '--cache', p.cacheDir, '--state', p.stateDir, '--out', p.outDir, '--keyset', join(dir, 'keyset.json'), '--key', alice.keyFile, '--timeout-ms', '400', '--now', new Date(NOW + 5 * 3_600_000).toISOString()],
      { log: (l) => out.push(l), error: (l) => out.push(l) },
    );
    expect(out.join('\n')).toMatch(/MISSING never-up: HTTP 404/);
    expect(out.join('\n')).toMatch(/guard: 1 refused \(trusted 1\)/);
    expect(code).toBe(3);
  });
});
