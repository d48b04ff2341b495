/**
 * Mirrors (issue 14): a subscription's manifest can also be fetched from untrusted mirrors / CDNs, tried in order
 * after the main URL fails. Signatures decide: a hostile mirror can withhold (down, 404, hanging, HTML, 304 to
 * everything), serve a stale or expired manifest, or tamper with the manifest or an artifact — and none of it
 * changes what the extension enforces. It only ever installs what the pinned keys signed, never older than installed.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { lookupKey } from '../../../../src/core/lists';
import { subscriptionSources } from '../../../../src/background/sync/update';
import { BASE_URL, DAY, MIN, SimFeed, copy, hang, respond, type Publication } from './helpers/feed';
import { Harness, expectFailed, expectUpdated } from './helpers/harness';

const MIRRORS = ['https://mirror-a.test/main/manifest.json', 'https://mirror-b.test/main/manifest.json'];

/** The main feed (h.feed) plus one SimFeed per mirror, each answering at its own base URL. */
function withMirrors(h: Harness): SimFeed[] {
  const feeds = MIRRORS.map(() => new SimFeed());
  h.sub = { ...h.sub, mirrors: [...MIRRORS] };
  const main = h.feed.fetch;
  h.deps = h.makeDeps({
    fetch: async (url, init) => {
      for (const [i, m] of MIRRORS.entries()) {
        const base = m.replace('manifest.json', '');
        if (url.startsWith(base)) return feeds[i]!.fetch(BASE_URL + url.slice(base.length), init);
      }
      return main(url, init);
    },
  });
  return feeds;
}

function tampered(pub: Publication, path: string, at = 300): Publication {
  const files = new Map(pub.files);
  const bytes = copy(files.get(path) ?? new Uint8Array());
  bytes[Math.min(at, bytes.length - 1)]! ^= 0xff;
  files.set(path, bytes);
  return { ...pub, files };
}

let h: Harness;
afterEach(() => h?.close());

describe('mirror order', () => {
  it('main URL first, then the mirrors in order; non-http(s) and duplicates dropped', () => {
    expect(
      subscriptionSources({ manifestUrl: 'https://a.test/m.json', mirrors: ['https://b.test/m.json', 'javascript:alert(1)', 'https://a.test/m.json', 'nope', 'http://c.test/m.json'] }),
    ).toEqual(['https://a.test/m.json', 'https://b.test/m.json', 'http://c.test/m.json']);
    expect(subscriptionSources({ manifestUrl: 'https://a.test/m.json' })).toEqual(['https://a.test/m.json']);
  });
});

describe('a mirror serves when the main URL fails', () => {
  it('main down → the first mirror serves the update, artifacts come from that mirror', async () => {
    h = await Harness.create();
    const [a] = withMirrors(h);
    const pub = await h.publisher.publish(1, { now: h.clock });
    a!.serve(pub);
    h.feed.offline = true;
    const out = expectUpdated(await h.run(), 1);
    expect(out.via).toBe('snapshot');
    expect(a!.requests('manifest.json')).toHaveLength(1);
    expect(a!.requests(pub.manifest.snapshot.path)).toHaveLength(1);
    expect(lookupKey(h.store.all()[0]!.table, 'scam-5.example/')).not.toBeNull();
  });

  it('after a failing mirror, the next one is tried (main 500, mirror A hangs, mirror B serves)', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    h.deps = { ...h.deps, fetchTimeoutMs: 200 };
    h.feed.route('manifest.json', respond(500));
    a!.route('manifest.json', hang());
    b!.serve(await h.publisher.publish(1, { now: h.clock }));
    expectUpdated(await h.run(), 1);
  });

  it('every source failing: one error, the main URL\'s code, the mirrors\' codes in the words; nothing changes', async () => {
    h = await Harness.create();
    await h.install(1);
    const before = await h.lastGood();
    const [a, b] = withMirrors(h);
    h.advance(DAY);
    await h.publishAndServe(2);
    h.feed.route('manifest.json', respond(503));
    a!.offline = true;
    b!.route('manifest.json', respond(200, '<html>captive portal</html>', { 'content-type': 'text/html' }));
    const out = expectFailed(await h.run(), 'HTTP_ERROR');
    expect(out.error.message).toMatch(/mirror mirror-a\.test: NETWORK; mirror mirror-b\.test: NOT_A_MANIFEST/);
    expect(await h.lastGood()).toEqual(before);
  });
});

describe('hostile mirrors can only withhold', () => {
  it('tampered manifest on the main URL (bad signature) → the honest mirror is used', async () => {
    h = await Harness.create();
    const [a] = withMirrors(h);
    const pub = await h.publisher.publish(1, { now: h.clock });
    h.feed.serve(tampered(pub, 'manifest.json', 120));
    a!.serve(pub);
    expectUpdated(await h.run(), 1);
  });

  it('a tampered artifact behind a validly signed manifest → HASH_MISMATCH there, honest mirror next', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    const pub = await h.publisher.publish(1, { now: h.clock });
    h.feed.offline = true;
    a!.serve(tampered(pub, pub.manifest.snapshot.path));
    b!.serve(pub);
    expectUpdated(await h.run(), 1);
    expect(a!.requests(pub.manifest.snapshot.path)).toHaveLength(1);
    expect(h.store.all()[0]!.table.sha256).toBe(pub.table.sha256);
  });

  it('a forged manifest signed by another key never installs, whatever mirror serves it', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    await h.install(1);
    const before = await h.lastGood();
    const { makeKey } = await import('./helpers/feed');
    const mallory = await makeKey();
    h.advance(DAY);
    const forged = await h.publisher.publish(2, { now: h.clock, signers: [mallory], entries: [] });
    h.feed.offline = true;
    a!.serve(forged);
    b!.serve(forged);
    const out = await h.run();
    expect(out.kind).toBe('failed');
    expect(await h.lastGood()).toEqual(before);
  });

  it('stale mirror (an older, validly signed version) → ROLLBACK refused; the list stays at the installed version', async () => {
    h = await Harness.create();
    const v1 = await h.publisher.publish(1, { now: h.clock });
    h.feed.serve(v1);
    expectUpdated(await h.run(), 1);
    h.advance(DAY);
    await h.install(2);
    const before = await h.lastGood();
    const [a, b] = withMirrors(h);
    h.advance(DAY);
    h.feed.offline = true;
    a!.serve(v1); // replays v1 (still unexpired)
    b!.offline = true;
    expectFailed(await h.run(), 'NETWORK');
    expect(await h.lastGood()).toEqual(before);
    expect(h.store.all()[0]!.table.version).toBe(2);
  });

  it('frozen mirror (an expired manifest) → EXPIRED there; an honest mirror brings the newer version', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    const old = await h.publisher.publish(1, { now: h.clock, expiresInMs: DAY });
    h.advance(3 * DAY);
    const fresh = await h.publisher.publish(2, { now: h.clock });
    h.feed.offline = true;
    a!.serve(old);
    b!.serve(fresh);
    expectUpdated(await h.run(), 2);
  });

  it('a withholding mirror answering 304 to everything cannot fake "unchanged" for an unconditional request', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    h.feed.offline = true;
    a!.route('manifest.json', respond(304));
    b!.serve(await h.publisher.publish(1, { now: h.clock }));
    expectUpdated(await h.run(), 1);
  });

  it('a stale mirror saying "unchanged" does not hide a newer version on a later mirror', async () => {
    h = await Harness.create();
    const v1 = await h.publisher.publish(1, { now: h.clock });
    h.feed.serve(v1);
    expectUpdated(await h.run(), 1);
    const [a, b] = withMirrors(h);
    h.advance(DAY);
    a!.serve(v1); // stale: what is installed
    b!.serve(await h.publisher.publish(2, { now: h.clock }));
    h.feed.offline = true;
    expectUpdated(await h.run(), 2);
  });

  it('only stale mirrors: "unchanged", the installed version stays', async () => {
    h = await Harness.create();
    const v1 = await h.publisher.publish(1, { now: h.clock });
    h.feed.serve(v1);
    expectUpdated(await h.run(), 1);
    const [a, b] = withMirrors(h);
    h.advance(DAY);
    a!.serve(v1);
    b!.offline = true;
    h.feed.offline = true;
    const out = await h.run();
    expect(out.kind).toBe('unchanged');
    expect(h.store.all()[0]!.table.version).toBe(1);
  });

  it('an honest main URL wins: mirrors are not asked at all', async () => {
    h = await Harness.create();
    const [a, b] = withMirrors(h);
    await h.publishAndServe(1);
    a!.offline = true;
    b!.offline = true;
    expectUpdated(await h.run(), 1);
    expect(a!.log).toHaveLength(0);
    expect(b!.log).toHaveLength(0);
    h.advance(30 * MIN);
  });
});
