/**
 * Fault suite, manifest side: every refused manifest leaves the last-good state (lists, listBlobs, trusted
 * manifest/keyset/ETag, live table) byte-identical, records the error in words, and the next good update works.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToBase64, base64ToBytes } from '../../../../src/core/lists/signature';
import { encodeManifest, signManifest, type Manifest } from '../../../../src/core/lists/manifest';
import { DAY, MIN, Publisher, keysetOf, makeKey, type Publication } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, LIST_ID, type LastGood } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

interface Envelope {
  format: string;
  payload: string;
  signatures: { keyId: string; sig: string }[];
  keysetChain?: unknown[];
}
const readEnvelope = (bytes: Uint8Array): Envelope => JSON.parse(new TextDecoder().decode(bytes)) as Envelope;
const writeEnvelope = (e: Envelope): Uint8Array => new TextEncoder().encode(JSON.stringify(e));

/** Serves `manifestBytes` in place of the good v2 manifest, runs, checks containment, then recovers. */
async function expectRefused(manifestBytes: Uint8Array, code: string): Promise<void> {
  h.feed.files.set('manifest.json', manifestBytes);
  await expectFaultContained(code);
}

async function expectFaultContained(code: string, nextVersion?: number): Promise<void> {
  const before: LastGood = await h.lastGood();
  const installed = JSON.parse(before.lists) as { version: number }[];
  h.advance(40 * MIN);
  const out = expectFailed(await h.run(), code);
  expect(await h.lastGood()).toEqual(before);
  const state = await h.syncState();
  expect(state).toMatchObject({ failures: 1, leaseUntil: null, lastError: { code, message: out.error.message } });
  expect(h.committed).toHaveLength(installed.length > 0 ? 1 : 0);
  // recovery: a good, newer publication
  h.feed.clearFaults();
  const v = nextVersion ?? Math.max(...h.publisher.tables.keys()) + 1;
  h.advance(DAY);
  await h.publishAndServe(v, { now: h.clock });
  expectUpdated(await h.run(), v);
  expect(await h.syncState()).toMatchObject({ failures: 0, lastError: null, leaseUntil: null });
}

async function setupWithV1AndV2(opts: Parameters<typeof Harness.create>[0] = {}): Promise<Publication> {
  h = await Harness.create(opts);
  await h.install(1);
  h.advance(DAY);
  const v2 = await h.publisher.publish(2, { now: h.clock });
  h.feed.serve(v2);
  return v2;
}

describe('fault suite — manifest and signatures', () => {
  it('forged signature → BAD_SIGNATURE', async () => {
    const v2 = await setupWithV1AndV2();
    const env = readEnvelope(v2.envelope);
    env.signatures = env.signatures.map((s) => ({ ...s, sig: bytesToBase64(crypto.getRandomValues(new Uint8Array(64))) }));
    await expectRefused(writeEnvelope(env), 'BAD_SIGNATURE');
  });

  it('signed by an unknown key → UNKNOWN_KEY', async () => {
    await setupWithV1AndV2();
    const mallory = await makeKey();
    const forged = await h.publisher.publish(3, { now: h.clock, signers: [mallory] });
    await expectRefused(forged.envelope, 'UNKNOWN_KEY');
  });

  it('the same key twice under a threshold of 2 → THRESHOLD_NOT_MET', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const v2 = await setupWithV1AndV2({ keys: [a, b], threshold: 2 });
    const env = readEnvelope(v2.envelope);
    const sigA = env.signatures.find((s) => s.keyId === a.keyId)!;
    env.signatures = [sigA, { ...sigA }];
    await expectRefused(writeEnvelope(env), 'THRESHOLD_NOT_MET');
  });

  it('one key listed under the threshold of 2 (the other signature missing) → THRESHOLD_NOT_MET', async () => {
    const a = await makeKey();
    const b = await makeKey();
    const v2 = await setupWithV1AndV2({ keys: [a, b], threshold: 2 });
    const env = readEnvelope(v2.envelope);
    env.signatures = env.signatures.filter((s) => s.keyId === b.keyId);
    await expectRefused(writeEnvelope(env), 'THRESHOLD_NOT_MET');
  });

  it('a valid signature over different bytes (payload swapped) → BAD_SIGNATURE', async () => {
    const v2 = await setupWithV1AndV2();
    const env = readEnvelope(v2.envelope);
    const payload = JSON.parse(new TextDecoder().decode(base64ToBytes(env.payload)!)) as Manifest;
    const evil: Manifest = { ...payload, version: 99, expires: new Date(h.clock + 20 * DAY).toISOString() };
    env.payload = bytesToBase64(encodeManifest(evil));
    await expectRefused(writeEnvelope(env), 'BAD_SIGNATURE');
  });

  it("another list's validly signed manifest → WRONG_LIST", async () => {
    await setupWithV1AndV2();
    const other = new Publisher('other-list', h.keys);
    const pub = await other.publish(7, { now: h.clock });
    h.feed.files = new Map(pub.files); // the whole other folder is served at our URL
    await expectFaultContained('WRONG_LIST', 3);
  });

  it('rollback to a validly signed older version → ROLLBACK, also after a worker restart', async () => {
    h = await Harness.create();
    await h.install(1);
    h.advance(DAY);
    const v2 = await h.publisher.publish(2, { now: h.clock });
    await h.publishAndServe(3, { now: h.clock });
    expectUpdated(await h.run(), 3);
    const before = await h.lastGood();

    h.feed.serve(v2); // a stale mirror / replay, signed and not expired
    h.advance(40 * MIN);
    expectFailed(await h.run(), 'ROLLBACK');
    expect(await h.lastGood()).toEqual(before);

    // restart: no live table yet (ListStore empty) — the persisted trusted manifest version still guards
    await h.restart();
    h.store = new (await import('../../../../src/background/list-store')).ListStore();
    h.deps = h.makeDeps();
    h.advance(DAY);
    const logAt = h.feed.log.length;
    expectFailed(await h.run(), 'ROLLBACK');
    expect(h.feed.log.slice(logAt).map((r) => r.path)).toEqual(['manifest.json']); // refused before any download
    expect({ ...(await h.lastGood()), live: '' }).toEqual({ ...before, live: '' });
    expect((await h.syncState())!.failures).toBe(2);

    h.advance(DAY);
    await h.publishAndServe(4, { now: h.clock });
    expectUpdated(await h.run(), 4);
  });

  it('rollback is refused even when only the stored list row knows the version (trusted manifest lost)', async () => {
    h = await Harness.create();
    await h.install(1);
    const v2 = await h.publisher.publish(2, { now: h.clock });
    await h.publishAndServe(3, { now: h.clock });
    expectUpdated(await h.run(), 3);
    await h.db!.syncState.update(LIST_ID, { trustedManifest: null, etag: null });
    await h.restart();
    h.store = new (await import('../../../../src/background/list-store')).ListStore();
    h.deps = h.makeDeps();
    h.feed.serve(v2);
    expectFailed(await h.run(), 'ROLLBACK');
  });

  it('expired manifest → EXPIRED; the last-good list keeps protecting and shows its age', async () => {
    await setupWithV1AndV2();
    const stale = await h.publisher.publish(3, { now: h.clock, issuedAt: h.clock - 10 * DAY, expiresInMs: 7 * DAY });
    h.feed.serve(stale);
    await expectFaultContained('EXPIRED', 4);
  });

  it('manifest dated in the future beyond clock skew → NOT_YET_VALID', async () => {
    await setupWithV1AndV2();
    const future = await h.publisher.publish(3, { now: h.clock, issuedAt: h.clock + 2 * DAY });
    h.feed.serve(future);
    await expectFaultContained('NOT_YET_VALID', 4);
  });

  it('key rotation signed only by the new key → ROTATION_REFUSED', async () => {
    const a = await makeKey();
    const b = await makeKey();
    await setupWithV1AndV2({ keys: [a] });
    const link = await h.publisher.rotate(keysetOf([b], 1, 2), [b]);
    const pub = await h.publisher.publish(3, { now: h.clock, signers: [b], keysetChain: [link] });
    h.feed.serve(pub);
    h.publisher.keysetChain = [];
    h.publisher.signers = [a];
    await expectFaultContained('ROTATION_REFUSED', 4);
  });

  it('a manifest signed by the new key without the rotation link → UNKNOWN_KEY', async () => {
    const a = await makeKey();
    const b = await makeKey();
    await setupWithV1AndV2({ keys: [a] });
    const pub = await h.publisher.publish(3, { now: h.clock, signers: [b] });
    h.feed.serve(pub);
    await expectFaultContained('UNKNOWN_KEY', 4);
  });

  it('a manifest not meant for this client version → CLIENT_TOO_OLD', async () => {
    await setupWithV1AndV2();
    const pub = await h.publisher.publish(3, { now: h.clock, editManifest: (m) => ({ ...m, minClientVersion: '9.0.0' }) });
    h.feed.serve(pub);
    await expectFaultContained('CLIENT_TOO_OLD', 4);
  });

  it('a manifest envelope with re-signed garbage payload → BAD_SCHEMA', async () => {
    await setupWithV1AndV2();
    const env = await signManifest(new TextEncoder().encode('{"format":1,"listId":"scamsentinel-main"}'), h.keys);
    await expectRefused(env, 'BAD_SCHEMA');
  });
});
