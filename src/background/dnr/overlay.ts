/**
 * Incremental redirect-rule updates (pure; no browser calls): a delta's changes go into a small SESSION-rule
 * overlay on top of the dynamic rules compiled at the last full install (the "base").
 *
 * Why an overlay and not "replace only the changed dynamic chunks": Chromium re-indexes the whole dynamic rule set
 * on every updateDynamicRules call, so with 1M domains installed even replacing ONE 20k-domain chunk (or a no-op
 * update) costs 1.5–4.7 s (measured: `dnr_chunk_replace_1m_ms`, `sw_cold_start_dnr_noop_update_ms` in the
 * sw-cold-start bench). Session rules are indexed on their own: a 10k-domain session rule is added and removed in
 * ~20 ms. So stable hash-bucket chunking of the dynamic set would touch few chunks but still pay the full re-index.
 *
 * Layers (DNR: the highest priority wins; at equal priority `allow` beats `redirect`):
 *   priority 1  base redirect rules (dynamic, dnr/rules.ts), one per 20k sorted domains
 *   priority 1  overlay ALLOW (session): domains the base blocks that are no longer listed (ties with the base: wins)
 *   priority 2  overlay REDIRECT (session): domains listed since the base, and still-listed base domains under a
 *               domain the overlay allows (requestDomains matches subdomains: allowing `shop.test` would otherwise
 *               also unblock a still-listed `pay.shop.test`)
 *   priority 3  the user's allows (trusted sites, "continue anyway" per tab)
 * An allow is never emitted for a removed domain that still has a listed ancestor (the ancestor's rule keeps its whole
 * subtree blocked, as a full install would), nor for a domain the base never blocked. A removed domain that has a
 * host+path base rule below it, a removed host+path base key, or an overlay past OVERLAY_MAX_KEYS makes the caller
 * fold everything into a full reinstall instead (`fold`).
 *
 * Overlay rules are bucketed by a hash of the domain (ids OVERLAY_*_BASE + bucket), so a small delta changes only
 * the few rules whose buckets it touches; diffRules turns "installed vs wanted" into the minimal session update.
 */
import { BLOCK_PRIORITY, splitKey, type DnrRule, type ResourceType } from './rules';

export const OVERLAY_ALLOW_PRIORITY = BLOCK_PRIORITY;
export const OVERLAY_BLOCK_PRIORITY = BLOCK_PRIORITY + 1;
/** Session-rule ids of the overlay (the trusted-sites allow is 1, per-tab allows count up from 2). */
export const OVERLAY_BLOCK_BASE = 2_000_000;
export const OVERLAY_ALLOW_BASE = 2_100_000;
export const OVERLAY_BUCKETS = 16;
/** Past this many changed keys since the base, the overlay is folded into a full reinstall. */
export const OVERLAY_MAX_KEYS = 60_000;
/** Every id the overlay may use (for reading or clearing it). */
export const OVERLAY_RULE_IDS: readonly number[] = Array.from({ length: OVERLAY_BUCKETS * 2 }, (_, i) =>
  i < OVERLAY_BUCKETS ? OVERLAY_BLOCK_BASE + i : OVERLAY_ALLOW_BASE + i - OVERLAY_BUCKETS,
);

const FRAMES: ResourceType[] = ['main_frame', 'sub_frame'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** What the overlay needs to know about the base install (computed once per full install, persisted). */
export interface BaseIndex {
  /** Base domain keys ('host/') that have a strict ancestor domain also in the base, sorted. */
  readonly nested: readonly string[];
  /** Host+path keys the base compiled into rules. */
  readonly pathKeys: readonly string[];
}

/** Keys changed since the base: key → whether the base rules blocked it (its state when it was first changed). */
export type Touched = Map<string, boolean>;

export interface KeyChange {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** Strict parent domains of a host, nearest first: 'a.b.c' → ['b.c', 'c']. */
export function ancestorsOf(host: string): string[] {
  const out: string[] = [];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) out.push(host.slice(i + 1));
  return out;
}

/** A whole-domain key's host that rules can carry ('x.test/' → 'x.test'); null for paths, IPs, indicators. */
export function domainOf(key: string): string | null {
  const parts = splitKey(key);
  if (!parts || parts.path !== '/' || IPV4.test(parts.host)) return null;
  return parts.host;
}

/** The base index of the keys a full install compiled (`pathKeys`: the host+path keys that got a rule). */
export function baseIndexOf(keys: readonly string[], pathKeys: readonly string[]): BaseIndex {
  // 'a.b.test/' has a listed parent when 'b.test/' or 'test/' is a key: no per-key parsing, the key strings themselves
  // are the set (only the few nested ones are checked to be rule-able domains).
  const all = new Set(keys);
  const nested: string[] = [];
  for (const k of keys) {
    if (k.indexOf('/') !== k.length - 1) continue;
    for (let i = k.indexOf('.'); i >= 0 && i < k.length - 1; i = k.indexOf('.', i + 1)) {
      if (all.has(k.slice(i + 1)) && domainOf(k.slice(i + 1)) !== null) {
        if (domainOf(k) !== null) nested.push(k);
        break;
      }
    }
  }
  nested.sort();
  return { nested, pathKeys: [...pathKeys] };
}

/**
 * Records one list's change into `touched`. A key removed from that list was in the rules' key set since the base
 * (it was untouched); a key added to it was there before only if another live list already carried it
 * (`listedElsewhere`). A key touched earlier keeps the base state recorded then.
 */
export function recordChange(touched: Touched, change: KeyChange, listedElsewhere: (key: string) => boolean): void {
  for (const k of change.remove) if (!touched.has(k)) touched.set(k, true);
  for (const k of change.add) if (!touched.has(k)) touched.set(k, listedElsewhere(k));
}

export type OverlayPlan =
  | { readonly kind: 'overlay'; readonly rules: DnrRule[]; readonly blocked: number; readonly allowed: number }
  | { readonly kind: 'fold'; readonly reason: string };

function bucketOf(host: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 0x01000193);
  return (h >>> 0) % OVERLAY_BUCKETS;
}

function bucketRules(hosts: readonly string[], base: number, make: (id: number, domains: string[]) => DnrRule): DnrRule[] {
  const buckets: string[][] = Array.from({ length: OVERLAY_BUCKETS }, () => []);
  for (const h of hosts) buckets[bucketOf(h)]!.push(h);
  const rules: DnrRule[] = [];
  buckets.forEach((domains, b) => {
    if (domains.length) rules.push(make(base + b, domains.sort()));
  });
  return rules;
}

/**
 * The overlay rules for the current key set. `listed(key)`: the key is in the key set the rules should block now.
 * Deterministic for the same inputs (sorted domains per bucket), so unchanged buckets compare equal in diffRules.
 */
export function compileOverlay(touched: Touched, base: BaseIndex, listed: (key: string) => boolean, warningPageUrl: string): OverlayPlan {
  if (touched.size > OVERLAY_MAX_KEYS) return { kind: 'fold', reason: `${touched.size} keys changed since the last full install` };
  const pathKeys = new Set(base.pathKeys);
  const block: string[] = [];
  const allow = new Set<string>();
  for (const [key, inBase] of touched) {
    const host = domainOf(key);
    if (host === null) {
      // A host+path key the base made a rule for cannot be unblocked by a domain allow without side effects.
      if (inBase && pathKeys.has(key) && !listed(key)) return { kind: 'fold', reason: `host+path entry ${key} removed` };
      continue; // added host+path keys, IP literals, indicators: the navigation guard checks them (never "covered")
    }
    if (listed(key)) block.push(host);
    else if (inBase && !ancestorsOf(host).some((a) => listed(`${a}/`))) allow.add(host);
  }
  if (allow.size > 0) {
    const underAllow = (host: string): boolean => allow.has(host) || ancestorsOf(host).some((a) => allow.has(a));
    for (const key of base.pathKeys) {
      const parts = splitKey(key);
      if (parts && underAllow(parts.host)) return { kind: 'fold', reason: `host+path rule ${key} under a removed domain` };
    }
    for (const key of base.nested) {
      const host = key.slice(0, -1);
      if (touched.has(key) || !listed(key)) continue; // touched keys were handled above
      if (ancestorsOf(host).some((a) => allow.has(a))) block.push(host);
    }
  }
  const substitution = `${warningPageUrl}?url=\\1`;
  const rules = [
    ...bucketRules(block, OVERLAY_BLOCK_BASE, (id, domains) => ({
      id,
      priority: OVERLAY_BLOCK_PRIORITY,
      action: { type: 'redirect', redirect: { regexSubstitution: substitution } },
      condition: { requestDomains: domains, regexFilter: '^(https?://.*)$', resourceTypes: FRAMES },
    })),
    ...bucketRules([...allow], OVERLAY_ALLOW_BASE, (id, domains) => ({
      id,
      priority: OVERLAY_ALLOW_PRIORITY,
      action: { type: 'allow' },
      condition: { requestDomains: domains, resourceTypes: FRAMES },
    })),
  ];
  return { kind: 'overlay', rules, blocked: block.length, allowed: allow.size };
}

function sameRule(a: DnrRule, b: DnrRule): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Key order and absent-vs-undefined do not matter; what the browser echoes back compares equal to what we wrote. */
function normalise(r: DnrRule): unknown {
  const c = r.condition;
  return {
    id: r.id,
    priority: r.priority,
    action: r.action.type === 'redirect' ? { type: 'redirect', sub: r.action.redirect.regexSubstitution } : { type: r.action.type },
    domains: c.requestDomains ?? null,
    regex: c.regexFilter ?? null,
    types: [...c.resourceTypes].sort(),
    tabs: c.tabIds ?? null,
  };
}

/** The smallest update turning `installed` into `wanted` (rules with the same id and content are left alone). */
export function diffRules(installed: readonly DnrRule[], wanted: readonly DnrRule[]): { removeRuleIds: number[]; addRules: DnrRule[] } {
  const have = new Map(installed.map((r) => [r.id, r]));
  const want = new Map(wanted.map((r) => [r.id, r]));
  const removeRuleIds: number[] = [];
  const addRules: DnrRule[] = [];
  for (const [id, r] of have) {
    const w = want.get(id);
    if (!w || !sameRule(r, w)) removeRuleIds.push(id);
  }
  for (const [id, w] of want) {
    const r = have.get(id);
    if (!r || !sameRule(r, w)) addRules.push(w);
  }
  return { removeRuleIds: removeRuleIds.sort((a, b) => a - b), addRules: addRules.sort((a, b) => a.id - b.id) };
}

/** Persisted form of `touched` (storage.local). */
export interface StoredOverlay {
  readonly keys: string[];
  /** '1' = the base blocked the key, '0' = it did not; one character per key. */
  readonly inBase: string;
}

export function storeTouched(t: Touched): StoredOverlay {
  const keys: string[] = [];
  let inBase = '';
  for (const [k, b] of t) {
    keys.push(k);
    inBase += b ? '1' : '0';
  }
  return { keys, inBase };
}

export function loadTouched(v: unknown): Touched | null {
  if (typeof v !== 'object' || v === null) return null;
  const { keys, inBase } = v as { keys?: unknown; inBase?: unknown };
  if (!Array.isArray(keys) || typeof inBase !== 'string' || inBase.length !== keys.length) return null;
  const t: Touched = new Map();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as unknown;
    if (typeof k !== 'string') return null;
    t.set(k, inBase[i] === '1');
  }
  return t;
}

export function loadBaseIndex(v: unknown): BaseIndex | null {
  if (typeof v !== 'object' || v === null) return null;
  const { nested, pathKeys } = v as { nested?: unknown; pathKeys?: unknown };
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  return strings(nested) && strings(pathKeys) ? { nested, pathKeys } : null;
}
