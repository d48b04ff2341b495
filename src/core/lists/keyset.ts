/**
 * Keysets: the public keys an extension pins for a list, with a signature threshold, and how they rotate.
 *
 * Keyset JSON: { "type": "scamsentinel-keyset", "version": 1, "threshold": 2,
 *                "keys": [ { "id": "3f9a…", "publicKey": "<base64 raw 32 bytes>" }, … ] }
 *
 * Rotation: keyset version n+k is published as a signed envelope (signature.ts, context 'scamsentinel/keyset/v1')
 * whose payload is the new keyset JSON, signed by a threshold of the keys of the keyset the client currently trusts.
 * A manifest envelope may carry these links in `keysetChain`, oldest first. The client walks the chain from its
 * pinned keyset: links with a version ≤ the current one are skipped (already followed), every newer link must verify
 * under the *current* keyset, then becomes current. A link signed only by the new keys therefore fails
 * (UNKNOWN_KEY / THRESHOLD_NOT_MET under the old keyset) and the whole manifest is refused.
 * Example: pinned v1 {A,B} t=2; chain [v2 {B,C} signed A+B, v3 {C,D} signed B+C] → manifest must verify under v3.
 * A client already at v2 skips the first link and checks the second under v2.
 * The chain is capped at KEYSET_CHAIN_MAX_LINKS links before any signature is checked.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../zod';
import { fail, ok, type Result } from '../types';
import {
  ED25519_PUBLIC_KEY_BYTES,
  SIGNING_CONTEXT,
  signedEnvelopeSchema,
  base64ToBytes,
  envelopePayload,
  signPayload,
  verifyThreshold,
  type SignatureErrorCode,
  type SignedEnvelope,
  type Signer,
} from './signature';

export const KEYSET_TYPE = 'scamsentinel-keyset';
export const KEYSET_MAX_KEYS = 16;
export const KEYSET_CHAIN_MAX_LINKS = 8;
export const KEYSET_MAX_BYTES = 16 * 1024;

export const publicKeySchema = lazySchema(() =>
  z.object({
    id: z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,64}$/)),
    publicKey: z.string().check(
      z.refine((s) => base64ToBytes(s)?.length === ED25519_PUBLIC_KEY_BYTES, {
        message: 'publicKey must be base64 of 32 raw bytes',
      }),
    ),
  }),
);

export const keysetSchema = lazySchema(() =>
  z
    .object({
      type: z.literal(KEYSET_TYPE),
      version: z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
      threshold: z.int().check(z.gte(1)),
      keys: z.array(publicKeySchema()).check(z.minLength(1), z.maxLength(KEYSET_MAX_KEYS)),
    })
    .check(
      z.superRefine((ks, ctx) => {
        if (ks.threshold > ks.keys.length) {
          ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'threshold exceeds the number of keys' });
        }
        if (new Set(ks.keys.map((k) => k.id)).size !== ks.keys.length) {
          ctx.addIssue({ code: 'custom', path: ['keys'], message: 'duplicate key id' });
        }
        if (new Set(ks.keys.map((k) => k.publicKey)).size !== ks.keys.length) {
          ctx.addIssue({ code: 'custom', path: ['keys'], message: 'duplicate public key' });
        }
      }),
    ),
);
export type Keyset = z.infer<ReturnType<typeof keysetSchema>>;

export type KeysetErrorCode = SignatureErrorCode | 'KEYSET_CHAIN_TOO_LONG' | 'ROTATION_REFUSED';

export function parseKeyset(value: unknown): Result<Keyset, 'BAD_KEYSET'> {
  const parsed = keysetSchema().safeParse(value);
  if (!parsed.success) return fail('BAD_KEYSET', `invalid keyset: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return ok(parsed.data);
}

export function encodeKeyset(keyset: Keyset): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(keyset));
}

/** Signs `next` with keys of the current keyset (the caller provides at least its threshold of signers). */
export async function signKeysetRotation(next: Keyset, signers: readonly Signer[]): Promise<SignedEnvelope> {
  return signPayload(encodeKeyset(next), SIGNING_CONTEXT.keyset, signers);
}

export interface FollowedKeyset {
  readonly keyset: Keyset;
  /** Number of rotation links actually applied (0 when the pinned keyset is still current). */
  readonly followed: number;
}

/** Walks a rotation chain from `pinned`; see the header for the rules. */
export async function followKeysetChain(
  pinned: Keyset,
  chain: readonly unknown[],
  opts: { maxLinks?: number } = {},
): Promise<Result<FollowedKeyset, KeysetErrorCode>> {
  const maxLinks = opts.maxLinks ?? KEYSET_CHAIN_MAX_LINKS;
  if (chain.length > maxLinks) {
    return fail('KEYSET_CHAIN_TOO_LONG', `keyset chain has ${chain.length} links, at most ${maxLinks} are followed`);
  }
  let current = pinned;
  let followed = 0;
  for (const [i, link] of chain.entries()) {
    const env = signedEnvelopeSchema().safeParse(link);
    const payload = env.success ? envelopePayload(env.data) : null;
    if (!env.success || !payload || payload.length > 16 * 1024) {
      return fail('ROTATION_REFUSED', `keyset chain link ${i} is not a signed envelope`);
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      return fail('ROTATION_REFUSED', `keyset chain link ${i} payload is not JSON`);
    }
    const next = parseKeyset(json);
    if (!next.ok) return fail('ROTATION_REFUSED', `keyset chain link ${i}: ${next.message}`);
    if (next.value.version <= current.version) continue; // already followed (or older): skip
    const sig = await verifyThreshold(payload, SIGNING_CONTEXT.keyset, env.data.signatures, current);
    if (!sig.ok) {
      return fail(
        'ROTATION_REFUSED',
        `keyset v${next.value.version} is not signed by a threshold of keyset v${current.version}: ${sig.reason} (${sig.message})`,
      );
    }
    current = next.value;
    followed++;
  }
  return ok({ keyset: current, followed });
}
