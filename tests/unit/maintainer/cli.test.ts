import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/maintainer/cli';
import { FIXTURES, cleanupTemp, tempDir } from './helpers';

afterAll(cleanupTemp);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lists CLI', () => {
  let root: string;
  let src: string;
  const NOW = '2025-11-25T12:00:00Z';
  beforeAll(() => {
    root = tempDir();
    src = join(root, 'src');
    cpSync(FIXTURES, src, { recursive: true });
  });

  it('prints usage and exits 2 without a command or with an unknown one', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('build', '--bogus')).code).toBe(2);
  });

  it('keygen writes a 0600 private key outside the repo, and refuses a folder inside the repo', async () => {
    const r = await run('keygen', '--name', 'alice', '--dir', join(root, 'keys'));
    expect(r.code).toBe(0);
    expect(statSync(join(root, 'keys', 'alice.key')).mode & 0o777).toBe(0o600);
    const inRepo = await run('keygen', '--name', 'x', '--dir', join(FIXTURES, 'keys'));
    expect(inRepo.code).toBe(1);
    expect(inRepo.err).toMatch(/refusing to write a private key inside the git working tree/);
    expect(existsSync(join(FIXTURES, 'keys'))).toBe(false);
    expect((await run('keygen', '--name', 'alice', '--dir', join(root, 'keys'))).err).toMatch(/refusing to overwrite/);
  });

  it('keyset → build → publish → verify', async () => {
    const keyset = join(root, 'keyset.json');
    expect((await run('keyset', '--pub', join(root, 'keys', 'alice.pub.json'), '--threshold', '1', '--out', keyset)).code).toBe(0);
    const build = await run('build', '--config', join(src, 'sources.json'), '--out', join(root, 'build.json'), '--now', NOW);
    expect(build.code).toBe(0);
    expect(build.out).toMatch(/guard refused 9/);
    expect(build.out).toMatch(/domains\.txt:9: not a domain/);
    const pub = await run('publish', '--build', join(root, 'build.json'), '--state', join(root, 'state'), '--out', join(root, 'out'),
      '--keyset', keyset, '--key', join(root, 'keys', 'alice.key'), '--now', NOW);
    expect(pub.err).toBe('');
    expect(pub.code).toBe(0);
    expect(pub.out).toMatch(/published fixture-main v1: 23 entries/);
    const ver = await run('verify', '--dir', join(root, 'out'), '--keyset', keyset, '--state', join(root, 'state'), '--now', NOW);
    expect(ver.out).toMatch(/verify: ok/);
    expect(ver.code).toBe(0);
    const again = await run('publish', '--build', join(root, 'build.json'), '--state', join(root, 'state'), '--out', join(root, 'out'),
      '--keyset', keyset, '--key', join(root, 'keys', 'alice.key'), '--now', NOW, '--version', '1');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/VERSION_NOT_INCREASING/);
  });

  it('verify fails with a keyset that does not hold the signing key', async () => {
    expect((await run('keygen', '--name', 'mallory', '--dir', join(root, 'keys'))).code).toBe(0);
    const other = join(root, 'other-keyset.json');
    await run('keyset', '--pub', join(root, 'keys', 'mallory.pub.json'), '--out', other);
    const r = await run('verify', '--dir', join(root, 'out'), '--keyset', other, '--now', NOW);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}UNKNOWN_KEY/);
  });

  it('an unreadable source fails the build with a clear message and writes nothing', async () => {
    const broken = tempDir();
    cpSync(FIXTURES, broken, { recursive: true });
    rmSync(join(broken, 'tw165.tsv'));
    const out = join(broken, 'build.json');
    const r = await run('build', '--config', join(broken, 'sources.json'), '--out', out, '--report', join(broken, 'report.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/source "tw165" \(.*tw165\.tsv\) cannot be read/);
    expect(r.err).toMatch(/nothing was written/);
    expect(existsSync(out) || existsSync(join(broken, 'report.json'))).toBe(false);
  });

  it('rotate records a rotation only when signed by the current keys', async () => {
    const keyset = join(root, 'keyset.json');
    await run('keygen', '--name', 'bob', '--dir', join(root, 'keys'));
    const v2 = join(root, 'keyset-v2.json');
    await run('keyset', '--pub', join(root, 'keys', 'bob.pub.json'), '--version', '2', '--out', v2);
    const state = join(root, 'state');
    const before = readFileSync(join(state, 'state.json'), 'utf8');
    const bad = await run('rotate', '--state', state, '--from', keyset, '--to', v2, '--key', join(root, 'keys', 'bob.key'));
    expect(bad.code).toBe(1);
    expect(readFileSync(join(state, 'state.json'), 'utf8')).toBe(before);
    const good = await run('rotate', '--state', state, '--from', keyset, '--to', v2, '--key', join(root, 'keys', 'alice.key'));
    expect(good.code).toBe(0);
    const pub = await run('publish', '--config', join(src, 'sources.json'), '--state', state, '--out', join(root, 'out'),
      '--keyset', keyset, '--key', join(root, 'keys', 'bob.key'), '--now', '2025-11-26T12:00:00Z');
    expect(pub.err).toBe('');
    const ver = await run('verify', '--dir', join(root, 'out'), '--keyset', keyset, '--state', state, '--now', '2025-11-26T12:00:00Z');
    expect(ver.out).toMatch(/after 1 keyset rotation/);
    expect(ver.code).toBe(0);
  });
});
