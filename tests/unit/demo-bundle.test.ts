/** The demo build's bundled list = the committed real list + the demo's *.test entries; the committed list has none. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTable, decodeSnapshot, encodeSnapshot, lookup } from '../../src/core/lists';
import { readDemoEntries, snapshotWithEntries } from '../../scripts/demo-bundle';

const ROOT = resolve(import.meta.dirname, '../..');

describe('demo entries', () => {
  it('the committed bundled list carries no *.test entry (a real build ships real entries only)', async () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'public/lists/bundled.json'), 'utf8')) as { demoEntries: number; count: number };
    expect(meta.demoEntries).toBe(0);
    const decoded = await decodeSnapshot(new Uint8Array(readFileSync(join(ROOT, 'public/lists/bundled.sslist'))));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.value.count).toBe(meta.count);
    for (const e of readDemoEntries(join(ROOT, 'scripts/bundled-entries.json'))) {
      if (e.key.includes(':')) continue; // indicator keys (wallet:…) are not URLs
      expect(lookup(decoded.value, `http://${e.key}`), e.key).toBeNull();
    }
  });

  it('are added to a snapshot with the same list id and version, existing entries kept', async () => {
    const base = await buildTable(
      [
        { key: 'real-scam.example/', category: 'phishing', severity: 'high', sources: ['blocklistproject-phishing'] },
        { key: 'usdt-yield.test/', category: 'investment', severity: 'medium', sources: ['x'] },
      ],
      { listId: 'scamsentinel-main', version: 3 },
      { keys: true },
    );
    const demo = readDemoEntries(join(ROOT, 'scripts/bundled-entries.json'));
    const r = await snapshotWithEntries(encodeSnapshot(base), demo);
    expect(r.added).toBe(demo.length - 1); // usdt-yield.test/ was already there
    const merged = await decodeSnapshot(r.bytes);
    if (!merged.ok) throw new Error(merged.reason);
    expect(merged.value).toMatchObject({ listId: 'scamsentinel-main', version: 3, count: demo.length + 1 });
    expect(lookup(merged.value, 'http://qiangdan-vip.test/vip')?.category).toBe('task-rebate');
    expect(lookup(merged.value, 'http://usdt-yield.test/')?.severity).toBe('medium');
    expect(lookup(merged.value, 'https://real-scam.example/login')?.category).toBe('phishing');
  });

  it('must be canonical: a typo is an error, not an entry that never matches', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ss-demo-')), 'entries.json');
    const entry = { key: 'QiangDan-VIP.test', category: 'task-rebate', severity: 'high', firstSeen: '2026-10-02', sources: [] };
    writeFileSync(file, JSON.stringify({ listId: 'scamsentinel-main', version: 1, issued: '2026-11-20', note: '', entries: [entry] }));
    expect(() => readDemoEntries(file)).toThrow(/QiangDan-VIP\.test is not canonical \(canonical form: qiangdan-vip\.test\/\)/);
  });
});
