/**
 * Triage operations behind `npm run lists -- triage …`: plain inputs → typed results (the CLI only parses flags
 * and prints). Every decision marks the reports, logs the action and writes the list files in one store
 * transaction: if a file write fails, no report changes status.
 *
 *   accept      scam reports → reviewed entry {key, category, severity?, addedAt, reason, reportIds}; the guard
 *               (src/maintainer/guard.ts) refuses trusted keys unless --override records a reasoned override
 *   reject      any pending reports → 'rejected' with the reason the reporter sees
 *   resolve-fp  false-positive reports → reviewed {action: 'remove'} (remove), or remove + the host added to the
 *               trusted-extra file so no source can list it again (override)
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { normalizeHost } from '../../core/trusted/index';
import { fail, ok, type Category, type Result, type Severity } from '../../core/types';
import { canonicalExpression } from '../../core/url/index';
import { OVERRIDABLE_RULES, OverrideSchema, splitExpression, type GuardRule } from '../guard';
import { ReviewedEntrySchema, appendReviewedEntries, type ReviewedEntryInput } from '../reviewed';
import { keyCoversUrl, siteOfKey } from './grouping';
import { appendTrustedExtra, isIndicatorKey, loadGuard, recordOverride, reviewedState, type ListFiles } from './list-files';
import { REPORT_ID_RE, type ReportKind } from './schema';
import type { PendingGroup, ReportStore, StoredReport } from './store';

export type TriageErrorCode =
  | 'NOT_FOUND'
  | 'BAD_TARGET'
  | 'WRONG_KIND'
  | 'NOT_PENDING'
  | 'NOTHING_PENDING'
  | 'GUARD_REFUSED'
  | 'NEEDS_OVERRIDE'
  | 'BAD_REASON'
  | 'NOT_HOST_WIDE'
  | 'WRITE_FAILED';

export interface TriageContext {
  readonly store: ReportStore;
  readonly files: ListFiles;
  readonly now?: () => number;
}

export interface PendingRow extends PendingGroup {
  /** 'ok', 'override needed: …' or 'refused: …' for listing the group key. */
  readonly guard: string;
}

export interface DecisionOutcome {
  readonly key: string;
  readonly reportIds: readonly string[];
  readonly filesWritten: readonly string[];
  readonly notes: readonly string[];
}

const MAX_IDS_IN_FILE = 1000;

function nowIso(ctx: TriageContext): string {
  return new Date((ctx.now ?? Date.now)()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function guardText(rule: GuardRule, detail: string): string {
  return OVERRIDABLE_RULES.has(rule) ? `override needed: ${detail}` : `refused: ${detail}`;
}

export async function listPending(ctx: TriageContext, opts: { kind?: ReportKind; limit?: number } = {}): Promise<PendingRow[]> {
  const guard = loadGuard(ctx.files);
  const groups = await ctx.store.pendingGroups(opts);
  return groups.map((g) => {
    const d = guard.check(g.groupKey);
    return { ...g, guard: d.ok ? (d.override ? 'ok (override on file)' : 'ok') : guardText(d.rule, d.detail) };
  });
}

interface Target {
  readonly key: string;
  readonly report?: StoredReport;
}

async function resolveTarget(ctx: TriageContext, target: string): Promise<Result<Target, TriageErrorCode>> {
  const t = target.trim();
  if (REPORT_ID_RE.test(t)) {
    const report = await ctx.store.get(t);
    return report === null ? fail('NOT_FOUND', `no report ${t}`) : ok({ key: report.groupKey, report });
  }
  if (isIndicatorKey(t)) return ok({ key: t });
  const key = canonicalExpression(t);
  return key === null ? fail('BAD_TARGET', `"${t}" is neither a report id nor a domain/URL expression`) : ok({ key });
}

/** Pending reports of `kind` that the list key would match (plus the target report itself). */
async function coveredReports(ctx: TriageContext, t: Target, kind: ReportKind | undefined): Promise<StoredReport[]> {
  if (isIndicatorKey(t.key)) return [];
  const onSite = await ctx.store.pendingOnSite(siteOfKey(t.key), kind);
  const out = onSite.filter((r) => keyCoversUrl(t.key, r.url));
  const own = t.report;
  if (own !== undefined && own.status === 'received' && (kind === undefined || own.kind === kind) && !out.some((r) => r.id === own.id)) {
    out.push(own);
  }
  return out;
}

function checkReason(reason: string): Result<string, TriageErrorCode> {
  const r = reason.trim();
  return r.length >= 3 && r.length <= 2000 ? ok(r) : fail('BAD_REASON', '--reason needs 3–2000 characters');
}

function ensureDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}

function writeError(e: unknown): { ok: false; reason: TriageErrorCode; message: string } {
  return fail('WRITE_FAILED', `nothing changed: ${e instanceof Error ? e.message : String(e)}`);
}

export interface AcceptInput {
  readonly target: string;
  readonly category: Category;
  readonly severity?: Severity;
  readonly reason: string;
  /** Reason for listing a key the guard protects (trusted / covers-trusted); recorded in the overrides file. */
  readonly override?: string;
  readonly by?: string;
}

export async function acceptReports(ctx: TriageContext, input: AcceptInput): Promise<Result<DecisionOutcome, TriageErrorCode>> {
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const t = await resolveTarget(ctx, input.target);
  if (!t.ok) return t;
  const { key, report } = t.value;
  if (report !== undefined && report.kind !== 'scam') {
    return fail('WRONG_KIND', `${report.id} is a false-positive report: use resolve-fp`);
  }
  const notes: string[] = [];
  const decision = loadGuard(ctx.files).check(key);
  let override: { key: string; reason: string; addedAt: string; addedBy?: string } | null = null;
  const at = nowIso(ctx);
  if (!decision.ok) {
    if (!OVERRIDABLE_RULES.has(decision.rule)) return fail('GUARD_REFUSED', `${key}: ${decision.detail} (not overridable)`);
    if (input.override === undefined) {
      return fail('NEEDS_OVERRIDE', `${key}: ${decision.detail}; refusing without --override "reason"`);
    }
    const o = OverrideSchema.safeParse({ key, reason: input.override, addedAt: at, ...(input.by !== undefined ? { addedBy: input.by } : {}) });
    if (!o.success) return fail('BAD_REASON', o.error.issues[0]?.message ?? 'invalid override');
    override = { key, reason: o.data.reason, addedAt: at, ...(input.by !== undefined ? { addedBy: input.by } : {}) };
  } else if (input.override !== undefined) {
    notes.push(decision.override ? 'an override for this key is already on file' : 'the guard does not refuse this key; --override ignored');
  }
  if (reviewedState(ctx.files.reviewed).get(key) === 'add') notes.push(`${key} is already in the reviewed source; appended again`);
  const reports = await coveredReports(ctx, t.value, 'scam');
  if (reports.length === 0) notes.push('no pending reports match; the entry is added without report ids');
  const ids = reports.map((r) => r.id);
  const entry: ReviewedEntryInput = {
    key,
    action: 'add',
    category: input.category,
    ...(input.severity !== undefined ? { severity: input.severity } : {}),
    addedAt: at,
    reason: reason.value,
    reportIds: ids.slice(0, MAX_IDS_IN_FILE),
  };
  const checked = ReviewedEntrySchema.safeParse(entry);
  if (!checked.success) return fail('BAD_TARGET', `cannot write a reviewed entry: ${checked.error.issues[0]?.message ?? ''}`);
  const written: string[] = [];
  try {
    const marked = await ctx.store.decide(
      ids,
      { status: 'accepted', reason: `added to the list as ${key}`, at },
      { at, action: 'accept', target: key, reason: reason.value, reportIds: ids, ...(override ? { detail: `override: ${override.reason}` } : {}) },
      () => {
        if (override) {
          ensureDir(ctx.files.overrides);
          recordOverride(ctx.files.overrides, override);
          written.push(ctx.files.overrides);
        }
        ensureDir(ctx.files.reviewed);
        appendReviewedEntries(ctx.files.reviewed, [entry]);
        written.push(ctx.files.reviewed);
      },
    );
    return ok({ key, reportIds: marked, filesWritten: written, notes: [...notes, ...unreferencedNotes(ctx, written)] });
  } catch (e: unknown) {
    return writeError(e);
  }
}

function unreferencedNotes(ctx: TriageContext, written: readonly string[]): string[] {
  return written
    .filter((f) => ctx.files.unreferenced.includes(f))
    .map((f) => `${f} is not referenced by the sources config: build will not read it until you add it`);
}

export async function rejectReports(ctx: TriageContext, input: { target: string; reason: string }): Promise<Result<DecisionOutcome, TriageErrorCode>> {
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const t = await resolveTarget(ctx, input.target);
  if (!t.ok) return t;
  let reports: StoredReport[];
  if (t.value.report !== undefined) {
    if (t.value.report.status !== 'received') return fail('NOT_PENDING', `${t.value.report.id} is already ${t.value.report.status}`);
    reports = [t.value.report];
  } else {
    reports = await coveredReports(ctx, t.value, undefined);
  }
  if (reports.length === 0) return fail('NOTHING_PENDING', `no pending reports match ${t.value.key}`);
  const at = nowIso(ctx);
  const ids = reports.map((r) => r.id);
  const target = t.value.report?.id ?? t.value.key;
  const marked = await ctx.store.decide(
    ids,
    { status: 'rejected', reason: reason.value, at },
    { at, action: 'reject', target, reason: reason.value, reportIds: ids },
  );
  return ok({ key: t.value.key, reportIds: marked, filesWritten: [], notes: [] });
}

export interface ResolveFpInput {
  readonly target: string;
  readonly action: 'remove' | 'override';
  readonly reason: string;
}

export async function resolveFalsePositive(ctx: TriageContext, input: ResolveFpInput): Promise<Result<DecisionOutcome, TriageErrorCode>> {
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const t = await resolveTarget(ctx, input.target);
  if (!t.ok) return t;
  const { key, report } = t.value;
  if (report !== undefined && report.kind !== 'false-positive') {
    return fail('WRONG_KIND', `${report.id} is a scam report: use accept or reject`);
  }
  let host: string | null = null;
  if (input.action === 'override') {
    const parts = splitExpression(key);
    if (isIndicatorKey(key) || parts.path !== '/') {
      return fail('NOT_HOST_WIDE', `${key}: only a whole host can be protected; use --action remove for a path`);
    }
    host = normalizeHost(parts.host);
  }
  const notes: string[] = [];
  if (reviewedState(ctx.files.reviewed).get(key) !== 'add') {
    notes.push(`${key} is not an entry of the reviewed source; the removal suppresses it in every source`);
  }
  const reports = await coveredReports(ctx, t.value, 'false-positive');
  const ids = reports.map((r) => r.id);
  const at = nowIso(ctx);
  const entry: ReviewedEntryInput = { key, action: 'remove', addedAt: at, reason: reason.value, reportIds: ids.slice(0, MAX_IDS_IN_FILE) };
  const written: string[] = [];
  const status = host === null ? `removed from the list (${key})` : `removed from the list and protected (${host})`;
  try {
    const marked = await ctx.store.decide(
      ids,
      { status: 'accepted', reason: status, at },
      { at, action: host === null ? 'resolve-fp-remove' : 'resolve-fp-override', target: key, reason: reason.value, reportIds: ids },
      () => {
        ensureDir(ctx.files.reviewed);
        appendReviewedEntries(ctx.files.reviewed, [entry]);
        written.push(ctx.files.reviewed);
        if (host !== null) {
          ensureDir(ctx.files.trustedExtra);
          appendTrustedExtra(ctx.files.trustedExtra, host, `${at.slice(0, 10)} false positive: ${reason.value} [${ids.slice(0, 20).join(' ')}]`);
          written.push(ctx.files.trustedExtra);
        }
      },
    );
    return ok({ key, reportIds: marked, filesWritten: written, notes: [...notes, ...unreferencedNotes(ctx, written)] });
  } catch (e: unknown) {
    return writeError(e);
  }
}
