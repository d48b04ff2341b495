/** Human-readable printing of build reports, publish summaries, verify reports, stats and diffs. */
import type { BuildReport } from './build';
import { formatBytes } from './fs-util';
import type { PublishSummary } from './publish';
import type { ListDiff, ListStats } from './stats';
import type { VerifyReport } from './verify';

export type Log = (line: string) => void;

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

export function printBuildReport(r: BuildReport, log: Log, maxRefusals = 30): void {
  log(`list ${r.listId} — built ${r.builtAt} in ${r.durationMs} ms`);
  log('');
  log('source                         format      parsed    keys  accepted  unique  refused  malformed');
  for (const s of r.sources) {
    log(
      `${s.name.padEnd(30)} ${s.format.padEnd(9)} ${pad(s.parsed, 8)} ${pad(s.keys, 7)} ${pad(s.accepted, 9)} ${pad(s.unique, 7)} ${pad(s.refused, 8)} ${pad(s.malformed, 10)}`,
    );
  }
  const t = r.totals;
  log('');
  log(
    `total: ${t.parsed} parsed, ${t.uniqueKeys} unique keys, ${t.accepted} accepted, ${t.refused} refused by the guard, ` +
      `${t.suppressed} suppressed by reviewed removals, ${t.malformed} malformed lines skipped`,
  );
  log(`by category: ${Object.entries(r.byCategory).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`).join(', ') || '—'}`);
  for (const s of r.sources) {
    if (s.malformed === 0) continue;
    log('');
    log(`warnings in ${s.name} (${s.malformed} skipped${s.warnings.length < s.malformed ? `, first ${s.warnings.length} shown` : ''}):`);
    for (const w of s.warnings) log(`  ${s.path}:${w.location.replace(/^line /, '')}: ${w.message}${w.text ? `: ${w.text}` : ''}`);
  }
  if (r.refusals.length > 0) {
    log('');
    log(`guard refused ${r.refusals.length}: ${Object.entries(r.refusalsByRule).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const f of r.refusals.slice(0, maxRefusals)) log(`  ${f.key}  [${f.rule}] ${f.detail} (from ${f.sources.join(', ')})`);
    if (r.refusals.length > maxRefusals) log(`  … ${r.refusals.length - maxRefusals} more (see --report FILE)`);
  }
  if (r.overridesUsed.length > 0) {
    log('');
    log(`overrides used (${r.overridesUsed.length}):`);
    for (const o of r.overridesUsed) log(`  ${o.key}: ${o.reason}`);
  }
  if (r.overridesUnused.length > 0) log(`overrides not needed by any entry: ${r.overridesUnused.join(', ')}`);
  log('');
  log(r.guard.ok ? 'guard: ok' : `guard: FAILED\n  ${r.guard.failures.join('\n  ')}`);
}

export function printPublishSummary(s: PublishSummary, log: Log): void {
  const m = s.manifest;
  log(`published ${m.listId} v${m.version}: ${m.count} entries, expires ${String(m.expires)}`);
  for (const f of s.files) log(`  ${f.path.padEnd(50)} ${pad(formatBytes(f.bytes), 12)}`);
  if (s.delta && s.deltaBytes !== null) {
    const ratio = ((s.deltaBytes / s.snapshotBytes) * 100).toFixed(2);
    log(`delta: +${s.delta.added} / -${s.delta.removed}, ${formatBytes(s.deltaBytes)} (${ratio}% of the snapshot)`);
  }
  if (s.keysBytes > 0) {
    log(`key strings: ${formatBytes(s.keysBytes)} in the snapshot (${(s.keysBytes / Math.max(1, m.count)).toFixed(1)} B/entry)`);
  }
  if (s.deltaChainRestarted) {
    log('delta chain restarted: the previous version has no key strings, so clients at it download this snapshot once');
  }
  log(`timings (ms): ${Object.entries(s.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.verify) log(`self-check: ${s.verify.checked.length} checks passed`);
}

export function printVerifyReport(r: VerifyReport, log: Log): void {
  for (const c of r.checked) log(`ok    ${c}`);
  for (const w of r.warnings) log(`warn  ${w.code}: ${w.message}`);
  for (const e of r.errors) log(`FAIL  ${e.code}: ${e.message}`);
  log(r.ok ? 'verify: ok' : `verify: FAILED (${r.errors.length} error(s))`);
}

export function printStats(s: ListStats, log: Log): void {
  log(`${s.label}: list ${s.listId}${s.version !== null ? ` v${s.version}` : ''}, ${s.count} entries, ${formatBytes(s.bytes)}`);
  const line = (title: string, rec: Record<string, number>): void =>
    log(`  ${title}: ${Object.entries(rec).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || '—'}`);
  line('by category', s.byCategory);
  line('by severity', s.bySeverity);
  line('by kind', s.byKind);
  line('by source', s.bySource);
  line('only in source', s.uniqueBySource);
  line('first seen (month)', s.firstSeenByMonth);
}

export function printDiff(d: ListDiff, log: Log): void {
  const v = (x: { label: string; version: number | null }): string => (x.version !== null ? `v${x.version}` : x.label);
  log(`${v(d.from)} (${d.from.count}) → ${v(d.to)} (${d.to.count}): +${d.added} -${d.removed} ~${d.changed}`);
  const line = (title: string, rec: Record<string, number>): void => {
    const items = Object.entries(rec).sort((a, b) => b[1] - a[1]);
    if (items.length > 0) log(`  ${title}: ${items.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  };
  line('added by category', d.addedByCategory);
  line('removed by category', d.removedByCategory);
  line('added by source', d.addedBySource);
  line('removed by source', d.removedBySource);
  for (const s of d.samples.added) log(`  + ${s}`);
  for (const s of d.samples.removed) log(`  - ${s}`);
  for (const s of d.samples.changed) log(`  ~ ${s}`);
}
