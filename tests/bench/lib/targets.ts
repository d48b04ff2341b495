/**
 * The targets `npm run bench` reports against (issue 18 and the issues before it). A miss is reported, never an
 * error: the bench exits non-zero only when a suite fails to run. `ratio` names the in-run baseline a figure is
 * compared with (value / baseline, or baseline / value for 'faster').
 */
export interface Target {
  readonly metric: string;
  /** The figure must be ≤ max (or ≥ min). */
  readonly max?: number;
  readonly min?: number;
  readonly unit: string;
  readonly suite: string;
  /** An in-run baseline: `times` = value / baseline must be ≤ max; `faster` = baseline / value must be ≥ min. */
  readonly ratio?: { readonly baseline: string; readonly kind: 'times' | 'faster'; readonly limit: number };
}

export const TARGETS: readonly Target[] = [
  { metric: 'sw_cold_start_ms', max: 50, unit: 'ms', suite: 'sw-cold-start', ratio: { baseline: 'set_rebuild_ms', kind: 'faster', limit: 10 } },
  { metric: 'sw_cold_start_rule_updates', max: 0, unit: 'calls', suite: 'sw-cold-start' },
  { metric: 'delta_10k_apply_ms', max: 30, unit: 'ms', suite: 'list-engine' },
  { metric: 'sync_delta_10k_max_block_ms', max: 16, unit: 'ms', suite: 'sync' },
  { metric: 'dnr_delta_10k_update_ms', max: 150, unit: 'ms', suite: 'dnr-sync' },
  { metric: 'links_1k_main_ms', unit: 'ms', suite: 'inpage', ratio: { baseline: 'links_1k_floor_ms', kind: 'times', limit: 3 } },
  { metric: 'links_10k_longest_task_ms', max: 50, unit: 'ms', suite: 'inpage' },
  { metric: 'pageload_overhead_checkout_ms', max: 5, unit: 'ms', suite: 'inpage' },
  { metric: 'pageload_overhead_feed_ms', max: 5, unit: 'ms', suite: 'inpage' },
  { metric: 'classify_2k_p50_ms', max: 5, unit: 'ms', suite: 'classify' },
  { metric: 'lookup_p50_us', max: 3, unit: 'µs', suite: 'list-engine', ratio: { baseline: 'ghostery_lookup_p50_us', kind: 'faster', limit: 2 } },
  { metric: 'bytes_per_entry', max: 10, unit: 'B', suite: 'list-engine' },
  { metric: 'urlrisk_p50_us', max: 20, unit: 'µs', suite: 'url-risk' },
];

export type Verdict = 'met' | 'missed' | 'not measured';

export interface Row {
  readonly target: Target;
  readonly value: number | undefined;
  readonly ratio: number | undefined;
  readonly verdict: Verdict;
}

export function judge(metrics: Readonly<Record<string, number>>, targets: readonly Target[] = TARGETS): Row[] {
  return targets.map((t) => {
    const value = metrics[t.metric];
    if (value === undefined || !Number.isFinite(value)) return { target: t, value: undefined, ratio: undefined, verdict: 'not measured' };
    let ok = (t.max === undefined || value <= t.max) && (t.min === undefined || value >= t.min);
    let ratio: number | undefined;
    if (t.ratio) {
      const base = metrics[t.ratio.baseline];
      if (base === undefined || !Number.isFinite(base) || base <= 0 || value <= 0) return { target: t, value, ratio: undefined, verdict: 'not measured' };
      ratio = t.ratio.kind === 'times' ? value / base : base / value;
      ok &&= t.ratio.kind === 'times' ? ratio <= t.ratio.limit : ratio >= t.ratio.limit;
    }
    return { target: t, value, ratio, verdict: ok ? 'met' : 'missed' };
  });
}

function describeTarget(t: Target): string {
  const parts: string[] = [];
  if (t.max !== undefined) parts.push(`≤ ${t.max} ${t.unit}`);
  if (t.min !== undefined) parts.push(`≥ ${t.min} ${t.unit}`);
  if (t.ratio) parts.push(t.ratio.kind === 'times' ? `≤ ${t.ratio.limit}× ${t.ratio.baseline}` : `≥ ${t.ratio.limit}× faster than ${t.ratio.baseline}`);
  return parts.join(', ');
}

/** A plain-text table: metric, figure, target, in-run ratio, met/missed. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [['metric', 'figure', 'target', 'ratio (in-run)', 'result']];
  for (const r of rows) {
    lines.push([
      r.target.metric,
      r.value === undefined ? '—' : `${r.value} ${r.target.unit}`,
      describeTarget(r.target),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}×`,
      r.verdict === 'met' ? 'met' : r.verdict === 'missed' ? 'MISSED' : `not measured (npm run bench -- ${r.target.suite})`,
    ]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
