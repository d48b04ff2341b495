/**
 * Safe Browsing host-suffix × path-prefix expressions. The hot lookup path works on the offsets computed here
 * (no substrings); `urlExpressions` materialises them as strings for tests, tools and evidence.
 */
import { canonicalize, type CanonicalUrl } from './canonicalize.ts';

export const MAX_HOSTS = 5;
export const MAX_PATHS = 6;
const labelStarts = new Int32Array(6);
const slashEnds = new Int32Array(4);

/**
 * Start offsets (into `host`) of the host strings to check, most specific first: the exact host, then the suffixes
 * made of the last 5, 4, 3, 2 labels (never the bare TLD). IP hosts: the exact host only. Returns the count.
 */
export function hostSuffixStarts(host: string, isIp: boolean, out: Int32Array): number {
  out[0] = 0;
  if (isIp) return 1;
  let count = 1;
  let labels = 1;
  const starts = labelStarts;
  for (let i = host.length - 1; i >= 0 && labels <= 5; i--) {
    if (host.charCodeAt(i) === 46) starts[labels++] = i + 1;
  }
  const total = labels > 5 ? 6 : labels;
  for (let k = Math.min(5, total - 1); k >= 2; k--) out[count++] = starts[k]!;
  return count;
}

/**
 * End offsets of the path strings to check, most specific first: path+query, path, then the prefixes ending at
 * the 4th, 3rd, 2nd and 1st `/` (duplicates skipped). The path starts at `s[from]` and runs to `from + pathLength`;
 * the query (if any) runs to the end of `s`. Offsets are relative to `from`. Returns the count.
 */
export function pathPrefixEnds(s: string, from: number, pathLength: number, out: Int32Array): number {
  let count = 0;
  const total = s.length - from;
  if (total > pathLength) out[count++] = total;
  out[count++] = pathLength;
  const slashes = slashEnds;
  let found = 0;
  for (let i = 0; i < pathLength && found < 4; i++) {
    if (s.charCodeAt(from + i) === 47) slashes[found++] = i + 1;
  }
  for (let k = found - 1; k >= 0; k--) {
    const end = slashes[k]!;
    if (end !== pathLength) out[count++] = end;
  }
  return count;
}

/** ≤ 30 host-suffix × path-prefix expressions, most specific first. */
export function urlExpressions(url: string | CanonicalUrl): string[] {
  const c = typeof url === 'string' ? canonicalize(url) : url;
  if (!c) return [];
  const hostStarts = new Int32Array(MAX_HOSTS);
  const pathEnds = new Int32Array(MAX_PATHS);
  const pathAndQuery = c.expr.slice(c.host.length);
  const hosts = hostSuffixStarts(c.host, c.isIp, hostStarts);
  const paths = pathPrefixEnds(c.expr, c.host.length, c.path.length, pathEnds);
  const out: string[] = [];
  for (let h = 0; h < hosts; h++) {
    const host = c.host.slice(hostStarts[h]);
    for (let p = 0; p < paths; p++) out.push(host + pathAndQuery.slice(0, pathEnds[p]));
  }
  return out;
}
