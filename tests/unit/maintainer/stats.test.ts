import { appendFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildList } from '../../../src/maintainer/build';
import { writeBuildFile } from '../../../src/maintainer/build-file';
import { appendReviewedEntries } from '../../../src/maintainer/reviewed';
import { loadConfig } from '../../../src/maintainer/sources/config';
import { computeDiff, computeStats, loadList } from '../../../src/maintainer/stats';
import { FIXTURES, NOW, cleanupTemp, tempDir } from './helpers';

afterAll(cleanupTemp);

describe('stats and diff', () => {
  it('counts by category, severity, kind and source; diffs two builds', async () => {
    const dir = tempDir();
    cpSync(FIXTURES, dir, { recursive: true });
    writeBuildFile(join(dir, 'b1.json'), buildList(loadConfig(join(dir, 'sources.json')), { now: NOW }));
    appendFileSync(join(dir, 'domains.txt'), 'added.example\n');
    appendReviewedEntries(join(dir, 'reviewed.jsonl'), [
      { key: 'scam-shop.example', action: 'remove', addedAt: '2025-11-26', reason: 'false positive, owner verified' },
    ]);
    writeBuildFile(join(dir, 'b2.json'), buildList(loadConfig(join(dir, 'sources.json')), { now: NOW }));

    const s = computeStats(await loadList(join(dir, 'b1.json')));
    expect(s.count).toBe(23);
    expect(s.byCategory['investment']).toBe(11);
    expect(s.byKind).toEqual({ host: 14, path: 8, wallet: 1 });
    expect(s.bySource['tw165']).toBe(3);
    expect(Object.values(s.byCategory).reduce((a, b) => a + b, 0)).toBe(23);

    const d = computeDiff(await loadList(join(dir, 'b1.json')), await loadList(join(dir, 'b2.json')));
    expect([d.added, d.removed, d.changed]).toEqual([1, 1, 0]);
    expect(d.samples.added).toEqual(['added.example/ (fake-shop)']);
    expect(d.samples.removed).toEqual(['scam-shop.example/ (fake-shop)']);
    expect(d.removedBySource).toEqual({ hosts: 1, metamask: 1, 'plain-domains': 1 });
  });
});

describe('appendReviewedEntries', () => {
  it('validates, appends one JSON line each, and repairs a missing final newline', () => {
    const file = join(tempDir(), 'reviewed.jsonl');
    writeFileSync(file, '{"key":"a.example","category":"other","addedAt":"2025-11-01","reason":"first"}');
    appendReviewedEntries(file, [{ key: 'b.example', category: 'fake-shop', addedAt: '2025-11-02', reason: 'second', reportIds: ['r1'] }]);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ key: 'b.example', action: 'add', reportIds: ['r1'] });
    expect(() => appendReviewedEntries(file, [{ key: 'c.example', addedAt: 'yesterday', reason: 'bad date' }])).toThrow();
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    const fresh = join(tempDir(), 'new.jsonl');
    appendReviewedEntries(fresh, [{ key: 'd.example', category: 'other', addedAt: '2025-11-03', reason: 'new file' }]);
    expect(existsSync(fresh)).toBe(true);
  });
});
