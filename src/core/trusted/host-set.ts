/**
 * Label-wise suffix lookup over a Set of lower-case domains.
 *
 * `matchSuffix(set, 'a.b.example.com')` tries, in order, `a.b.example.com`, `b.example.com`, `example.com`, `com`
 * and returns the first (longest) member found — so `gov.cn.evil.com` never matches `gov.cn`, and
 * `x.taobao.com` matches `taobao.com`. Cost: one `indexOf('.')` + one Set probe per label, no allocations beyond
 * the substrings.
 */
export function matchSuffix(set: ReadonlySet<string>, host: string): string | null {
  let rest = host;
  for (;;) {
    if (set.has(rest)) return rest;
    const dot = rest.indexOf('.');
    if (dot < 0) return null;
    rest = rest.slice(dot + 1);
  }
}

/**
 * Normalise a host or domain as users and feeds write it: trims, lower-cases, drops a scheme, userinfo, port,
 * path, a leading `*.` and trailing dots. `'HTTPS://User@Taobao.COM.:443/x'` → `'taobao.com'`. Returns '' when
 * nothing host-like is left. Non-ASCII labels are kept as given (callers decode/encode punycode if they need to).
 */
export function normalizeHost(input: string): string {
  let h = input.trim().toLowerCase();
  const scheme = h.indexOf('://');
  if (scheme >= 0) h = h.slice(scheme + 3);
  const slash = h.search(/[/?#\\]/);
  if (slash >= 0) h = h.slice(0, slash);
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  if (h.startsWith('[')) return h; // IPv6 literal: leave as is
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  if (h.startsWith('*.')) h = h.slice(2);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}
