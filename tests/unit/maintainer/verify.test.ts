import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signManifest } from '../../../src/core/lists/manifest';
import { base64ToBytes } from '../../../src/core/lists/signature';
import { buildList } from '../../../src/maintainer/build';
import { publishList } from '../../../src/maintainer/publish';
import { loadConfig } from '../../../src/maintainer/sources/config';
import { loadState } from '../../../src/maintainer/state';
import { verifyPublication, type Reader } from '../../../src/maintainer/verify';
import { DAY, FIXTURES, NOW, cleanupTemp, keysetFor, makeSigner, tempDir, type TestSigner } from './helpers';

afterAll(cleanupTemp);

/** A published folder with v1 and v2 (one delta), held in memory so each test can doctor a copy. */
let files: Map<string, Uint8Array>;
let alice: TestSigner;
let stateSnap1: Uint8Array;

beforeAll(async () => {
  const root = tempDir();
  const src = join(root, 'src');
  cpSync(FIXTURES, src, { recursive: true });
  alice = await makeSigner(root, 'alice');
  const stateDir = join(root, 'state');
  const outDir = join(root, 'out');
  for (const [i, extra] of ['', 'added-in-v2.example\n'].entries()) {
    const cfg = loadConfig(join(src, 'sources.json'));
    const build = buildList(cfg, { now: NOW + i * DAY, readText: (p) => readFileSync(p, 'utf8') + (p.endsWith('domains.txt') ? extra : '') });
    const r = await publishList({
      build, state: loadState(stateDir, 'fixture-main'), stateDir, outDir, keyset: keysetFor([alice], 1), signers: [alice.signer],
      now: NOW + i * DAY, expiresInDays: 7, keepDeltas: 3, minClientVersion: '0.1.0',
    });
    if (!r.ok) throw new Error(r.message);
  }
  const m = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
  const manifest = JSON.parse(new TextDecoder().decode(base64ToBytes(m.payload) ?? new Uint8Array()));
  files = new Map<string, Uint8Array>([['manifest.json', readFileSync(join(outDir, 'manifest.json'))]]);
  for (const p of [manifest.snapshot.path, ...manifest.deltas.map((d: { path: string }) => d.path)]) files.set(p, readFileSync(join(outDir, p)));
  stateSnap1 = readFileSync(join(stateDir, 'snapshots/fixture-main-1.snap'));
});

function reader(doctor?: (f: Map<string, Uint8Array>) => void): Reader {
  const copy = new Map([...files].map(([k, v]) => [k, new Uint8Array(v)]));
  doctor?.(copy);
  return async (p) => copy.get(p) ?? null;
}
const snapPath = (): string => [...files.keys()].find((k) => k.startsWith('snapshots/')) ?? '';
const deltaPath = (): string => [...files.keys()].find((k) => k.startsWith('deltas/')) ?? '';
const codes = async (read: Reader, opts = {}): Promise<string[]> => {
  const r = await verifyPublication(read, keysetFor([alice], 1), { now: NOW + DAY, baseSnapshot: async (v) => (v === 1 ? stateSnap1 : null), ...opts });
  return r.errors.map((e) => e.code);
};

describe('verify a published folder', () => {
  it('passes an intact folder, applying the delta to the v1 base', async () => {
    const r = await verifyPublication(reader(), keysetFor([alice], 1), { now: NOW + DAY, baseSnapshot: async () => stateSnap1 });
    expect(r.errors).toEqual([]);
    expect(r.deltasApplied).toBe(1);
  });

  it('without a base, checks the delta by hashes and warns that it was not applied', async () => {
    const r = await verifyPublication(reader(), keysetFor([alice], 1), { now: NOW + DAY });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['NOT_APPLIED']);
  });

  it.each([
    ['a flipped snapshot byte', (f: Map<string, Uint8Array>) => { const b = f.get(snapPath())!; b[100] = (b[100] ?? 0) ^ 1; }, ['HASH_MISMATCH']],
    ['a truncated snapshot', (f: Map<string, Uint8Array>) => f.set(snapPath(), f.get(snapPath())!.subarray(0, 1000)), ['BAD_LENGTH']],
    ['a longer delta', (f: Map<string, Uint8Array>) => f.set(deltaPath(), new Uint8Array([...f.get(deltaPath())!, 0])), ['BAD_LENGTH']],
    ['a missing delta', (f: Map<string, Uint8Array>) => f.delete(deltaPath()), ['MISSING']],
    ['the snapshot served as the delta', (f: Map<string, Uint8Array>) => f.set(deltaPath(), f.get(snapPath())!), ['BAD_LENGTH']],
    ['a missing manifest', (f: Map<string, Uint8Array>) => f.delete('manifest.json'), ['MISSING']],
  ])('fails on %s', async (_n, doctor, expected) => {
    expect(await codes(reader(doctor))).toEqual(expected);
  });

  it('fails on a manifest re-signed by a key that is not pinned', async () => {
    const mallory = await makeSigner(tempDir(), 'mallory');
    const env = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    const resigned = await signManifest(base64ToBytes(env.payload)!, [mallory.signer]);
    expect(await codes(reader((f) => f.set('manifest.json', resigned)))).toEqual(['UNKNOWN_KEY']);
  });

  it('fails when the base offered for the delta is not the published v1', async () => {
    const v2snap = files.get(snapPath())!;
    const r = await verifyPublication(reader(), keysetFor([alice], 1), { now: NOW + DAY, baseSnapshot: async () => v2snap });
    expect(r.errors.map((e) => e.code)).toEqual(['WRONG_BASE']);
  });

  it('fails on an expired manifest and on another list id', async () => {
    expect(await codes(reader(), { now: NOW + 30 * DAY })).toEqual(['EXPIRED']);
    expect(await codes(reader(), { listId: 'other' })).toEqual(['WRONG_LIST']);
  });
});
