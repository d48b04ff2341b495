import { cpSync, readFileSync, writeFileSync, appendFileSync, existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSnapshot, lookup, lookupKey, provenanceOf } from '../../../src/core/lists/index';
import { openSignedManifest, planUpdate } from '../../../src/core/lists/manifest';
import { signKeysetRotation } from '../../../src/core/lists/keyset';
import { buildList, type BuildResult } from '../../../src/maintainer/build';
import { firstSeenFrom, loadPreviousTable, publishList, type PublishOptions } from '../../../src/maintainer/publish';
import { loadConfig } from '../../../src/maintainer/sources/config';
import { loadState, saveState } from '../../../src/maintainer/state';
import { verifyPublication, type Reader } from '../../../src/maintainer/verify';
import { DAY, FIXTURES, NOW, cleanupTemp, keysetFor, makeSigner, tempDir, treeDigest, type TestSigner } from './helpers';

afterAll(cleanupTemp);

const diskReader = (dir: string): Reader => async (p) => {
  try {
    return new Uint8Array(await readFile(join(dir, p)));
  } catch {
    return null;
  }
};

interface World {
  readonly src: string;
  readonly stateDir: string;
  readonly outDir: string;
  readonly alice: TestSigner;
}

async function world(): Promise<World> {
  const root = tempDir();
  const src = join(root, 'src');
  cpSync(FIXTURES, src, { recursive: true });
  return { src, stateDir: join(root, 'state'), outDir: join(root, 'out'), alice: await makeSigner(root, 'alice') };
}

async function buildIn(w: World, now: number): Promise<BuildResult> {
  const state = loadState(w.stateDir, 'fixture-main');
  const prev = await loadPreviousTable(state, w.stateDir);
  if (!prev.ok) throw new Error(prev.message);
  const fs = firstSeenFrom(prev.value);
  return buildList(loadConfig(join(w.src, 'sources.json')), { now, ...(fs ? { previousFirstSeen: fs } : {}) });
}

async function publishIn(w: World, now: number, over: Partial<PublishOptions> = {}) {
  const build = over.build ?? (await buildIn(w, now));
  return publishList({
    build,
    state: over.state ?? loadState(w.stateDir, build.listId),
    stateDir: w.stateDir,
    outDir: w.outDir,
    keyset: keysetFor([w.alice], 1),
    signers: [w.alice.signer],
    now,
    expiresInDays: 7,
    keepDeltas: 3,
    minClientVersion: '0.1.0',
    reportEndpoint: 'http://127.0.0.1:8790/v1/reports',
    ...over,
  });
}

describe('round trip: build → publish → verify → load with the list engine', () => {
  let w: World;
  let build: BuildResult;
  beforeAll(async () => {
    w = await world();
    build = await buildIn(w, NOW);
    const r = await publishIn(w, NOW, { build });
    if (!r.ok) throw new Error(r.message);
  });

  it('verify (from disk, as the extension would) passes', async () => {
    const report = await verifyPublication(diskReader(w.outDir), keysetFor([w.alice], 1), { now: NOW + DAY, listId: 'fixture-main' });
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.manifest?.version).toBe(1);
  });

  it('the published snapshot answers the same lookups as the sources', async () => {
    const m = await openSignedManifest(readFileSync(join(w.outDir, 'manifest.json')), keysetFor([w.alice], 1), { now: NOW });
    if (!m.ok) throw new Error(m.message);
    const dec = await decodeSnapshot(readFileSync(join(w.outDir, m.value.manifest.snapshot.path)));
    if (!dec.ok) throw new Error(dec.message);
    const t = dec.value;
    expect(t.count).toBe(build.entries.length);
    for (const e of build.entries) {
      const match = e.key.includes(':') && !e.key.includes('/') ? lookupKey(t, e.key) : lookup(t, `http://${e.key}`);
      expect(match, e.key).toMatchObject({ category: e.category, severity: e.severity });
      expect(provenanceOf(t, e.key)).toEqual({ firstSeen: e.firstSeen, sources: e.sources });
    }
    // URLs as users meet them
    expect(lookup(t, 'https://shop.scam-shop.example/checkout?id=1')?.expression).toBe('scam-shop.example/');
    expect(lookup(t, 'https://evil-airdrop.github.io/claim')?.expression).toBe('evil-airdrop.github.io/');
    expect(lookup(t, 'https://sites.google.com/view/refund-center-2025')?.category).toBe('phishing');
    // refused, suppressed, disabled and trusted: no match
    for (const u of [
      'https://www.taobao.com/',
      'https://alice.github.io/',
      'https://sites.google.com/view/other',
      'https://bit.ly/other',
      'http://task-rebate-vip.example/',
      'http://disabled-false-positive.example/',
      'https://twitter.com/fake_polkadot_support',
      'https://my-bank.example/',
    ]) {
      expect(lookup(t, u), u).toBeNull();
    }
  });

  it('a second publish ships a small delta that applies to the first version', async () => {
    appendFileSync(join(w.src, 'domains.txt'), 'brand-new-scam.example\n');
    writeFileSync(join(w.src, 'hosts.txt'), readFileSync(join(w.src, 'hosts.txt'), 'utf8').replace(/.*fake-bank-login.*\n/, ''));
    const r = await publishIn(w, NOW + DAY);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.delta).toEqual({ added: 1, removed: 1 });
    expect(r.value.manifest.deltas.map((d) => `${d.from}-${d.to}`)).toEqual(['1-2']);
    expect(planUpdate(r.value.manifest, 1).kind).toBe('deltas');
    const report = await verifyPublication(diskReader(w.outDir), keysetFor([w.alice], 1), {
      now: NOW + DAY,
      baseSnapshot: async (v) => (v === 1 ? readFileSync(join(w.stateDir, 'snapshots/fixture-main-1.snap')) : null),
    });
    expect(report.errors).toEqual([]);
    expect(report.deltasApplied).toBe(1);
    // first-seen dates survive across versions
    const t = report.table;
    expect(t && provenanceOf(t, 'scam-shop.example/')?.firstSeen).toBe('2025-11-25');
    expect(t && provenanceOf(t, 'brand-new-scam.example/')?.firstSeen).toBe('2025-11-26');
  });
});

describe('delta chain retention', () => {
  it('keeps the last N contiguous deltas, prunes older files, and every delta verifies against its base', async () => {
    const w = await world();
    for (let i = 0; i < 5; i++) {
      appendFileSync(join(w.src, 'domains.txt'), `churn-${i}.example\n`);
      const r = await publishIn(w, NOW + i * DAY);
      if (!r.ok) throw new Error(r.message);
    }
    const state = loadState(w.stateDir);
    expect(state.deltas.map((d) => `${d.from}-${d.to}`)).toEqual(['2-3', '3-4', '4-5']);
    expect(readdirSync(join(w.outDir, 'deltas')).sort()).toEqual(['fixture-main-2-3.delta', 'fixture-main-3-4.delta', 'fixture-main-4-5.delta']);
    expect(readdirSync(join(w.outDir, 'snapshots'))).toEqual(['fixture-main-5.snap']);
    expect(readdirSync(join(w.stateDir, 'snapshots')).sort()).toEqual(['fixture-main-2.snap', 'fixture-main-3.snap', 'fixture-main-4.snap', 'fixture-main-5.snap']);
    const report = await verifyPublication(diskReader(w.outDir), keysetFor([w.alice], 1), {
      now: NOW + 4 * DAY,
      baseSnapshot: async (v) => {
        const p = join(w.stateDir, `snapshots/fixture-main-${v}.snap`);
        return existsSync(p) ? readFileSync(p) : null;
      },
    });
    expect(report.errors).toEqual([]);
    expect(report.deltasApplied).toBe(3);
  });
});

describe('publish refusals (nothing written)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
    const r = await publishIn(w, NOW);
    if (!r.ok) throw new Error(r.message);
  });

  async function refused(over: Partial<PublishOptions>, now = NOW + DAY): Promise<string> {
    const before = { state: treeDigest(w.stateDir), out: treeDigest(w.outDir) };
    const r = await publishIn(w, now, over);
    expect({ state: treeDigest(w.stateDir), out: treeDigest(w.outDir) }).toEqual(before);
    return r.ok ? 'published' : r.reason;
  }

  it('version does not increase', async () => {
    expect(await refused({ version: 1 })).toBe('VERSION_NOT_INCREASING');
  });

  it('delta base is not the previous published version', async () => {
    expect(await refused({ baseVersion: 0 })).toBe('BAD_DELTA_BASE');
  });

  it('the previous snapshot in the state no longer matches what was published', async () => {
    const w2 = await world();
    const r = await publishIn(w2, NOW);
    if (!r.ok) throw new Error(r.message);
    const snap = join(w2.stateDir, 'snapshots/fixture-main-1.snap');
    const bytes = readFileSync(snap);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(snap, bytes);
    const build = buildList(loadConfig(join(w2.src, 'sources.json')), { now: NOW + DAY });
    const r2 = await publishIn(w2, NOW + DAY, { build });
    expect(r2.ok ? 'published' : r2.reason).toBe('BAD_DELTA_BASE');
  });

  it('the output folder holds a version the state did not publish', async () => {
    const other = await world();
    const r = await publishIn(other, NOW, { version: 7 });
    if (!r.ok) throw new Error(r.message);
    const original = readFileSync(join(w.outDir, 'manifest.json'));
    cpSync(join(other.outDir, 'manifest.json'), join(w.outDir, 'manifest.json'));
    const r2 = await publishIn(w, NOW + DAY);
    expect(r2.ok ? 'published' : r2.reason).toBe('BAD_DELTA_BASE');
    writeFileSync(join(w.outDir, 'manifest.json'), original);
  });

  it('expires too far', async () => {
    expect(await refused({ expiresInDays: 45 })).toBe('TOO_FAR_EXPIRY');
  });

  it('a file exceeds the client caps', async () => {
    expect(await refused({ limits: { snapshotMaxBytes: 1000 } })).toBe('TOO_LARGE');
    appendFileSync(join(w.src, 'domains.txt'), 'cap-test.example\n');
    expect(await refused({ limits: { deltaMaxBytes: 10 } })).toBe('TOO_LARGE');
  });

  it('the guard failed', async () => {
    const build = await buildIn(w, NOW + DAY);
    const bad: BuildResult = { ...build, report: { ...build.report, guard: { ok: false, failures: ['source "x": 90% refused'] } } };
    expect(await refused({ build: bad })).toBe('GUARD_FAILED');
  });

  it('signers do not reach the keyset threshold', async () => {
    const bob = await makeSigner(tempDir(), 'bob');
    expect(await refused({ keyset: keysetFor([w.alice, bob], 2) })).toBe('SIGNING');
    expect(await refused({ signers: [bob.signer] })).toBe('SIGNING');
  });

  it('another list id', async () => {
    const build = await buildIn(w, NOW + DAY);
    expect(await refused({ build: { ...build, listId: 'other-list' }, state: loadState(w.stateDir) })).toBe('WRONG_LIST');
  });

  it('and with valid options it publishes', async () => {
    const r = await publishIn(w, NOW + DAY);
    expect(r.ok ? r.value.manifest.version : r.message).toBe(2);
  });
});

describe('key rotation through publish', () => {
  it('a rotation recorded in the state is carried in the manifest and followed by clients pinned to the old keyset', async () => {
    const w = await world();
    const bob = await makeSigner(tempDir(), 'bob');
    const v1 = keysetFor([w.alice], 1, 1);
    const v2 = keysetFor([bob], 1, 2);
    expect((await publishIn(w, NOW)).ok).toBe(true);
    const state = loadState(w.stateDir);
    saveState(w.stateDir, { ...state, keysetChain: [await signKeysetRotation(v2, [w.alice.signer])] });
    const r = await publishIn(w, NOW + DAY, { keyset: v1, signers: [bob.signer] });
    expect(r.ok ? 'ok' : r.message).toBe('ok');
    const m = await openSignedManifest(readFileSync(join(w.outDir, 'manifest.json')), v1, { now: NOW + DAY });
    expect(m.ok && m.value.keyset).toEqual(v2);
    // a rotation signed only by the new key is refused: publish will not write it
    const w2 = await world();
    expect((await publishIn(w2, NOW)).ok).toBe(true);
    saveState(w2.stateDir, { ...loadState(w2.stateDir), keysetChain: [await signKeysetRotation(v2, [bob.signer])] });
    const r2 = await publishIn(w2, NOW + DAY, { keyset: keysetFor([w2.alice], 1, 1), signers: [bob.signer] });
    expect(r2.ok ? 'ok' : r2.reason).toBe('SIGNING');
  });
});
