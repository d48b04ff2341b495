/** Key strings in published lists: publish writes them, verify checks them, stats/diff read snapshots and folders. */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTable, decodeDelta, decodeSnapshot, encodeSnapshot, listKeys } from '../../../src/core/lists/index';
import { buildList } from '../../../src/maintainer/build';
import { main as cli } from '../../../src/maintainer/cli';
import { publishList } from '../../../src/maintainer/publish';
import { loadConfig } from '../../../src/maintainer/sources/config';
import { loadState, saveState } from '../../../src/maintainer/state';
import { computeDiff, computeStats, loadList } from '../../../src/maintainer/stats';
import { verifyPublication, type Reader } from '../../../src/maintainer/verify';
import { DAY, FIXTURES, NOW, cleanupTemp, keysetFor, makeSigner, tempDir, type TestSigner } from './helpers';

afterAll(cleanupTemp);

const diskReader = (dir: string): Reader => async (p) => {
  try {
    return new Uint8Array(await readFile(join(dir, p)));
  } catch {
    return null;
  }
};

async function setup(): Promise<{ src: string; stateDir: string; outDir: string; alice: TestSigner }> {
  const root = tempDir();
  const src = join(root, 'src');
  cpSync(FIXTURES, src, { recursive: true });
  return { src, stateDir: join(root, 'state'), outDir: join(root, 'out'), alice: await makeSigner(root, 'alice') };
}

type World = Awaited<ReturnType<typeof setup>>;

async function publish(w: World, now: number) {
  const build = buildList(loadConfig(join(w.src, 'sources.json')), { now });
  const r = await publishList({
    build,
    state: loadState(w.stateDir, build.listId),
    stateDir: w.stateDir,
    outDir: w.outDir,
    keyset: keysetFor([w.alice], 1),
    signers: [w.alice.signer],
    now,
    expiresInDays: 7,
    keepDeltas: 3,
    minClientVersion: '0.1.0',
  });
  if (!r.ok) throw new Error(r.message);
  return { build, summary: r.value };
}

const quiet = (): { io: { log: (s: string) => void; error: (s: string) => void }; out: string[] } => {
  const out: string[] = [];
  return { io: { log: (s) => out.push(s), error: (s) => out.push(s) }, out };
};

describe('publish with key strings', () => {
  it('writes a format-2 snapshot and delta, names the keys hash in the manifest, and verify checks it', async () => {
    const w = await setup();
    const v1 = await publish(w, NOW);
    expect(v1.summary.keysBytes).toBeGreaterThan(0);
    expect(v1.summary.manifest.keysSha256).toMatch(/^[0-9a-f]{64}$/);
    const snap = new Uint8Array(readFileSync(join(w.outDir, v1.summary.manifest.snapshot.path)));
    const table = await decodeSnapshot(snap);
    if (!table.ok) throw new Error(table.message);
    const keys = listKeys(table.value);
    expect(keys.ok && keys.value).toEqual([...new Set(v1.build.entries.map((e) => e.key))].sort());
    expect(table.value.keysSha256).toBe(v1.summary.manifest.keysSha256);

    appendFileSync(join(w.src, 'domains.txt'), 'brand-new-scam.example\n');
    const v2 = await publish(w, NOW + DAY);
    const ref = v2.summary.manifest.deltas[0]!;
    const delta = decodeDelta(new Uint8Array(readFileSync(join(w.outDir, ref.path))));
    expect(delta.ok && delta.value.keys?.add).toEqual(['brand-new-scam.example/']);
    const report = await verifyPublication(diskReader(w.outDir), keysetFor([w.alice], 1), {
      now: NOW + DAY,
      baseSnapshot: async (v) => new Uint8Array(readFileSync(join(w.stateDir, `snapshots/fixture-main-${v}.snap`))),
    });
    expect(report.errors).toEqual([]);
    expect(report.checked.some((c) => /^keys: \d+ key strings/.test(c))).toBe(true);
    expect(report.deltasApplied).toBe(1);
  });

  it('restarts the delta chain once when the previous version has no key strings', async () => {
    const w = await setup();
    const v1 = await publish(w, NOW);
    // Make v1 what an older publisher wrote: a format-1 snapshot, recorded as such in the state.
    const state = loadState(w.stateDir);
    const rec = state.published[0]!;
    const old = encodeSnapshot(await buildTable(v1.build.entries, { listId: 'fixture-main', version: 1 }));
    writeFileSync(join(w.stateDir, rec.snapshot.path), old);
    const { keysSha256: _dropped, ...withoutKeys } = rec;
    saveState(w.stateDir, {
      ...state,
      published: [{ ...withoutKeys, snapshot: { ...rec.snapshot, length: old.length, sha256: createHash('sha256').update(old).digest('hex') } }],
    });
    const v2 = await publish(w, NOW + DAY);
    expect(v2.summary.deltaChainRestarted).toBe(true);
    expect(v2.summary.manifest.deltas).toEqual([]);
    const v3 = await publish(w, NOW + 2 * DAY);
    expect(v3.summary.deltaChainRestarted).toBe(false);
    expect(v3.summary.manifest.deltas.map((d) => `${d.from}-${d.to}`)).toEqual(['2-3']);
  });

  it('verify fails when the snapshot is swapped for one with other (or no) keys: the signed sha256 covers them', async () => {
    const w = await setup();
    await publish(w, NOW);
    const env = JSON.parse(readFileSync(join(w.outDir, 'manifest.json'), 'utf8')) as { payload: string };
    const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { snapshot: { path: string } };
    // Replace the snapshot with a keyless one: its sha256 no longer matches the signed manifest → refused.
    const keyless = encodeSnapshot(await buildTable([{ key: 'x.example/', category: 'other', severity: 'low' }], { listId: 'fixture-main', version: 1 }));
    writeFileSync(join(w.outDir, m.snapshot.path), keyless);
    const report = await verifyPublication(diskReader(w.outDir), keysetFor([w.alice], 1), { now: NOW });
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.code).join()).toMatch(/BAD_LENGTH|HASH_MISMATCH/);
  });
});

describe('stats and diff on snapshots and published folders (via the key strings)', () => {
  it('stats on a published folder and a snapshot; diff of two snapshots and --state', async () => {
    const w = await setup();
    const v1 = await publish(w, NOW);
    const fromBuild = computeStats({ label: 'b', listId: 'fixture-main', version: null, entries: v1.build.entries, bytes: 0 });
    const folder = computeStats(await loadList(w.outDir));
    expect(folder.count).toBe(v1.build.entries.length);
    expect(folder.byCategory).toEqual(fromBuild.byCategory);
    expect(folder.byKind).toEqual({ host: 14, path: 8, wallet: 1 });
    expect(folder.bySource).toEqual(fromBuild.bySource);

    appendFileSync(join(w.src, 'domains.txt'), 'added.example\n');
    await publish(w, NOW + DAY);
    const d = computeDiff(await loadList(join(w.stateDir, 'snapshots/fixture-main-1.snap')), await loadList(w.outDir));
    expect([d.added, d.removed, d.changed]).toEqual([1, 0, 0]);
    expect(d.samples.added).toEqual(['added.example/ (fake-shop)']);

    const diffCli = quiet();
    expect(await cli(['diff', '--state', w.stateDir, '--json'], diffCli.io)).toBe(0);
    expect(JSON.parse(diffCli.out.join('\n'))).toMatchObject({ added: 1, removed: 0 });
    const statsCli = quiet();
    expect(await cli(['stats', w.outDir, '--json'], statsCli.io)).toBe(0);
    expect(JSON.parse(statsCli.out.join('\n'))).toMatchObject({ count: v1.build.entries.length + 1 });
  });

  it('a format-1 snapshot (no keys) is refused with a clear message', async () => {
    const dir = tempDir();
    const file = join(dir, 'old.snap');
    writeFileSync(file, encodeSnapshot(await buildTable([{ key: 'x.example/', category: 'other', severity: 'low' }], { listId: 'l', version: 1 })));
    await expect(loadList(file)).rejects.toThrow(/no key strings/);
  });
});
