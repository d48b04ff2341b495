import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDefaultModel, openModelArtifact, serializeModel } from '../../../src/core/classify/index.ts';
import { openSignedManifest } from '../../../src/core/lists/manifest';
import { buildList } from '../../../src/maintainer/build';
import { publishList } from '../../../src/maintainer/publish';
import { loadConfig } from '../../../src/maintainer/sources/config';
import { loadState } from '../../../src/maintainer/state';
import { FIXTURES, NOW, cleanupTemp, keysetFor, makeSigner, tempDir } from './helpers';

afterAll(cleanupTemp);

async function publishWith(model: Uint8Array) {
  const root = tempDir();
  const src = join(root, 'src');
  cpSync(FIXTURES, src, { recursive: true });
  const alice = await makeSigner(root, 'alice');
  const build = await buildList(loadConfig(join(src, 'sources.json')), { now: NOW });
  const outDir = join(root, 'out');
  const keyset = keysetFor([alice], 1);
  const r = await publishList({
    build, state: loadState(join(root, 'state'), build.listId), stateDir: join(root, 'state'), outDir, keyset, signers: [alice.signer], now: NOW,
    expiresInDays: 7, keepDeltas: 3, minClientVersion: '0.1.0', model: { bytes: model, minExtensionVersion: '0.2.0' },
  });
  return { r, outDir, keyset };
}

describe('lists publish --model (a retrained classifier model through the signed feed)', () => {
  it('writes models/model-<release>.json and names it (length, sha256, version, release, format, min version) in the signed manifest', async () => {
    const m = getDefaultModel();
    const bytes = new TextEncoder().encode(JSON.stringify(serializeModel({ ...m, release: m.release + 1 })));
    const { r, outDir, keyset } = await publishWith(bytes);
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    const opened = await openSignedManifest(new Uint8Array(readFileSync(join(outDir, 'manifest.json'))), keyset, { now: NOW });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const ref = opened.value.manifest.model;
    expect(ref).toMatchObject({ path: `models/model-${m.release + 1}.json`, length: bytes.length, version: m.version, release: m.release + 1, formatVersion: 4, minExtensionVersion: '0.2.0' });
    const onDisk = new Uint8Array(readFileSync(join(outDir, ref!.path)));
    const check = await openModelArtifact(onDisk, ref!);
    expect(check.ok).toBe(true);
  });

  it('refuses a file that is not a valid model, and writes nothing', async () => {
    const { r, outDir } = await publishWith(new TextEncoder().encode('{"format":"scamsentinel-classifier","formatVersion":2}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('BAD_MODEL');
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(false);
  });
});
