/**
 * openDb makes the Dexie instance on first use (db.ts): in Chromium's worker that is when Dexie's own script is
 * imported (dexie-loader.chromium.ts), which a wake's first verdict must not wait for (issue 18).
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../../src/background/dexie-loader', () => ({
  loadDexie: () => {
    loads.n++;
    return Dexie;
  },
}));

const { openDb } = await import('../../../src/background/db');

describe('openDb: the database is made on first use', () => {
  it('wiring it loads nothing; the first member read makes one instance, used from then on', async () => {
    loads.n = 0;
    const db = openDb(`lazy-${Math.random()}`);
    const holders = [{ db }, { db }]; // what start() does: every store keeps the handle
    expect(loads.n).toBe(0);
    await holders[0]!.db.trustedSites.put({ host: 'a.test', addedAt: 1 });
    expect(loads.n).toBe(1);
    expect(await holders[1]!.db.trustedSites.get('a.test')).toEqual({ host: 'a.test', addedAt: 1 });
    expect(db.isOpen()).toBe(true); // a method, bound to the instance
    expect(db.name).toMatch(/^lazy-/);
    expect('counters' in db).toBe(true);
    // Dexie's own methods that take tables of the instance (transaction checks they belong to it).
    await db.transaction('rw', db.counters, async () => {
      await db.counters.put({ name: 'x', value: 2 });
    });
    expect((await db.counters.get('x'))?.value).toBe(2);
    expect(loads.n).toBe(1);
    db.close();
  });

  it('a loader that fails fails the first use with its error, not the wiring', () => {
    loads.n = 0;
    const db = openDb(`lazy-${Math.random()}`);
    expect(loads.n).toBe(0);
    const spy = vi.spyOn(Dexie.prototype, 'version').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    expect(() => db.lists).toThrow('boom');
    spy.mockRestore();
  });
});
