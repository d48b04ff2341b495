import { beforeAll, describe, expect, it } from 'vitest';
import {
  KEYSET_CHAIN_MAX_LINKS,
  KEYSET_TYPE,
  followKeysetChain,
  parseKeyset,
  signKeysetRotation,
} from '../../../../src/core/lists/keyset';
import { keysetOf, makeKey, type TestKey } from './signature-helpers';

describe('keysetSchema()', () => {
  let a: TestKey;
  let b: TestKey;
  beforeAll(async () => {
    [a, b] = await Promise.all([makeKey(), makeKey()]);
  });
  it('accepts a well-formed keyset', () => {
    expect(parseKeyset(keysetOf([a, b], 2)).ok).toBe(true);
  });
  it.each([
    ['threshold above key count', () => keysetOf([a], 2)],
    ['threshold 0', () => keysetOf([a], 0)],
    ['duplicate id', () => ({ ...keysetOf([a, b], 1), keys: [{ id: 'k', publicKey: a.publicKey }, { id: 'k', publicKey: b.publicKey }] })],
    ['duplicate public key', () => ({ ...keysetOf([a], 1), keys: [{ id: 'k1', publicKey: a.publicKey }, { id: 'k2', publicKey: a.publicKey }] })],
    ['short public key', () => ({ ...keysetOf([a], 1), keys: [{ id: 'k1', publicKey: 'AAAA' }] })],
    ['wrong type', () => ({ ...keysetOf([a], 1), type: 'other' })],
    ['no keys', () => ({ type: KEYSET_TYPE, version: 1, threshold: 1, keys: [] })],
  ])('refuses %s', (_name, make) => {
    const r = parseKeyset(make());
    expect(r.ok ? 'ok' : r.reason).toBe('BAD_KEYSET');
  });
});

describe('followKeysetChain', () => {
  let k1: TestKey;
  let k2: TestKey;
  let k3: TestKey;
  let k4: TestKey;
  beforeAll(async () => {
    [k1, k2, k3, k4] = await Promise.all([makeKey(), makeKey(), makeKey(), makeKey()]);
  });

  it('follows a rotation signed by the old keyset', async () => {
    const v1 = keysetOf([k1], 1, 1);
    const v2 = keysetOf([k2], 1, 2);
    const link = await signKeysetRotation(v2, [k1]);
    const r = await followKeysetChain(v1, [link]);
    expect(r).toEqual({ ok: true, value: { keyset: v2, followed: 1 } });
  });

  it('follows a two-step chain with threshold 2, and a client already at v2 skips the first link', async () => {
    const v1 = keysetOf([k1, k2], 2, 1);
    const v2 = keysetOf([k2, k3], 2, 2);
    const v3 = keysetOf([k3, k4], 2, 3);
    const chain = [await signKeysetRotation(v2, [k1, k2]), await signKeysetRotation(v3, [k2, k3])];
    const fromV1 = await followKeysetChain(v1, chain);
    expect(fromV1.ok && fromV1.value.keyset.version).toBe(3);
    const fromV2 = await followKeysetChain(v2, chain);
    expect(fromV2.ok && fromV2.value).toEqual({ keyset: v3, followed: 1 });
  });

  it('refuses a rotation signed only by the new key', async () => {
    const v1 = keysetOf([k1], 1, 1);
    const v2 = keysetOf([k2], 1, 2);
    const link = await signKeysetRotation(v2, [k2]);
    const r = await followKeysetChain(v1, [link]);
    expect(r.ok ? 'ok' : r.reason).toBe('ROTATION_REFUSED');
    expect(r.ok ? '' : r.message).toMatch(/UNKNOWN_KEY/);
  });

  it('refuses a rotation signed by fewer than the old threshold', async () => {
    const v1 = keysetOf([k1, k2], 2, 1);
    const v2 = keysetOf([k3], 1, 2);
    const link = await signKeysetRotation(v2, [k1, k3]);
    const r = await followKeysetChain(v1, [link]);
    expect(r.ok ? 'ok' : r.message).toMatch(/THRESHOLD_NOT_MET/);
  });

  it('refuses a tampered link (payload swapped after signing)', async () => {
    const v1 = keysetOf([k1], 1, 1);
    const link = await signKeysetRotation(keysetOf([k2], 1, 2), [k1]);
    const evil = await signKeysetRotation(keysetOf([k4], 1, 2), [k4]);
    const r = await followKeysetChain(v1, [{ ...link, payload: evil.payload }]);
    expect(r.ok ? 'ok' : r.message).toMatch(/BAD_SIGNATURE/);
  });

  it('ignores links that are not newer (no downgrade to an old keyset)', async () => {
    const v2 = keysetOf([k2], 1, 2);
    const old = await signKeysetRotation(keysetOf([k1], 1, 1), [k2]);
    const r = await followKeysetChain(v2, [old]);
    expect(r).toEqual({ ok: true, value: { keyset: v2, followed: 0 } });
  });

  it('caps the chain length before checking signatures', async () => {
    const v1 = keysetOf([k1], 1, 1);
    const link = await signKeysetRotation(keysetOf([k2], 1, 2), [k1]);
    const r = await followKeysetChain(v1, Array.from({ length: KEYSET_CHAIN_MAX_LINKS + 1 }, () => link));
    expect(r.ok ? 'ok' : r.reason).toBe('KEYSET_CHAIN_TOO_LONG');
  });

  it('refuses garbage links', async () => {
    const r = await followKeysetChain(keysetOf([k1], 1, 1), [{ nope: true }]);
    expect(r.ok ? 'ok' : r.reason).toBe('ROTATION_REFUSED');
  });
});
