/**
 * False-positive guard: decides, per canonical key, whether the list may carry it.
 *
 * Rules, in order (key = 'host/path' canonical expression; indicator keys such as 'wallet:eth:0x…' pass):
 *   public-suffix         host is a bare public suffix ('com/', 'co.uk/', 'github.io' is NOT one: tldts ICANN only)
 *   shared-hosting-whole  host-wide entry ('h/') for a shared-hosting platform itself: 'github.io/', 'aliyuncs.com/',
 *                         'sites.google.com/' (path-hosting host). Tenants ('alice.github.io/') and paths
 *                         ('sites.google.com/view/x/') are fine — that is how such scams must be listed.
 *   shortener-whole       host-wide entry for a URL shortener ('bit.ly/'); 'bit.ly/abc' is fine.
 *   trusted               host is on the trusted list (src/core/trusted + config trustedExtra), unless overridden:
 *                         'taobao.com/', 'www.taobao.com/x/', 'www.gov.cn/'. Shared-hosting tenants/paths and
 *                         shortener paths are not "trusted" (isTrustedDomain says so), so they pass.
 *   covers-trusted        host-wide entry whose host is a parent of a trusted host ('weibo.cn/' when only
 *                         'm.weibo.cn' is trusted) — it would match the trusted host too. Overridable.
 * Overrides (reasoned, exact canonical key) lift only 'trusted' and 'covers-trusted'; never the whole-platform rules.
 */
import { readFileSync } from 'node:fs';
import { parse as parseDomain } from 'tldts';
import { z } from 'zod';
import { TRUSTED_DOMAINS, isTrustedDomain, isUrlShortener, normalizeHost, sharedHostingPlatform } from '../core/trusted/index';
import { INDICATOR_KEY_RE } from './reviewed';

export type GuardRule = 'public-suffix' | 'shared-hosting-whole' | 'shortener-whole' | 'trusted' | 'covers-trusted';
export const OVERRIDABLE_RULES: ReadonlySet<GuardRule> = new Set(['trusted', 'covers-trusted']);

export type GuardDecision =
  | { readonly ok: true; readonly override?: Override }
  | { readonly ok: false; readonly rule: GuardRule; readonly detail: string };

export const OverrideSchema = z.object({
  key: z.string().min(1),
  reason: z.string().trim().min(10, 'an override needs a reason (≥ 10 characters)'),
  addedBy: z.string().optional(),
  addedAt: z.string().optional(),
});
export type Override = z.infer<typeof OverrideSchema>;
export const OverridesFileSchema = z.union([
  z.array(OverrideSchema),
  z.object({ overrides: z.array(OverrideSchema) }).transform((o) => o.overrides),
]);

export class GuardConfigError extends Error {}

export interface Guard {
  check(key: string): GuardDecision;
  /** Canonical override keys never used by check(). */
  unusedOverrides(): string[];
}

export interface GuardOptions {
  /** Canonical key → override. */
  readonly overrides?: ReadonlyMap<string, Override>;
  readonly trustedExtra?: ReadonlySet<string>;
}

export function splitExpression(key: string): { host: string; path: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { host: key, path: '/' } : { host: key.slice(0, slash), path: key.slice(slash) };
}

export function createGuard(opts: GuardOptions = {}): Guard {
  const overrides = opts.overrides ?? new Map<string, Override>();
  const extra = opts.trustedExtra ?? new Set<string>();
  const used = new Set<string>();
  // proper parents of trusted hosts (down to, excluding, the public suffix)
  const trustedParents = new Set<string>();
  for (const d of [...TRUSTED_DOMAINS, ...extra]) {
    let rest = d;
    for (let dot = rest.indexOf('.'); dot >= 0; dot = rest.indexOf('.')) {
      rest = rest.slice(dot + 1);
      if (rest.includes('.')) trustedParents.add(rest);
    }
  }
  const isTrusted = (h: string): boolean => isTrustedDomain(h, extra.size > 0 ? extra : undefined);

  function decide(key: string): GuardDecision {
    if (INDICATOR_KEY_RE.test(key)) return { ok: true };
    const { host, path } = splitExpression(key);
    const hostWide = path === '/';
    const info = parseDomain(host);
    if (info.isIp === true) return { ok: true };
    if (info.domain === null || info.domain === '') {
      return { ok: false, rule: 'public-suffix', detail: `${host} is a public suffix, never list it whole` };
    }
    const shared = sharedHostingPlatform(host);
    if (shared !== null && hostWide && (shared.isApex || shared.kind === 'path')) {
      return {
        ok: false,
        rule: 'shared-hosting-whole',
        detail: `${host} is shared hosting (${shared.platform}); list the tenant host or path instead`,
      };
    }
    const shortener = isUrlShortener(host);
    if (shortener && hostWide) {
      return { ok: false, rule: 'shortener-whole', detail: `${host} is a URL shortener; list the short link's path` };
    }
    if (!shortener && isTrusted(host)) {
      return { ok: false, rule: 'trusted', detail: `${host} is on the trusted list` };
    }
    if (hostWide && trustedParents.has(host)) {
      return { ok: false, rule: 'covers-trusted', detail: `${host}/ would also match trusted hosts below it` };
    }
    return { ok: true };
  }

  return {
    check(key: string): GuardDecision {
      const d = decide(key);
      if (d.ok || !OVERRIDABLE_RULES.has(d.rule)) return d;
      const o = overrides.get(key);
      if (!o) return d;
      used.add(key);
      return { ok: true, override: o };
    },
    unusedOverrides: () => [...overrides.keys()].filter((k) => !used.has(k)),
  };
}

/** Reads an overrides file; keys are canonicalized with `canon` (invalid keys or missing reasons fail). */
export function loadOverrides(file: string, canon: (s: string) => string | null): Map<string, Override> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e: unknown) {
    throw new GuardConfigError(`cannot read overrides ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = OverridesFileSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new GuardConfigError(`invalid overrides ${file}: ${i ? `${i.path.join('.')}: ${i.message}` : ''}`);
  }
  const out = new Map<string, Override>();
  for (const o of parsed.data) {
    const key = canon(o.key);
    if (key === null) throw new GuardConfigError(`invalid overrides ${file}: key "${o.key}" is not a URL expression`);
    out.set(key, o);
  }
  return out;
}

/** Reads extra trusted domains (one per line, '#' comments). */
export function loadTrustedExtra(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e: unknown) {
      throw new GuardConfigError(`cannot read trusted list ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const line of text.split(/\r?\n/)) {
      const t = line.replace(/#.*/, '').trim();
      if (t === '') continue;
      const h = normalizeHost(t);
      if (h !== '') out.add(h);
    }
  }
  return out;
}
