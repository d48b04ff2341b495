import { expect } from 'vitest';
import type { LoggedRequest } from './site-server';

/** Hosts the extension (and the tests' own navigations) may contact: demo sites plus configured list/report servers. */
export function assertOnlyExpectedTraffic(log: readonly LoggedRequest[], extraHosts: readonly string[] = []): void {
  const unexpected = log.filter((r) => !r.host.endsWith('.test') && !extraHosts.includes(r.host));
  expect(unexpected.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([]);
  expect(log.filter((r) => r.method === 'CONNECT')).toEqual([]);
}
