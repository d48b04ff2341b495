import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SIGNING_CONTEXT,
  base64ToBytes,
  bytesToBase64,
  envelopePayload,
  signPayload,
  verifyThreshold,
} from '../../../../src/core/lists/signature';
import { keysetOf, makeKey, type TestKey } from './signature-helpers';

const M = SIGNING_CONTEXT.manifest;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('base64', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base64ToBytes(bytesToBase64(b))).toEqual(new Uint8Array(b));
      }),
    );
  });
  it.each(['abc', 'ab c=', 'YQ', 'YR==', 'YQ==\n', '****'])('rejects malformed or non-canonical %j', (s) => {
    expect(base64ToBytes(s)).toBeNull();
  });
});

describe('verifyThreshold', () => {
  let a: TestKey;
  let b: TestKey;
  let x: TestKey;
  beforeAll(async () => {
    [a, b, x] = await Promise.all([makeKey(), makeKey(), makeKey()]);
  });

  it('accepts a valid signature (threshold 1)', async () => {
    const env = await signPayload(bytes('hello'), M, [a]);
    const r = await verifyThreshold(bytes('hello'), M, env.signatures, keysetOf([a, b], 1));
    expect(r).toEqual({ ok: true, value: [a.keyId] });
  });

  it('refuses a forged signature (random bytes under a known key id)', async () => {
    const forged = [{ keyId: a.keyId, sig: bytesToBase64(crypto.getRandomValues(new Uint8Array(64))) }];
    const r = await verifyThreshold(bytes('hello'), M, forged, keysetOf([a], 1));
    expect(r.ok ? 'ok' : r.reason).toBe('BAD_SIGNATURE');
  });

  it('refuses a signature by a key outside the keyset (UNKNOWN_KEY), even if valid', async () => {
    const env = await signPayload(bytes('hello'), M, [x]);
    const r = await verifyThreshold(bytes('hello'), M, env.signatures, keysetOf([a, b], 1));
    expect(r.ok ? 'ok' : r.reason).toBe('UNKNOWN_KEY');
  });

  it('refuses a signature by an unknown key that claims a known key id', async () => {
    const env = await signPayload(bytes('hello'), M, [{ keyId: a.keyId, privateKey: x.privateKey }]);
    const r = await verifyThreshold(bytes('hello'), M, env.signatures, keysetOf([a], 1));
    expect(r.ok ? 'ok' : r.reason).toBe('BAD_SIGNATURE');
  });

  it('counts a duplicated signature once under threshold 2', async () => {
    const env = await signPayload(bytes('hello'), M, [a]);
    const sigs = [...env.signatures, ...env.signatures, ...env.signatures];
    const r = await verifyThreshold(bytes('hello'), M, sigs, keysetOf([a, b], 2));
    expect(r.ok ? 'ok' : r.reason).toBe('THRESHOLD_NOT_MET');
  });

  it('counts one public key listed under two ids once', async () => {
    const env = await signPayload(bytes('hello'), M, [a, { keyId: 'alias', privateKey: a.privateKey }]);
    const ks = { keys: [{ id: a.keyId, publicKey: a.publicKey }, { id: 'alias', publicKey: a.publicKey }], threshold: 2 };
    const r = await verifyThreshold(bytes('hello'), M, env.signatures, ks);
    expect(r.ok ? 'ok' : r.reason).toBe('THRESHOLD_NOT_MET');
  });

  it('ignores unknown keys and reaches threshold 2 with two distinct known keys', async () => {
    const env = await signPayload(bytes('hello'), M, [x, a, b]);
    const r = await verifyThreshold(bytes('hello'), M, env.signatures, keysetOf([a, b], 2));
    expect(r).toEqual({ ok: true, value: [a.keyId, b.keyId] });
  });

  it('refuses a signature over different bytes', async () => {
    const env = await signPayload(bytes('version 41'), M, [a]);
    const r = await verifyThreshold(bytes('version 42'), M, env.signatures, keysetOf([a], 1));
    expect(r.ok ? 'ok' : r.reason).toBe('BAD_SIGNATURE');
  });

  it('refuses a keyset signature replayed as a manifest signature (domain separation)', async () => {
    const env = await signPayload(bytes('payload'), SIGNING_CONTEXT.keyset, [a]);
    const r = await verifyThreshold(bytes('payload'), M, env.signatures, keysetOf([a], 1));
    expect(r.ok ? 'ok' : r.reason).toBe('BAD_SIGNATURE');
  });

  it('any single-bit flip of the payload breaks the signature', async () => {
    const payload = bytes('{"listId":"x","version":7}');
    const env = await signPayload(payload, M, [a]);
    expect(envelopePayload(env)).toEqual(payload);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: payload.length * 8 - 1 }), async (bit) => {
        const flipped = new Uint8Array(payload);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const r = await verifyThreshold(flipped, M, env.signatures, keysetOf([a], 1));
        expect(r.ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
