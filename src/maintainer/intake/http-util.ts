/** Small node:http helpers for the intake server: capped body reads, JSON answers, client addresses, CORS. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiErrorBody, ApiErrorCode } from './schema';

export type BodyResult = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: 'TOO_LARGE' | 'ABORTED' };

/** Reads the request body, giving up (without buffering more) once it exceeds `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'TOO_LARGE' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, bytes: Buffer.concat(chunks, total) }));
    req.once('error', () => finish({ ok: false, reason: 'ABORTED' }));
    req.once('close', () => finish({ ok: false, reason: 'ABORTED' }));
  });
}

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ApiErrorCode,
  message: string,
  headers: Record<string, string> = {},
  issues?: ApiErrorBody['error']['issues'],
): void {
  const body: ApiErrorBody = { error: { code, message, ...(issues !== undefined ? { issues } : {}) } };
  sendJson(res, status, body, headers);
}

/** `application/json` with no charset or charset=utf-8 (any case, any spacing). */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

function stripMappedV4(addr: string): string {
  return addr.startsWith('::ffff:') && addr.includes('.') ? addr.slice(7) : addr;
}

/**
 * The client's address for rate limiting. With `trustProxyHops` = N > 0, the N-th address from the right of
 * X-Forwarded-For (each trusted proxy appends the address it saw; anything left of that is client-controlled).
 */
export function clientAddress(req: IncomingMessage, trustProxyHops: number): string {
  const peer = stripMappedV4(req.socket.remoteAddress ?? 'unknown');
  if (trustProxyHops <= 0) return peer;
  const raw = req.headers['x-forwarded-for'];
  const xff = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const picked = xff[xff.length - trustProxyHops];
  return picked !== undefined ? stripMappedV4(picked) : peer;
}

const EXTENSION_ORIGIN_RE = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9._-]{1,64}$/;

/** Default origin policy: any browser-extension origin (the extension id is not secret, so this is not auth). */
export function isExtensionOrigin(origin: string): boolean {
  return EXTENSION_ORIGIN_RE.test(origin);
}

export function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': 'Retry-After' };
}

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'content-type, x-client-key',
  'Access-Control-Max-Age': '600',
};
