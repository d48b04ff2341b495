/**
 * URL and key lookups. Per URL: one canonicalization (the only allocation on a miss), one right-to-left pass
 * over the host and one left-to-right pass over path+query to get every candidate's hash lanes, then ≤ 30
 * fingerprint mixes and table probes. Buffers are module-level and reused.
 */
import { canonicalize, type CanonicalUrl } from '../url/canonicalize.ts';
import { hostSuffixStarts, pathPrefixEnds, MAX_HOSTS, MAX_PATHS } from '../url/expressions.ts';
import type { ListMatch, ListTable } from './types.ts';
import {
  fingerprintInto,
  hostStep1,
  hostStep2,
  mixFingerprint,
  pathStep1,
  pathStep2,
  HOST_SEED_1,
  HOST_SEED_2,
  PATH_SEED_1,
  PATH_SEED_2,
} from './fingerprint.ts';
import { asCompact, categoryAt, probe, severityAt, severityIdAt, type CompactTable } from './table.ts';

const hostStarts = new Int32Array(MAX_HOSTS);
const pathEnds = new Int32Array(MAX_PATHS);
const hostLane1 = new Int32Array(MAX_HOSTS);
const hostLane2 = new Int32Array(MAX_HOSTS);
const pathLane1 = new Int32Array(MAX_PATHS);
const pathLane2 = new Int32Array(MAX_PATHS);
const fp = new Uint32Array(2);
const HIGHEST_SEVERITY = 2;

function hashHostSuffixes(expr: string, hostLength: number, hosts: number): void {
  let h1 = HOST_SEED_1;
  let h2 = HOST_SEED_2;
  let j = hosts - 1;
  for (let i = hostLength - 1; i >= 0; i--) {
    const c = expr.charCodeAt(i);
    h1 = hostStep1(h1, c);
    h2 = hostStep2(h2, c);
    if (hostStarts[j] === i) {
      hostLane1[j] = h1;
      hostLane2[j] = h2;
      if (--j < 0) return;
    }
  }
}

function hashPathPrefixes(expr: string, from: number, paths: number): void {
  let p1 = PATH_SEED_1;
  let p2 = PATH_SEED_2;
  let j = paths - 1;
  for (let i = from; i < expr.length; i++) {
    const c = expr.charCodeAt(i);
    p1 = pathStep1(p1, c);
    p2 = pathStep2(p2, c);
    if (pathEnds[j] === i + 1 - from) {
      pathLane1[j] = p1;
      pathLane2[j] = p2;
      if (--j < 0) return;
    }
  }
}

/** Best match for a canonical URL: highest severity, then most specific expression. */
export function lookupCanonical(t: CompactTable, c: CanonicalUrl): ListMatch | null {
  const expr = c.expr;
  const hostLength = c.host.length;
  const hosts = hostSuffixStarts(c.host, c.isIp, hostStarts);
  const paths = pathPrefixEnds(expr, hostLength, c.path.length, pathEnds);
  hashHostSuffixes(expr, hostLength, hosts);
  hashPathPrefixes(expr, hostLength, paths);
  let best = -1;
  let bestSeverity = -1;
  let bestHost = 0;
  let bestPath = 0;
  search: for (let h = 0; h < hosts; h++) {
    const h1 = hostLane1[h]!;
    const h2 = hostLane2[h]!;
    for (let p = 0; p < paths; p++) {
      mixFingerprint(h1, h2, pathLane1[p]!, pathLane2[p]!, fp);
      const pos = probe(t, fp[0]!, fp[1]!);
      if (pos < 0) continue;
      const severity = severityIdAt(t, pos);
      if (severity > bestSeverity) {
        best = pos;
        bestSeverity = severity;
        bestHost = h;
        bestPath = p;
        if (severity === HIGHEST_SEVERITY) break search;
      }
    }
  }
  if (best < 0) return null;
  const expression = expr.slice(hostStarts[bestHost]!, hostLength + pathEnds[bestPath]!);
  return { expression, category: categoryAt(t, best), severity: severityAt(t, best) };
}

/** Lookup for a URL the caller has already canonicalized (one canonicalization shared with other checks). */
export function lookupCanonicalUrl(table: ListTable, url: CanonicalUrl): ListMatch | null {
  return lookupCanonical(asCompact(table), url);
}

export function lookup(table: ListTable, url: string): ListMatch | null {
  const t = asCompact(table);
  const c = canonicalize(url);
  return c ? lookupCanonical(t, c) : null;
}

export function lookupBatch(table: ListTable, urls: readonly string[]): (ListMatch | null)[] {
  const t = asCompact(table);
  const out = new Array<ListMatch | null>(urls.length);
  for (let i = 0; i < urls.length; i++) {
    const c = canonicalize(urls[i]!);
    out[i] = c ? lookupCanonical(t, c) : null;
  }
  return out;
}

/** Exact key lookup: an indicator key ('wallet:trx:T…') or a canonical expression ('example.com/'). */
export function lookupKey(table: ListTable, key: string): ListMatch | null {
  const t = asCompact(table);
  fingerprintInto(key, fp);
  const pos = probe(t, fp[0]!, fp[1]!);
  if (pos < 0) return null;
  return { expression: key, category: categoryAt(t, pos), severity: severityAt(t, pos) };
}

/** Table position of a key, or -1 (for provenance and tools). */
export function positionOfKey(table: CompactTable, key: string): number {
  fingerprintInto(key, fp);
  return probe(table, fp[0]!, fp[1]!);
}

/**
 * The buckets (top 16 bits of each candidate fingerprint) a lookup of `url` probes, in any table: what a table
 * loaded in chunks (partial.ts) must hold before `lookup(url)` is exact. Empty when the URL has no host.
 */
export function lookupBuckets(url: string): number[] {
  const c = canonicalize(url);
  if (!c) return [];
  const hosts = hostSuffixStarts(c.host, c.isIp, hostStarts);
  const paths = pathPrefixEnds(c.expr, c.host.length, c.path.length, pathEnds);
  hashHostSuffixes(c.expr, c.host.length, hosts);
  hashPathPrefixes(c.expr, c.host.length, paths);
  const out: number[] = [];
  for (let h = 0; h < hosts; h++) {
    for (let p = 0; p < paths; p++) {
      mixFingerprint(hostLane1[h]!, hostLane2[h]!, pathLane1[p]!, pathLane2[p]!, fp);
      out.push(fp[0]! >>> 16);
    }
  }
  return out;
}

/** The bucket `lookupKey(key)` probes. */
export function keyBucket(key: string): number {
  fingerprintInto(key, fp);
  return fp[0]! >>> 16;
}
