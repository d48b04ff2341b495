/**
 * The only network the test and demo browsers see: an HTTP proxy on 127.0.0.1 that also serves the `*.test`
 * demo sites. Browsers are launched with this proxy for *every* request (loopback included), so its log is the
 * browser's complete network log — the privacy test asserts from it that nothing else was contacted.
 *
 * Sites: `tests/fixtures/sites/<host>/<path>` (index.html for directories). Extra hosts (the list server, the
 * report intake) are mounted with `mount(host, handler)`. Anything else gets 502 and stays in the log.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

export const SITES_DIR = resolve(import.meta.dirname, '../../fixtures/sites');

export interface LoggedRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly at: number;
  readonly body?: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, path: string, body: string) => void | Promise<void>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export class SiteServer {
  readonly log: LoggedRequest[] = [];
  private server: Server | null = null;
  private mounts = new Map<string, Handler>();
  /**
   * Hosts whose HTML is served with `<html data-scamsentinel-debug>`: the content script then marks its milestones
   * (`scamsentinel:page-checked`) on the page's timeline, so a test can wait for "checked" instead of sleeping.
   */
  readonly debugHosts = new Set<string>();
  private down = new Set<string>();
  port = 0;

  constructor(private readonly sitesDir = SITES_DIR) {}

  get proxyUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  mount(host: string, handler: Handler): void {
    this.down.delete(host);
    this.mounts.set(host, handler);
  }

  /** The handler mounted for a host (to wrap it), if any. */
  handlerOf(host: string): Handler | undefined {
    return this.mounts.get(host);
  }

  /** Take a mounted host offline: its connections are dropped, as when a server is down. */
  unmount(host: string): void {
    if (this.mounts.delete(host)) this.down.add(host);
  }

  requestsTo(host: string): LoggedRequest[] {
    return this.log.filter((r) => r.host === host);
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connect', (req, socket) => {
      // HTTPS tunnels: logged and refused (the demo sites are plain http).
      this.log.push({ method: 'CONNECT', host: (req.url ?? '').split(':')[0] ?? '', path: '', at: Date.now() });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((r) => this.server?.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server?.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let host: string;
    let path: string;
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
      host = url.hostname;
      path = url.pathname + url.search;
    } catch {
      res.writeHead(400).end();
      return;
    }
    this.log.push({ method: req.method ?? 'GET', host, path, at: Date.now(), ...(body ? { body } : {}) });
    if (this.down.has(host)) return void req.socket.destroy();
    const mounted = this.mounts.get(host);
    if (mounted) return void (await mounted(req, res, path, body));
    if (!host.endsWith('.test')) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`not allowed in tests: ${host}`);
      return;
    }
    await this.serveFile(host, path, res);
  }

  private async serveFile(host: string, path: string, res: ServerResponse): Promise<void> {
    const pathname = decodeURIComponent(path.split('?')[0] ?? '/');
    const siteRoot = join(this.sitesDir, host);
    let file = normalize(join(siteRoot, pathname));
    if (!file.startsWith(siteRoot)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let data: Buffer | string = await readFile(file);
      if (this.debugHosts.has(host) && extname(file) === '.html') data = data.toString('utf8').replace(/<html\b/i, '<html data-scamsentinel-debug');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    } catch {
      // Unknown paths on a known site still answer, so tests can navigate anywhere on it.
      try {
        const data = await readFile(join(siteRoot, 'index.html'));
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(data);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such demo site');
      }
    }
  }
}

/** A mount handler that forwards requests to a local server (the list server, the report intake). */
export function forwardTo(port: number): Handler {
  return (req, res, path, body) =>
    new Promise<void>((resolveDone) => {
      const headers = { ...req.headers };
      delete headers['proxy-connection'];
      const upstream = request(
        { host: '127.0.0.1', port, method: req.method ?? 'GET', path, headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', () => resolveDone());
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('upstream down');
        resolveDone();
      });
      upstream.end(body);
    });
}
