/**
 * One HTTP GET with a byte cap and a deadline, read as a stream so that neither a missing or lying Content-Length
 * nor an endless body can make the worker buffer more than the cap: the read stops (and the request is aborted)
 * as soon as the cap is passed. The deadline covers headers and body; every await races it, so a fetch
 * implementation that ignores the abort signal cannot hang the run either.
 *
 * Example: cap 256 KiB, server sends `Content-Length: 100` then streams forever → after 256 KiB + one chunk the
 * reader is cancelled and the result is TOO_LARGE. With `expectLength` (an artifact the manifest sized) the cap is
 * that length: one byte more is BAD_LENGTH ("longer than the manifest says"), fewer bytes are returned for
 * checkArtifact to refuse.
 */
import { fail, ok, type Result } from '../../core/types';
import { describeError } from './errors';
import type { FetchLike } from './types';

export type CappedFetchCode = 'NETWORK' | 'TIMEOUT' | 'HTTP_ERROR' | 'TOO_LARGE' | 'BAD_LENGTH';

export type CappedBody =
  | { readonly kind: 'body'; readonly bytes: Uint8Array; readonly etag: string | null; readonly contentType: string }
  | { readonly kind: 'not-modified' };

export interface CappedFetchOptions {
  readonly fetch: FetchLike;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /** The exact length the signed manifest announced; more is refused, fewer is returned. */
  readonly expectLength?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Called with the bytes received so far. */
  readonly onBytes?: (received: number) => void;
}

class Deadline extends Error {}

// One function: every return must release the same timer, AbortController and body reader,
// and one deadline bounds both the request and the body read.
export async function fetchCapped(url: string, o: CappedFetchOptions): Promise<Result<CappedBody, CappedFetchCode>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Deadline(`no complete answer within ${o.timeoutMs} ms`));
      controller.abort();
    }, o.timeoutMs);
  });
  deadline.catch(() => undefined); // observed through the races below
  const limit = o.expectLength !== undefined ? Math.min(o.expectLength, o.maxBytes) : o.maxBytes;
  const overLimit = (n: number): Result<never, CappedFetchCode> =>
    o.expectLength !== undefined && o.expectLength <= o.maxBytes
      ? fail('BAD_LENGTH', `${url}: more than the ${o.expectLength} bytes the manifest says (read stopped at ${n})`)
      : fail('TOO_LARGE', `${url}: more than the ${o.maxBytes}-byte cap (read stopped at ${n})`);

  let response: Response;
  try {
    response = await Promise.race([
      o.fetch(url, {
        method: 'GET',
        signal: controller.signal,
        headers: { ...(o.headers ?? {}) },
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'follow',
        referrerPolicy: 'no-referrer',
      }),
      deadline,
    ]);
  } catch (err: unknown) {
    clearTimeout(timer);
    controller.abort();
    return err instanceof Deadline ? fail('TIMEOUT', `${url}: ${err.message}`) : fail('NETWORK', `${url}: ${describeError(err)}`);
  }

  const reader = response.body?.getReader() ?? null;
  const stop = (): void => {
    clearTimeout(timer);
    controller.abort();
    if (reader) void reader.cancel().catch(() => undefined);
  };

  if (response.status === 304) {
    stop();
    return ok({ kind: 'not-modified' });
  }
  if (!response.ok) {
    stop();
    return fail('HTTP_ERROR', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${url}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    stop();
    return overLimit(declared);
  }
  const meta = { etag: response.headers.get('etag'), contentType: response.headers.get('content-type') ?? '' };
  if (!reader) {
    clearTimeout(timer);
    return ok({ kind: 'body', bytes: new Uint8Array(0), ...meta });
  }

  // A sized artifact is written straight into one buffer of its announced length (no 2× peak for snapshots).
  const sized = o.expectLength !== undefined ? new Uint8Array(limit) : null;
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const step = await Promise.race([reader.read(), deadline]);
      if (step.done) break;
      const at = received;
      received += step.value.byteLength;
      if (received > limit) {
        stop();
        return overLimit(received);
      }
      if (sized) sized.set(step.value, at);
      else chunks.push(step.value);
      o.onBytes?.(received);
    }
  } catch (err: unknown) {
    stop();
    return err instanceof Deadline
      ? fail('TIMEOUT', `${url}: ${err.message} (${received} bytes received)`)
      : fail('NETWORK', `${url}: connection lost after ${received} bytes (${describeError(err)})`);
  }
  clearTimeout(timer);
  const bytes = sized ? (received === sized.length ? sized : sized.slice(0, received)) : concat(chunks, received);
  return ok({ kind: 'body', bytes, ...meta });
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
