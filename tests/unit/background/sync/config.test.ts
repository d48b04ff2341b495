import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type ScamSentinelDb } from '../../../../src/background/db';
import {
  DEFAULT_LIST_ID,
  DEFAULT_LIST_URL,
  defaultListConfig,
  defaultSubscription,
  ensureDefaultSubscription,
} from '../../../../src/background/sync';
import { keysetOf, makeKey } from './helpers/feed';

let db: ScamSentinelDb | undefined;
afterEach(() => db?.close());

describe('default subscription from build-time config', () => {
  it('reads URL, keyset and list id; normalises the keyset JSON', async () => {
    const ks = keysetOf([await makeKey()], 1);
    const cfg = defaultListConfig({ url: 'https://lists.example/main/manifest.json', keyset: ` ${JSON.stringify(ks, null, 2)} `, listId: 'my-list' });
    expect(cfg).toEqual({ listId: 'my-list', manifestUrl: 'https://lists.example/main/manifest.json', mirrors: [], keyset: JSON.stringify(ks), problems: [] });
    expect(defaultSubscription(5, cfg)).toEqual({
      listId: 'my-list',
      manifestUrl: cfg.manifestUrl,
      keyset: cfg.keyset,
      enabled: true,
      isDefault: true,
      addedAt: 5,
    });
  });

  it('mirrors: space/comma separated http(s) URLs, in order, deduplicated; bad ones reported', async () => {
    const ks = JSON.stringify(keysetOf([await makeKey()], 1));
    const cfg = defaultListConfig({
      url: 'https://lists.example/main/manifest.json',
      keyset: ks,
      mirrors: 'https://cdn.example/main/manifest.json, https://mirror.example/m.json ftp://x/y https://cdn.example/main/manifest.json https://lists.example/main/manifest.json',
    });
    expect(cfg.mirrors).toEqual(['https://cdn.example/main/manifest.json', 'https://mirror.example/m.json']);
    expect(cfg.problems).toEqual(['WXT_DEFAULT_LIST_MIRRORS: not http(s): ftp://x/y']);
    expect(defaultSubscription(1, cfg)?.mirrors).toEqual(cfg.mirrors);
  });

  it('falls back to the local serve URL and the default id; without a pinned keyset there is no subscription', () => {
    const cfg = defaultListConfig({});
    expect(cfg).toMatchObject({ listId: DEFAULT_LIST_ID, manifestUrl: DEFAULT_LIST_URL, keyset: null });
    expect(cfg.problems[0]).toMatch(/KEYSET is not set/);
    expect(defaultSubscription(1, cfg)).toBeNull();
  });

  it('reports bad values in words and never accepts an invalid keyset', () => {
    const cfg = defaultListConfig({ url: 'ftp://x/manifest.json', keyset: '{"type":"scamsentinel-keyset"}', listId: 'Bad Id' });
    expect(cfg.manifestUrl).toBe(DEFAULT_LIST_URL);
    expect(cfg.keyset).toBeNull();
    expect(cfg.problems).toHaveLength(3);
    expect(defaultListConfig({ keyset: 'not json' }).problems).toContain('WXT_DEFAULT_LIST_KEYSET is not JSON');
  });

  it('reads import.meta.env by default (no WXT_DEFAULT_LIST_* set in tests)', () => {
    expect(defaultListConfig().manifestUrl).toBe(DEFAULT_LIST_URL);
  });

  it('ensureDefaultSubscription inserts once, follows build changes, keeps the user’s enabled choice', async () => {
    db = openDb(`test-sync-config-${process.pid}`);
    const ks = JSON.stringify(keysetOf([await makeKey()], 1));
    const sub = defaultSubscription(1, defaultListConfig({ keyset: ks }))!;
    expect(await ensureDefaultSubscription(db, sub)).toBe(true);
    expect(await ensureDefaultSubscription(db, sub)).toBe(false);
    await db.subscriptions.update(DEFAULT_LIST_ID, { enabled: false });
    const moved = { ...sub, manifestUrl: 'https://cdn.example/manifest.json' };
    expect(await ensureDefaultSubscription(db, moved)).toBe(true);
    expect(await db.subscriptions.get(DEFAULT_LIST_ID)).toMatchObject({ manifestUrl: moved.manifestUrl, enabled: false, addedAt: 1 });
  });
});
