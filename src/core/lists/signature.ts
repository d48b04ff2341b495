/**
 * Signed envelopes: Ed25519 signatures (WebCrypto `crypto.subtle` only) over the exact bytes of a payload.
 * Pure: shared by the maintainer CLI (signs) and the extension's sync (verifies), so both run the very same code.
 *
 * Envelope (JSON, UTF-8):
 *   { "format": "scamsentinel-signed/1",
 *     "payload": "<base64 of the exact payload bytes>",
 *     "signatures": [ { "keyId": "3f9a…", "sig": "<base64 of 64-byte Ed25519 signature>" } ],
 *     "keysetChain": [ <envelope of a keyset>, … ]        // manifests only, optional (see keyset.ts) }
 *
 * What is signed: `context ‖ 0x00 ‖ payloadBytes`, where context names the payload type
 * ('scamsentinel/manifest/v1' or 'scamsentinel/keyset/v1'), so a keyset signature can never be replayed as a manifest
 * signature or vice versa. The verifier never re-serializes: it checks the signature over the decoded payload bytes
 * and only then parses them.
 *
 * Threshold rule: each key of the keyset counts at most once (two signatures by one key, or one key listed under two
 * ids, count once); signatures whose keyId is not in the keyset are ignored.
 * Worked example — keyset {A, B}, threshold 2:
 *   [A ok, A ok]      → 1 distinct key  → THRESHOLD_NOT_MET
 *   [A ok, X ok]      → X unknown, ignored → THRESHOLD_NOT_MET
 *   [A ok, B bad]     → B's signature invalid → THRESHOLD_NOT_MET (1 of 2)
 *   [A ok, B ok]      → ok
 */
import * as z from 'zod/mini';
import { lazySchema } from '../zod';
import { fail, ok, type Result } from '../types';

export const ENVELOPE_FORMAT = 'scamsentinel-signed/1';
export const SIGNING_CONTEXT = { manifest: 'scamsentinel/manifest/v1', keyset: 'scamsentinel/keyset/v1' } as const;
export type SigningContext = (typeof SIGNING_CONTEXT)[keyof typeof SIGNING_CONTEXT];

/** At most this many signatures are examined per envelope (bounds CPU on hostile input). */
export const MAX_SIGNATURES_PER_ENVELOPE = 16;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

export type SignatureErrorCode = 'BAD_SIGNATURE' | 'UNKNOWN_KEY' | 'THRESHOLD_NOT_MET' | 'BAD_KEYSET';

// ---------- bytes helpers (atob/btoa/TextEncoder only) ----------

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Strict, canonical base64 (padding required, no whitespace); null when malformed. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64_RE.test(text)) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  // Reject non-canonical encodings (non-zero padding bits) so one signature has one spelling.
  if (bytesToBase64(out) !== text) return null;
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** WebCrypto wants ArrayBuffer-backed views; copy only when the view is backed by something else. */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', asBufferSource(bytes));
  return bytesToHex(new Uint8Array(digest));
}

/** Key id = first 16 hex chars of SHA-256(raw 32-byte public key). Also the "fingerprint" users pin. */
export async function keyIdOf(rawPublicKey: Uint8Array): Promise<string> {
  return (await sha256Hex(rawPublicKey)).slice(0, 16);
}

function signedMessage(context: SigningContext, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(context);
  const msg = new Uint8Array(prefix.length + 1 + payload.length);
  msg.set(prefix, 0);
  msg[prefix.length] = 0;
  msg.set(payload, prefix.length + 1);
  return msg;
}

// ---------- envelope ----------

export const signatureEntrySchema = lazySchema(() =>
  z.object({
    keyId: z.string().check(z.minLength(1), z.maxLength(64)),
    sig: z.string().check(z.maxLength(128)),
  }),
);
export type SignatureEntry = z.infer<ReturnType<typeof signatureEntrySchema>>;

export const signedEnvelopeSchema = lazySchema(() =>
  z.object({
    format: z.literal(ENVELOPE_FORMAT),
    payload: z.string().check(z.minLength(1)),
    signatures: z.array(signatureEntrySchema()).check(z.minLength(1), z.maxLength(MAX_SIGNATURES_PER_ENVELOPE)),
  }),
);
export type SignedEnvelope = z.infer<ReturnType<typeof signedEnvelopeSchema>>;

// ---------- keys ----------

export interface PublicKeyEntry {
  readonly id: string;
  /** base64 of the raw 32-byte Ed25519 public key. */
  readonly publicKey: string;
}
export interface Signer {
  readonly keyId: string;
  readonly privateKey: CryptoKey;
}

export async function importPublicKey(raw: Uint8Array): Promise<CryptoKey | null> {
  if (raw.length !== ED25519_PUBLIC_KEY_BYTES) return null;
  try {
    return await crypto.subtle.importKey('raw', asBufferSource(raw), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
}

export async function signPayload(
  payload: Uint8Array,
  context: SigningContext,
  signers: readonly Signer[],
): Promise<SignedEnvelope> {
  const msg = signedMessage(context, payload);
  const signatures: SignatureEntry[] = [];
  for (const s of signers) {
    const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, s.privateKey, msg));
    signatures.push({ keyId: s.keyId, sig: bytesToBase64(sig) });
  }
  return { format: ENVELOPE_FORMAT, payload: bytesToBase64(payload), signatures };
}

export interface ThresholdKeys {
  readonly keys: readonly PublicKeyEntry[];
  readonly threshold: number;
}

/**
 * Counts distinct keys of `keyset` with a valid signature over `context ‖ 0 ‖ payload`; ok when ≥ threshold.
 * Returns the ids of the keys that signed validly.
 */
export async function verifyThreshold(
  payload: Uint8Array,
  context: SigningContext,
  signatures: readonly SignatureEntry[],
  keyset: ThresholdKeys,
): Promise<Result<string[], SignatureErrorCode>> {
  if (keyset.threshold < 1) return fail('BAD_KEYSET', 'keyset threshold must be at least 1');
  const byId = new Map<string, PublicKeyEntry>();
  for (const k of keyset.keys) byId.set(k.id, k);
  const msg = signedMessage(context, payload);
  const counted = new Set<string>(); // by public key bytes, so one key under two ids counts once
  const validIds: string[] = [];
  let known = 0;
  let invalid = 0;
  for (const entry of signatures.slice(0, MAX_SIGNATURES_PER_ENVELOPE)) {
    const key = byId.get(entry.keyId);
    if (!key) continue; // unknown keys are ignored
    known++;
    if (counted.has(key.publicKey)) continue;
    const raw = base64ToBytes(key.publicKey);
    const sig = base64ToBytes(entry.sig);
    const cryptoKey = raw ? await importPublicKey(raw) : null;
    if (!cryptoKey) return fail('BAD_KEYSET', `key ${key.id} is not a valid Ed25519 public key`);
    let valid = false;
    if (sig && sig.length === ED25519_SIGNATURE_BYTES) {
      try {
        valid = await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, sig, msg);
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      invalid++;
      continue;
    }
    counted.add(key.publicKey);
    validIds.push(key.id);
  }
  if (counted.size >= keyset.threshold) return ok(validIds);
  if (known === 0) return fail('UNKNOWN_KEY', 'no signature is by a key of the pinned keyset');
  if (counted.size === 0 && invalid > 0) return fail('BAD_SIGNATURE', 'signature does not verify');
  return fail(
    'THRESHOLD_NOT_MET',
    `${counted.size} distinct valid signature(s), keyset needs ${keyset.threshold}` +
      (invalid > 0 ? ` (${invalid} invalid)` : ''),
  );
}

/** Decodes an envelope's payload (strict base64). */
export function envelopePayload(envelope: SignedEnvelope): Uint8Array<ArrayBuffer> | null {
  return base64ToBytes(envelope.payload);
}
