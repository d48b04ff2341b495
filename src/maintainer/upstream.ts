/**
 * Upstream feeds for `lists update`: fetch each `url` source politely (ETag / If-Modified-Since, a timeout, a byte
 * cap) and keep its LAST GOOD COPY in the update cache. A new copy replaces the last good one only when it parses
 * like the format it claims and looks like a list of about the same size:
 *
 *   <cache>/sources/<name>.txt    the last good copy, byte for byte as the upstream served it
 *   <cache>/sources/<name>.json   { sha256, bytes, entries, etag, lastModified, fetchedAt, checkedAt, lastError }
 *
 * Outcome per source (what the summary prints):
 *   updated       new content accepted (sha256 changed)          same          200 with identical bytes
 *   not-modified  304 (the validators matched)                   fresh         checked < refreshMinutes ago, not fetched
 *   kept          a fault (HTTP error, timeout, over the cap, truncated, HTML, not the format, empty, shrank by more
 *                 than maxShrink, grew by more than maxGrowth): the last good copy stays and the fault is reported
 *   missing       a fault and no good copy yet: the source is left out of this build (reported, exit code 3)
 *
 * Example: blocklistproject-scam had 8,527 entries; the mirror now answers 200 with 12 lines → 'kept'
 * ("shrank from 8527 to 12 entries (> 50%)"), and the list keeps the 8,527 entries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from './fs-util';
import type { SourceConfig } from './sources/config';
import { parseSource } from './sources/parsers';

/** Default per-request deadline (headers + body). */
export const UPSTREAM_TIMEOUT_MS = 60 * 1000;
/** A new copy with more than this many times the last good copy's entries is refused (feed swapped / poisoned). */
export const UPSTREAM_MAX_GROWTH = 5;

export const SourceMetaSchema = z.object({
  sha256: z.string(),
  bytes: z.number().int().min(0),
  entries: z.number().int().min(0),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** When the current good copy was downloaded (ISO). */
  fetchedAt: z.string(),
  /** When the upstream was last asked (ISO), whatever the answer. */
  checkedAt: z.string(),
  lastError: z.string().nullable().default(null),
});
export type SourceMeta = z.infer<typeof SourceMetaSchema>;

export type FetchOutcome = 'updated' | 'same' | 'not-modified' | 'fresh' | 'kept' | 'missing' | 'local';

export interface SourceFetchResult {
  readonly name: string;
  readonly outcome: FetchOutcome;
  /** The file the build reads (the last good copy), or null when there is none. */
  readonly file: string | null;
  /** Entries in the copy the build uses (0 when missing). */
  readonly entries: number;
  /** Entries in the previous good copy (null: first fetch). */
  readonly previousEntries: number | null;
  readonly bytes: number;
  /** The fault, in words (kept / missing). */
  readonly fault?: string;
}

export interface FetchUpstreamOptions {
  readonly cacheDir: string;
  readonly now: number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Ignore refreshMinutes (fetch every source now). */
  readonly force?: boolean;
}

class Fault extends Error {}

export function sourceFiles(cacheDir: string, name: string): { text: string; meta: string } {
  return { text: join(cacheDir, 'sources', `${name}.txt`), meta: join(cacheDir, 'sources', `${name}.json`) };
}

export function readSourceMeta(cacheDir: string, name: string): SourceMeta | null {
  const f = sourceFiles(cacheDir, name);
  if (!existsSync(f.meta) || !existsSync(f.text)) return null;
  try {
    const m = SourceMetaSchema.parse(JSON.parse(readFileSync(f.meta, 'utf8')));
    // the copy must still be the one the meta describes (a hand-edited or half-restored cache is not "good")
    return sha256(readFileSync(f.text)) === m.sha256 ? m : null;
  } catch {
    return null;
  }
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** GET with validators, deadline and byte cap. A body shorter than its Content-Length is a fault (truncated). */
async function download(
  url: string,
  o: { fetch: typeof fetch; timeoutMs: number; maxBytes: number; etag: string | null; lastModified: string | null },
): Promise<{ kind: 'not-modified' } | { kind: 'body'; bytes: Uint8Array; etag: string | null; lastModified: string | null; contentType: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Fault(`no complete answer within ${o.timeoutMs} ms`)), o.timeoutMs);
  try {
    const headers: Record<string, string> = { 'User-Agent': 'scamsentinel-lists-update' };
    if (o.etag !== null) headers['If-None-Match'] = o.etag;
    if (o.lastModified !== null) headers['If-Modified-Since'] = o.lastModified;
    const res = await o.fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'not-modified' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new Fault(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new Fault(`${declared} bytes announced, over the ${o.maxBytes}-byte cap`);
    }
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = res.body?.getReader();
    if (reader) {
      for (;;) {
        const step = await reader.read();
        if (step.done) break;
        received += step.value.byteLength;
        if (received > o.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new Fault(`more than the ${o.maxBytes}-byte cap (read stopped at ${received})`);
        }
        chunks.push(step.value);
      }
    }
    if (Number.isFinite(declared) && received !== declared) throw new Fault(`truncated: ${received} of ${declared} bytes`);
    return {
      kind: 'body',
      bytes: Buffer.concat(chunks),
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified'),
      contentType: res.headers.get('content-type') ?? '',
    };
  } catch (e: unknown) {
    if (e instanceof Fault) throw e;
    if (controller.signal.aborted) {
      const r: unknown = controller.signal.reason;
      throw r instanceof Fault ? r : new Fault('timed out');
    }
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    throw new Fault(`network error (${e instanceof Error ? e.message : String(e)}${cause})`);
  } finally {
    clearTimeout(timer);
  }
}

/** Does this text look like the list format it claims? Returns the entry count, or throws a Fault. */
export function checkCopy(src: SourceConfig, text: string, contentType: string, previousEntries: number | null): number {
  const head = text.replace(/^\ufeff/, '').trimStart().slice(0, 256).toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<?xml') || head.startsWith('<head') || head.startsWith('<body')) {
    throw new Fault(`HTML/XML instead of a ${src.format} list${contentType ? ` (${contentType})` : ''}`);
  }
  const parsed = parseSource(src.format, text, src);
  if (parsed.fatal !== undefined) throw new Fault(`not a ${src.format} list: ${parsed.fatal}`);
  const count = parsed.count;
  if (count < Math.max(1, src.minEntries)) throw new Fault(`${count} entries (fewer than ${Math.max(1, src.minEntries)}): empty or broken`);
  const looked = count + parsed.warnings.length;
  if (looked > 0 && parsed.warnings.length / looked > src.maxMalformedRatio) {
    throw new Fault(`${parsed.warnings.length} of ${looked} lines malformed (> ${(src.maxMalformedRatio * 100).toFixed(0)}%)`);
  }
  if (previousEntries !== null && previousEntries > 0) {
    if (count < previousEntries * (1 - src.maxShrink)) {
      throw new Fault(`shrank from ${previousEntries} to ${count} entries (> ${(src.maxShrink * 100).toFixed(0)}%)`);
    }
    if (count > previousEntries * UPSTREAM_MAX_GROWTH) {
      throw new Fault(`grew from ${previousEntries} to ${count} entries (> ${UPSTREAM_MAX_GROWTH}×)`);
    }
  }
  return count;
}

/** Fetches one url source into the cache (or leaves the last good copy). Never throws for upstream faults. */
export async function fetchSource(src: SourceConfig, o: FetchUpstreamOptions): Promise<SourceFetchResult> {
  const files = sourceFiles(o.cacheDir, src.name);
  const meta = readSourceMeta(o.cacheDir, src.name);
  const base = { name: src.name, previousEntries: meta?.entries ?? null };
  const kept = (fault: string): SourceFetchResult => {
    const nowIso = new Date(o.now).toISOString();
    if (meta) writeFileAtomic(files.meta, JSON.stringify({ ...meta, checkedAt: nowIso, lastError: `${nowIso} ${fault}` }, null, 2) + '\n');
    return meta
      ? { ...base, outcome: 'kept', file: files.text, entries: meta.entries, bytes: meta.bytes, fault }
      : { ...base, outcome: 'missing', file: null, entries: 0, bytes: 0, fault };
  };
  if (src.url === undefined) throw new Error(`internal: source ${src.name} has no url`);
  if (meta && o.force !== true && o.now - Date.parse(meta.checkedAt) < src.refreshMinutes * 60_000) {
    return { ...base, outcome: 'fresh', file: files.text, entries: meta.entries, bytes: meta.bytes };
  }
  let got;
  const get = () =>
    download(src.url ?? '', {
      fetch: o.fetch ?? fetch,
      timeoutMs: o.timeoutMs ?? UPSTREAM_TIMEOUT_MS,
      maxBytes: src.maxBytes,
      etag: meta?.etag ?? null,
      lastModified: meta?.lastModified ?? null,
    });
  try {
    try {
      got = await get();
    } catch (e: unknown) {
      // one retry for a dropped connection (a reused keep-alive socket the server closed); other faults are final
      if (!(e instanceof Error && /^network error/.test(e.message))) throw e;
      got = await get();
    }
  } catch (e: unknown) {
    return kept(e instanceof Error ? e.message : String(e));
  }
  const nowIso = new Date(o.now).toISOString();
  if (got.kind === 'not-modified') {
    if (!meta) return kept('HTTP 304 to an unconditional request');
    writeFileAtomic(files.meta, JSON.stringify({ ...meta, checkedAt: nowIso, lastError: null }, null, 2) + '\n');
    return { ...base, outcome: 'not-modified', file: files.text, entries: meta.entries, bytes: meta.bytes };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(got.bytes);
  let entries: number;
  try {
    entries = checkCopy(src, text, got.contentType, meta?.entries ?? null);
  } catch (e: unknown) {
    return kept(e instanceof Error ? e.message : String(e));
  }
  const hash = sha256(got.bytes);
  const next: SourceMeta = {
    sha256: hash,
    bytes: got.bytes.length,
    entries,
    etag: got.etag,
    lastModified: got.lastModified,
    fetchedAt: meta?.sha256 === hash ? meta.fetchedAt : nowIso,
    checkedAt: nowIso,
    lastError: null,
  };
  if (meta?.sha256 !== hash) writeFileAtomic(files.text, got.bytes);
  writeFileAtomic(files.meta, JSON.stringify(next, null, 2) + '\n');
  return { ...base, outcome: meta?.sha256 === hash ? 'same' : 'updated', file: files.text, entries, bytes: got.bytes.length };
}
