/**
 * The list-maintenance files triage writes, in the formats the maintainer CLI (`build`) reads:
 *   reviewed entries  JSONL, src/maintainer/reviewed.ts (appendReviewedEntries; later lines win per key)
 *   guard overrides   JSON array (or {overrides: [...]}) of {key, reason, addedBy?, addedAt?}, src/maintainer/guard.ts
 *   trusted extra     one domain per line, '#' comments, src/maintainer/guard.ts loadTrustedExtra
 * Which files: `--config` (the sources config: its `reviewed`-format source, `overrides`, first `trustedExtra`),
 * else explicit flags, else the defaults below (relative to the working directory).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { canonicalExpression } from '../../core/url/index';
import { writeFileAtomic } from '../fs-util';
import { OverrideSchema, createGuard, loadOverrides, loadTrustedExtra, type Guard, type Override } from '../guard';
import { INDICATOR_KEY_RE } from '../reviewed';
import { loadConfig } from '../sources/config';
import { parseSource } from '../sources/parsers';

export const DEFAULT_REVIEWED_FILE = 'lists/reviewed.jsonl';
export const DEFAULT_OVERRIDES_FILE = 'lists/overrides.json';
export const DEFAULT_TRUSTED_EXTRA_FILE = 'lists/trusted-extra.txt';

export interface ListFiles {
  readonly reviewed: string;
  /** Where `accept --override` records overrides (and where the guard reads them from). */
  readonly overrides: string;
  /** Where `resolve-fp --action override` adds protected domains. */
  readonly trustedExtra: string;
  /** All trusted-extra files the guard reads. */
  readonly trustedExtraAll: readonly string[];
  /** Files triage writes that the config does not reference (build would not see them). */
  readonly unreferenced: readonly string[];
}

export interface ListFileFlags {
  readonly config?: string;
  readonly reviewed?: string;
  readonly overrides?: string;
  readonly trusted?: string;
}

export function resolveListFiles(flags: ListFileFlags): ListFiles {
  const unreferenced: string[] = [];
  if (flags.config === undefined) {
    const trusted = resolve(flags.trusted ?? DEFAULT_TRUSTED_EXTRA_FILE);
    return {
      reviewed: resolve(flags.reviewed ?? DEFAULT_REVIEWED_FILE),
      overrides: resolve(flags.overrides ?? DEFAULT_OVERRIDES_FILE),
      trustedExtra: trusted,
      trustedExtraAll: existsSync(trusted) ? [trusted] : [],
      unreferenced,
    };
  }
  const config = loadConfig(flags.config);
  const src = config.sources.find((s) => s.format === 'reviewed');
  const reviewed = flags.reviewed !== undefined ? resolve(flags.reviewed) : src?.path;
  if (reviewed === undefined) {
    throw new Error(`config ${flags.config} has no source with "format": "reviewed"; add one or pass --reviewed FILE`);
  }
  if (src?.path !== reviewed) unreferenced.push(reviewed);
  const overrides = flags.overrides !== undefined ? resolve(flags.overrides) : (config.overrides ?? resolve(DEFAULT_OVERRIDES_FILE));
  if (config.overrides !== overrides) unreferenced.push(overrides);
  const trusted = flags.trusted !== undefined ? resolve(flags.trusted) : (config.trustedExtra[0] ?? resolve(DEFAULT_TRUSTED_EXTRA_FILE));
  if (!config.trustedExtra.includes(trusted)) unreferenced.push(trusted);
  const all = [...new Set([...config.trustedExtra, trusted])].filter((f) => existsSync(f));
  return { reviewed, overrides, trustedExtra: trusted, trustedExtraAll: all, unreferenced };
}

/** The maintainer CLI's guard, with the overrides and trusted-extra files triage uses. */
export function loadGuard(files: ListFiles): Guard {
  const overrides = existsSync(files.overrides) ? loadOverrides(files.overrides, canonicalExpression) : new Map<string, Override>();
  return createGuard({ overrides, trustedExtra: loadTrustedExtra(files.trustedExtraAll) });
}

/** Canonical key → last action in the reviewed file ('add' | 'remove'), the way `build` reads it. */
export function reviewedState(file: string): Map<string, 'add' | 'remove'> {
  const out = new Map<string, 'add' | 'remove'>();
  if (!existsSync(file)) return out;
  for (const raw of parseSource('reviewed', readFileSync(file, 'utf8')).entries) {
    const key = raw.verbatim === true ? raw.text : canonicalExpression(raw.text);
    if (key !== null) out.set(key, raw.remove === true ? 'remove' : 'add');
  }
  return out;
}

/** Adds (or replaces) an override for `key`, keeping the file's shape (array or {overrides: []}). */
export function recordOverride(file: string, override: Override): void {
  const o = OverrideSchema.parse(override);
  let doc: unknown = [];
  if (existsSync(file)) doc = JSON.parse(readFileSync(file, 'utf8'));
  const list: unknown[] | null = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { overrides?: unknown }).overrides)
      ? (doc as { overrides: unknown[] }).overrides
      : null;
  if (list === null) throw new Error(`overrides file ${file} is neither an array nor {"overrides": [...]}`);
  const kept = list.filter((x) => !(typeof x === 'object' && x !== null && canonicalExpression(String((x as { key?: unknown }).key)) === o.key));
  kept.push(o);
  const next = Array.isArray(doc) ? kept : { ...(doc as object), overrides: kept };
  writeFileAtomic(file, JSON.stringify(next, null, 2) + '\n');
}

/** Appends `host  # comment` to a trusted-extra file (creating it). */
export function appendTrustedExtra(file: string, host: string, comment: string): void {
  const oneLine = comment.replace(/[\r\n]+/g, ' ').trim();
  const prefix = existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n') && readFileSync(file, 'utf8') !== '' ? '\n' : '';
  if (!existsSync(file)) writeFileAtomic(file, '');
  appendFileSync(file, `${prefix}${host}  # ${oneLine}\n`);
}

export function isIndicatorKey(key: string): boolean {
  return INDICATOR_KEY_RE.test(key);
}
