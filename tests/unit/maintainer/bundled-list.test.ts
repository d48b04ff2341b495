/**
 * The release step that makes the bundled list (scripts/build-bundled-list.ts): from the committed upstream copies
 * (`localCopy` under --data-dir) or from the published, verified snapshot. Guarded like a publish; attribution and
 * licences land in bundled.json and NOTICE; a source without a copy is said to be missing, never silently empty.
 */
import { readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSnapshot, hasKeys, lookupKey } from '../../../src/core/lists/index';
import { buildBundledList, bundleFromPublished } from '../../../scripts/build-bundled-list';
import { runListsUpdate } from '../../../src/maintainer/update';
import { FIXTURES, cleanupTemp, keysetFor, makeSigner, tempDir } from './helpers';

afterAll(cleanupTemp);

function configIn(dir: string): string {
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      listId: 'fixture-bundle',
      sources: [
        { name: 'hosts', url: 'https://lists.example/hosts.txt', localCopy: 'hosts.txt', format: 'hosts', category: 'phishing', licence: 'Unlicense', attribution: 'Hosts Fixture', homepage: 'https://lists.example/' },
        { name: 'tw165', url: 'https://lists.example/tw165.tsv', localCopy: 'tw165.tsv', format: 'tw165-tsv', category: 'investment', licence: 'OGDL-Taiwan-1.0' },
        { name: 'only-online', url: 'https://lists.example/fraud.txt', format: 'domains', category: 'other', licence: 'Unlicense' },
      ],
      guard: { maxRefusedRatio: 0.9 },
    }),
  );
  return file;
}

describe('bundled list from upstream copies', () => {
  it('guards, carries key strings, credits each source, and says which source had no copy', async () => {
    const dir = tempDir('ss-bundle-');
    const r = await buildBundledList({
      configFile: configIn(dir),
      dataDir: FIXTURES,
      outDir: join(dir, 'out'),
      noticeFiles: [join(dir, 'NOTICE')],
      issued: '2026-12-03',
    });
    const table = await decodeSnapshot(new Uint8Array(readFileSync(join(dir, 'out/bundled.sslist'))));
    if (!table.ok) throw new Error(table.message);
    expect(hasKeys(table.value)).toBe(true);
    expect(table.value.count).toBe(r.count);
    expect(r.refused).toBeGreaterThan(0); // the fixtures list trusted domains on purpose
    expect(lookupKey(table.value, 'alipay.com/')).toBeNull();
    const meta = JSON.parse(readFileSync(join(dir, 'out/bundled.json'), 'utf8')) as { issuedAt: number; sources: { name: string; licence: string; entries: number }[] };
    expect(meta.issuedAt).toBe(Date.parse('2026-12-03T00:00:00Z'));
    expect(meta.sources.map((s) => s.name)).toEqual(['hosts', 'tw165']);
    expect(meta.sources.every((s) => s.entries > 0)).toBe(true);
    expect(r.sources.find((s) => s.name === 'only-online')?.missing).toMatch(/no local copy/);
    const notice = readFileSync(join(dir, 'NOTICE'), 'utf8');
    expect(notice).toMatch(/Hosts Fixture\n {2}licence: Unlicense/);
    expect(notice).toMatch(/not in this bundle .*added by list updates/);
    expect(readFileSync(join(dir, 'out/bundled-keys.json'), 'utf8').trim()).toBe('[]');
  });

  it('is deterministic: the same copies and date give the same bytes', async () => {
    const dir = tempDir('ss-bundle-');
    const cfg = configIn(dir);
    const make = async (out: string) => {
      await buildBundledList({ configFile: cfg, dataDir: FIXTURES, outDir: join(dir, out), noticeFiles: [], issued: '2026-12-03' });
      return readFileSync(join(dir, out, 'bundled.sslist'));
    };
    expect((await make('a')).equals(await make('b'))).toBe(true);
  });
});

describe('bundled list from the published folder', () => {
  it('is the verified published snapshot, byte for byte, with its version; a forged folder is refused', async () => {
    const dir = tempDir('ss-bundle-pub-');
    const alice = await makeSigner(dir, 'alice');
    writeFileSync(join(dir, 'keyset.json'), JSON.stringify(keysetFor([alice], 1)));
    const cfg = join(dir, 'sources.json');
    cpSync(join(FIXTURES, 'domains.txt'), join(dir, 'domains.txt'));
    writeFileSync(cfg, JSON.stringify({ listId: 'fixture-pub', sources: [{ name: 'd', path: 'domains.txt', format: 'domains', category: 'fake-shop', licence: 'MIT' }], guard: { maxRefusedRatio: 0.9 }, publish: { firstVersion: 7 } }));
    const s = await runListsUpdate({ configFile: cfg, cacheDir: join(dir, 'c'), stateDir: join(dir, 's'), outDir: join(dir, 'pub'), keyset: keysetFor([alice], 1), signers: [alice.signer], now: Date.now() });
    if (s.result.kind !== 'published') throw new Error(JSON.stringify(s.result));
    const r = await bundleFromPublished({ dir: join(dir, 'pub'), keysetFile: join(dir, 'keyset.json'), configFile: cfg, outDir: join(dir, 'out'), noticeFiles: [], now: Date.now() });
    expect(r.count).toBe(s.result.publish.manifest.count);
    expect(readFileSync(join(dir, 'out/bundled.sslist')).equals(readFileSync(join(dir, 'pub', s.result.publish.manifest.snapshot.path)))).toBe(true);
    expect((JSON.parse(readFileSync(join(dir, 'out/bundled.json'), 'utf8')) as { version: number }).version).toBe(7);
    // another keyset: refused
    const mallory = await makeSigner(dir, 'mallory');
    writeFileSync(join(dir, 'other.json'), JSON.stringify(keysetFor([mallory], 1)));
    await expect(bundleFromPublished({ dir: join(dir, 'pub'), keysetFile: join(dir, 'other.json'), configFile: cfg, outDir: join(dir, 'out2'), noticeFiles: [], now: Date.now() })).rejects.toThrow(/does not verify/);
    rmSync(join(dir, 'out2'), { recursive: true, force: true });
  });
});
