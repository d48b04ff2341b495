import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTable, decodeSnapshot, encodeSnapshot, type ListEntryInput, type ListTable } from '../../../src/core/lists';
import { crc32 } from '../../../src/core/lists/hash';
import { compileBlockRules, ruleCoverage } from '../../../src/background/dnr/rules';
import { collectRuleKeys, rulesMarker } from '../../../src/background/dnr/rule-keys';

const W = 'chrome-extension://id/warning.html';
const entry = (key: string): ListEntryInput => ({ key, category: 'phishing', severity: 'high' });

async function table(listId: string, keys: string[], withKeys: boolean, version = 1): Promise<ListTable> {
  return buildTable(keys.map(entry), { listId, version }, { keys: withKeys });
}

describe('collectRuleKeys', () => {
  it('takes every key of a keyed list and the still-listed bundled keys of a keyless one', async () => {
    const synced = await table('synced', ['only-synced.test/', 'shared-host.test/path/', 'wallet:trx:T1', '1.2.3.4/'], true);
    const bundled = await table('bundled', ['bundled.test/', 'still.test/'], false);
    const r = collectRuleKeys([synced, bundled], ['bundled.test/', 'removed-since.test/', 'still.test/'], { decode: true });
    expect(r.keys).toEqual(['1.2.3.4/', 'bundled.test/', 'only-synced.test/', 'shared-host.test/path/', 'still.test/', 'wallet:trx:T1']);
    expect(r.problems).toEqual([]);
    expect(['only-synced.test/', 'bundled.test/'].map(r.isCompiled)).toEqual([true, true]);
    expect(['removed-since.test/', 'other.test/'].map(r.isCompiled)).toEqual([false, false]);
    // without decoding, the same answers (what a restarted worker uses when the rules are already installed)
    const lazy = collectRuleKeys([synced, bundled], ['bundled.test/', 'removed-since.test/', 'still.test/'], { decode: false });
    expect(lazy.keys).toEqual([]);
    for (const k of [...r.keys, 'removed-since.test/', 'other.test/']) expect(lazy.isCompiled(k)).toBe(r.isCompiled(k));
  });

  it('is complete when every entry of every list was compiled (a keyless list fully named by the bundled keys)', async () => {
    const synced = await table('synced', ['a.test/'], true);
    const bundled = await table('bundled', ['bundled.test/', 'still.test/'], false);
    for (const decode of [true, false]) {
      expect(collectRuleKeys([synced], [], { decode }).complete).toBe(true);
      expect(collectRuleKeys([synced, bundled], ['bundled.test/', 'still.test/', 'gone.test/'], { decode }).complete).toBe(true);
      expect(collectRuleKeys([synced, bundled], ['bundled.test/'], { decode }).complete).toBe(false);
    }
    // two keyless lists: the counts cannot tell, so never complete
    const other = await table('other', ['bundled.test/'], false);
    expect(collectRuleKeys([bundled, other], ['bundled.test/', 'still.test/'], { decode: true }).complete).toBe(false);
  });

  it('a list whose key strings are corrupt falls back to the bundled keys and reports it', async () => {
    const good = encodeSnapshot(await table('main', ['a.test/', 'b.test/'], true));
    const other = encodeSnapshot(await table('main', ['a.test/', 'c.test/'], true));
    // b.test's entry with c.test's key string: header and hashes resealed, so only the fingerprint check notices
    const keysAt = (b: Uint8Array): number => new DataView(b.buffer).getUint32(40, true) + new DataView(b.buffer).getUint32(44, true);
    const forged = good.slice();
    forged.set(other.subarray(keysAt(other)), keysAt(good));
    forged.set(new Uint8Array(await crypto.subtle.digest('SHA-256', forged.subarray(keysAt(good)))), 120);
    new DataView(forged.buffer).setUint32(252, crc32(forged.subarray(0, 252)), true);
    const t = await decodeSnapshot(forged);
    if (!t.ok) throw new Error(t.message);
    const r = collectRuleKeys([t.value], ['a.test/', 'b.test/'], { decode: true });
    expect(r.problems).toHaveLength(1);
    expect(r.keys).toEqual(['a.test/', 'b.test/']);
    expect(r.isCompiled('c.test/')).toBe(false);
  });
});

describe('rulesMarker', () => {
  it('changes with a version or with the key strings, not with the order of lists', async () => {
    const a = await table('a', ['x.test/'], false);
    const b = await table('b', ['y.test/'], true);
    const b2 = await table('b', ['y.test/', 'z.test/'], true);
    expect(rulesMarker([a, b])).toBe(rulesMarker([b, a]));
    expect(rulesMarker([a, b])).toMatch(/^a@1,b@1#[0-9a-f]{16}$/);
    expect(rulesMarker([a, b2])).not.toBe(rulesMarker([a, b]));
  });
});

describe('ruleCoverage', () => {
  const hostArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'scam', 'shop').chain((l) =>
    fc.constantFrom(`${l}.test`, `x.${l}.test`, `10.0.0.${l.length}`),
  );
  const keyArb = fc.oneof(
    hostArb.map((h) => `${h}/`),
    hostArb.map((h) => `${h}/p/`),
    fc.constant('wallet:trx:TX'),
  );

  it('agrees with compileBlockRules().covered for every key, also when the caps cut domains (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(keyArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (keys, domainsPerRule, maxRegexRules, maxPathRules) => {
          const sorted = [...keys].sort();
          const compiled = compileBlockRules(sorted, W, { domainsPerRule, maxRegexRules, maxPathRules });
          const inList = new Set(sorted);
          const coverage = ruleCoverage(compiled.coverage, (k) => inList.has(k));
          for (const k of [...sorted, 'not-listed.test/', 'a.test/other/']) {
            expect(coverage.has(k)).toBe(compiled.covered.has(k));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a whole domain of a keyed synced list is covered; host+path keys stay with the service worker', async () => {
    const synced = await table('synced', ['only-synced.test/', 'shared-host.test/path/'], true);
    const keys = collectRuleKeys([synced], [], { decode: true });
    const compiled = compileBlockRules(keys.keys, W);
    expect(compiled.rules.flatMap((r) => r.condition.requestDomains ?? [])).toEqual(['only-synced.test', 'shared-host.test']);
    const coverage = ruleCoverage(compiled.coverage, keys.isCompiled);
    expect(coverage.has('only-synced.test/')).toBe(true);
    expect(coverage.has('shared-host.test/path/')).toBe(false);
    expect(coverage.has('shared-host.test/')).toBe(false);
  });
});
