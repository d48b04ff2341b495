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
import { CATEGORIES, SEVERITIES, type Severity } from '../core/types';
import { Aggregator, MAX_SOURCES, sourceNamer } from './aggregate';
import { GuardConfigError, createGuard, loadOverrides, loadTrustedExtra, type Guard, type GuardRule } from './guard';
import { ConfigError, type LoadedConfig, type SourceConfig } from './sources/config';
import { locationOf, parseSource, type ParseWarning, type RawEntry } from './sources/parsers';

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

export function severityForWeight(weight: number): Severity {
  return weight >= 2 ? 'high' : weight >= 1 ? 'medium' : 'low';
}

function readSource(src: SourceConfig, readText: ((p: string) => string) | undefined): string {
  if (src.path === undefined) {
    throw new BuildError(`source "${src.name}" has no local copy (${src.url ?? ''}): run \`lists update\` to fetch it`);
  }
  try {
    return readText ? readText(src.path) : readFileSync(src.path, 'utf8');
  } catch (e: unknown) {
    const why = e instanceof Error ? e.message : String(e);
    throw new BuildError(`source "${src.name}" (${src.path}) cannot be read: ${why}`);
  }
}

/** Steps: read all sources → parse into the aggregator → reviewed removals → guard each key → per-source report. */
export function buildList(config: LoadedConfig, opts: BuildOptions = {}): BuildResult {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const maxWarnings = opts.maxWarnings ?? 20;

  // Read everything first: any unreadable source fails before work is done.
  const texts = config.sources.map((s) => readSource(s, opts.readText));
  const byteLengths = texts.map((t) => Buffer.byteLength(t));
  const guard = guardFor(config);

  if (config.sources.length > MAX_SOURCES) throw new BuildError(`at most ${MAX_SOURCES} sources per list`);
  const agg = new Aggregator();
  const removals = new Set<string>(); // reviewed 'remove'
  const perSource = config.sources.map((src, si) => {
    const text = texts[si] ?? '';
    texts[si] = ''; // let the text go once parsed
    return parseOneSource({ src, si, text, agg, removals, today, maxWarnings });
  });

  // reviewed removals suppress the key whatever its sources
  const suppressed: string[] = [];
  for (const key of removals) {
    if (agg.remove(key)) suppressed.push(key);
  }

  const sel = selectEntries(config, agg, guard, today, opts.previousFirstSeen);
  const { entries, refusals } = sel;
  const { sources, failures } = sourceReports(config, perSource, sel.counts, byteLengths);

  const byCategory: Record<string, number> = {};
  for (const c of CATEGORIES) byCategory[c] = 0;
  for (const e of entries) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
  const refusalsByRule: Record<string, number> = {};
  for (const r of refusals) refusalsByRule[r.rule] = (refusalsByRule[r.rule] ?? 0) + 1;

  refusals.sort((x, y) => (x.key < y.key ? -1 : 1));
  const report: BuildReport = {
    listId: config.listId,
    builtAt: new Date(now).toISOString(),
    sources,
    totals: {
      parsed: sources.reduce((n, s) => n + s.parsed, 0),
      malformed: sources.reduce((n, s) => n + s.malformed, 0),
      uniqueKeys: agg.size,
      accepted: entries.length,
      refused: refusals.length,
      suppressed: suppressed.length,
    },
    byCategory,
    refusalsByRule,
    refusals,
    suppressed: suppressed.sort(),
    overridesUsed: sel.overridesUsed,
    overridesUnused: guard.unusedOverrides(),
    guard: { ok: failures.length === 0, failures },
    durationMs: Math.round(performance.now() - started),
  };
  return { listId: config.listId, entries, report };
}

function guardFor(config: LoadedConfig): Guard {
  try {
    const overrides = config.overrides !== undefined ? loadOverrides(config.overrides, canonicalExpression) : undefined;
    return createGuard({
      ...(overrides ? { overrides } : {}),
      trustedExtra: loadTrustedExtra(config.trustedExtra),
    });
  } catch (e: unknown) {
    if (e instanceof GuardConfigError || e instanceof ConfigError) throw new BuildError(e.message);
    throw e;
  }
}

interface ParsedSource {
  readonly parsed: number;
  readonly lines: number;
  readonly malformed: number;
  readonly warnings: ParseWarning[];
}

/** Parses one source into `agg` (reviewed sources: last line per key wins, removals go to `removals`). */
function parseOneSource(a: {
  src: SourceConfig;
  si: number;
  text: string;
  agg: Aggregator;
  removals: Set<string>;
  today: string;
  maxWarnings: number;
}): ParsedSource {
  const { src, si, agg, removals, maxWarnings } = a;
  const warnings: ParseWarning[] = [];
  let malformed = 0;
  // reviewed: later lines win for a key (an add after a remove re-adds, a remove after an add suppresses)
  const lastByKey = src.format === 'reviewed' ? new Map<string, RawEntry>() : null;
  const sink = {
    push(raw: RawEntry): void {
      const key = raw.verbatim === true ? raw.text : canonicalExpression(raw.text);
      const problem = key === null ? 'not a valid domain/URL' : raw.verbatim === true ? null : keyProblem(key);
      if (key === null || problem !== null) {
        malformed++;
        if (warnings.length < maxWarnings) {
          warnings.push({ location: locationOf(raw), message: problem ?? 'not a valid domain/URL', text: raw.text.slice(0, 120) });
        }
        return;
      }
      if (lastByKey) {
        lastByKey.delete(key); // keep insertion order = order of the last occurrence
        lastByKey.set(key, raw);
        return;
      }
      agg.add(key, si, src.weight, raw.category ?? src.category, raw.severity ?? src.severity, undefined);
    },
  };
  const parsed = parseSource(src.format, a.text, src, sink);
  if (parsed.fatal !== undefined) {
    throw new BuildError(`source "${src.name}" (${src.path}) is unusable: ${parsed.fatal}`);
  }
  warnings.push(...parsed.warnings);
  malformed += parsed.warnings.length;
  for (const [key, raw] of lastByKey ?? []) {
    if (raw.remove === true) {
      removals.add(key);
      continue;
    }
    removals.delete(key);
    const fs = raw.firstSeen !== undefined && raw.firstSeen <= a.today ? raw.firstSeen : undefined;
    agg.add(key, si, src.weight, raw.category ?? src.category, raw.severity ?? src.severity, fs);
  }
  warnings.sort((x, y) => locationOrder(x.location) - locationOrder(y.location));
  return { parsed: parsed.count, lines: parsed.lines, malformed, warnings: warnings.slice(0, maxWarnings) };
}

interface SourceCounts {
  readonly keys: number[];
  readonly accepted: number[];
  readonly unique: number[];
  readonly refused: number[];
}

/** Runs the guard over every live key: accepted entries, refusals, overrides used, and per-source counts. */
function selectEntries(
  config: LoadedConfig,
  agg: Aggregator,
  guard: Guard,
  today: string,
  previousFirstSeen: BuildOptions['previousFirstSeen'],
): { entries: ListEntryInput[]; refusals: Refusal[]; overridesUsed: { key: string; reason: string }[]; counts: SourceCounts } {
  const names = config.sources.map((s) => s.name);
  const sourcesOf = sourceNamer(names);
  const refusals: Refusal[] = [];
  const entries: ListEntryInput[] = [];
  const overridesUsed: { key: string; reason: string }[] = [];
  const n = config.sources.length;
  const counts = { keys: new Array<number>(n).fill(0), accepted: new Array<number>(n).fill(0), unique: new Array<number>(n).fill(0), refused: new Array<number>(n).fill(0) };
  // entries in first-seen order of the sources (deterministic for the same inputs; the engine sorts by fingerprint)
  for (let id = 0; id < agg.size; id++) {
    const mask = agg.mask[id] ?? 0;
    for (let si = 0; si < n; si++) if ((mask & (2 ** si)) !== 0) counts.keys[si]!++; // suppressed keys count too
    if (agg.alive[id] !== 1) continue;
    const key = agg.keys[id] ?? '';
    const d = guard.check(key);
    const single = (mask & (mask - 1)) === 0;
    for (let si = 0; si < n; si++) {
      if ((mask & (2 ** si)) === 0) continue;
      if (!d.ok) counts.refused[si]!++;
      else {
        counts.accepted[si]!++;
        if (single) counts.unique[si]!++;
      }
    }
    if (!d.ok) {
      refusals.push({ key, rule: d.rule, detail: d.detail, sources: sourcesOf(mask) });
      continue;
    }
    if (d.override) overridesUsed.push({ key, reason: d.override.reason });
    const sev = agg.severity[id] ?? -1;
    entries.push({
      key,
      category: CATEGORIES[agg.category[id] ?? 0] ?? 'other',
      severity: sev >= 0 ? (SEVERITIES[sev] ?? 'medium') : severityForWeight(agg.weight[id] ?? 0),
      firstSeen: minDate(agg.firstSeen.get(id), previousFirstSeen?.(key)) ?? today,
      sources: sourcesOf(mask), // sorted, shared per combination (the list engine stores them sorted)
    });
  }
  return { entries, refusals, overridesUsed, counts };
}

/** Per-source contribution, and the guard's verdict on sources whose refused ratio is too high. */
function sourceReports(
  config: LoadedConfig,
  perSource: readonly ParsedSource[],
  counts: SourceCounts,
  byteLengths: readonly number[],
): { sources: SourceReport[]; failures: string[] } {
  const failures: string[] = [];
  const sources: SourceReport[] = config.sources.map((src, si) => {
    const ps = perSource[si] ?? { parsed: 0, lines: 0, malformed: 0, warnings: [] };
    const keys = counts.keys[si] ?? 0;
    const refused = counts.refused[si] ?? 0;
    const ratio = keys > 0 ? refused / keys : 0;
    if (ratio > config.guard.maxRefusedRatio) {
      failures.push(
        `source "${src.name}": ${refused} of ${keys} keys refused (${(ratio * 100).toFixed(1)}% > ` +
          `${(config.guard.maxRefusedRatio * 100).toFixed(1)}%) — feed broken or poisoned?`,
      );
    }
    return {
      name: src.name,
      format: src.format,
      path: src.path ?? src.url ?? '',
      bytes: byteLengths[si] ?? 0,
      lines: ps.lines,
      parsed: ps.parsed,
      keys,
      accepted: counts.accepted[si] ?? 0,
      unique: counts.unique[si] ?? 0,
      refused,
      malformed: ps.malformed,
      warnings: ps.warnings,
    };
  });
  return { sources, failures };
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
