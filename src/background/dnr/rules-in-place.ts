/**
 * "Since when have the redirect rules for these lists been in the browser?" — kept in storage.session, so a worker
 * that has just started (or is still settling its rules) knows what the rules already stop.
 *
 * Why: the navigation check (navigation-guard.ts) only skips an entry the rules cover once this worker has settled
 * its rules; before that it sent every listed navigation to the warning page itself. Right after install and at
 * every wake the redirect rule had already done so, and the warning page loaded twice. With this record the check
 * skips a navigation that started after rules covering its entry were confirmed in place (the install or a worker's
 * check wrote the record), for the same lists (marker) — so no navigation is left to a rule that was not there.
 * The record is removed before a full reinstall; a list change gives a new marker, which no old record matches.
 * storage.session ends with the browser session and with an extension reload or update (when rules may be lost).
 */
import { browser } from 'wxt/browser';
import { DOMAIN_RULE_BASE, ruleCoverage } from './rules';

export const RULES_IN_PLACE_KEY = 'dnrInPlace';

export interface RulesInPlace {
  /** Epoch ms: the rules were in the browser at this moment (and stay until the record is removed or replaced). */
  readonly since: number;
  /** rulesMarker of the lists the rules were compiled from. */
  readonly lists: string;
  /** The coverage summary of the installed rules; null when unknown (nothing is then taken as covered). */
  readonly domainsUpTo: string | null;
  readonly coverageKnown: boolean;
  /** Every entry of every list was compiled (lists without key strings are fully named by the bundled keys). */
  readonly complete: boolean;
}

function parse(value: unknown): RulesInPlace | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v['since'] !== 'number' || typeof v['lists'] !== 'string' || typeof v['complete'] !== 'boolean') return null;
  if (typeof v['coverageKnown'] !== 'boolean' || !(v['domainsUpTo'] === null || typeof v['domainsUpTo'] === 'string')) return null;
  return v as unknown as RulesInPlace;
}

/** Pure: would the rules this record describes have stopped `key` for a navigation started at `startedAt`? */
export function coveredBefore(rec: RulesInPlace | null, liveLists: string, key: string, startedAt: number): boolean {
  if (!rec || rec.lists !== liveLists || !rec.coverageKnown || !rec.complete) return false;
  if (!(rec.since < startedAt)) return false;
  return ruleCoverage({ domainsUpTo: rec.domainsUpTo }, () => true).has(key);
}

/**
 * The base domain rules are in the browser right now: the first one, read by id (never the whole, possibly
 * 1M-domain, set). A second check beside the record, for a browser that dropped the rules but kept the session.
 */
export async function domainRulesInstalled(): Promise<boolean> {
  const dnr = browser.declarativeNetRequest;
  let rules: { id: number }[];
  try {
    rules = await dnr.getDynamicRules({ ruleIds: [DOMAIN_RULE_BASE] });
  } catch {
    rules = await dnr.getDynamicRules(); // an engine without the filter argument
  }
  return rules.some((r) => r.id === DOMAIN_RULE_BASE);
}

export async function readRulesInPlace(): Promise<RulesInPlace | null> {
  const got = (await browser.storage.session.get(RULES_IN_PLACE_KEY)) as Record<string, unknown>;
  return parse(got[RULES_IN_PLACE_KEY]);
}

/** The rules for `lists` are in the browser now; an earlier record for the same rules keeps its (earlier) time. */
export async function markRulesInPlace(rec: Omit<RulesInPlace, 'since'>, now = Date.now()): Promise<void> {
  // Never fails the install: without the record a settling worker just checks every listed navigation itself.
  await writeRecord(rec, now).catch(() => undefined);
}

async function writeRecord(rec: Omit<RulesInPlace, 'since'>, now: number): Promise<void> {
  const prev = await readRulesInPlace();
  const same =
    prev !== null && prev.lists === rec.lists && prev.domainsUpTo === rec.domainsUpTo && prev.coverageKnown === rec.coverageKnown && prev.complete === rec.complete;
  await browser.storage.session.set({ [RULES_IN_PLACE_KEY]: { ...rec, since: same ? prev.since : now } });
}

/** Before a full reinstall (may throw: the install then stops rather than leave a record that claims too much). */
export async function forgetRulesInPlace(): Promise<void> {
  await browser.storage.session.remove(RULES_IN_PLACE_KEY);
}
