import { getDomain } from 'tldts';

/**
 * Registrable domain (eTLD+1) from the Public Suffix List via tldts, private suffixes included, so
 * `shop.github.io` → `shop.github.io` (each github.io site is its own party) and `a.b.example.co.uk` →
 * `example.co.uk`. Null for IP literals and for hosts that are public suffixes themselves.
 */
export function registrableDomain(host: string): string | null {
  return getDomain(host, { allowPrivateDomains: true, detectIp: true, extractHostname: false });
}
