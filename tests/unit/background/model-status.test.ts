import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/background/db';
import { createModelStatusHandler } from '../../../src/background/model-status';

const ctx = { privileged: true, tabId: null } as never;

describe('getModelStatus', () => {
  it('the built-in model and no check yet; a failed model load still names the built-in release', async () => {
    const db = openDb(`model-status-${Math.random()}`);
    const h = createModelStatusHandler({
      ready: Promise.resolve(), db, bundledRelease: 2,
      classifierReady: () => Promise.reject(new Error('no model')),
      modelInUse: () => null,
    });
    expect(await h.getModelStatus({}, ctx)).toEqual({
      inUse: { source: 'bundled', version: null, release: 2, installedAt: null, listId: null },
      last: null,
    });
  });

  it('a feed model in use: its list and install time from the stored row; the last check as stored', async () => {
    const db = openDb(`model-status-${Math.random()}`);
    await db.models.put({ slot: 'feed', listId: 'main', version: 'v3', release: 3, sha256: 'ab', text: '{}', installedAt: 1234 });
    await db.models.put({ slot: 'status', listId: 'main', code: 'MODEL_HASH_MISMATCH', message: 'refused (sha256 …)', at: 99 });
    const h = createModelStatusHandler({
      ready: Promise.resolve(), db, bundledRelease: 2,
      classifierReady: () => Promise.resolve(),
      modelInUse: () => ({ source: 'feed', version: 'v3', release: 3 }),
    });
    expect(await h.getModelStatus({}, ctx)).toEqual({
      inUse: { source: 'feed', version: 'v3', release: 3, installedAt: 1234, listId: 'main' },
      last: { code: 'MODEL_HASH_MISMATCH', message: 'refused (sha256 …)', at: 99, listId: 'main' },
    });
  });
});
