/**
 * The online check's server half: fingerprints of entries accepted in triage since the last published list version,
 * looked up by their 4-byte prefix.
 *
 *   GET /v1/prefixes?p=<hex8>,<hex8>,…   (1–64 prefixes, each the first 4 bytes of a 64-bit key fingerprint)
 *   → 200 {"v":1,"ttl":60,"fp":["<hex16>",…],"pad":"…"}
 *
 * Same hashing as the list engine (src/core/lists fingerprintOf on the canonical expression / indicator key), so the
 * client computes the fingerprints of its page's expressions and decides locally; the server never sees a host or
 * URL, only prefixes (plus the client's random decoys). Answers are padded to a multiple of PAD_BYTES, cacheable
 * (`Cache-Control: public, max-age=ttl`, same for every client — a CDN may serve them), set no cookie, and
 * `Access-Control-Allow-Origin: *` (no credentials), so the answer does not vary by caller.
 *
 * "Since the last published version": the `issued` time of the publish folder's manifest.json (re-read when it
 * changes); without one, the last FRESH_WINDOW_MS. The index is rebuilt from the store every refreshMs (one query
 * per process, whatever the request rate), so a key accepted in triage is served within refreshMs.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintHex, fingerprintOf } from '../../core/lists/fingerprint';
import type { ReportStore } from './store';

export const PREFIX_PATH = '/v1/prefixes';
export const MAX_PREFIXES = 64;
export const PAD_BYTES = 256;
export const DEFAULT_PREFIX_TTL_S = 60;
export const DEFAULT_REFRESH_MS = 10_000;
export const FRESH_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** Bound on the fresh set held in memory (newest kept). */
export const MAX_FRESH_KEYS = 200_000;

const PREFIX_RE = /^[0-9a-f]{8}$/;

/** `p` query value → distinct prefixes, or null when malformed (wrong shape, too many, none). */
export function parsePrefixes(p: string | null): string[] | null {
  if (p === null || p === '') return null;
  const parts = p.toLowerCase().split(',');
  if (parts.length > MAX_PREFIXES) return null;
  for (const x of parts) if (!PREFIX_RE.test(x)) return null;
  return [...new Set(parts)];
}

export interface PrefixIndexOptions {
  readonly store: ReportStore;
  /** Folder `lists publish` writes (manifest.json): entries accepted before its `issued` are in the published list. */
  readonly publishedDir?: string;
  readonly refreshMs?: number;
  readonly now?: () => number;
}

export interface PrefixIndex {
  /** Fingerprints (hex16) of fresh entries whose first 4 bytes are one of `prefixes`. */
  lookup(prefixes: readonly string[]): Promise<string[]>;
  /** Rebuild now (tests; the server rebuilds every refreshMs on demand). */
  refresh(): Promise<void>;
  /** Fresh entries held. */
  size(): number;
  /** ISO time entries are fresh from. */
  since(): string;
}

/** `issued` of a published manifest.json (signed envelope: {payload: base64(JSON)}), or null. */
export function publishedIssued(dir: string): string | null {
  try {
    const env = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { payload?: unknown };
    if (typeof env.payload !== 'string') return null;
    const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { issued?: unknown };
    const t = typeof m.issued === 'number' ? m.issued : typeof m.issued === 'string' ? Date.parse(m.issued) : NaN;
    return Number.isFinite(t) ? new Date(t).toISOString() : null;
  } catch {
    return null;
  }
}

export function createPrefixIndex(opts: PrefixIndexOptions): PrefixIndex {
  const now = opts.now ?? Date.now;
  const refreshMs = opts.refreshMs ?? DEFAULT_REFRESH_MS;
  let byPrefix = new Map<string, string[]>();
  let count = 0;
  let builtAt = -Infinity;
  let sinceIso = new Date(now() - FRESH_WINDOW_MS).toISOString();
  let building: Promise<void> | null = null;
  let manifestMtime = -1;
  let manifestIssued: string | null = null;

  function freshSince(): string {
    if (opts.publishedDir !== undefined) {
      try {
        const m = statSync(join(opts.publishedDir, 'manifest.json')).mtimeMs;
        if (m !== manifestMtime) {
          manifestMtime = m;
          manifestIssued = publishedIssued(opts.publishedDir);
        }
      } catch {
        manifestIssued = null;
      }
    }
    return manifestIssued ?? new Date(now() - FRESH_WINDOW_MS).toISOString();
  }

  async function build(): Promise<void> {
    const since = freshSince();
    // triage writes second-precision ISO ('…:00Z'); compare on that form
    const keys = await opts.store.acceptedSince(since.replace(/\.\d{3}Z$/, 'Z'));
    const next = new Map<string, string[]>();
    for (const { key } of keys.slice(-MAX_FRESH_KEYS)) {
      const hex = fingerprintHex(fingerprintOf(key));
      const p = hex.slice(0, 8);
      const list = next.get(p);
      if (list === undefined) next.set(p, [hex]);
      else if (!list.includes(hex)) list.push(hex);
    }
    byPrefix = next;
    count = Math.min(keys.length, MAX_FRESH_KEYS);
    sinceIso = since;
    builtAt = now();
  }

  async function refresh(): Promise<void> {
    building ??= build().finally(() => {
      building = null;
    });
    return building;
  }

  return {
    async lookup(prefixes) {
      if (now() - builtAt >= refreshMs) {
        try {
          await refresh();
        } catch (e: unknown) {
          // the database is away: serve the last index for a while rather than fail every check
          if (now() - builtAt > 10 * refreshMs) throw e;
        }
      }
      const out: string[] = [];
      for (const p of prefixes) out.push(...(byPrefix.get(p) ?? []));
      return out.sort();
    },
    refresh,
    size: () => count,
    since: () => sinceIso,
  };
}

/** The JSON body, padded with spaces inside "pad" to a multiple of PAD_BYTES (answer sizes say little). */
export function prefixBody(fingerprints: readonly string[], ttlS: number): string {
  const base = JSON.stringify({ v: 1, ttl: ttlS, fp: fingerprints, pad: '' });
  const target = Math.ceil((base.length + 1) / PAD_BYTES) * PAD_BYTES;
  return JSON.stringify({ v: 1, ttl: ttlS, fp: fingerprints, pad: ' '.repeat(target - base.length) });
}
