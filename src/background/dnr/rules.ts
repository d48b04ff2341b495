/**
 * Compiles list entries and the user's allowlist into declarativeNetRequest rules (pure; no browser calls).
 *
 * Why DNR: a redirect rule acts inside the network stack, so a listed site gets no request at all and its
 * scripts never run — even while the service worker sleeps. The service-worker navigation check is the
 * fallback for what rules cannot carry (IP literals, odd paths, entries past the caps).
 *
 * Rule layout (ids are stable ranges so an update replaces exactly one family):
 *   ALLOW_RULE_ID (session set)      one `allow` rule, priority 3: requestDomains = every permanently trusted host
 *                                    (session, not dynamic: see replaceAllowRule in dnr.ts; rewritten at each start)
 *   DOMAIN_RULE_BASE + i             redirect, priority 1: requestDomains = chunk i of whole-domain entries
 *   PATH_RULE_BASE + j               redirect, priority 1: requestDomains = [host] + regex for one host+path entry
 *   session rules (per tab)          allow, priority 3: tabIds = [tab], requestDomains = [host]; ids > ALLOW_RULE_ID
 *   overlay (session set)            a delta's changes since the last full install, priorities 1–2 (dnr/overlay.ts)
 * Worked example: entries ['scam.test/', 'sites.google.test/view/bad/'] and warning page W become
 *   {id: 1000, condition: {requestDomains: ['scam.test'], regexFilter: '^(https?://.*)$', resourceTypes: ['main_frame', 'sub_frame']},
 *    action: {type: 'redirect', redirect: {regexSubstitution: 'W?url=\1'}}}
 *   {id: 500000, condition: {requestDomains: ['sites.google.test'], regexFilter: '^(https?://[^/]+/view/bad/.*)$', …}, …}
 * The captured URL is not encoded by the browser: the warning page reads everything after `url=` verbatim.
 */

/** Bump when compileBlockRules' output for the same keys changes: installed rules are then recompiled once. */
export const RULE_COMPILER_VERSION = 1;
export const ALLOW_RULE_ID = 1;
export const DOMAIN_RULE_BASE = 1000;
export const PATH_RULE_BASE = 500_000;
export const SESSION_RULE_BASE = 1;
export const BLOCK_PRIORITY = 1;
/** Above the overlay's redirects (priority 2, dnr/overlay.ts): a site the user trusts is never redirected. */
export const ALLOW_PRIORITY = 3;

/** Chromium/Firefox cap regex rules at 1000 (dynamic + session); keep headroom for session allows. */
export const MAX_REGEX_RULES = 900;
/** Domains per redirect rule; measured in tests/bench/suites/dnr.ts (see BENCHMARKS.md). */
export const DOMAINS_PER_RULE = 20_000;
export const MAX_PATH_RULES = 300;

/** Listed sites are stopped as pages and as frames (a scam page embedded in an ad iframe). */
export type ResourceType = 'main_frame' | 'sub_frame';
const FRAMES: ResourceType[] = ['main_frame', 'sub_frame'];

export interface DnrRule {
  id: number;
  priority: number;
  action:
    | { type: 'allow' }
    | { type: 'redirect'; redirect: { regexSubstitution: string } };
  condition: {
    requestDomains?: string[];
    regexFilter?: string;
    resourceTypes: ResourceType[];
    tabIds?: number[];
  };
}

export interface CompiledRules {
  rules: DnrRule[];
  /** Entry keys that the rules fully cover (the SW fallback may skip them); empty with `coveredSet: false`. */
  covered: Set<string>;
  /** How many keys the rules cover (= covered.size when the set is built). */
  coveredCount: number;
  /** Entries left to the service-worker fallback. */
  uncovered: number;
  /** What `covered` is, in a few bytes (persisted, so a restarted worker knows it without recompiling). */
  coverage: CoverageSummary;
  /** The host+path keys that got a rule. */
  pathKeys: string[];
}

/**
 * Which compiled keys the rules cover: whole-domain keys (not IP literals) up to the domain-rule budget.
 * Domains are compiled in sorted order, so "within the budget" is "host ≤ domainsUpTo" (null: no domain was cut).
 * Host+path keys are never counted as covered (the service worker checks them as well).
 */
export interface CoverageSummary {
  readonly domainsUpTo: string | null;
}

/** Anything with `has(key)`: a Set of keys, or a predicate built by ruleCoverage. */
export interface RuleCoverage {
  has(key: string): boolean;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOST_OK = /^[a-z0-9.-]+$/;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Split a canonical key 'host/path' into host and path; null for indicator keys (wallet:, phone:…). */
export function splitKey(key: string): { host: string; path: string } | null {
  const slash = key.indexOf('/');
  if (slash <= 0) return null;
  const host = key.slice(0, slash);
  if (!HOST_OK.test(host) || !host.includes('.')) return null;
  return { host, path: key.slice(slash) };
}

export function compileBlockRules(
  keys: Iterable<string>,
  warningPageUrl: string,
  opts: { domainsPerRule?: number; maxRegexRules?: number; maxPathRules?: number; coveredSet?: boolean } = {},
): CompiledRules {
  const domainsPerRule = opts.domainsPerRule ?? DOMAINS_PER_RULE;
  const maxRegexRules = opts.maxRegexRules ?? MAX_REGEX_RULES;
  const maxPathRules = Math.min(opts.maxPathRules ?? MAX_PATH_RULES, maxRegexRules);
  const substitution = `${warningPageUrl}?url=\\1`;
  const domains: string[] = [];
  const paths: { key: string; host: string; path: string }[] = [];
  let uncovered = 0;
  for (const key of keys) {
    const parts = splitKey(key);
    if (!parts || IPV4.test(parts.host)) {
      if (parts) uncovered++;
      continue;
    }
    if (parts.path === '/') domains.push(parts.host);
    else paths.push({ key, ...parts });
  }
  domains.sort();
  const rules: DnrRule[] = [];
  const covered = new Set<string>();
  const domainRuleBudget = maxRegexRules - Math.min(paths.length, maxPathRules);
  let domainsUpTo: string | null = null;
  let coveredCount = 0;
  for (let i = 0; i * domainsPerRule < domains.length; i++) {
    const chunk = domains.slice(i * domainsPerRule, (i + 1) * domainsPerRule);
    if (i >= domainRuleBudget) {
      domainsUpTo ??= i === 0 ? '' : domains[i * domainsPerRule - 1]!;
      uncovered += chunk.length;
      continue;
    }
    rules.push({
      id: DOMAIN_RULE_BASE + i,
      priority: BLOCK_PRIORITY,
      action: { type: 'redirect', redirect: { regexSubstitution: substitution } },
      condition: { requestDomains: chunk, regexFilter: '^(https?://.*)$', resourceTypes: FRAMES },
    });
    coveredCount += chunk.length;
    // (the set is skipped by callers that keep the summary instead: a 1M-key list would hold 1M more strings)
    if (opts.coveredSet !== false) for (const d of chunk) covered.add(d + '/');
  }
  const pathKeys: string[] = [];
  paths.forEach((p, j) => {
    if (j >= maxPathRules) {
      uncovered++;
      return;
    }
    pathKeys.push(p.key);
    // A path ending in '/' is a prefix; otherwise it is the exact path, optionally followed by a query.
    const tail = p.path.endsWith('/') ? '.*' : '(?:\\?.*)?';
    rules.push({
      id: PATH_RULE_BASE + j,
      priority: BLOCK_PRIORITY,
      action: { type: 'redirect', redirect: { regexSubstitution: substitution } },
      condition: {
        requestDomains: [p.host],
        regexFilter: `^(https?://[^/]+${escapeRegex(p.path)}${tail})$`,
        resourceTypes: FRAMES,
      },
    });
  });
  return { rules, covered, coveredCount, uncovered, coverage: { domainsUpTo }, pathKeys };
}

/**
 * The covered-keys test without holding every key: `isCompiled(key)` says whether the key was among those
 * compiled (e.g. it is in a live list that carries key strings); the summary says whether the rules reached it.
 * Agrees with `compileBlockRules(keys).covered.has(key)` for every key (tested).
 */
export function ruleCoverage(summary: CoverageSummary, isCompiled: (key: string) => boolean): RuleCoverage {
  return {
    has(key: string): boolean {
      const parts = splitKey(key);
      if (!parts || parts.path !== '/' || IPV4.test(parts.host)) return false;
      if (summary.domainsUpTo !== null && !(parts.host <= summary.domainsUpTo)) return false;
      return isCompiled(key);
    },
  };
}

export function compileAllowRule(trustedHosts: readonly string[]): DnrRule | null {
  if (trustedHosts.length === 0) return null;
  return {
    id: ALLOW_RULE_ID,
    priority: ALLOW_PRIORITY,
    action: { type: 'allow' },
    condition: { requestDomains: [...trustedHosts], resourceTypes: FRAMES },
  };
}

export function compileTabAllowRule(id: number, tabId: number, host: string): DnrRule {
  return {
    id,
    priority: ALLOW_PRIORITY,
    action: { type: 'allow' },
    condition: { requestDomains: [host], tabIds: [tabId], resourceTypes: FRAMES },
  };
}
