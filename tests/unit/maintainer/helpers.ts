/** Shared helpers for maintainer tests: temp folders (under the OS temp dir), throwaway keys, fixture paths. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { generateKey, loadSigner, makeKeyset, loadPublicKey } from '../../../src/maintainer/keys';
import type { Keyset } from '../../../src/core/lists/keyset';
import type { Signer } from '../../../src/core/lists/signature';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'lists');
export const FIXTURE_CONFIG = join(FIXTURES, 'sources.json');
export const NOW = Date.parse('2025-11-25T12:00:00Z');
export const DAY = 86_400_000;

const made: string[] = [];
export function tempDir(prefix = 'ss-maint-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
export function cleanupTemp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface TestSigner {
  readonly keyFile: string;
  readonly pubFile: string;
  readonly signer: Signer;
}

export async function makeSigner(dir: string, name: string): Promise<TestSigner> {
  const k = await generateKey(name, join(dir, 'keys'));
  return { keyFile: k.privateFile, pubFile: k.publicFile, signer: await loadSigner(k.privateFile) };
}

export function keysetFor(signers: readonly TestSigner[], threshold: number, version = 1): Keyset {
  return makeKeyset(signers.map((s) => loadPublicKey(s.pubFile)), threshold, version);
}

/** path → sha256 of every file under dir (to prove nothing was written). */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
