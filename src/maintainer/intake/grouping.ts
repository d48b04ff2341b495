/**
 * How reports are grouped for triage, and which reports a list key covers.
 *
 * Group key (what `triage pending` shows one row for, and what `accept <report id>` lists):
 *   ordinary host          registrable domain, host-wide:  'https://a.shop.example/pay' → 'shop.example/'
 *   shared-hosting tenant  the tenant (a PSL private domain): 'https://alice.github.io/x' → 'alice.github.io/'
 *   path-hosting host      the page itself (no query):       'https://sites.google.com/view/x/p' → 'sites.google.com/view/x/p'
 *   IP / public suffix     the host, host-wide:              'http://1.2.3.4/x' → '1.2.3.4/'
 *
 * Coverage: a list key covers a report when the key is one of the report URL's Safe Browsing expressions
 * (`urlExpressions`), i.e. exactly when the published entry would match the reported page.
 */
import { sharedHostingPlatform } from '../../core/trusted/index';
import { canonicalize, registrableDomain, urlExpressions } from '../../core/url/index';

export interface ReportLocation {
  /** Canonical host+path, query dropped. */
  readonly expression: string;
  readonly groupKey: string;
  /** Registrable domain (or host) — the index used to find candidate reports for a key. */
  readonly site: string;
}

export function locateReport(url: string): ReportLocation | null {
  const c = canonicalize(url);
  if (c === null) return null;
  const expression = c.host + c.path;
  const site = c.isIp ? c.host : (registrableDomain(c.host) ?? c.host);
  const shared = c.isIp ? null : sharedHostingPlatform(c.host);
  const groupKey = shared !== null && shared.kind === 'path' ? expression : `${site}/`;
  return { expression, groupKey, site };
}

/** The site index of a list key ('x.shop.example/p/' → 'shop.example'). */
export function siteOfKey(key: string): string {
  const slash = key.indexOf('/');
  const host = slash < 0 ? key : key.slice(0, slash);
  const c = canonicalize(`http://${host}/`);
  if (c === null) return host;
  return c.isIp ? c.host : (registrableDomain(c.host) ?? c.host);
}

export function keyCoversUrl(key: string, url: string): boolean {
  return urlExpressions(url).includes(key);
}
