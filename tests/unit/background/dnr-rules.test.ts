import { describe, expect, it } from 'vitest';
import {
  ALLOW_PRIORITY,
  BLOCK_PRIORITY,
  DOMAIN_RULE_BASE,
  PATH_RULE_BASE,
  compileAllowRule,
  compileBlockRules,
  compileTabAllowRule,
  splitKey,
} from '../../../src/background/dnr/rules';

const W = 'chrome-extension://id/warning.html';

describe('compileBlockRules', () => {
  it('chunks whole-domain entries into redirect rules and covers them', () => {
    const keys = ['c.test/', 'a.test/', 'b.test/', 'd.test/', 'e.test/'];
    const { rules, covered, uncovered } = compileBlockRules(keys, W, { domainsPerRule: 2 });
    expect(rules.map((r) => r.id)).toEqual([DOMAIN_RULE_BASE, DOMAIN_RULE_BASE + 1, DOMAIN_RULE_BASE + 2]);
    expect(rules[0]?.condition.requestDomains).toEqual(['a.test', 'b.test']);
    expect(rules[0]?.action).toEqual({ type: 'redirect', redirect: { regexSubstitution: `${W}?url=\\1` } });
    expect(rules[0]?.priority).toBe(BLOCK_PRIORITY);
    expect(covered).toEqual(new Set(keys));
    expect(uncovered).toBe(0);
  });

  it('compiles a host+path entry to an anchored regex on that host', () => {
    const { rules, covered } = compileBlockRules(['sites.google.test/view/bad-shop/', 'x.test/a.html'], W);
    const prefix = rules.find((r) => r.id === PATH_RULE_BASE);
    expect(prefix?.condition.requestDomains).toEqual(['sites.google.test']);
    const re = new RegExp(prefix?.condition.regexFilter ?? '');
    expect(re.test('https://sites.google.test/view/bad-shop/')).toBe(true);
    expect(re.test('https://sites.google.test/view/bad-shop/cart?x=1')).toBe(true);
    expect(re.test('https://sites.google.test/view/bad-shopper/')).toBe(false);
    expect(re.test('https://sites.google.test/view/good/')).toBe(false);
    const exact = new RegExp(rules.find((r) => r.id === PATH_RULE_BASE + 1)?.condition.regexFilter ?? '');
    expect(exact.test('http://x.test/a.html')).toBe(true);
    expect(exact.test('http://x.test/a.html?q=1')).toBe(true);
    expect(exact.test('http://x.test/a.htmlx')).toBe(false);
    // Path rules are belt and braces: the service worker still checks them.
    expect(covered.size).toBe(0);
  });

  it('leaves IP literals, indicator keys and entries past the caps to the service worker', () => {
    const { rules, uncovered } = compileBlockRules(
      ['1.2.3.4/', 'wallet:trx:TXYZ', 'a.test/', 'b.test/', 'c.test/', 'p.test/x/', 'q.test/y/'],
      W,
      { domainsPerRule: 1, maxRegexRules: 3, maxPathRules: 1 },
    );
    expect(rules).toHaveLength(3);
    expect(uncovered).toBe(1 /* ip */ + 1 /* c.test past domain budget */ + 1 /* q.test past path cap */);
  });

  it('escapes regex metacharacters in paths', () => {
    const { rules } = compileBlockRules(['a.test/x+y(1)/'], W);
    const re = new RegExp(rules[0]?.condition.regexFilter ?? '');
    expect(re.test('http://a.test/x+y(1)/z')).toBe(true);
    expect(re.test('http://a.test/xxy1/z')).toBe(false);
  });
});

describe('allow rules', () => {
  it('one allow rule for every trusted host, none when empty', () => {
    expect(compileAllowRule([])).toBeNull();
    const rule = compileAllowRule(['a.test', 'b.test']);
    expect(rule?.priority).toBe(ALLOW_PRIORITY);
    expect(rule?.priority).toBeGreaterThan(BLOCK_PRIORITY);
    expect(rule?.condition.requestDomains).toEqual(['a.test', 'b.test']);
  });
  it('tab allows are scoped to the tab', () => {
    expect(compileTabAllowRule(5, 42, 'a.test').condition).toEqual({
      requestDomains: ['a.test'],
      tabIds: [42],
      resourceTypes: ['main_frame', 'sub_frame'],
    });
  });
});

describe('splitKey', () => {
  it.each([
    ['a.test/', { host: 'a.test', path: '/' }],
    ['a.test/x/', { host: 'a.test', path: '/x/' }],
    ['wallet:trx:T1', null],
    ['localhost/', null],
    ['/x', null],
  ])('%s', (key, expected) => expect(splitKey(key)).toEqual(expected));
});
