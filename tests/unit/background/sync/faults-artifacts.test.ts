/**
 * Fault suite, artifact side (snapshot and delta files under a validly signed manifest): wrong bytes, wrong
 * lengths, endless bodies, deltas for another base or another result. Last good stays byte-identical; a delta
 * problem falls back to the (independently verified) snapshot.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { diffTables, encodeDelta } from '../../../../src/core/lists';
import { sha256Hex } from '../../../../src/core/lists/signature';
import { MANIFEST_MAX_BYTES, type Manifest } from '../../../../src/core/lists/manifest';
import { DAY, MIN, endless, entriesFor, respond, type EndlessStats, type Publication } from './helpers/feed';
import { expectFailed, expectUpdated, Harness, type LastGood } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

const SNAP2 = 'snapshots/scamsentinel-main-2.snap';
const DELTA12 = 'deltas/scamsentinel-main-1-2.delta';

async function installV1(): Promise<void> {
  h = await Harness.create();
  await h.install(1);
  h.advance(DAY);
}

async function serveV2(o: { keepDeltas?: number; editManifest?: (m: Manifest) => Manifest } = {}): Promise<Publication> {
  const pub = await h.publisher.publish(2, { now: h.clock, ...o });
  h.feed.serve(pub);
  return pub;
}

/** Runs, expects `code`, checks last good is byte-identical, then recovers with a clean v3. */
async function expectContained(code: string): Promise<string> {
  const before: LastGood = await h.lastGood();
  const out = expectFailed(await h.run(), code);
  expect(await h.lastGood()).toEqual(before);
  expect(await h.syncState()).toMatchObject({ failures: 1, leaseUntil: null, lastError: { code } });
  expect(h.committed).toHaveLength(1);
  h.feed.clearFaults();
  h.advance(40 * MIN);
  await h.publishAndServe(3, { now: h.clock });
  expectUpdated(await h.run(), 3);
  return out.error.message;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[at] = out[at]! ^ 0xff;
  return out;
}

describe('fault suite — snapshot', () => {
  it('snapshot hash mismatch → HASH_MISMATCH', async () => {
    await installV1();
    const pub = await serveV2({ keepDeltas: 0 });
    h.feed.route(SNAP2, respond(200, flip(pub.files.get(SNAP2)!, 1000)));
    await expectContained('HASH_MISMATCH');
  });

  it('truncated snapshot → BAD_LENGTH', async () => {
    await installV1();
    const pub = await serveV2({ keepDeltas: 0 });
    const full = pub.files.get(SNAP2)!;
    h.feed.route(SNAP2, respond(200, full.subarray(0, full.length >> 1)));
    const msg = await expectContained('BAD_LENGTH');
    expect(msg).toContain('manifest says');
  });

  it('snapshot longer than the manifest says → BAD_LENGTH, the read stops at length + 1 chunk', async () => {
    await installV1();
    const pub = await serveV2({ keepDeltas: 0 });
    const full = pub.files.get(SNAP2)!;
    const longer = new Uint8Array(full.length + 4096);
    longer.set(full);
    h.feed.route(SNAP2, respond(200, longer));
    await expectContained('BAD_LENGTH');
  });

  it('endless snapshot body with a lying Content-Length → read aborted just past the manifest length', async () => {
    await installV1();
    const pub = await serveV2({ keepDeltas: 0 });
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    const length = pub.manifest.snapshot.length;
    h.feed.route(SNAP2, endless(stats, { contentLength: length }));
    await expectContained('BAD_LENGTH');
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(length + 3 * 64 * 1024);
  });

  it('snapshot that is valid but for another version (right length/hash signed in) → STATE_MISMATCH', async () => {
    await installV1();
    const v1snap = h.publisher.snapshots.get(1)!;
    const v1hash = await sha256Hex(v1snap);
    await serveV2({
      keepDeltas: 0,
      editManifest: (m) => ({ ...m, snapshot: { path: 'snapshots/old.snap', length: v1snap.length, sha256: v1hash } }),
    });
    h.feed.files.set('snapshots/old.snap', v1snap);
    await expectContained('STATE_MISMATCH');
  });

  it('snapshot server error (503) after a good manifest → HTTP_ERROR', async () => {
    await installV1();
    await serveV2({ keepDeltas: 0 });
    h.feed.route(SNAP2, respond(503, 'busy'));
    await expectContained('HTTP_ERROR');
  });

  it('connection dropped in the middle of the snapshot → NETWORK', async () => {
    await installV1();
    const pub = await serveV2({ keepDeltas: 0 });
    const half = pub.files.get(SNAP2)!.subarray(0, 100_000);
    h.feed.route(
      SNAP2,
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(new Uint8Array(half));
            },
            pull(c) {
              c.error(new TypeError('terminated: other side closed'));
            },
          }),
          { status: 200 },
        ),
    );
    await expectContained('NETWORK');
  });
});

describe('fault suite — manifest body', () => {
  it('endless manifest body with a lying Content-Length → TOO_LARGE, read aborted at the cap', async () => {
    await installV1();
    await serveV2();
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    h.feed.route('manifest.json', endless(stats, { contentLength: 100 }));
    await expectContained('TOO_LARGE');
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeGreaterThan(MANIFEST_MAX_BYTES);
    expect(stats.pulled).toBeLessThanOrEqual(MANIFEST_MAX_BYTES + 3 * 64 * 1024);
  });

  it('endless manifest body without Content-Length → TOO_LARGE', async () => {
    await installV1();
    await serveV2();
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    h.feed.route('manifest.json', endless(stats));
    await expectContained('TOO_LARGE');
    expect(stats.cancelled).toBe(true);
  });

  it('Content-Length above the cap is refused before reading the body', async () => {
    await installV1();
    await serveV2();
    const stats: EndlessStats = { pulled: 0, cancelled: false };
    h.feed.route('manifest.json', endless(stats, { contentLength: MANIFEST_MAX_BYTES + 1 }));
    await expectContained('TOO_LARGE');
    expect(stats.pulled).toBeLessThanOrEqual(3 * 64 * 1024); // at most what the stream pre-buffered
  });
});

describe('fault suite — deltas', () => {
  it('delta hash mismatch with the snapshot unavailable → fails, last good intact', async () => {
    await installV1();
    const pub = await serveV2();
    h.feed.route(DELTA12, respond(200, flip(pub.files.get(DELTA12)!, 20)));
    h.feed.route(SNAP2, respond(404, 'gone'));
    const msg = await expectContained('HTTP_ERROR');
    expect(msg).toContain('HASH_MISMATCH');
  });

  it('delta hash mismatch → falls back to the verified snapshot', async () => {
    await installV1();
    const pub = await serveV2();
    h.feed.route(DELTA12, respond(200, flip(pub.files.get(DELTA12)!, 20)));
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('snapshot');
    expect(out.deltaFallback?.code).toBe('HASH_MISMATCH');
    expect(out.table.sha256).toBe(pub.manifest.stateSha256);
  });

  it('truncated delta with the snapshot unavailable → fails, last good intact', async () => {
    await installV1();
    const pub = await serveV2();
    h.feed.route(DELTA12, respond(200, pub.files.get(DELTA12)!.subarray(0, 10)));
    h.feed.route(SNAP2, respond(500));
    await expectContained('HTTP_ERROR');
  });

  /** A delta from a different v1 (same version number, other content) to the real v2, signed into the manifest. */
  async function wrongBaseDelta(): Promise<{ bytes: Uint8Array; ref: Manifest['deltas'][number] }> {
    const otherV1 = await h.publisher.table(1, entriesFor(1).slice(7));
    const v2 = await h.publisher.table(2);
    const bytes = encodeDelta(diffTables(otherV1, v2));
    return { bytes, ref: { from: 1, to: 2, listFormat: 3, path: 'deltas/forked-1-2.delta', length: bytes.length, sha256: await sha256Hex(bytes) } };
  }

  it('delta with the wrong base → WRONG_BASE (snapshot unavailable: last good intact)', async () => {
    await installV1();
    const d = await wrongBaseDelta();
    await serveV2({ editManifest: (m) => ({ ...m, deltas: [d.ref] }) });
    h.feed.files.set(d.ref.path, d.bytes);
    h.feed.route(SNAP2, respond(404));
    const msg = await expectContained('HTTP_ERROR');
    expect(msg).toContain('WRONG_BASE');
  });

  it('delta with the wrong base → falls back to the snapshot', async () => {
    await installV1();
    const d = await wrongBaseDelta();
    await serveV2({ editManifest: (m) => ({ ...m, deltas: [d.ref] }) });
    h.feed.files.set(d.ref.path, d.bytes);
    const out = expectUpdated(await h.run(), 2);
    expect(out).toMatchObject({ via: 'snapshot', deltaFallback: { code: 'WRONG_BASE' } });
  });

  /** A delta from the real v1 to a v2 with other content: applies cleanly, but not to the signed state hash. */
  async function wrongResultDelta(): Promise<{ bytes: Uint8Array; ref: Manifest['deltas'][number] }> {
    // same keys, count and provenance; three entries with another category → only the state hash differs
    const otherV2 = await h.publisher.table(
      2,
      entriesFor(2).map((e, i) => (i < 3 ? { ...e, category: e.category === 'phishing' ? 'malware' : 'phishing' } : e)),
    );
    expect(otherV2.count).toBe(h.publisher.tables.get(1)!.count);
    expect(otherV2.provenanceSha256).toBe((await h.publisher.table(2)).provenanceSha256);
    const bytes = encodeDelta(diffTables(h.publisher.tables.get(1)!, otherV2));
    return { bytes, ref: { from: 1, to: 2, listFormat: 3, path: 'deltas/other-1-2.delta', length: bytes.length, sha256: await sha256Hex(bytes) } };
  }

  it('delta whose result mismatches the state hash → falls back to the full snapshot', async () => {
    await installV1();
    const d = await wrongResultDelta();
    const pub = await serveV2({ editManifest: (m) => ({ ...m, deltas: [d.ref] }) });
    h.feed.files.set(d.ref.path, d.bytes);
    const out = expectUpdated(await h.run(), 2);
    expect(out).toMatchObject({ via: 'snapshot', deltaFallback: { code: 'STATE_MISMATCH' } });
    expect(out.table.sha256).toBe(pub.manifest.stateSha256);
    expect(h.feed.requests(d.ref.path)).toHaveLength(1);
    expect(h.feed.requests(SNAP2)).toHaveLength(1);
    expect(h.store.all()[0]!.table.sha256).toBe(pub.manifest.stateSha256);
  });

  it('delta whose result mismatches, snapshot also broken → STATE_MISMATCH contained', async () => {
    await installV1();
    const d = await wrongResultDelta();
    const pub = await serveV2({ editManifest: (m) => ({ ...m, deltas: [d.ref] }) });
    h.feed.files.set(d.ref.path, d.bytes);
    h.feed.route(SNAP2, respond(200, flip(pub.files.get(SNAP2)!, 300)));
    const msg = await expectContained('HASH_MISMATCH');
    expect(msg).toContain('STATE_MISMATCH');
  });

  it('delta that is not a delta at all (right hash signed in) → CORRUPT-class error, falls back', async () => {
    await installV1();
    const junk = crypto.getRandomValues(new Uint8Array(500));
    const ref = { from: 1, to: 2, path: 'deltas/junk.delta', length: junk.length, sha256: await sha256Hex(junk) };
    await serveV2({ editManifest: (m) => ({ ...m, deltas: [ref] }) });
    h.feed.files.set(ref.path, junk);
    const out = expectUpdated(await h.run(), 2);
    expect(out.via).toBe('snapshot');
    expect(['BAD_MAGIC', 'CORRUPT', 'BAD_FORMAT_VERSION', 'CHECKSUM_MISMATCH']).toContain(out.deltaFallback?.code);
  });
});
