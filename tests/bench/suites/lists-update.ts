/**
 * `lists update` at real size: the upstream copies in ../shared/data/lists served by a local HTTP server
 * (127.0.0.1, ETag + 304: the maintainer's `serve`), lists/sources.json pointed at it, three runs:
 *   1. cold: every source fetched, guard, first publish (snapshot)
 *   2. nothing changed upstream: conditional requests → 304, nothing published
 *   3. 50 new domains in the phishing feed: a new version as a small delta
 * Metrics: lists_update_cold_ms, lists_update_304_ms, lists_update_delta_ms, lists_update_snapshot_bytes,
 * lists_update_delta_bytes, lists_update_entries.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recordMetrics } from '../lib/results';
import { startServer } from '../../../src/maintainer/serve';
import { generateKey, loadSigner, loadPublicKey, makeKeyset } from '../../../src/maintainer/keys';
import { printUpdateSummary, runListsUpdate, type UpdateSummary } from '../../../src/maintainer/update';

const ROOT = resolve(import.meta.dirname, '../../..');
const DATA = [resolve(ROOT, '../shared/data/lists'), resolve(ROOT, '../../shared/data/lists')].find((d) => existsSync(d));
if (!DATA) {
  console.log('note: ../shared/data/lists not present — lists-update suite skipped');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'ss-lists-update-'));
const upstream = join(work, 'upstream');
cpSync(DATA, upstream, { recursive: true });
const server = await startServer({ dir: upstream, port: 0 });
const config = JSON.parse(readFileSync(join(ROOT, 'lists/sources.json'), 'utf8')) as { sources: Record<string, unknown>[] };
config.sources = config.sources.flatMap((s): Record<string, unknown>[] => {
  if (typeof s['path'] === 'string') return [{ ...s, path: join(ROOT, 'lists', s['path']) }];
  return typeof s['localCopy'] === 'string' ? [{ ...s, url: `${server.url}${s['localCopy']}` }] : [];
});
(config as Record<string, unknown>)['overrides'] = join(ROOT, 'lists/overrides.json');
writeFileSync(join(work, 'sources.json'), JSON.stringify(config));
const key = await generateKey('bench', join(work, 'keys'));
const keyset = makeKeyset([loadPublicKey(key.publicFile)], 1, 1);
const signer = await loadSigner(key.privateFile);
const T0 = Date.parse('2026-12-03T08:00:00Z');
const run = async (now: number): Promise<{ s: UpdateSummary; ms: number }> => {
  const t = performance.now();
  const s = await runListsUpdate({
    configFile: join(work, 'sources.json'),
    cacheDir: join(work, 'cache'),
    stateDir: join(work, 'state'),
    outDir: join(work, 'public'),
    keyset,
    signers: [signer],
    now,
    force: true,
  });
  return { s, ms: Math.round(performance.now() - t) };
};
try {
  const cold = await run(T0);
  console.log(`\n--- run 1 (cold) ${cold.ms} ms`);
  printUpdateSummary(cold.s, console.log);
  const same = await run(T0 + 1_800_000);
  console.log(`\n--- run 2 (nothing new upstream) ${same.ms} ms`);
  printUpdateSummary(same.s, console.log);
  appendFileSync(join(upstream, 'blocklistproject-phishing.domains.txt'), Array.from({ length: 50 }, (_, i) => `new-phish-${i}.example.com`).join('\n') + '\n');
  const delta = await run(T0 + 3_600_000);
  console.log(`\n--- run 3 (+50 phishing domains) ${delta.ms} ms`);
  printUpdateSummary(delta.s, console.log);
  if (cold.s.result.kind !== 'published' || delta.s.result.kind !== 'published') throw new Error('expected two publishes');
  const metrics = {
    lists_update_cold_ms: cold.ms,
    lists_update_304_ms: same.ms,
    lists_update_delta_ms: delta.ms,
    lists_update_entries: cold.s.result.publish.manifest.count,
    lists_update_snapshot_bytes: cold.s.result.publish.snapshotBytes,
    lists_update_delta_bytes: delta.s.result.publish.deltaBytes ?? -1,
  };
  recordMetrics(metrics);
  console.log('\nrecorded:', metrics);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
