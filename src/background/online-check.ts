/**
 * Online check for entries accepted since the last list publish (the sync gap): for a page that already looks risky
 * (caution or above) or reaches a payment step on an unknown site, ask the intake service which fresh entries share
 * the 4-byte prefixes of the page URL's expressions, and decide locally with the full 64-bit fingerprints.
 *
 * What leaves the device: only 4-byte prefixes (8 hex), padded with random decoys to a multiple of PAD_TO and sorted,
 * in a GET with no cookies, no credentials, no referrer and no identifier. Never a host or URL. Answers are cached
 * for their TTL (per prefix), so a page visited again within the TTL sends nothing. The check has a strict time
 * budget: past it, the page's verdict stands as it was (it never holds the page longer than the payment hold).
 * Off when the user turns it off in the options (storage.local `onlineCheck` = false); on by default.
 */
import { fingerprintHex, fingerprintOf } from '../core/lists/fingerprint';
import type { Verdict } from '../core/types';
import { urlExpressions } from '../core/url';

import { ONLINE_CHECK_SETTING } from '../core/settings';
export { ONLINE_CHECK_SETTING };
export const ONLINE_CHECK_BUDGET_MS = 1500;
/** Requests carry a multiple of this many prefixes (real + decoys). */
export const PAD_TO = 8;
/** Every request carries at least this many random decoys (so no prefix in it is known to be real). */
export const MIN_DECOYS = 4;
const MAX_CACHE = 4096;
const DEFAULT_TTL_S = 60;
const MAX_TTL_S = 3600;

export interface OnlineCheckDeps {
  /** The /v1/prefixes URL, or null when there is no intake service configured. */
  readonly endpoint: () => Promise<string | null>;
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
  readonly now: () => number;
  /** 4 random bytes as 8 hex digits (a decoy prefix). */
  readonly randomPrefix: () => string;
  readonly enabled: () => Promise<boolean>;
  readonly budgetMs?: number;
}

export interface OnlineHit {
  readonly expression: string;
  readonly fingerprint: string;
}

export interface OnlineCheck {
  /** Fetches (or reads from cache) what the service knows for this URL; null: no fresh entry, off, or no answer in time. */
  check(url: string): Promise<OnlineHit | null>;
  /** Synchronous: a hit already known for this URL (cached answer within its TTL). */
  knownHit(url: string): OnlineHit | null;
}

interface CacheEntry {
  readonly fps: ReadonlySet<string>;
  readonly until: number;
}

/** The page URL's expressions with their fingerprints (hex16) and prefixes (hex8). */
export function expressionPrefixes(url: string): { expression: string; fp: string; prefix: string }[] {
  return urlExpressions(url).map((expression) => {
    const fp = fingerprintHex(fingerprintOf(expression));
    return { expression, fp, prefix: fp.slice(0, 8) };
  });
}

/** Real prefixes + ≥ MIN_DECOYS decoys, up to a multiple of PAD_TO, sorted (the order says nothing about which are real). */
export function paddedPrefixes(real: readonly string[], randomPrefix: () => string): string[] {
  const set = new Set(real);
  const target = Math.ceil((set.size + MIN_DECOYS) / PAD_TO) * PAD_TO;
  for (let guard = 0; set.size < target && guard < 10 * target; guard++) set.add(randomPrefix());
  return [...set].sort();
}

export function onlineVerdict(hit: OnlineHit): Verdict {
  return {
    level: 'block',
    category: 'other',
    score: 1,
    reasons: [{ signal: 'list:online', expression: hit.expression }],
  };
}

export function createOnlineCheck(deps: OnlineCheckDeps): OnlineCheck {
  const cache = new Map<string, CacheEntry>();
  const inflight = new Map<string, Promise<void>>();
  const budget = deps.budgetMs ?? ONLINE_CHECK_BUDGET_MS;

  function cached(prefix: string, now: number): CacheEntry | null {
    const e = cache.get(prefix);
    if (e === undefined) return null;
    if (e.until <= now) {
      cache.delete(prefix);
      return null;
    }
    return e;
  }

  function decide(url: string, now: number): { hit: OnlineHit | null; missing: string[] } {
    const missing: string[] = [];
    for (const x of expressionPrefixes(url)) {
      const e = cached(x.prefix, now);
      if (e === null) missing.push(x.prefix);
      else if (e.fps.has(x.fp)) return { hit: { expression: x.expression, fingerprint: x.fp }, missing: [] };
    }
    return { hit: null, missing };
  }

  async function ask(endpoint: string, prefixes: string[]): Promise<void> {
    const asked = paddedPrefixes(prefixes, deps.randomPrefix);
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), budget);
    try {
      const res = await deps.fetch(`${endpoint}?p=${asked.join(',')}`, {
        method: 'GET',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'default',
        signal: ctrl.signal,
      });
      if (!res.ok) return;
      const body = (await res.json()) as { ttl?: unknown; fp?: unknown };
      const ttl = typeof body.ttl === 'number' && body.ttl > 0 ? Math.min(body.ttl, MAX_TTL_S) : DEFAULT_TTL_S;
      const fps = Array.isArray(body.fp) ? body.fp.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{16}$/.test(x)) : [];
      const until = deps.now() + ttl * 1000;
      if (cache.size + asked.length > MAX_CACHE) cache.clear();
      for (const p of asked) cache.set(p, { fps: new Set(fps.filter((f) => f.startsWith(p))), until });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    knownHit: (url) => decide(url, deps.now()).hit,
    async check(url) {
      if (!(await deps.enabled())) return null;
      const first = decide(url, deps.now());
      if (first.hit !== null || first.missing.length === 0) return first.hit;
      const endpoint = await deps.endpoint();
      if (endpoint === null) return null;
      const key = first.missing.join(',');
      let p = inflight.get(key);
      if (p === undefined) {
        p = ask(endpoint, first.missing).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      // the budget bounds the wait even if fetch ignores the abort
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), budget + 50)));
      try {
        if ((await Promise.race([p.then(() => 'done' as const), timedOut])) === 'timeout') return null;
      } catch {
        return null; // offline, aborted, bad answer: the verdict stands as it was
      } finally {
        clearTimeout(timer);
      }
      return decide(url, deps.now()).hit;
    },
  };
}

/** The /v1/prefixes URL next to a /v1/reports endpoint (same intake service). */
export function prefixEndpointFor(reportEndpoint: string | null): string | null {
  if (reportEndpoint === null) return null;
  try {
    const u = new URL(reportEndpoint);
    u.pathname = u.pathname.replace(/\/v1\/reports\/?$/, '/v1/prefixes');
    if (!u.pathname.endsWith('/v1/prefixes')) return null;
    u.search = '';
    return u.toString();
  } catch {
    return null;
  }
}
