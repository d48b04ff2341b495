/**
 * `serve`: a static server for a published folder, for development and tests. Loopback only (127.0.0.1).
 * GET/HEAD only; exact Content-Length; strong ETag (SHA-256 of the bytes, cached by size+mtime);
 * If-None-Match → 304; Cache-Control: manifest.json `no-cache` (always revalidate), versioned artifacts
 * `public, max-age=31536000, immutable`. No directory listings; paths outside the folder are 404.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

export interface ServerHandle {
  /** Base URL, e.g. http://127.0.0.1:43121/ (ends with '/'). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly dir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Called per request (for logging). */
  readonly onRequest?: (line: string) => void;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.snap': 'application/octet-stream',
  '.delta': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startServer(opts: ServeOptions): Promise<ServerHandle> {
  const root = resolve(opts.dir);
  const etags = new Map<string, { key: string; etag: string }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': '0' }).end();
      return 405;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return notFound(res);
    }
    if (pathname === '/') pathname = '/manifest.json';
    if (pathname.includes('\0') || pathname.split('/').some((s) => s === '..' || s.startsWith('.'))) return notFound(res);
    const file = resolve(root, '.' + pathname);
    if (!file.startsWith(root + sep)) return notFound(res);
    let info;
    try {
      info = await stat(file);
    } catch {
      return notFound(res);
    }
    if (!info.isFile()) return notFound(res);
    const body = await readFile(file);
    const cacheKey = `${info.size}:${info.mtimeMs}`;
    let cached = etags.get(file);
    if (!cached || cached.key !== cacheKey) {
      cached = { key: cacheKey, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"` };
      etags.set(file, cached);
    }
    const ext = pathname.slice(pathname.lastIndexOf('.'));
    const headers: Record<string, string> = {
      ETag: cached.etag,
      'Cache-Control': pathname === '/manifest.json' ? 'no-cache' : 'public, max-age=31536000, immutable',
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Last-Modified': new Date(info.mtimeMs).toUTCString(),
    };
    const inm = req.headers['if-none-match'];
    if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === cached.etag || t.trim() === '*')) {
      res.writeHead(304, headers).end();
      return 304;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return 200;
  }

  const server = createServer((req, res) => {
    handle(req, res)
      .then((status) => opts.onRequest?.(`${req.method ?? '?'} ${req.url ?? ''} ${status}`))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Length': '0' });
        res.end();
      });
  });
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function notFound(res: ServerResponse): number {
  const body = 'not found\n';
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
  return 404;
}
