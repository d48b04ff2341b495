/**
 * Issue 15, class 7 (a hostile list publisher): where reports go. Only the default list's signed manifest, else the
 * build-time endpoint; a subscribed list's `reportEndpoint` — enabled or disabled, sorting before the default list
 * or not — never takes over. (Before db1ace5 the first list by id with an endpoint won: the "aaa-…" list below.)
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDb, type ScamSentinelDb } from '../../../../src/background/db';
import { reportEndpoint } from '../../../../src/background/reports/runtime';
import { emptySyncState } from '../../../../src/background/sync/sync-db';

const DEFAULT = 'scamsentinel-main';
let db: ScamSentinelDb;
let n = 0;

afterEach(async () => {
  vi.unstubAllEnvs();
  db?.close();
});

async function withManifests(rows: Record<string, string | undefined>): Promise<ScamSentinelDb> {
  db = openDb(`test-report-endpoint-${++n}`);
  for (const [listId, endpoint] of Object.entries(rows)) {
    const manifest = { listId, version: 3, ...(endpoint !== undefined ? { reportEndpoint: endpoint } : {}) };
    await db.syncState.put({ ...emptySyncState(listId), trustedManifest: JSON.stringify(manifest) });
  }
  return db;
}

describe('reportEndpoint (issue 15, class 7)', () => {
  it("uses the default list's endpoint even when a subscribed list sorting first names another", async () => {
    await withManifests({ 'aaa-hostile-list': 'https://collector.evil.test/v1/reports', [DEFAULT]: 'https://reports.scamsentinel.test/v1/reports' });
    expect(await reportEndpoint(db, DEFAULT)).toBe('https://reports.scamsentinel.test/v1/reports');
  });

  it("a subscribed list's endpoint is never used, even when the default list has none: the build-time one is", async () => {
    vi.stubEnv('WXT_REPORT_ENDPOINT', 'https://build-time.test/v1/reports');
    await withManifests({ 'aaa-hostile-list': 'https://collector.evil.test/v1/reports', [DEFAULT]: undefined });
    expect(await reportEndpoint(db, DEFAULT)).toBe('https://build-time.test/v1/reports');
    // subscribed and disabled: still never asked
    await db.subscriptions.put({ listId: 'aaa-hostile-list', manifestUrl: 'https://lists.evil.test/manifest.json', keyset: '{}', enabled: false, isDefault: false, addedAt: 0 });
    expect(await reportEndpoint(db, DEFAULT)).toBe('https://build-time.test/v1/reports');
  });

  it('no default manifest and no build-time endpoint: null (reports wait in the queue), not the hostile list', async () => {
    vi.stubEnv('WXT_REPORT_ENDPOINT', '');
    await withManifests({ 'aaa-hostile-list': 'https://collector.evil.test/v1/reports' });
    expect(await reportEndpoint(db, DEFAULT)).toBeNull();
  });
});
