/**
 * A table made by one copy of the list engine is a table to another copy (issue 18): the Chromium worker's two
 * scripts (worker-app.js, worker-later.js — src/background/later.ts) each bundle their own copy of src/core/lists, and
 * a wake's list (made by the first) is the delta base of a sync (run by the second). The engine recognises its tables
 * by a registered symbol, not by `instanceof` of its own class.
 */
import { describe, expect, it, vi } from 'vitest';

type Lists = typeof import('../../../../src/core/lists/index.ts');

async function freshCopy(): Promise<Lists> {
  vi.resetModules();
  return import('../../../../src/core/lists/index.ts');
}

describe('two copies of the list engine', () => {
  it('look up, diff and apply deltas on each other\'s tables; anything else is still refused', async () => {
    const one = await freshCopy();
    const two = await freshCopy();
    expect(one.buildTable).not.toBe(two.buildTable); // really two module instances
    const entries = [
      { key: 'scam-shop.example/', category: 'fake-shop' as const, severity: 'high' as const },
      { key: 'other-scam.example/', category: 'phishing' as const, severity: 'medium' as const },
    ];
    const base = await one.buildTable(entries, { listId: 'main', version: 1 });
    const next = await one.buildTable([...entries, { key: 'new-scam.example/', category: 'task-rebate' as const, severity: 'high' as const }], {
      listId: 'main',
      version: 2,
    });
    // The second copy reads the first copy's table…
    expect(two.lookup(base, 'https://scam-shop.example/x')?.expression).toBe('scam-shop.example/');
    expect(two.lookup(base, 'https://not-listed.example/')).toBeNull();
    // …and a delta between two tables of the first copy, applied by the second, gives the same state.
    const delta = two.diffTables(base, next);
    const applied = await two.applyDelta(base, delta);
    expect(applied.ok).toBe(true);
    if (applied.ok) {
      expect(applied.value.sha256).toBe(next.sha256);
      expect(one.lookup(applied.value, 'https://new-scam.example/')?.expression).toBe('new-scam.example/');
    }
    // A look-alike object is not a table to either copy.
    const fake = { ...base } as unknown as typeof base;
    expect(() => two.lookup(fake, 'https://scam-shop.example/')).toThrow(/not a table made by/);
    expect(() => one.lookup(fake, 'https://scam-shop.example/')).toThrow(/not a table made by/);
  });
});
