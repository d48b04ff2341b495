import { describe, expect, it } from 'vitest';
import {
  buildTable,
  fingerprintOf,
  lookup,
  lookupBatch,
  lookupKey,
  provenanceOf,
  stateHash,
  type ListEntryInput,
} from '../../../../src/core/lists/index.ts';
import { fingerprintHex } from '../../../../src/core/lists/fingerprint.ts';

const ENTRIES: ListEntryInput[] = [
  { key: 'scam-shop.example/', category: 'fake-shop', severity: 'high', firstSeen: '2025-01-02', sources: ['tw165'] },
  { key: 'sites.google.com/view/scam-shop/', category: 'task-rebate', severity: 'medium' },
  { key: 'wallet:trx:TXYZabc123', category: 'fake-service', severity: 'high', sources: ['user-report'] },
  { key: 'deep.sub.example.net/', category: 'phishing', severity: 'low' },
  { key: 'example.net/login.html', category: 'phishing', severity: 'medium' },
  { key: '195.127.0.11/', category: 'malware', severity: 'high' },
];
const META = { listId: 'main', version: 7 };

describe('buildTable + lookup', async () => {
  const table = await buildTable(ENTRIES, META);

  it('describes itself', () => {
    expect(table).toMatchObject({ listId: 'main', version: 7, count: 6 });
    expect(table.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stateHash(table)).toBe(table.sha256);
  });

  it.each([
    ['https://scam-shop.example/', 'scam-shop.example/'],
    ['http://a.b.c.scam-shop.example/x/y/z.html?q=1#f', 'scam-shop.example/'],
    ['https://SCAM-SHOP.example:443/', 'scam-shop.example/'],
    ['https://sites.google.com/view/scam-shop/', 'sites.google.com/view/scam-shop/'],
    ['https://sites.google.com/view/scam-shop/pay/now?id=7', 'sites.google.com/view/scam-shop/'],
    ['https://x.deep.sub.example.net/', 'deep.sub.example.net/'],
    ['http://example.net/login.html?next=/', 'example.net/login.html'],
    ['http://3279880203/anything', '195.127.0.11/'],
    ['http://0303.0177.0.013/', '195.127.0.11/'],
  ])('%s matches %s', (url, expression) => {
    expect(lookup(table, url)?.expression).toBe(expression);
  });

  it.each([
    'https://sites.google.com/view/other/',
    'https://sites.google.com/view/',
    'https://example.net/',
    'https://sub.example.net/',
    'https://example.net/login.html/more',
    'https://scam-shop.example.org/',
    'https://notscam-shop.example/',
    'javascript:alert(1)',
    'not a url',
  ])('%s does not match', (url) => {
    expect(lookup(table, url)).toBeNull();
  });

  it('returns category and severity', () => {
    expect(lookup(table, 'https://sites.google.com/view/scam-shop/x')).toEqual({
      expression: 'sites.google.com/view/scam-shop/',
      category: 'task-rebate',
      severity: 'medium',
    });
  });

  it('looks up indicator keys and expressions exactly', () => {
    expect(lookupKey(table, 'wallet:trx:TXYZabc123')).toEqual({ expression: 'wallet:trx:TXYZabc123', category: 'fake-service', severity: 'high' });
    expect(lookupKey(table, 'wallet:trx:TXYZabc124')).toBeNull();
    expect(lookupKey(table, 'scam-shop.example/')?.category).toBe('fake-shop');
    expect(lookupKey(table, 'a.scam-shop.example/')).toBeNull();
  });

  it('looks up batches in order', () => {
    const out = lookupBatch(table, ['https://example.org/', 'https://m.scam-shop.example/', 'ftp://x']);
    expect(out.map((m) => m?.expression ?? null)).toEqual([null, 'scam-shop.example/', null]);
  });

  it('keeps provenance outside the table and reads it on demand', () => {
    expect(provenanceOf(table, 'scam-shop.example/')).toEqual({ firstSeen: '2025-01-02', sources: ['tw165'] });
    expect(provenanceOf(table, 'wallet:trx:TXYZabc123')).toEqual({ sources: ['user-report'] });
    expect(provenanceOf(table, 'sites.google.com/view/scam-shop/')).toEqual({ sources: [] });
    expect(provenanceOf(table, 'unlisted.example/')).toBeNull();
  });
});

describe('table semantics', () => {
  it('prefers the highest severity, then the most specific expression', async () => {
    const t = await buildTable(
      [
        { key: 'host.example/', category: 'phishing', severity: 'low' },
        { key: 'host.example/a/', category: 'investment', severity: 'high' },
        { key: 'host.example/a/b/', category: 'fake-shop', severity: 'medium' },
        { key: 'sub.host.example/', category: 'malware', severity: 'low' },
      ],
      META,
    );
    expect(lookup(t, 'http://host.example/a/b/c')?.expression).toBe('host.example/a/');
    expect(lookup(t, 'http://sub.host.example/x')?.expression).toBe('sub.host.example/');
    expect(lookup(t, 'http://host.example/z')?.expression).toBe('host.example/');
  });

  it('merges duplicate keys: highest severity wins, provenance is united', async () => {
    const t = await buildTable(
      [
        { key: 'dup.example/', category: 'phishing', severity: 'low', firstSeen: '2025-03-01', sources: ['b'] },
        { key: 'dup.example/', category: 'investment', severity: 'high', firstSeen: '2025-01-01', sources: ['a', 'b'] },
      ],
      META,
    );
    expect(t.count).toBe(1);
    expect(lookupKey(t, 'dup.example/')).toMatchObject({ category: 'investment', severity: 'high' });
    expect(provenanceOf(t, 'dup.example/')).toEqual({ firstSeen: '2025-01-01', sources: ['a', 'b'] });
  });

  it('hashes only the set of (fingerprint, category, severity)', async () => {
    const a = await buildTable(ENTRIES, META);
    const b = await buildTable([...ENTRIES].reverse(), { listId: 'other', version: 99 });
    expect(b.sha256).toBe(a.sha256);
    const c = await buildTable(ENTRIES.map((e) => ({ ...e, sources: ['changed'] })), META);
    expect(c.sha256).toBe(a.sha256);
    expect(c.provenanceSha256).not.toBe(a.provenanceSha256);
  });

  it('handles an empty list', async () => {
    const t = await buildTable([], META);
    expect(t.count).toBe(0);
    expect(lookup(t, 'https://example.com/')).toBeNull();
  });

  it('rejects invalid input', async () => {
    await expect(buildTable([{ key: 'x/', category: 'nope' as 'phishing', severity: 'low' }], META)).rejects.toThrow(TypeError);
    await expect(buildTable([], { listId: 'x'.repeat(65), version: 1 })).rejects.toThrow(TypeError);
    await expect(buildTable([], { listId: 'x', version: -1 })).rejects.toThrow(TypeError);
  });

  it('matches the worked example in the table.ts header', () => {
    expect(fingerprintHex(fingerprintOf('wallet:trx:TXYZabc123'))).toBe('29b221eb23250ed6');
    expect(fingerprintHex(fingerprintOf('scam-shop.example/'))).toBe('2c0f8b0fda563fdf');
    expect(fingerprintHex(fingerprintOf('sites.google.com/view/scam-shop/'))).toBe('8ee6708697503946');
  });
});
