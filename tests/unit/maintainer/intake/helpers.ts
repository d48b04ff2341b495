/** Shared fixtures for the intake tests: temp folders, valid reports, a tiny PNG, an HTTP client for loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ReportSchema, type ReportInput } from '../../../../src/maintainer/intake/schema';
import { toNewReport } from '../../../../src/maintainer/intake/server';
import type { NewReport } from '../../../../src/maintainer/intake/store';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'intake-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function validReport(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: randomUUID(),
    kind: 'scam',
    url: 'https://shop.example/checkout',
    category: 'fake-shop',
    clientVersion: '0.1.0',
    locale: 'zh-CN',
    ...over,
  };
}

export function newReport(over: Record<string, unknown> = {}, now = Date.now()): NewReport {
  return toNewReport(ReportSchema.parse(validReport(over) as ReportInput), now);
}

/** PNG signature + filler: enough for the server's checks (it never decodes the image). */
export function pngBytes(size: number): Buffer {
  const b = Buffer.alloc(size, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json(): unknown;
}

/** Raw HTTP over loopback (node:http, so oversize uploads cut short by the server still yield the answer). */
export function http(
  base: string,
  method: string,
  path: string,
  opts: { body?: string | Buffer; headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: opts.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      // the server may close the socket after answering an oversize upload: the answer already arrived
      if (!('code' in e) || (e.code !== 'EPIPE' && e.code !== 'ECONNRESET')) reject(e);
    });
    if (opts.body !== undefined) {
      if (opts.chunked === true) {
        const buf = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
        for (let i = 0; i < buf.length; i += 65536) req.write(buf.subarray(i, i + 65536));
        req.end();
      } else {
        req.end(opts.body);
      }
    } else req.end();
  });
}

export function postJson(base: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return http(base, 'POST', '/v1/reports', { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}
