/**
 * What may become a permanent trust ("always trust this site") or a per-tab allow. Trust covers a host and all its
 * subdomains (and adds a browser allow rule), so a target that names many unrelated sites must be refused:
 *  - an IP address (v4 or v6) — a whole machine or range, not a site;
 *  - a single label (`localhost`, `com`) or a public suffix, ICANN or private (`com`, `co.uk`, `github.io`):
 *    that would trust every site under it;
 *  - a shared-hosting platform itself (`github.io`, `aliyuncs.com`) or a path-hosting host (`sites.google.com`,
 *    `t.me`, `docs.google.com`): anyone can publish there, so the host says nothing about who wrote the page.
 * Tenants (`alice.github.io`) and ordinary sites are allowed. Pure.
 */
import { parse } from 'tldts';
import { normalizeHost, sharedHostingPlatform } from '../trusted/index.ts';

export type TrustRefusal = 'ip' | 'public-suffix' | 'shared-hosting' | 'invalid';

export function trustRefusal(rawHost: string): TrustRefusal | null {
  const host = normalizeHost(rawHost);
  if (!host || host.length > 253) return 'invalid';
  if (host.startsWith('[') || host.includes(':')) return 'ip';
  const p = parse(host, { allowPrivateDomains: true });
  if (p.isIp || /^\d+$/.test(host.split('.').pop() ?? '')) return 'ip';
  if (!host.includes('.')) return 'public-suffix';
  if (p.publicSuffix === host || p.domain === null) return 'public-suffix';
  const icann = parse(host);
  if (icann.publicSuffix === host || icann.domain === null) return 'public-suffix';
  const shared = sharedHostingPlatform(host);
  if (shared && (shared.isApex || shared.kind === 'path')) return 'shared-hosting';
  return null;
}
