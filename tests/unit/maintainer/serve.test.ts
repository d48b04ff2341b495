import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerHandle } from '../../../src/maintainer/serve';
import { cleanupTemp, tempDir } from './helpers';

let server: ServerHandle;
const manifest = '{"format":"scamsentinel-signed/1"}\n';
const snap = new Uint8Array(70_000).map((_, i) => i & 0xff);

beforeAll(async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'snapshots'));
  writeFileSync(join(dir, 'manifest.json'), manifest);
  writeFileSync(join(dir, 'snapshots', 'l-1.snap'), snap);
  writeFileSync(join(dir, '.secret'), 'hidden');
  server = await startServer({ dir, port: 0 });
});
afterAll(async () => {
  await server.close();
  cleanupTemp();
});

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the manifest with exact Content-Length, an ETag and no-cache', async () => {
    const r = await get('manifest.json');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(manifest);
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(manifest)));
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const etag = String((await get('manifest.json')).headers['etag']);
    const r = await get('manifest.json', { 'If-None-Match': etag });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
    expect((await get('manifest.json', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('serves versioned artifacts as immutable binaries; HEAD has the length but no body', async () => {
    const r = await get('snapshots/l-1.snap');
    expect(r.status).toBe(200);
    expect(new Uint8Array(r.body)).toEqual(snap);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const h = await get('snapshots/l-1.snap', {}, 'HEAD');
    expect(h.headers['content-length']).toBe(String(snap.length));
    expect(h.body.length).toBe(0);
  });

  it.each(['missing.json', '../package.json', '%2e%2e/package.json', '.secret', 'snapshots/', 'snapshots/..%2f..%2fetc%2fpasswd'])(
    'refuses %s with 404',
    async (p) => {
      expect((await get(p)).status).toBe(404);
    },
  );

  it('refuses other methods', async () => {
    expect((await get('manifest.json', {}, 'POST')).status).toBe(405);
  });
});
