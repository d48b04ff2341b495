/**
 * `build`: sources → canonical, deduped, guarded entries with provenance, plus a report. Pure computation over the
 * file contents (reads only; writing is the CLI's job, and only on success).
 *
 * Pipeline: read every source (unreadable → BuildError, nothing written) → parse (malformed lines → warnings) →
 * canonicalExpression (rejects → warnings) → aggregate by key (sources, heaviest category, summed weight, earliest
 * first-seen) → reviewed removals → guard (refusals reported) → entries sorted by key.
 *
 * firstSeen: the reviewed entry's addedAt, else the previous published state's provenance (passed in as
 * `previousFirstSeen`), else the build date.
 */
import { readFileSync } from 'node:fs';
import { parse as parseDomain } from 'tldts';
import { canonicalExpression } from '../core/url/index';
import type { ListEntryInput } from '../core/lists/index';
import { CATEGORIES, type Category, type Severity } from '../core/types';
import { GuardConfigError, createGuard, loadOverrides, loadTrustedExtra, type GuardRule } from './guard';
import { ConfigError, type LoadedConfig, type SourceConfig } from './sources/config';
import { parseSource, type ParseWarning, type RawEntry } from './sources/parsers';

export class BuildError extends Error {}

export interface SourceReport {
  readonly name: string;
  readonly format: string;
  readonly path: string;
  readonly bytes: number;
  readonly lines: number;
  /** Raw entries parsed (before canonicalization / dedupe). */
  readonly parsed: number;
  /** Distinct canonical keys from this source. */
  readonly keys: number;
  /** Keys of this source that made it into the list. */
  readonly accepted: number;
  /** Accepted keys no other source has. */
  readonly unique: number;
  readonly refused: number;
  readonly malformed: number;
  /** First warnings (all are counted in `malformed`). */
  readonly warnings: readonly ParseWarning[];
}

export interface Refusal {
  readonly key: string;
  readonly rule: GuardRule;
  readonly detail: string;
  readonly sources: readonly string[];
}

export interface BuildReport {
  readonly listId: string;
  readonly builtAt: string;
  readonly sources: readonly SourceReport[];
  readonly totals: {
    readonly parsed: number;
    readonly malformed: number;
    readonly uniqueKeys: number;
    readonly accepted: number;
    readonly refused: number;
    readonly suppressed: number;
  };
  readonly byCategory: Readonly<Record<string, number>>;
  readonly refusalsByRule: Readonly<Record<string, number>>;
  readonly refusals: readonly Refusal[];
  readonly suppressed: readonly string[];
  readonly overridesUsed: readonly { key: string; reason: string }[];
  readonly overridesUnused: readonly string[];
  readonly guard: { readonly ok: boolean; readonly failures: readonly string[] };
  readonly durationMs: number;
}

export interface BuildResult {
  readonly listId: string;
  readonly entries: ListEntryInput[];
  readonly report: BuildReport;
}

export interface BuildOptions {
  /** Epoch ms, for firstSeen of new entries and the report. */
  readonly now?: number;
  /** First-seen dates of the previous published state (key → YYYY-MM-DD). */
  readonly previousFirstSeen?: (key: string) => string | undefined;
  /** Max warnings kept per source in the report (all are counted). */
  readonly maxWarnings?: number;
  /** Injected source contents (tests / bench): path → text. Falls back to reading the file. */
  readonly readText?: (path: string) => string;
}

interface Agg {
  category: Category;
  categoryWeight: number;
  weight: number;
  severity: Severity | undefined;
  sources: string[];
  firstSeen: string | undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

export function severityForWeight(weight: number): Severity {
  return weight >= 2 ? 'high' : weight >= 1 ? 'medium' : 'low';
}

function readSource(src: SourceConfig, readText: ((p: string) => string) | undefined): string {
  try {
    return readText ? readText(src.path) : readFileSync(src.path, 'utf8');
  } catch (e: unknown) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BuildError(`source "${src.name}" (${src.path}) cannot be read: ${why}`);
  }
}

export function buildList(config: LoadedConfig, opts: BuildOptions = {}): BuildResult {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const maxWarnings = opts.maxWarnings ?? 20;

  // Read everything first: any unreadable source fails before work is done.
  const texts = config.sources.map((s) => readSource(s, opts.readText));
  let guard;
  try {
    const overrides = config.overrides !== undefined ? loadOverrides(config.overrides, canonicalExpression) : undefined;
    guard = createGuard({
      ...(overrides ? { overrides } : {}),
      trustedExtra: loadTrustedExtra(config.trustedExtra),
    });
  } catch (e: unknown) {
    if (e instanceof GuardConfigError || e instanceof ConfigError) throw new BuildError(e.message);
    throw e;
  }

  const agg = new Map<string, Agg>();
  const removals = new Map<string, string>(); // key → source name (reviewed 'remove')
  const perSource: { parsed: number; lines: number; malformed: number; warnings: ParseWarning[]; keys: Set<string> }[] = [];

  config.sources.forEach((src, si) => {
    const text = texts[si] ?? '';
    const parsed = parseSource(src.format, text, src);
    if (parsed.fatal !== undefined) {
      throw new BuildError(`source "${src.name}" (${src.path}) is unusable: ${parsed.fatal}`);
    }
    const warnings = [...parsed.warnings];
    let malformed = parsed.warnings.length;
    const keys = new Set<string>();
    const reviewed = src.format === 'reviewed';
    // reviewed: later lines win for a key (an add after a remove re-adds, a remove after an add suppresses)
    const lastByKey = reviewed ? new Map<string, RawEntry>() : null;
    for (const raw of parsed.entries) {
      const key = raw.verbatim === true ? raw.text : canonicalExpression(raw.text);
      const problem = key === null ? 'not a valid domain/URL' : raw.verbatim === true ? null : keyProblem(key);
      if (key === null || problem !== null) {
        malformed++;
        if (warnings.length < maxWarnings) {
          warnings.push({ location: raw.location, message: problem ?? 'not a valid domain/URL', text: raw.text.slice(0, 120) });
        }
        continue;
      }
      if (lastByKey) {
        lastByKey.delete(key); // keep insertion order = order of the last occurrence
        lastByKey.set(key, raw);
        continue;
      }
      keys.add(key);
      addRaw(agg, key, raw, src, today);
    }
    for (const [key, raw] of lastByKey ?? []) {
      if (raw.remove === true) {
        removals.set(key, src.name);
        continue;
      }
      removals.delete(key);
      keys.add(key);
      addRaw(agg, key, raw, src, today);
    }
    warnings.sort((x, y) => locationOrder(x.location) - locationOrder(y.location));
    perSource.push({ parsed: parsed.entries.length, lines: parsed.lines, malformed, warnings: warnings.slice(0, maxWarnings), keys });
  });

  // reviewed removals suppress the key whatever its sources
  const suppressed: string[] = [];
  for (const key of removals.keys()) {
    if (agg.delete(key)) suppressed.push(key);
  }

  const refusals: Refusal[] = [];
  const entries: ListEntryInput[] = [];
  const overridesUsed: { key: string; reason: string }[] = [];
  const accepted = new Set<string>();
  for (const [key, a] of agg) {
    const d = guard.check(key);
    if (!d.ok) {
      refusals.push({ key, rule: d.rule, detail: d.detail, sources: a.sources });
      continue;
    }
    if (d.override) overridesUsed.push({ key, reason: d.override.reason });
    accepted.add(key);
    const firstSeen = minDate(a.firstSeen, opts.previousFirstSeen?.(key)) ?? today;
    entries.push({
      key,
      category: a.category,
      severity: a.severity ?? severityForWeight(a.weight),
      firstSeen,
      sources: [...a.sources].sort(), // canonical order (the list engine stores them sorted)
    });
  }
  entries.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  refusals.sort((x, y) => (x.key < y.key ? -1 : 1));

  // per-source contribution + guard verdict
  const refusedKeys = new Set(refusals.map((r) => r.key));
  const failures: string[] = [];
  const sources: SourceReport[] = config.sources.map((src, si) => {
    const ps = perSource[si] ?? { parsed: 0, lines: 0, malformed: 0, warnings: [], keys: new Set<string>() };
    let acc = 0;
    let unique = 0;
    let refused = 0;
    for (const k of ps.keys) {
      if (accepted.has(k)) {
        acc++;
        if (agg.get(k)?.sources.length === 1) unique++;
      } else if (refusedKeys.has(k)) refused++;
    }
    const ratio = ps.keys.size > 0 ? refused / ps.keys.size : 0;
    if (ratio > config.guard.maxRefusedRatio) {
      failures.push(
        `source "${src.name}": ${refused} of ${ps.keys.size} keys refused (${(ratio * 100).toFixed(1)}% > ` +
          `${(config.guard.maxRefusedRatio * 100).toFixed(1)}%) — feed broken or poisoned?`,
      );
    }
    return {
      name: src.name,
      format: src.format,
      path: src.path,
      bytes: Buffer.byteLength(texts[si] ?? ''),
      lines: ps.lines,
      parsed: ps.parsed,
      keys: ps.keys.size,
      accepted: acc,
      unique,
      refused,
      malformed: ps.malformed,
      warnings: ps.warnings,
    };
  });

  const byCategory: Record<string, number> = {};
  for (const c of CATEGORIES) byCategory[c] = 0;
  for (const e of entries) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
  const refusalsByRule: Record<string, number> = {};
  for (const r of refusals) refusalsByRule[r.rule] = (refusalsByRule[r.rule] ?? 0) + 1;

  const report: BuildReport = {
    listId: config.listId,
    builtAt: new Date(now).toISOString(),
    sources,
    totals: {
      parsed: sources.reduce((n, s) => n + s.parsed, 0),
      malformed: sources.reduce((n, s) => n + s.malformed, 0),
      uniqueKeys: agg.size + suppressed.length,
      accepted: entries.length,
      refused: refusals.length,
      suppressed: suppressed.length,
    },
    byCategory,
    refusalsByRule,
    refusals,
    suppressed: suppressed.sort(),
    overridesUsed,
    overridesUnused: guard.unusedOverrides(),
    guard: { ok: failures.length === 0, failures },
    durationMs: Math.round(performance.now() - started),
  };
  return { listId: config.listId, entries, report };
}

function addRaw(agg: Map<string, Agg>, key: string, raw: RawEntry, src: SourceConfig, today: string): void {
  const category = raw.category ?? src.category;
  const severity = raw.severity ?? src.severity;
  const firstSeen = raw.firstSeen;
  const a = agg.get(key);
  if (!a) {
    agg.set(key, {
      category,
      categoryWeight: src.weight,
      weight: src.weight,
      severity,
      sources: [src.name],
      firstSeen: firstSeen !== undefined && firstSeen <= today ? firstSeen : undefined,
    });
    return;
  }
  const newSource = a.sources[a.sources.length - 1] !== src.name && !a.sources.includes(src.name);
  if (newSource) {
    a.sources.push(src.name);
    a.weight += src.weight;
  }
  if (src.weight > a.categoryWeight) {
    a.category = category;
    a.categoryWeight = src.weight;
  }
  if (severity !== undefined && (a.severity === undefined || SEVERITY_RANK[severity] > SEVERITY_RANK[a.severity])) {
    a.severity = severity;
  }
  if (firstSeen !== undefined && firstSeen <= today) a.firstSeen = minDate(a.firstSeen, firstSeen);
}

const LABEL_RE = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
/** TLDs reserved for documentation and tests (RFC 2606 / 6761): accepted so fixtures never name real sites. */
const RESERVED_TLDS = new Set(['example', 'test']);

/**
 * Stricter than canonicalExpression (which accepts anything host-shaped): the host must be an IP literal or a DNS
 * name under a known public suffix. A bare public suffix passes here and is refused by the guard (with a reason).
 */
export function keyProblem(key: string): string | null {
  const slash = key.indexOf('/');
  const host = slash < 0 ? key : key.slice(0, slash);
  if (host.startsWith('[')) return /^\[[0-9a-f:.]+\]$/.test(host) ? null : 'not a valid IPv6 literal';
  if (host.length > 253) return 'host name too long';
  const labels = host.split('.');
  if (!labels.every((l) => LABEL_RE.test(l))) return 'not a valid host name';
  const info = parseDomain(host);
  if (info.isIp === true) return null;
  if (labels.length < 2 && info.isIcann !== true) return 'not a fully qualified host name';
  const tld = labels[labels.length - 1] ?? '';
  if (info.isIcann !== true && info.isPrivate !== true && !RESERVED_TLDS.has(tld)) return `unknown top-level domain ".${tld}"`;
  return null;
}

function locationOrder(location: string): number {
  const m = /(\d+)/.exec(location);
  return m?.[1] !== undefined ? Number(m[1]) : -1;
}

function minDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
