/**
 * `npm run lists -- triage <pending|show|accept|reject|resolve-fp|log> …` — see TRIAGE_USAGE and docs/intake.md.
 * Exit codes: 0 done, 1 refused / failed (message says why), 2 usage.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { CATEGORIES, SEVERITIES, type Result } from '../../core/types';
import { UsageError, consoleIo, defaultDbFile, flag, formatTable, num, oneOf, parseFlags, str, terminalSafeIo, type Io, type Values } from './cli-util';
import { DEFAULT_REVIEWED_FILE, resolveListFiles } from './list-files';
import { isPostgresUrl, openStore } from './open-store';
import type { ReportStore } from './store';
import {
  acceptReports,
  listPending,
  rejectReports,
  resolveFalsePositive,
  type DecisionOutcome,
  type TriageContext,
  type TriageErrorCode,
} from './triage';

export const TRIAGE_USAGE = `usage: npm run lists -- triage <command> [options]

  pending    [--kind scam|false-positive] [--limit N]      pending reports grouped by canonical expression
  show       <report-id> [--screenshot OUT.png]             one report in full
  accept     <expression|report-id> --category C [--severity low|medium|high] --reason "…"
             [--override "why this trusted domain must be listed"] [--by NAME]
                                                            → reviewed entry; marks the matching scam reports
  reject     <report-id|expression> --reason "…"            reason is shown to the reporter
  resolve-fp <expression|report-id> --action remove|override --reason "…"
                                                            false positive: remove the entry (remove) or remove it
                                                            and protect the host in the trusted-extra file (override)
  log        [--limit N]                                    recent triage actions

  common: --db FILE|postgres://…  --json  --config SOURCES.json (reviewed source, overrides, trustedExtra taken from it)
          --reviewed FILE (default ${DEFAULT_REVIEWED_FILE})  --overrides FILE  --trusted FILE
  categories: ${CATEGORIES.join(', ')}
`;

const COMMON = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  config: { type: 'string' },
  reviewed: { type: 'string' },
  overrides: { type: 'string' },
  trusted: { type: 'string' },
  help: { type: 'boolean' },
} as const;

const SUB_OPTIONS = {
  pending: { kind: { type: 'string' }, limit: { type: 'string' } },
  show: { screenshot: { type: 'string' } },
  accept: { category: { type: 'string' }, severity: { type: 'string' }, reason: { type: 'string' }, override: { type: 'string' }, by: { type: 'string' } },
  reject: { reason: { type: 'string' } },
  'resolve-fp': { action: { type: 'string' }, reason: { type: 'string' } },
  log: { limit: { type: 'string' } },
} as const;
type Sub = keyof typeof SUB_OPTIONS;

function isSub(s: string | undefined): s is Sub {
  return s !== undefined && Object.hasOwn(SUB_OPTIONS, s);
}

function required(v: Values, name: string): string {
  const s = str(v, name);
  if (s === undefined) throw new UsageError(`--${name} is required`);
  return s;
}

function onePositional(p: readonly string[], what: string): string {
  if (p.length !== 1 || p[0] === undefined) throw new UsageError(`expected one ${what}`);
  return p[0];
}

function countsText(rec: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(rec)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${k}:${n ?? 0}`)
    .join(' ');
}

function printOutcome(io: Io, json: boolean, verb: string, r: Result<DecisionOutcome, TriageErrorCode>): number {
  if (!r.ok) {
    if (json) io.log(JSON.stringify({ ok: false, error: { code: r.reason, message: r.message } }));
    else io.error(`${verb} refused (${r.reason}): ${r.message}`);
    return 1;
  }
  const o = r.value;
  if (json) {
    io.log(JSON.stringify({ ok: true, ...o }));
    return 0;
  }
  io.log(`${verb} ${o.key}: ${o.reportIds.length} report(s) marked${o.reportIds.length > 0 ? ` (${o.reportIds.join(', ')})` : ''}`);
  for (const f of o.filesWritten) io.log(`  wrote ${f}`);
  for (const n of o.notes) io.log(`  note: ${n}`);
  return 0;
}

/** One triage subcommand, already parsed; returns the exit code. */
type SubRun = (a: { values: Values; positionals: string[]; ctx: TriageContext; store: ReportStore; io: Io; json: boolean }) => Promise<number>;

async function run(sub: Sub, values: Values, positionals: string[], ctx: TriageContext, store: ReportStore, io: Io): Promise<number> {
  const a = { values, positionals, ctx, store, io, json: flag(values, 'json') };
  switch (sub) {
    case 'pending':
      return runPending(a);
    case 'show':
      return runShow(a);
    case 'accept':
      return runAccept(a);
    case 'reject': {
      const r = await rejectReports(ctx, { target: onePositional(positionals, 'report id or expression'), reason: required(values, 'reason') });
      return printOutcome(io, a.json, 'rejected', r);
    }
    case 'resolve-fp':
      return runResolveFp(a);
    case 'log':
      return runLog(a);
  }
}

const runPending: SubRun = async ({ values, positionals, ctx, io, json }) => {
  if (positionals.length > 0) throw new UsageError('pending takes no arguments');
  const kind = oneOf(values, 'kind', ['scam', 'false-positive'] as const);
  const limit = num(values, 'limit', { min: 1, max: 100000, integer: true });
  const rows = await listPending(ctx, { ...(kind ? { kind } : {}), ...(limit !== undefined ? { limit } : {}) });
  if (json) {
    io.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.log('no pending reports');
    return 0;
  }
  const table = formatTable(
    ['EXPRESSION', 'N', 'SCAM', 'FP', 'PAID', 'CATEGORIES', 'LAST', 'GUARD', 'REPORTS'],
    rows.map((g) => [
      g.groupKey,
      String(g.count),
      String(g.kinds.scam),
      String(g.kinds['false-positive']),
      String(g.paid),
      countsText(g.categories),
      g.lastReceived.slice(0, 16).replace('T', ' '),
      g.guard,
      g.reportIds.slice(0, 2).join(' ') + (g.count > 2 ? ' …' : ''),
    ]),
  );
  for (const l of table) io.log(l);
  return 0;
};

const runShow: SubRun = async ({ values, positionals, store, io, json }) => {
  const id = onePositional(positionals, 'report id');
  const r = await store.get(id);
  if (r === null) {
    io.error(`no report ${id}`);
    return 1;
  }
  const out = str(values, 'screenshot');
  if (out !== undefined) {
    const png = await store.screenshot(id);
    if (png === null) io.error(`${id} has no screenshot`);
    else writeFileSync(out, png);
  }
  if (json) io.log(JSON.stringify(r, null, 2));
  else for (const [k, v] of Object.entries(r)) io.log(`${k.padEnd(15)} ${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`);
  return 0;
};

const runAccept: SubRun = async ({ values, positionals, ctx, io, json }) => {
  const category = oneOf(values, 'category', CATEGORIES);
  if (category === undefined) throw new UsageError(`--category is required (${CATEGORIES.join(', ')})`);
  const severity = oneOf(values, 'severity', SEVERITIES);
  const override = str(values, 'override');
  const by = str(values, 'by');
  const r = await acceptReports(ctx, {
    target: onePositional(positionals, 'expression or report id'),
    category,
    reason: required(values, 'reason'),
    ...(severity ? { severity } : {}),
    ...(override !== undefined ? { override } : {}),
    ...(by !== undefined ? { by } : {}),
  });
  return printOutcome(io, json, 'accepted', r);
};

const runResolveFp: SubRun = async ({ values, positionals, ctx, io, json }) => {
  const action = oneOf(values, 'action', ['remove', 'override'] as const);
  if (action === undefined) throw new UsageError('--action remove|override is required');
  const r = await resolveFalsePositive(ctx, { target: onePositional(positionals, 'expression or report id'), action, reason: required(values, 'reason') });
  return printOutcome(io, json, action === 'remove' ? 'removed' : 'removed and protected', r);
};

const runLog: SubRun = async ({ values, store, io, json }) => {
  const entries = await store.triageLog(num(values, 'limit', { min: 1, max: 10000, integer: true }) ?? 50);
  if (json) io.log(JSON.stringify(entries, null, 2));
  else {
    const rows = entries.map((e) => [e.at.slice(0, 16).replace('T', ' '), e.action, e.target, String(e.reportIds.length), e.reason]);
    for (const l of formatTable(['AT', 'ACTION', 'TARGET', 'REPORTS', 'REASON'], rows)) io.log(l);
  }
  return 0;
};

export async function runTriageCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  const [subName, ...rest] = argv;
  if (subName === undefined || subName === '--help' || subName === 'help') {
    io.log(TRIAGE_USAGE);
    return subName === undefined ? 2 : 0;
  }
  if (!isSub(subName)) {
    io.error(`unknown triage command "${subName}"\n\n${TRIAGE_USAGE}`);
    return 2;
  }
  let store: ReportStore | null = null;
  try {
    const { values, positionals } = parseFlags(rest, { ...COMMON, ...SUB_OPTIONS[subName] });
    if (flag(values, 'help')) {
      io.log(TRIAGE_USAGE);
      return 0;
    }
    const dbFile = str(values, 'db') ?? defaultDbFile();
    if (!isPostgresUrl(dbFile) && !existsSync(dbFile)) {
      io.error(`no report database at ${dbFile} (start \`intake\` first, or pass --db FILE)`);
      return 1;
    }
    const config = str(values, 'config');
    const reviewed = str(values, 'reviewed');
    // Commands that write list files must be told which ones: a default path would quietly create files the
    // build never reads (issue 19).
    if ((subName === 'accept' || subName === 'resolve-fp') && config === undefined && reviewed === undefined) {
      io.error(`triage ${subName} writes the reviewed source: pass --config SOURCES.json (the list's sources config) or --reviewed FILE`);
      return 2;
    }
    const overrides = str(values, 'overrides');
    const trusted = str(values, 'trusted');
    const files = resolveListFiles({
      ...(config !== undefined ? { config } : {}),
      ...(reviewed !== undefined ? { reviewed } : {}),
      ...(overrides !== undefined ? { overrides } : {}),
      ...(trusted !== undefined ? { trusted } : {}),
    });
    store = await openStore(dbFile);
    // Reports hold text anyone can send: nothing reaches the terminal raw (C1 controls, bidi overrides).
    return await run(subName, values, positionals, { store, files }, store, terminalSafeIo(io));
  } catch (e: unknown) {
    if (e instanceof UsageError) {
      io.error(`${e.message}\n\n${TRIAGE_USAGE}`);
      return 2;
    }
    io.error(`triage ${subName} failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await store?.close();
  }
}
