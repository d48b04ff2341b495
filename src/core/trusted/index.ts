/**
 * Trusted and shared-hosting data for the URL-risk signals (issue 6) and the maintainer list guard (issue 4).
 *
 * - `isTrustedDomain(x)`: `x` (host or registrable domain) is, or is under, a `TRUSTED_DOMAINS` entry or a
 *   `TRUSTED_SUFFIXES` suffix (`*.gov.cn`, `*.gov` …) — and is NOT a shared-hosting tenant. So `www.taobao.com`,
 *   `taobao.com`, `beian.miit.gov.cn` are trusted; `sites.google.com` and `mp.weixin.qq.com` (path-hosting hosts)
 *   and `shop.feishu.cn` (tenant of a suffix platform) are not, although `google.com`, `qq.com`, `feishu.cn` are.
 * - `isSharedHosting(host)`: `host` is a shared-hosting platform apex or tenant (`github.io`, `x.github.io`,
 *   `x.oss-cn-shanghai.aliyuncs.com`) or a path-hosting host (`sites.google.com`). The guard lists those by host
 *   or path, never as the whole registrable domain; `sharedHostingPlatform()` tells which platform matched.
 * - `isUrlShortener(host)`: `bit.ly`, `t.cn`, `url.cn` … (and their subdomains).
 *
 * All inputs go through `normalizeHost` (case, scheme, port, trailing dot). Pure; no browser globals.
 */
import { TRUSTED_DOMAINS, TRUSTED_SUFFIXES } from './trusted-domains.ts';
import { SHARED_HOSTING_HOSTS, SHARED_HOSTING_SUFFIXES, URL_SHORTENERS } from './shared-hosting.ts';
import { matchSuffix, normalizeHost } from './host-set.ts';

export { TRUSTED_DOMAINS, TRUSTED_SUFFIXES } from './trusted-domains.ts';
export { SHARED_HOSTING_HOSTS, SHARED_HOSTING_SUFFIXES, URL_SHORTENERS } from './shared-hosting.ts';
export { normalizeHost, matchSuffix } from './host-set.ts';

const TRUSTED_SET: ReadonlySet<string> = new Set([...TRUSTED_DOMAINS, ...TRUSTED_SUFFIXES]);
const SHARED_SUFFIX_SET: ReadonlySet<string> = new Set(SHARED_HOSTING_SUFFIXES);
const SHARED_HOST_SET: ReadonlySet<string> = new Set(SHARED_HOSTING_HOSTS);
const SHORTENER_SET: ReadonlySet<string> = new Set(URL_SHORTENERS);

// One map over every list, so a hot path walks a host's suffixes once (see `classifyHost`).
const F_TRUSTED = 1;
const F_SHARED_SUFFIX = 2;
const F_SHARED_HOST = 4;
const F_SHORTENER = 8;
const FLAGS = new Map<string, number>();
const addFlag = (list: readonly string[], flag: number): void => {
  for (const d of list) FLAGS.set(d, (FLAGS.get(d) ?? 0) | flag);
};
addFlag([...TRUSTED_DOMAINS, ...TRUSTED_SUFFIXES], F_TRUSTED);
addFlag(SHARED_HOSTING_SUFFIXES, F_SHARED_SUFFIX);
addFlag(SHARED_HOSTING_HOSTS, F_SHARED_HOST);
addFlag(URL_SHORTENERS, F_SHORTENER);

export interface HostClass {
  /** Same answer as `isTrustedDomain(host)`. */
  readonly trusted: boolean;
  readonly shared: SharedHostingMatch | null;
  readonly shortener: boolean;
}

/**
 * All three answers for an already-normalised host (lower-case ASCII, no port / trailing dot) in one suffix walk.
 * For hot paths (the URL-risk signals); other callers use the plain functions below.
 */
export function classifyHost(host: string): HostClass {
  let trusted = false;
  let shortener = false;
  let pathHost: string | null = null;
  let suffix: string | null = null;
  let rest = host;
  for (;;) {
    const f = FLAGS.get(rest);
    if (f !== undefined) {
      if ((f & F_TRUSTED) !== 0) trusted = true;
      if ((f & F_SHORTENER) !== 0) shortener = true;
      if ((f & F_SHARED_HOST) !== 0 && pathHost === null) pathHost = rest;
      if ((f & F_SHARED_SUFFIX) !== 0 && suffix === null) suffix = rest;
    }
    const dot = rest.indexOf('.');
    if (dot < 0) break;
    rest = rest.slice(dot + 1);
  }
  let shared: SharedHostingMatch | null = null;
  if (pathHost !== null) shared = { platform: pathHost, kind: 'path', isApex: pathHost === host };
  else if (suffix !== null) shared = { platform: suffix, kind: 'subdomain', isApex: suffix === host };
  if (shared !== null && !(shared.kind === 'subdomain' && shared.isApex)) trusted = false;
  return { trusted, shared, shortener };
}

export interface SharedHostingMatch {
  /** The platform entry that matched, e.g. `github.io` or `sites.google.com`. */
  readonly platform: string;
  /** `subdomain`: tenants are subdomains of `platform`; `path`: tenants are paths on `platform`. */
  readonly kind: 'subdomain' | 'path';
  /** True when the host is the platform itself (`github.io`), false for a tenant host (`alice.github.io`). */
  readonly isApex: boolean;
}

/** Which shared-hosting platform `host` belongs to, or null. */
export function sharedHostingPlatform(host: string): SharedHostingMatch | null {
  const h = normalizeHost(host);
  if (h === '') return null;
  const pathHost = matchSuffix(SHARED_HOST_SET, h);
  if (pathHost !== null) return { platform: pathHost, kind: 'path', isApex: pathHost === h };
  const suffix = matchSuffix(SHARED_SUFFIX_SET, h);
  if (suffix !== null) return { platform: suffix, kind: 'subdomain', isApex: suffix === h };
  return null;
}

export function isSharedHosting(host: string): boolean {
  return sharedHostingPlatform(host) !== null;
}

/**
 * True when `hostOrDomain` is on the default trusted list (or under a trusted suffix) and is not user content on
 * a shared-hosting platform. Extra domains (maintainer / user allowlists) are checked with `extra`.
 */
export function isTrustedDomain(hostOrDomain: string, extra?: ReadonlySet<string>): boolean {
  const h = normalizeHost(hostOrDomain);
  if (h === '') return false;
  if (matchSuffix(TRUSTED_SET, h) === null && (extra === undefined || matchSuffix(extra, h) === null)) return false;
  const shared = sharedHostingPlatform(h);
  if (shared === null) return true;
  // the platform's own apex (feishu.cn, wix-free apex like squarespace.com) stays trusted; tenants and
  // path-hosting hosts do not
  return shared.kind === 'subdomain' && shared.isApex;
}

export function isUrlShortener(host: string): boolean {
  const h = normalizeHost(host);
  return h !== '' && matchSuffix(SHORTENER_SET, h) !== null;
}
