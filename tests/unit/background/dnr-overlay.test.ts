import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileBlockRules, type DnrRule } from '../../../src/background/dnr/rules';
import {
  OVERLAY_ALLOW_BASE,
  OVERLAY_BLOCK_BASE,
  OVERLAY_BUCKETS,
  OVERLAY_MAX_KEYS,
  OVERLAY_RULE_IDS,
  ancestorsOf,
  baseIndexOf,
  compileOverlay,
  diffRules,
  loadBaseIndex,
  loadTouched,
  recordChange,
  storeTouched,
  type Touched,
} from '../../../src/background/dnr/overlay';

const W = 'chrome-extension://id/warning.html';

/**
 * What Chromium's declarativeNetRequest does with these rules for a top-level navigation to `url`: among the rules
 * whose requestDomains hold the host or one of its parents (and whose regexFilter matches), the highest priority
 * wins; at equal priority `allow` beats `redirect`. True when the winner redirects.
 */
function dnrRedirects(rules: readonly DnrRule[], url: string): boolean {
  const host = new URL(url).hostname;
  const names = new Set([host, ...ancestorsOf(host)]);
  let best: DnrRule | null = null;
  const rank = (r: DnrRule) => r.priority * 10 + (r.action.type === 'allow' ? 1 : 0);
  for (const r of rules) {
    if (!r.condition.requestDomains?.some((d) => names.has(d))) continue;
    if (r.condition.regexFilter && !new RegExp(r.condition.regexFilter).test(url)) continue;
    if (!best || rank(r) > rank(best)) best = r;
  }
  return best?.action.type === 'redirect';
}

const LABELS = ['a', 'b', 'pay'];
const ROOTS = ['shop.test', 'bank.test'];
/** Hosts with nesting: root, label.root, label.label.root. */
const UNIVERSE: string[] = ROOTS.flatMap((r) => [r, ...LABELS.map((l) => `${l}.${r}`), ...LABELS.flatMap((l) => LABELS.map((m) => `${m}.${l}.${r}`))]);
const PROBES = [...UNIVERSE, ...UNIVERSE.map((h) => `deep.${h}`), 'unlisted.test'];
const keysOf = (hosts: Iterable<string>) => [...new Set([...hosts].map((h) => `${h}/`))].sort();

describe('compileOverlay: base rules + overlay block exactly what a full install of the new list blocks', () => {
  it('property: any base, any sequence of deltas to one of two lists', () => {
    const subset = fc.subarray(UNIVERSE);
    fc.assert(
      fc.property(subset, subset, fc.array(fc.record({ add: subset, remove: subset }), { minLength: 1, maxLength: 4 }), (x0, other, steps) => {
        const otherKeys = new Set(keysOf(other));
        let x = new Set(keysOf(x0));
        const baseKeys = keysOf([...x, ...otherKeys].map((k) => k.slice(0, -1)));
        const base = compileBlockRules(baseKeys, W, { domainsPerRule: 3 });
        const index = baseIndexOf(baseKeys, []);
        const touched: Touched = new Map();
        for (const step of steps) {
          // A delta of list X: exact adds (not yet in X) and removes (in X).
          const add = keysOf(step.add).filter((k) => !x.has(k));
          const remove = keysOf(step.remove).filter((k) => x.has(k) && !add.includes(k));
          recordChange(touched, { add, remove }, (k) => otherKeys.has(k));
          x = new Set([...x, ...add].filter((k) => !remove.includes(k)));
          const listed = (k: string) => x.has(k) || otherKeys.has(k);
          const plan = compileOverlay(touched, index, listed, W);
          expect(plan.kind).toBe('overlay');
          if (plan.kind !== 'overlay') return;
          const full = compileBlockRules(keysOf([...x, ...otherKeys].map((k) => k.slice(0, -1))), W, { domainsPerRule: 3 });
          for (const h of PROBES) {
            const url = `https://${h}/page`;
            expect(dnrRedirects([...base.rules, ...plan.rules], url), `${h} after ${JSON.stringify({ add, remove })}`).toBe(
              dnrRedirects(full.rules, url),
            );
          }
          // Every overlay id is one the overlay may use (so clearing OVERLAY_RULE_IDS removes all of it).
          for (const r of plan.rules) expect(OVERLAY_RULE_IDS).toContain(r.id);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a removed domain with a still-listed subdomain: the subdomain stays blocked, the rest of the domain is free', () => {
    const baseKeys = ['pay.shop.test/', 'shop.test/'];
    const base = compileBlockRules(baseKeys, W);
    const touched: Touched = new Map();
    recordChange(touched, { add: [], remove: ['shop.test/'] }, () => false);
    const plan = compileOverlay(touched, baseIndexOf(baseKeys, []), (k) => k === 'pay.shop.test/', W);
    if (plan.kind !== 'overlay') throw new Error(plan.reason);
    expect(plan).toMatchObject({ blocked: 1, allowed: 1 });
    const rules = [...base.rules, ...plan.rules];
    expect(dnrRedirects(rules, 'https://shop.test/')).toBe(false);
    expect(dnrRedirects(rules, 'https://www.shop.test/')).toBe(false);
    expect(dnrRedirects(rules, 'https://pay.shop.test/')).toBe(true);
    expect(dnrRedirects(rules, 'https://x.pay.shop.test/')).toBe(true);
  });

  it('a removed subdomain under a still-listed domain needs no rule (the parent keeps blocking it)', () => {
    const touched: Touched = new Map();
    recordChange(touched, { add: [], remove: ['pay.shop.test/'] }, () => false);
    const plan = compileOverlay(touched, baseIndexOf(['pay.shop.test/', 'shop.test/'], []), (k) => k === 'shop.test/', W);
    expect(plan).toMatchObject({ kind: 'overlay', rules: [], blocked: 0, allowed: 0 });
  });

  it('a key added and removed again since the base leaves no rule (the base never blocked it)', () => {
    const touched: Touched = new Map();
    recordChange(touched, { add: ['new.test/'], remove: [] }, () => false);
    recordChange(touched, { add: [], remove: ['new.test/'] }, () => false);
    expect(compileOverlay(touched, baseIndexOf([], []), () => false, W)).toMatchObject({ kind: 'overlay', rules: [] });
  });

  it('a key removed from one list but still in another stays blocked', () => {
    const touched: Touched = new Map();
    recordChange(touched, { add: [], remove: ['both.test/'] }, () => true);
    const plan = compileOverlay(touched, baseIndexOf(['both.test/'], []), () => true, W);
    if (plan.kind !== 'overlay') throw new Error(plan.reason);
    expect(plan.allowed).toBe(0);
    expect(dnrRedirects([...compileBlockRules(['both.test/'], W).rules, ...plan.rules], 'https://both.test/')).toBe(true);
  });

  it('folds into a full install when a host+path rule would be affected or the overlay is too big', () => {
    const baseKeys = ['shop.test/', 'sites.shop.test/view/bad/'];
    const index = baseIndexOf(baseKeys, ['sites.shop.test/view/bad/']);
    const removedDomain: Touched = new Map([['shop.test/', true]]);
    expect(compileOverlay(removedDomain, index, (k) => k === 'sites.shop.test/view/bad/', W)).toMatchObject({ kind: 'fold' });
    const removedPath: Touched = new Map([['sites.shop.test/view/bad/', true]]);
    expect(compileOverlay(removedPath, index, (k) => k === 'shop.test/', W)).toMatchObject({ kind: 'fold' });
    // An added host+path key is left to the navigation guard: no rule, no fold.
    const addedPath: Touched = new Map([['other.test/x.html', false]]);
    expect(compileOverlay(addedPath, index, () => true, W)).toMatchObject({ kind: 'overlay', rules: [] });
    const big: Touched = new Map(Array.from({ length: OVERLAY_MAX_KEYS + 1 }, (_, i) => [`d${i}.test/`, false]));
    expect(compileOverlay(big, index, () => true, W)).toMatchObject({ kind: 'fold' });
  });

  it('IP literals and indicator keys never become overlay rules', () => {
    const touched: Touched = new Map([['10.0.0.1/', false], ['wallet:0xabc', false]]);
    expect(compileOverlay(touched, baseIndexOf([], []), () => true, W)).toMatchObject({ kind: 'overlay', rules: [] });
  });
});

describe('baseIndexOf', () => {
  it('lists exactly the base domains that have a listed parent', () => {
    const index = baseIndexOf(['a.b.shop.test/', 'b.shop.test/', 'bank.test/', 'shop.test/', 'x.bank2.test/', '10.0.0.1/', 'shop.test/p/'], ['shop.test/p/']);
    expect(index.nested).toEqual(['a.b.shop.test/', 'b.shop.test/']);
    expect(index.pathKeys).toEqual(['shop.test/p/']);
  });
});

describe('diffRules: only the rule chunks whose domains changed are replaced', () => {
  const overlayFor = (hosts: string[]) => {
    const touched: Touched = new Map(hosts.map((h) => [`${h}/`, false]));
    const plan = compileOverlay(touched, baseIndexOf([], []), () => true, W);
    if (plan.kind !== 'overlay') throw new Error(plan.reason);
    return plan.rules;
  };

  it('the same overlay twice: nothing to do', () => {
    const rules = overlayFor(Array.from({ length: 200 }, (_, i) => `s${i}.test`));
    expect(diffRules(rules, overlayFor(Array.from({ length: 200 }, (_, i) => `s${i}.test`)))).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it('one more domain: exactly one bucket rule is replaced', () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `s${i}.test`);
    const before = overlayFor(hosts);
    expect(before.length).toBe(OVERLAY_BUCKETS); // 200 domains fill every bucket
    const d = diffRules(before, overlayFor([...hosts, 'new-one.test']));
    expect(d.addRules).toHaveLength(1);
    expect(d.removeRuleIds).toEqual([d.addRules[0]!.id]);
    expect(d.addRules[0]!.condition.requestDomains).toContain('new-one.test');
  });

  it('property: applying the diff to the installed rules gives exactly the wanted rules', () => {
    const hostSet = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 60 }).map((xs) => xs.map((x) => `${x}.test`));
    fc.assert(
      fc.property(hostSet, hostSet, (a, b) => {
        const installed = overlayFor(a);
        const wanted = overlayFor(b);
        const { removeRuleIds, addRules } = diffRules(installed, wanted);
        const after = [...installed.filter((r) => !removeRuleIds.includes(r.id)), ...addRules].sort((x, y) => x.id - y.id);
        expect(after).toEqual([...wanted].sort((x, y) => x.id - y.id));
        // Never touches a rule that did not change.
        for (const id of removeRuleIds) {
          const w = wanted.find((r) => r.id === id);
          const i = installed.find((r) => r.id === id);
          expect(JSON.stringify(w)).not.toBe(JSON.stringify(i));
        }
      }),
    );
  });

  it('a rule echoed back by the browser with another key order compares equal', () => {
    const [r] = overlayFor(['x.test']);
    const echoed = JSON.parse(JSON.stringify({ condition: r!.condition, action: r!.action, priority: r!.priority, id: r!.id })) as DnrRule;
    expect(diffRules([echoed], [r!])).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it('block and allow buckets use their own id ranges', () => {
    expect(OVERLAY_RULE_IDS).toHaveLength(OVERLAY_BUCKETS * 2);
    expect(OVERLAY_RULE_IDS[0]).toBe(OVERLAY_BLOCK_BASE);
    expect(OVERLAY_RULE_IDS[OVERLAY_BUCKETS]).toBe(OVERLAY_ALLOW_BASE);
  });
});

describe('persisted overlay state', () => {
  it('round-trips and rejects malformed values', () => {
    const t: Touched = new Map([['a.test/', true], ['b.test/', false]]);
    expect(loadTouched(JSON.parse(JSON.stringify(storeTouched(t))))).toEqual(t);
    expect(loadTouched({ keys: ['a.test/'], inBase: '10' })).toBeNull();
    expect(loadTouched(null)).toBeNull();
    expect(loadBaseIndex({ nested: ['a.b.test/'], pathKeys: [] })).toEqual({ nested: ['a.b.test/'], pathKeys: [] });
    expect(loadBaseIndex({ nested: [1], pathKeys: [] })).toBeNull();
  });
});
