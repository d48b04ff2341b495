import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLASSES, classifyText, getDefaultModel, MODEL_FORMAT_VERSION, serializeModel, type Model } from '../../../../src/core/classify/index.ts';
import { sha256Hex } from '../../../../src/core/lists/signature';
import type { Manifest, ModelRef } from '../../../../src/core/lists/manifest';
import { loadFeedModel, type ModelOutcome } from '../../../../src/background/sync';
import { expectUpdated, Harness } from './helpers/harness';

/** A model whose only feature, the gram 蘑菇 (mushroom), pushes towards task-rebate: it changes a verdict. */
function feedModel(release: number, version = `feed-${release}`): Model {
  const base = getDefaultModel();
  const head = {
    features: ['蘑菇'],
    weights: Int16Array.from(CLASSES.map((c) => (c === 'task-rebate' ? 12 : 0))),
    bias: CLASSES.map((c) => (c === 'legit' ? 2 : 0)),
    quant: 1,
    thresholds: { caution: 0.5, warn: 0.8 },
    maxTextChars: 2000,
    charGrams: 0,
  };
  return { ...base, version, release, heads: { page: head, text: head } };
}

const TEXT = '加入我们的蘑菇俱乐部，今天就开始';
let h: Harness;
afterEach(() => h?.close());

interface Setup {
  readonly bytes?: Uint8Array;
  readonly ref?: (r: ModelRef) => ModelRef;
  readonly serve?: (b: Uint8Array) => Uint8Array;
  readonly bundledRelease?: number;
}

async function publishWithModel(s: Setup = {}, version = 1): Promise<{ received: Model[]; ref: ModelRef }> {
  const bytes = s.bytes ?? new TextEncoder().encode(JSON.stringify(serializeModel(feedModel(getDefaultModel().release + 1))));
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { version?: string; release?: number };
  let ref: ModelRef = {
    path: 'models/model-test.json',
    length: bytes.length,
    sha256: await sha256Hex(bytes),
    version: parsed.version ?? 'x',
    release: parsed.release ?? 1,
    formatVersion: MODEL_FORMAT_VERSION,
    minExtensionVersion: '0.1.0',
  };
  if (s.ref) ref = s.ref(ref);
  const pub = await h.publisher.publish(version, { now: h.clock, editManifest: (m: Manifest) => ({ ...m, model: ref }) });
  h.feed.serve(pub);
  h.feed.files.set(ref.path, s.serve ? s.serve(bytes) : bytes);
  const received: Model[] = [];
  h.deps = h.makeDeps({ model: { bundledRelease: s.bundledRelease ?? getDefaultModel().release, onModel: (m) => received.push(m) } });
  return { received, ref };
}

function refused(out: ModelOutcome | undefined, code: string): void {
  expect(out?.kind).toBe('refused');
  if (out?.kind === 'refused') {
    expect(out.code).toBe(code);
    expect(out.message.length).toBeGreaterThan(20);
  }
}

async function expectNothingInstalled(code: string): Promise<void> {
  expect(await h.db!.models.get('feed')).toBeUndefined();
  expect(await h.db!.models.get('status')).toMatchObject({ slot: 'status', code });
  expect(await loadFeedModel(h.db!, getDefaultModel().release)).toBeNull();
}

describe('a classifier model through the signed list feed', () => {
  it('a newer verified model is stored, handed to the worker and changes a verdict; a restart loads it again', async () => {
    h = await Harness.create();
    const { received, ref } = await publishWithModel();
    expect(classifyText(TEXT).level).not.toBe('warn');
    const out = expectUpdated(await h.run(), 1);
    expect(out.model).toEqual({ kind: 'installed', version: ref.version, release: ref.release });
    expect(received).toHaveLength(1);
    expect(classifyText(TEXT, received[0]).level).toBe('warn');
    expect(await h.db!.models.get('feed')).toMatchObject({ slot: 'feed', release: ref.release, sha256: ref.sha256 });
    expect(await h.db!.models.get('status')).toMatchObject({ code: 'installed' });
    const reloaded = await loadFeedModel(h.db!, getDefaultModel().release);
    expect(reloaded?.version).toBe(ref.version);
    expect(classifyText(TEXT, reloaded ?? undefined).level).toBe('warn');
    // the same release offered again (next list version): nothing is downloaded
    h.advance(60 * 60 * 1000);
    await publishWithModel({}, 2);
    const again = expectUpdated(await h.run(), 2);
    expect(again.model).toEqual({ kind: 'unchanged', release: ref.release });
    expect(h.feed.requests('models/model-test.json')).toHaveLength(1);
  });

  it('refuses a file that does not hash to the signed sha256 (tampered), and keeps the list update', async () => {
    h = await Harness.create();
    const { received } = await publishWithModel({ serve: (b) => Uint8Array.from(b, (x, i) => (i === 40 ? x ^ 1 : x)) });
    const out = expectUpdated(await h.run(), 1);
    refused(out.model, 'MODEL_HASH_MISMATCH');
    expect(received).toHaveLength(0);
    await expectNothingInstalled('MODEL_HASH_MISMATCH');
  });

  it('refuses a signed file that is not a valid model (wrong schema)', async () => {
    h = await Harness.create();
    const bad = serializeModel(feedModel(getDefaultModel().release + 1)) as unknown as Record<string, unknown>;
    bad['formatVersion'] = 2;
    const { received } = await publishWithModel({ bytes: new TextEncoder().encode(JSON.stringify(bad)), ref: (r) => ({ ...r, formatVersion: MODEL_FORMAT_VERSION }) });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_BAD_SCHEMA');
    expect(received).toHaveLength(0);
    await expectNothingInstalled('MODEL_BAD_SCHEMA');
  });

  it('refuses a model older than the bundled one without downloading it', async () => {
    h = await Harness.create();
    const { received } = await publishWithModel({ bundledRelease: getDefaultModel().release + 5 });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_OLDER');
    expect(h.feed.requests('models/model-test.json')).toHaveLength(0);
    expect(received).toHaveLength(0);
  });

  it('refuses a model for a newer extension or another format, without downloading it', async () => {
    h = await Harness.create();
    await publishWithModel({ ref: (r) => ({ ...r, minExtensionVersion: '99.0' }) });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_CLIENT_TOO_OLD');
    h.close();
    h = await Harness.create();
    await publishWithModel({ ref: (r) => ({ ...r, formatVersion: MODEL_FORMAT_VERSION + 1 }) });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_CLIENT_TOO_OLD');
    expect(h.feed.requests('models/model-test.json')).toHaveLength(0);
  });

  it('refuses a valid model that is not the one the manifest names, and a file of the wrong length', async () => {
    h = await Harness.create();
    await publishWithModel({ ref: (r) => ({ ...r, version: 'another-model' }) });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_MISMATCH');
    await expectNothingInstalled('MODEL_MISMATCH');
    h.close();
    h = await Harness.create();
    await publishWithModel({ serve: (b) => Uint8Array.from([...b, 32]) });
    refused(expectUpdated(await h.run(), 1).model, 'MODEL_BAD_LENGTH');
    await expectNothingInstalled('MODEL_BAD_LENGTH');
  });

  it('a manifest without a model leaves the bundled model alone (no model outcome, nothing stored)', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    h.deps = h.makeDeps({ model: { bundledRelease: 1, onModel: () => expect.unreachable('no model in this manifest') } });
    const out = expectUpdated(await h.run(), 1);
    expect(out.model).toBeUndefined();
    expect(await h.db!.models.count()).toBe(0);
  });
});
