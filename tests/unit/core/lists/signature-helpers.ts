/** Test helpers: throwaway Ed25519 keys and keysets (never written to disk). */
import { KEYSET_TYPE, type Keyset } from '../../../../src/core/lists/keyset';
import { bytesToBase64, keyIdOf, type Signer } from '../../../../src/core/lists/signature';

export interface TestKey extends Signer {
  readonly publicKey: string;
}

export async function makeKey(): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { keyId: await keyIdOf(raw), privateKey: pair.privateKey, publicKey: bytesToBase64(raw) };
}

export function keysetOf(keys: readonly TestKey[], threshold: number, version = 1): Keyset {
  return { type: KEYSET_TYPE, version, threshold, keys: keys.map((k) => ({ id: k.keyId, publicKey: k.publicKey })) };
}
