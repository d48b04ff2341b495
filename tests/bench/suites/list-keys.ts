/**
 * Key strings in snapshots and deltas (format 2): what they cost and what they buy.
 *   - 1M synthetic entries (tests/bench/lib/gen-list-data.ts, seed 7): snapshot bytes with and without the keys
 *     section (growth per entry; against newline-joined keys), build time, listKeys (first call = decode + the
 *     one-to-one fingerprint check; later calls = decode), a 10k-change delta's bytes and apply time with keys
 *     (on a base whose keys were already checked against its entries, and on a freshly loaded one, where the
 *     apply also does that check).
 *   - the real lists in ../shared/data/lists when present (never copied into the repo): the same size figures.
 *   - the pure part of a DNR reinstall: collecting the rule keys of a keyed list and compiling the rules
 *     (the browser's updateDynamicRules time per domain is measured by the dnr suite).
 * Metrics: keys_* (recorded in tests/bench/results/latest.json).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyDelta,
  buildTable,
  decodeDelta,
  decodeSnapshot,
  diffTables,
  encodeDelta,
  encodeSnapshot,
  listKeys,
  type ListEntryInput,
  type ListTable,
} from '../../../src/core/lists/index.ts';
import { compileBlockRules } from '../../../src/background/dnr/rules.ts';
import { collectRuleKeys } from '../../../src/background/dnr/rule-keys.ts';
import { generateEntries } from '../lib/gen-list-data.ts';
import { loadRealLists } from '../lib/gen-real-lists.ts';
import { recordMetrics } from '../lib/results.ts';

const metrics: Record<string, number> = {};
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const W = 'chrome-extension://id/warning.html';

async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function must<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

interface SizeFigures {
  count: number;
  plainBytes: number;
  keyedBytes: number;
  joinedBytes: number;
}

async function sizes(entries: ListEntryInput[], listId: string): Promise<{ plain: ListTable; keyed: ListTable; f: SizeFigures }> {
  const plain = await buildTable(entries, { listId, version: 1 });
  const keyed = await buildTable(entries, { listId, version: 1 }, { keys: true });
  const keys = must(listKeys(keyed))!;
  const joined = new TextEncoder().encode(keys.join('\n')).length;
  return {
    plain,
    keyed,
    f: { count: plain.count, plainBytes: encodeSnapshot(plain).length, keyedBytes: encodeSnapshot(keyed).length, joinedBytes: joined },
  };
}

function report(label: string, f: SizeFigures, prefix: string): void {
  const growth = (f.keyedBytes - f.plainBytes) / f.count;
  metrics[`${prefix}snapshot_growth_bytes_per_entry`] = round(growth);
  metrics[`${prefix}snapshot_growth_pct`] = round(((f.keyedBytes - f.plainBytes) / f.plainBytes) * 100, 1);
  metrics[`${prefix}joined_bytes_per_entry`] = round(f.joinedBytes / f.count);
  console.log(
    `${label}: ${f.count} entries; snapshot ${(f.plainBytes / 2 ** 20).toFixed(2)} MiB → ${(f.keyedBytes / 2 ** 20).toFixed(2)} MiB with keys ` +
      `(+${round(growth)} B/entry, +${metrics[`${prefix}snapshot_growth_pct`]}%); newline-joined keys would be ${round(f.joinedBytes / f.count)} B/entry`,
  );
}

// ---------------------------------------------------------------- 1M synthetic
{
  const N = 1_000_000;
  const entries = generateEntries(N, 7);
  await buildTable(entries.slice(0, 50_000), { listId: 'warm', version: 1 }, { keys: true });
  let t0 = performance.now();
  const { plain, keyed, f } = await sizes(entries, 'bench');
  console.log(`(built both in ${Math.round(performance.now() - t0)} ms)`);
  report('1M synthetic', f, 'keys_1m_');
  t0 = performance.now();
  await buildTable(entries, { listId: 'bench', version: 1 });
  const buildPlain = performance.now() - t0;
  t0 = performance.now();
  await buildTable(entries, { listId: 'bench', version: 1 }, { keys: true });
  metrics.keys_1m_build_extra_ms = round(performance.now() - t0 - buildPlain, 0);

  const snapshot = encodeSnapshot(keyed);
  metrics.keys_1m_snapshot_load_ms = round(await medianMs(5, () => decodeSnapshot(snapshot)));
  const fresh = must(await decodeSnapshot(snapshot));
  t0 = performance.now();
  must(listKeys(fresh));
  metrics.keys_1m_list_keys_first_ms = round(performance.now() - t0, 0);
  metrics.keys_1m_list_keys_ms = round(await medianMs(5, () => must(listKeys(fresh))), 0);

  // 10k-change delta (5k removed, 5k added), as in the list-engine suite
  const removed = new Set(entries.slice(0, 5000).map((e) => e.key));
  const added = generateEntries(5000, 99).map((e) => ({ ...e, key: 'delta-' + e.key }));
  const nextEntries = [...entries.filter((e) => !removed.has(e.key)), ...added];
  const nextPlain = await buildTable(nextEntries, { listId: 'bench', version: 2 });
  const nextKeyed = await buildTable(nextEntries, { listId: 'bench', version: 2 }, { keys: true });
  const dPlain = encodeDelta(diffTables(plain, nextPlain));
  const dKeyed = encodeDelta(diffTables(keyed, nextKeyed));
  metrics.keys_delta_10k_bytes_plain = dPlain.length;
  metrics.keys_delta_10k_bytes_keyed = dKeyed.length;
  metrics.keys_delta_growth_bytes_per_change = round((dKeyed.length - dPlain.length) / 10_000);
  const applyPlain = await medianMs(5, async () => must(await applyDelta(plain, must(decodeDelta(dPlain)))));
  const applyKeyed = await medianMs(5, async () => must(await applyDelta(fresh, must(decodeDelta(dKeyed)))));
  const uncheckedTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const loaded = must(await decodeSnapshot(snapshot));
    const delta = must(decodeDelta(dKeyed));
    const t1 = performance.now();
    must(await applyDelta(loaded, delta));
    uncheckedTimes.push(performance.now() - t1);
  }
  const applyUnchecked = uncheckedTimes.sort((x, y) => x - y)[2]!;
  metrics.keys_delta_10k_apply_plain_ms = round(applyPlain, 0);
  metrics.keys_delta_10k_apply_keyed_ms = round(applyKeyed, 0);
  metrics.keys_delta_10k_apply_keyed_unchecked_base_ms = round(applyUnchecked, 0);
  console.log(
    `10k-change delta: ${dPlain.length} B → ${dKeyed.length} B with keys (+${metrics.keys_delta_growth_bytes_per_change} B per change); ` +
      `apply ${Math.round(applyPlain)} ms → ${Math.round(applyKeyed)} ms with keys (median of 5); ` +
      `${Math.round(applyUnchecked)} ms on a freshly loaded base (+ its one-to-one key check)`,
  );
  console.log(
    `build +${metrics.keys_1m_build_extra_ms} ms with keys; snapshot load ${metrics.keys_1m_snapshot_load_ms} ms (keys hashed, not decoded); ` +
      `listKeys first call ${metrics.keys_1m_list_keys_first_ms} ms (decode + fingerprint check), then ${metrics.keys_1m_list_keys_ms} ms`,
  );

  // the pure part of a DNR reinstall from a 1M keyed list
  const compileMs = await medianMs(3, () => {
    const k = collectRuleKeys([fresh], [], { decode: true });
    compileBlockRules(k.keys, W);
  });
  metrics.keys_1m_rule_compile_ms = round(compileMs, 0);
  const compiled = compileBlockRules(must(listKeys(fresh))!, W);
  console.log(
    `DNR compile from the keys of 1M entries: ${Math.round(compileMs)} ms → ${compiled.rules.length} rules, ` +
      `${compiled.covered.size} domains covered, ${compiled.uncovered} left to the service worker`,
  );
}

// ---------------------------------------------------------------- real lists
{
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', 'lists');
  const real = loadRealLists(dir);
  if (!real) {
    console.log(`note: ${dir} is absent; real-list figures skipped`);
  } else {
    const { keyed, f } = await sizes(real.entries, 'real');
    report(`real lists (${real.files.length} files)`, f, 'keys_real_');
    const compileMs = await medianMs(3, () => compileBlockRules(collectRuleKeys([keyed], [], { decode: true }).keys, W));
    metrics.keys_real_rule_compile_ms = round(compileMs, 0);
    console.log(`DNR compile from the real lists' keys: ${Math.round(compileMs)} ms`);
  }
}

recordMetrics(metrics);
