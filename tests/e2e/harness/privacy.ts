import { expect } from 'vitest';
import type { LoggedRequest } from './site-server';

/** Hosts Chromium itself contacts with or without extensions (sign-in, component and variations services). */
const BROWSER_SERVICE = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$/;

/**
 * Privacy, from two logs: (1) CDP's log of the extension's own contexts (service worker, extension pages) —
 * only the configured list / report servers; (2) the proxy, which sees every request the browser makes — nothing
 * reached any host but the demo sites, those servers, and Chromium's own Google services (browser, not extension).
 */
export function assertOnlyExpectedTraffic(
  log: readonly LoggedRequest[],
  extensionRequests: readonly string[] = [],
  allowedHosts: readonly string[] = ['lists.test', 'reports.test'],
): void {
  const extensionHosts = extensionRequests.map((u) => new URL(u).hostname);
  expect(extensionHosts.filter((h) => !allowedHosts.includes(h))).toEqual([]);
  const unexpected = log.filter((r) => !r.host.endsWith('.test') && !BROWSER_SERVICE.test(r.host));
  expect(unexpected.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([]);
}
