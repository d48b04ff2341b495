/**
 * The report-intake HTTP server (node:http, 127.0.0.1 by default).
 *
 *   POST /v1/reports          report JSON (schema.ts) → 202 {id, status} | 200 {id, status, reason?} (same
 *                             idempotency key again) | 4xx/5xx {error: {code, message, issues?}}
 *   GET  /v1/reports/<id>     → 200 {id, status: received|accepted|rejected, reason?} | 404
 *   GET  /v1/prefixes?p=…     online check: fingerprints of entries accepted since the last publish that share
 *                             the given 4-byte prefixes (prefixes.ts); cacheable, no cookies, route-only log line
 *   GET  /healthz             → 200 {ok: true}  (for a reverse proxy / monitor)
 *   OPTIONS on both           CORS preflight for browser-extension origins
 *
 * Order of checks for a POST, cheapest first: origin → rate limit → content type → declared length → body read
 * under the cap → UTF-8 + JSON → zod → store. Nothing about the request other than the validated report is
 * stored; the client's address lives only in the in-memory rate-limit buckets.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { locateReport } from './grouping';
import {
  PREFLIGHT_HEADERS,
  clientAddress,
  corsHeaders,
  isExtensionOrigin,
  isJsonContentType,
  readBody,
  sendError,
  sendJson,
} from './http-util';
import { TokenBuckets, type BucketOptions } from './rate-limit';
import { MAX_BODY_BYTES, REPORT_ID_RE, ReportSchema, type Report, type StatusBody } from './schema';
import type { NewReport, PairedBuckets, ReportStore } from './store';
import { DEFAULT_PREFIX_TTL_S, PREFIX_PATH, parsePrefixes, prefixBody, type PrefixIndex } from './prefixes';

export interface RateLimits {
  /** Per client key (X-Client-Key, else the address). */
  readonly client: BucketOptions;
  /** Per address, behind the per-key bucket: bounds a client rotating keys. Also applies to GET. */
  readonly ip: BucketOptions;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  client: { burst: 10, perMinute: 10 },
  ip: { burst: 120, perMinute: 300 },
};

export interface IntakeServerOptions {
  readonly store: ReportStore;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  readonly limits?: RateLimits;
  readonly maxBodyBytes?: number;
  /** Number of reverse proxies in front whose X-Forwarded-For entries are trusted (default 0: use the peer). */
  readonly trustProxyHops?: number;
  /** Which Origin headers may call the API from a browser (default: extension origins). No Origin = non-browser. */
  readonly allowOrigin?: (origin: string) => boolean;
  /** Epoch ms (tests). */
  readonly now?: () => number;
  /** Serves GET /v1/prefixes (the online check) from this index; absent: 404. */
  readonly prefixes?: {
    readonly index: PrefixIndex;
    /** Client cache / CDN TTL of an answer (default 60 s). */
    readonly ttlS?: number;
    /** Per address, in memory (default burst 120, 600 a minute): a CDN in front takes most of the traffic. */
    readonly limit?: BucketOptions;
  };
  /** One line per request: method, route, status, duration. No addresses, no query strings (so no prefixes). */
  readonly onLog?: (line: string) => void;
  /** Open connections in all (default 1000); over it the new socket is closed at once. */
  readonly maxConnections?: number;
  /**
   * Open connections per peer address (default 50). Off (Infinity) behind a reverse proxy (`trustProxyHops` > 0):
   * every connection then comes from the proxy, which enforces its own.
   */
  readonly maxConnectionsPerAddress?: number;
  /** A request's headers must arrive within this (default 10 s); the whole request within `requestTimeoutMs`. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** Defaults for the slow-client limits (issue 15: a slowloris must not hold the server). */
export const CONNECTION_LIMITS = {
  maxConnections: 1000,
  maxConnectionsPerAddress: 50,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  /**
   * How often node:http looks for requests past those timeouts. Node's default is 30 s, which made a 10 s header
   * timeout really ~31–40 s; 1 s keeps the cut within ~11 s.
   */
  checkIntervalMs: 1_000,
} as const;

export interface IntakeServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** In-memory TokenBuckets (one process owns the store) behind the same face as the database-backed pair. */
function memoryPair(ipOpts: BucketOptions, clientOpts: BucketOptions): PairedBuckets {
  const ipBuckets = new TokenBuckets(ipOpts);
  const clientBuckets = new TokenBuckets(clientOpts);
  return {
    take: (ip, key, t) => {
      const ipTake = ipBuckets.take(ip, t);
      if (!ipTake.ok || key === null) return Promise.resolve(ipTake);
      const keyTake = clientBuckets.take(key, t);
      if (!keyTake.ok) ipBuckets.refund(ip); // a refused request costs nothing in the address bucket
      return Promise.resolve(keyTake);
    },
    sweep: (t) => {
      ipBuckets.sweep(t);
      clientBuckets.sweep(t);
      return Promise.resolve();
    },
  };
}

const CLIENT_KEY_RE = /^[A-Za-z0-9_-]{8,128}$/;
const REPORTS_PATH = '/v1/reports';

// one getrandom() call per 341 ids instead of one per id
let idPool = Buffer.alloc(0);
let idPoolAt = 0;

/** `r_` + 96 random bits, base64url: unguessable, since the id is all a status request needs. */
export function newReportId(): string {
  if (idPoolAt + 12 > idPool.length) {
    idPool = randomBytes(4092);
    idPoolAt = 0;
  }
  const id = `r_${idPool.toString('base64url', idPoolAt, idPoolAt + 12)}`;
  idPoolAt += 12;
  return id;
}

/** Validated report → the row to store: the client's fields, derived keys, and nothing else. */
export function toNewReport(r: Report, now: number): NewReport {
  const loc = locateReport(r.url);
  if (loc === null) throw new Error('unreachable: schema checked the URL');
  const screenshot = r.evidence?.screenshot;
  // the validated report (PNG bytes hashed as bytes), so a retry re-serialized in another key order still matches
  const hash = createHash('sha256').update(JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? `png:${v.length}` : v)));
  if (screenshot !== undefined) hash.update(screenshot);
  return {
    id: newReportId(),
    idempotencyKey: r.idempotencyKey,
    payloadSha256: hash.digest('hex'),
    receivedAt: new Date(now).toISOString(),
    kind: r.kind,
    url: r.url,
    expression: loc.expression,
    groupKey: loc.groupKey,
    site: loc.site,
    category: r.category,
    ...(r.comment !== undefined ? { comment: r.comment } : {}),
    ...(r.paid !== undefined ? { paid: r.paid } : {}),
    ...(r.evidence?.reasons !== undefined
      ? { reasons: r.evidence.reasons.map((x) => ({ signal: x.signal, evidence: x.evidence, ...(x.weight !== undefined ? { weight: x.weight } : {}) })) }
      : {}),
    ...(screenshot !== undefined ? { screenshot } : {}),
    clientVersion: r.clientVersion,
    locale: r.locale,
  };
}

// One closure on purpose: the route handlers share the store, the rate-limit buckets and the
// connection counts set up here, and `close` must stop the server and the sweep timer together; each handler is short.
export function startIntakeServer(opts: IntakeServerOptions): Promise<IntakeServer> {
  const limits = opts.limits ?? DEFAULT_RATE_LIMITS;
  // one process on its own store: buckets in memory; a shared store (PostgreSQL): buckets in the database, so a
  // limit holds across every intake process behind the proxy
  const buckets: PairedBuckets = opts.store.sharedPair?.(limits.ip, limits.client) ?? memoryPair(limits.ip, limits.client);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const hops = opts.trustProxyHops ?? 0;
  const allowOrigin = opts.allowOrigin ?? isExtensionOrigin;
  const now = opts.now ?? Date.now;
  const { store } = opts;

  async function rateLimit(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>, perClient: boolean): Promise<boolean> {
    const t = now();
    const ip = clientAddress(req, hops);
    let key: string | null = null;
    if (perClient) {
      const header = req.headers['x-client-key'];
      key = typeof header === 'string' && CLIENT_KEY_RE.test(header) ? `k:${header}` : `a:${ip}`;
    }
    const taken = await buckets.take(ip, key, t);
    if (taken.ok) return true;
    const secs = String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000)));
    sendError(res, 429, 'RATE_LIMITED', `too many requests; retry after ${secs} s`, { ...cors, 'Retry-After': secs });
    return false;
  }

  async function postReport(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): Promise<number> {
    if (!(await rateLimit(req, res, cors, true))) return 429;
    if (!isJsonContentType(req.headers['content-type'])) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json (UTF-8)', cors);
      return 415;
    }
    const tooLarge = (): number => {
      sendError(res, 413, 'TOO_LARGE', `body exceeds ${maxBody} bytes`, { ...cors, Connection: 'close' });
      return 413;
    };
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBody) return tooLarge();
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      if (body.reason === 'TOO_LARGE') return tooLarge();
      return 0; // client went away
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes));
    } catch {
      sendError(res, 400, 'BAD_JSON', 'body is not valid UTF-8 JSON', cors);
      return 400;
    }
    const parsed = ReportSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      sendError(res, 400, 'INVALID', 'report does not match the schema', cors, issues);
      return 400;
    }
    const outcome = await store.insert(toNewReport(parsed.data, now()));
    if (outcome.created) {
      sendJson(res, 202, { id: outcome.id, status: outcome.status } satisfies StatusBody, cors);
      return 202;
    }
    if (!outcome.samePayload) {
      sendError(res, 409, 'IDEMPOTENCY_CONFLICT', 'this idempotency key was used for a different report', cors);
      return 409;
    }
    const status: StatusBody = { id: outcome.id, status: outcome.status, ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}) };
    sendJson(res, 200, status, cors);
    return 200;
  }

  async function getStatus(req: IncomingMessage, res: ServerResponse, id: string, cors: Record<string, string>): Promise<number> {
    if (!(await rateLimit(req, res, cors, false))) return 429;
    const s = REPORT_ID_RE.test(id) ? await store.status(id) : null;
    if (s === null) {
      sendError(res, 404, 'NOT_FOUND', 'no such report', cors);
      return 404;
    }
    sendJson(res, 200, { id: s.id, status: s.status, ...(s.reason !== undefined ? { reason: s.reason } : {}) } satisfies StatusBody, cors);
    return 200;
  }

  const prefixBuckets = new TokenBuckets(opts.prefixes?.limit ?? { burst: 120, perMinute: 600 });

  async function getPrefixes(req: IncomingMessage, res: ServerResponse, index: PrefixIndex): Promise<number> {
    // no credentials, same answer for every caller: any origin may read it, and a CDN may cache it
    const open = { 'Access-Control-Allow-Origin': '*' };
    const take = prefixBuckets.take(clientAddress(req, hops), now());
    if (!take.ok) {
      const secs = String(Math.max(1, Math.ceil(take.retryAfterMs / 1000)));
      sendError(res, 429, 'RATE_LIMITED', `too many requests; retry after ${secs} s`, { ...open, 'Retry-After': secs });
      return 429;
    }
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
    const prefixes = parsePrefixes(query.get('p'));
    if (prefixes === null) {
      sendError(res, 400, 'INVALID', 'p: 1–64 comma-separated 8-hex-digit prefixes', open);
      return 400;
    }
    const ttl = opts.prefixes?.ttlS ?? DEFAULT_PREFIX_TTL_S;
    const body = prefixBody(await index.lookup(prefixes), ttl);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': `public, max-age=${ttl}`,
      'X-Content-Type-Options': 'nosniff',
      ...open,
    });
    res.end(body);
    return 200;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; route: string }> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    let cors: Record<string, string> = {};
    if (origin !== undefined) {
      if (!allowOrigin(origin)) {
        sendError(res, 403, 'FORBIDDEN_ORIGIN', 'this origin may not call the intake API');
        return { status: 403, route: path.startsWith(REPORTS_PATH) ? REPORTS_PATH : path };
      }
      cors = corsHeaders(origin);
    }
    const isCollection = path === REPORTS_PATH;
    const isItem = path.startsWith(`${REPORTS_PATH}/`) && path.indexOf('/', REPORTS_PATH.length + 1) < 0;
    const route = isItem ? `${REPORTS_PATH}/:id` : path;
    if (isCollection || isItem) {
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...cors, ...PREFLIGHT_HEADERS });
        res.end();
        return { status: 204, route };
      }
      if (isCollection && method === 'POST') return { status: await postReport(req, res, cors), route };
      if (isItem && method === 'GET') {
        return { status: await getStatus(req, res, path.slice(REPORTS_PATH.length + 1), cors), route };
      }
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${method} not allowed here`, { ...cors, Allow: isCollection ? 'POST, OPTIONS' : 'GET, OPTIONS' });
      return { status: 405, route };
    }
    if (path === PREFIX_PATH && opts.prefixes !== undefined) {
      if (method === 'GET') return { status: await getPrefixes(req, res, opts.prefixes.index), route: path };
      if (method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '86400' });
        res.end();
        return { status: 204, route: path };
      }
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${method} not allowed here`, { Allow: 'GET, OPTIONS' });
      return { status: 405, route: path };
    }
    if (path === '/healthz' && method === 'GET') {
      sendJson(res, 200, { ok: true });
      return { status: 200, route };
    }
    sendError(res, 404, 'NOT_FOUND', 'no such endpoint', cors);
    return { status: 404, route: '(other)' };
  }

  const headersTimeout = opts.headersTimeoutMs ?? CONNECTION_LIMITS.headersTimeoutMs;
  const requestTimeout = Math.max(opts.requestTimeoutMs ?? CONNECTION_LIMITS.requestTimeoutMs, headersTimeout);
  const checkInterval = Math.min(CONNECTION_LIMITS.checkIntervalMs, headersTimeout);
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: checkInterval }, (req, res) => {
    const started = performance.now();
    handle(req, res)
      .then(({ status, route }) => {
        opts.onLog?.(`${req.method ?? '?'} ${route} ${status} ${(performance.now() - started).toFixed(1)}ms`);
      })
      .catch((e: unknown) => {
        opts.onLog?.(`${req.method ?? '?'} error: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'internal error');
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 5_000;
  server.maxConnections = opts.maxConnections ?? CONNECTION_LIMITS.maxConnections;
  const perAddress = hops > 0 ? Infinity : (opts.maxConnectionsPerAddress ?? CONNECTION_LIMITS.maxConnectionsPerAddress);
  const openPerAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const addr = socket.remoteAddress ?? '?';
    const n = (openPerAddress.get(addr) ?? 0) + 1;
    if (n > perAddress) {
      socket.destroy();
      return;
    }
    openPerAddress.set(addr, n);
    socket.once('close', () => {
      const left = (openPerAddress.get(addr) ?? 1) - 1;
      if (left <= 0) openPerAddress.delete(addr);
      else openPerAddress.set(addr, left);
    });
  });
  const sweep = setInterval(() => {
    const t = now();
    prefixBuckets.sweep(t);
    buckets.sweep(t).catch((e: unknown) => {
      opts.onLog?.(`rate-limit sweep failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }, 60_000);
  sweep.unref();

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            clearInterval(sweep);
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
