import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signKeysetRotation } from '../../../../src/core/lists/keyset';
import {
  MANIFEST_MAX_BYTES,
  manifestSchema,
  checkArtifact,
  encodeManifest,
  openSignedManifest,
  planUpdate,
  signManifest,
  verifySignedManifest,
  type Manifest,
} from '../../../../src/core/lists/manifest';
import { bytesToBase64, sha256Hex } from '../../../../src/core/lists/signature';
import { keysetOf, makeKey, type TestKey } from './signature-helpers';

const NOW = Date.parse('2025-11-25T12:00:00Z');
const DAY = 86_400_000;
const H = 'a'.repeat(64);

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    format: 1,
    listId: 'scamsentinel-main',
    version: 42,
    count: 3,
    issued: new Date(NOW - 60_000).toISOString(),
    expires: new Date(NOW + 7 * DAY).toISOString(),
    snapshot: { path: 'snapshots/scamsentinel-main-42.snap', length: 1000, sha256: H },
    deltas: [
      { from: 40, to: 41, path: 'deltas/a-40-41.delta', length: 80, sha256: H },
      { from: 41, to: 42, path: 'deltas/a-41-42.delta', length: 40, sha256: H },
    ],
    stateSha256: H,
    minClientVersion: '0.1.0',
    ...over,
  };
}

describe('verifySignedManifest', () => {
  let a: TestKey;
  let b: TestKey;
  beforeAll(async () => {
    [a, b] = await Promise.all([makeKey(), makeKey()]);
  });
  const sign = async (m: unknown, signers = [a]): Promise<Uint8Array> =>
    signManifest(new TextEncoder().encode(JSON.stringify(m)), signers);
  const reason = async (bytes: Uint8Array, opts = {}, ks = keysetOf([a], 1)): Promise<string> => {
    const r = await verifySignedManifest(bytes, ks, { now: NOW, ...opts });
    return r.ok ? 'ok' : r.reason;
  };

  it('accepts a signed manifest and returns it', async () => {
    const m = manifest({ reportEndpoint: 'https://intake.example/v1/reports', minWaitSeconds: 300 });
    const r = await verifySignedManifest(await signManifest(encodeManifest(m), [a]), keysetOf([a], 1), { now: NOW });
    expect(r).toEqual({ ok: true, value: m });
  });

  it('accepts epoch-ms times', async () => {
    expect(await reason(await sign(manifest({ issued: NOW - 1000, expires: NOW + DAY })))).toBe('ok');
  });

  it.each([
    ['other list', { listId: 'another-list' }, 'WRONG_LIST'],
    ['older version (rollback)', { currentVersion: 43 }, 'ROLLBACK'],
    ['equal version (a no-op for the client, not an error)', { currentVersion: 42 }, 'ok'],
    ['client too old', { clientVersion: '0.0.9' }, 'CLIENT_TOO_OLD'],
    ['client new enough', { clientVersion: '0.1.0' }, 'ok'],
  ])('%s', async (_n, opts, expected) => {
    expect(await reason(await sign(manifest()), opts)).toBe(expected);
  });

  it.each([
    ['expired', { expires: new Date(NOW - 1).toISOString() }, 'EXPIRED'],
    ['expiry too far', { expires: new Date(NOW + 31 * DAY).toISOString() }, 'TOO_FAR_EXPIRY'],
    ['issued in the future', { issued: new Date(NOW + DAY).toISOString(), expires: new Date(NOW + 2 * DAY).toISOString() }, 'NOT_YET_VALID'],
    ['path traversal', { snapshot: { path: '../etc/passwd', length: 1, sha256: H } }, 'BAD_SCHEMA'],
    ['absolute URL path', { snapshot: { path: 'https://evil.example/x', length: 1, sha256: H } }, 'BAD_SCHEMA'],
    ['upper-case hash', { stateSha256: 'A'.repeat(64) }, 'BAD_SCHEMA'],
    ['delta beyond version', { deltas: [{ from: 42, to: 43, path: 'd', length: 1, sha256: H }] }, 'BAD_SCHEMA'],
    ['non-integer version', { version: 4.5 }, 'BAD_SCHEMA'],
    ['expires before issued', { issued: new Date(NOW).toISOString(), expires: new Date(NOW - 5).toISOString() }, 'BAD_SCHEMA'],
    ['snapshot over the client cap', { snapshot: { path: 's', length: 2 ** 40, sha256: H } }, 'BAD_SCHEMA'],
    ['report endpoint not http(s)', { reportEndpoint: 'javascript:alert(1)' }, 'BAD_SCHEMA'],
  ])('refuses %s', async (_n, over, expected) => {
    expect(await reason(await sign({ ...manifest(), ...over }))).toBe(expected);
  });

  it('checks the signature before the content (unsigned garbage never reaches the schema)', async () => {
    const env = JSON.parse(new TextDecoder().decode(await sign(manifest())));
    env.payload = bytesToBase64(new TextEncoder().encode(JSON.stringify(manifest({ version: 99 }))));
    expect(await reason(new TextEncoder().encode(JSON.stringify(env)))).toBe('BAD_SIGNATURE');
  });

  it('refuses a manifest signed by a key that is not pinned', async () => {
    expect(await reason(await sign(manifest(), [b]))).toBe('UNKNOWN_KEY');
  });

  it('needs two distinct keys under threshold 2 (duplicate signature does not count twice)', async () => {
    const one = JSON.parse(new TextDecoder().decode(await sign(manifest(), [a])));
    one.signatures = [one.signatures[0], one.signatures[0]];
    const ks = keysetOf([a, b], 2);
    expect(await reason(new TextEncoder().encode(JSON.stringify(one)), {}, ks)).toBe('THRESHOLD_NOT_MET');
    expect(await reason(await sign(manifest(), [a, b]), {}, ks)).toBe('ok');
  });

  it('follows a keyset rotation carried in the envelope, and refuses one signed only by the new key', async () => {
    const v1 = keysetOf([a], 1, 1);
    const v2 = keysetOf([b], 1, 2);
    const payload = encodeManifest(manifest());
    const good = await signManifest(payload, [b], [await signKeysetRotation(v2, [a])]);
    const r = await openSignedManifest(good, v1, { now: NOW });
    expect(r.ok && r.value.keyset).toEqual(v2);
    expect(r.ok && r.value.rotationsFollowed).toBe(1);
    const bad = await signManifest(payload, [b], [await signKeysetRotation(v2, [b])]);
    expect(await reason(bad, {}, v1)).toBe('ROTATION_REFUSED');
    // and without any rotation, the new key alone is unknown to v1
    expect(await reason(await signManifest(payload, [b]), {}, v1)).toBe('UNKNOWN_KEY');
  });

  it('refuses oversize, non-JSON and non-envelope input', async () => {
    expect(await reason(new Uint8Array(MANIFEST_MAX_BYTES + 1))).toBe('TOO_LARGE');
    expect(await reason(new TextEncoder().encode('<html>captive portal</html>'))).toBe('BAD_ENVELOPE');
    expect(await reason(new TextEncoder().encode(JSON.stringify(manifest())))).toBe('BAD_ENVELOPE');
    expect(await reason(new Uint8Array([0xff, 0xfe, 0x7b]))).toBe('BAD_ENVELOPE');
  });

  it('never throws on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.json().map((s) => new TextEncoder().encode(s))), async (bytes) => {
        const r = await verifySignedManifest(bytes, keysetOf([a], 1), { now: NOW });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('manifestSchema()', () => {
  it('strips unknown fields (forward compatible) but keeps known ones', () => {
    const r = manifestSchema().safeParse({ ...manifest(), futureField: 1 });
    expect(r.success && 'futureField' in r.data).toBe(false);
  });
});

describe('checkArtifact', () => {
  it('checks cap, length and hash', async () => {
    const bytes = new TextEncoder().encode('snapshot bytes');
    const ref = { path: 's', length: bytes.length, sha256: await sha256Hex(bytes) };
    expect((await checkArtifact(bytes, ref, 100)).ok).toBe(true);
    const r1 = await checkArtifact(bytes, ref, 5);
    expect(r1.ok ? 'ok' : r1.reason).toBe('TOO_LARGE');
    const r2 = await checkArtifact(bytes.subarray(1), ref, 100);
    expect(r2.ok ? 'ok' : r2.reason).toBe('BAD_LENGTH');
    const flipped = new Uint8Array(bytes);
    flipped[0] = 0;
    const r3 = await checkArtifact(flipped, ref, 100);
    expect(r3.ok ? 'ok' : r3.reason).toBe('HASH_MISMATCH');
  });
});

describe('planUpdate', () => {
  const m = manifest({
    deltas: [
      { from: 40, to: 41, path: 'd1', length: 800, sha256: H },
      { from: 41, to: 42, path: 'd2', length: 400, sha256: H },
      { from: 40, to: 42, path: 'd3', length: 1100, sha256: H },
    ],
    snapshot: { path: 's', length: 5000, sha256: H },
  });
  it.each([
    [null, 'snapshot', []],
    [39, 'snapshot', []],
    [40, 'deltas', ['d3']],
    [41, 'deltas', ['d2']],
    [42, 'up-to-date', []],
    [43, 'up-to-date', []],
  ])('from %s → %s %j', (from, kind, paths) => {
    const p = planUpdate(m, from);
    expect(p.kind).toBe(kind);
    expect(p.kind === 'deltas' ? p.steps.map((s) => s.path) : []).toEqual(paths);
  });
  it('prefers the snapshot when the chain is bigger', () => {
    const small = manifest({ snapshot: { path: 's', length: 100, sha256: H } });
    expect(planUpdate(small, 40).kind).toBe('snapshot');
  });
  it('chains consecutive deltas', () => {
    const p = planUpdate(manifest(), 40);
    expect(p.kind === 'deltas' && p.steps.map((s) => `${s.from}-${s.to}`)).toEqual(['40-41', '41-42']);
  });
});
