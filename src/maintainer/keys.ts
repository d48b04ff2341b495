/**
 * Maintainer key files. Ed25519 via WebCrypto (node:crypto's webcrypto); no hand-rolled crypto.
 *
 * Private key file (JSON, mode 0600, never in the repo):
 *   { "type": "scamsentinel-private-key", "alg": "Ed25519", "id": "3f9a…", "publicKey": "<b64 raw>", "pkcs8": "<b64>" }
 * Public key file: { "type": "scamsentinel-public-key", "alg": "Ed25519", "id": "3f9a…", "publicKey": "<b64 raw>" }
 *
 * Default key folder: $SCAMSENTINEL_KEYS_DIR, else ~/.config/scamsentinel/keys. keygen refuses a folder inside a git
 * working tree unless it is the git-ignored `.keys/` at its root.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { KEYSET_TYPE, parseKeyset, type Keyset } from '../core/lists/keyset';
import { asBufferSource, base64ToBytes, bytesToBase64, keyIdOf, type Signer } from '../core/lists/signature';
import { gitRootOf, isInside, writeFileAtomic } from './fs-util';

export const PrivateKeyFileSchema = z.object({
  type: z.literal('scamsentinel-private-key'),
  alg: z.literal('Ed25519'),
  id: z.string(),
  publicKey: z.string(),
  pkcs8: z.string(),
});
export const PublicKeyFileSchema = z.object({
  type: z.literal('scamsentinel-public-key'),
  alg: z.literal('Ed25519'),
  id: z.string(),
  publicKey: z.string(),
});
export type PublicKeyFile = z.infer<typeof PublicKeyFileSchema>;

export class KeyError extends Error {}

export function defaultKeysDir(): string {
  return process.env['SCAMSENTINEL_KEYS_DIR'] ?? join(homedir(), '.config', 'scamsentinel', 'keys');
}

/** Throws when `dir` is inside a git working tree and not under its `.keys/`. */
export function assertKeyDirOutsideRepo(dir: string): void {
  const root = gitRootOf(dir);
  if (root !== null && !isInside(join(root, '.keys'), dir)) {
    throw new KeyError(
      `refusing to write a private key inside the git working tree ${root} (${resolve(dir)}); ` +
        `use a folder outside it, or ${join(root, '.keys')} (git-ignored)`,
    );
  }
}

export interface GeneratedKey {
  readonly privateFile: string;
  readonly publicFile: string;
  readonly id: string;
  readonly publicKey: string;
}

export async function generateKey(name: string, dir = defaultKeysDir()): Promise<GeneratedKey> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new KeyError('key name: letters, digits, . _ - only');
  assertKeyDirOutsideRepo(dir);
  const privateFile = join(dir, `${name}.key`);
  const publicFile = join(dir, `${name}.pub.json`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (existsSync(privateFile)) throw new KeyError(`${privateFile} exists; refusing to overwrite a private key`);
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const id = await keyIdOf(raw);
  const publicKey = bytesToBase64(raw);
  writeFileAtomic(
    privateFile,
    JSON.stringify({ type: 'scamsentinel-private-key', alg: 'Ed25519', id, publicKey, pkcs8: bytesToBase64(pkcs8) }, null, 2) + '\n',
    0o600,
  );
  writeFileAtomic(publicFile, JSON.stringify({ type: 'scamsentinel-public-key', alg: 'Ed25519', id, publicKey }, null, 2) + '\n');
  return { privateFile, publicFile, id, publicKey };
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e: unknown) {
    throw new KeyError(`cannot read ${what} ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function loadSigner(file: string): Promise<Signer & { publicKey: string }> {
  const parsed = PrivateKeyFileSchema.safeParse(readJson(file, 'private key'));
  if (!parsed.success) throw new KeyError(`${file} is not a ScamSentinel private key file`);
  const pkcs8 = base64ToBytes(parsed.data.pkcs8);
  if (!pkcs8) throw new KeyError(`${file}: pkcs8 is not base64`);
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('pkcs8', asBufferSource(pkcs8), { name: 'Ed25519' }, false, ['sign']);
  } catch (e: unknown) {
    throw new KeyError(`${file}: not an Ed25519 private key (${e instanceof Error ? e.message : String(e)})`);
  }
  const raw = base64ToBytes(parsed.data.publicKey);
  if (!raw || (await keyIdOf(raw)) !== parsed.data.id) throw new KeyError(`${file}: id does not match its public key`);
  return { keyId: parsed.data.id, privateKey, publicKey: parsed.data.publicKey };
}

export function loadPublicKey(file: string): PublicKeyFile {
  const json = readJson(file, 'public key');
  const pub = PublicKeyFileSchema.safeParse(json);
  if (pub.success) return pub.data;
  // a private key file also names its public key
  const priv = PrivateKeyFileSchema.safeParse(json);
  if (priv.success) return { type: 'scamsentinel-public-key', alg: 'Ed25519', id: priv.data.id, publicKey: priv.data.publicKey };
  throw new KeyError(`${file} is not a ScamSentinel public key file`);
}

export function makeKeyset(pubs: readonly PublicKeyFile[], threshold: number, version: number): Keyset {
  const ks = parseKeyset({
    type: KEYSET_TYPE,
    version,
    threshold,
    keys: pubs.map((p) => ({ id: p.id, publicKey: p.publicKey })),
  });
  if (!ks.ok) throw new KeyError(ks.message);
  return ks.value;
}

export function loadKeyset(file: string): Keyset {
  const ks = parseKeyset(readJson(file, 'keyset'));
  if (!ks.ok) throw new KeyError(`${file}: ${ks.message}`);
  return ks.value;
}
