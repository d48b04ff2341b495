import { describe, expect, it } from 'vitest';
import { coveredBefore, type RulesInPlace } from '../../../src/background/dnr/rules-in-place';

const rec: RulesInPlace = { since: 1000, lists: 'main@3#abc', domainsUpTo: null, coverageKnown: true, complete: true };

describe('coveredBefore: did rules already in place stop this navigation?', () => {
  it('a whole-domain entry, rules confirmed before the navigation started, same lists → covered', () => {
    expect(coveredBefore(rec, 'main@3#abc', 'scam.test/', 1001)).toBe(true);
  });

  it('never for a navigation that started before (or when) the rules were confirmed', () => {
    expect(coveredBefore(rec, 'main@3#abc', 'scam.test/', 1000)).toBe(false);
    expect(coveredBefore(rec, 'main@3#abc', 'scam.test/', 999)).toBe(false);
  });

  it('never without a record, for other lists, with unknown coverage or keys left out of the rules', () => {
    expect(coveredBefore(null, 'main@3#abc', 'scam.test/', 2000)).toBe(false);
    expect(coveredBefore(rec, 'main@4#def', 'scam.test/', 2000)).toBe(false);
    expect(coveredBefore({ ...rec, coverageKnown: false }, 'main@3#abc', 'scam.test/', 2000)).toBe(false);
    expect(coveredBefore({ ...rec, complete: false }, 'main@3#abc', 'scam.test/', 2000)).toBe(false);
  });

  it('never for what rules do not carry: host+path entries, IP literals, domains past the rule budget', () => {
    expect(coveredBefore(rec, 'main@3#abc', 'sites.google.test/view/bad/', 2000)).toBe(false);
    expect(coveredBefore(rec, 'main@3#abc', '1.2.3.4/', 2000)).toBe(false);
    const capped = { ...rec, domainsUpTo: 'm.test' };
    expect(coveredBefore(capped, 'main@3#abc', 'a.test/', 2000)).toBe(true);
    expect(coveredBefore(capped, 'main@3#abc', 'z.test/', 2000)).toBe(false);
  });
});
