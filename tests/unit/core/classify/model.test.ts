import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lexiconJson from '../../../../src/core/classify/lexicon.json';
import {
  CLASSES, classifyText, compileModel, getDefaultModel, modelFileSchema, parseLexicon, parseModel, SCORED_CATEGORIES, serializeModel, type Model,
} from '../../../../src/core/classify/index.ts';
import { base64ToBytes, base64ToBytesLoop, bytesToBase64 } from '../../../../src/core/classify/model.ts';

const MODEL_FILE = new URL('../../../../src/core/classify/model.json', import.meta.url);

function clone(): Record<string, unknown> {
  return JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as Record<string, unknown>;
}

type Heads = { page: { features: string; weights: string; thresholds: { warn: number; caution: number } } };

/** A hand-made one-feature model: the gram 蘑菇 (mushroom) pushes towards task-rebate. */
function tinyModel(weight: number): Model {
  const base = getDefaultModel();
  const row = Int16Array.from(CLASSES.map((c) => (c === 'task-rebate' ? weight : 0)));
  const head = { features: ['蘑菇'], weights: row, bias: CLASSES.map((c) => (c === 'legit' ? 2 : 0)), quant: 1, thresholds: { caution: 0.5, warn: 0.8 }, maxTextChars: 2000, charGrams: 0 };
  const r = parseModel(serializeModel({ ...base, version: 'tiny', heads: { page: head, text: head } }));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('learned classifier model (format 4)', () => {
  it('the bundled model validates, names legit + every scored type, and is ≤ 300 KB gzipped', () => {
    const r = parseModel(clone());
    expect(r.ok).toBe(true);
    const m = getDefaultModel();
    expect(m.formatVersion).toBe(4);
    expect(m.heads.page.charGrams).toBeGreaterThan(0);
    expect(m.classes).toEqual(['legit', ...SCORED_CATEGORIES]);
    expect(m.heads.page.features.length).toBeGreaterThan(100);
    expect(m.heads.text.features.length).toBeGreaterThan(100);
    expect(gzipSync(readFileSync(MODEL_FILE), { level: 9 }).length).toBeLessThanOrEqual(300 * 1024);
  });

  it('stores n-grams as readable strings (explainable), structural features by name', () => {
    const f = getDefaultModel().heads.page.features;
    expect(f.some((x) => /[\u4e00-\u9fff]{2,3}/.test(x))).toBe(true);
    expect(f).toEqual(expect.arrayContaining(['sig:button:recharge', 'sig:field:card-number', 'sig:contact:im', 'lex:task-rebate', 'act:any']));
  });

  it.each([
    ['wrong format tag', (m: Record<string, unknown>) => (m.format = 'other')],
    ['format version 2', (m: Record<string, unknown>) => (m.formatVersion = 2)],
    ['format version 3 (no character n-grams)', (m: Record<string, unknown>) => (m.formatVersion = 3)],
    ['a head without charGrams', (m: Record<string, unknown>) => delete (m.heads as Record<string, Record<string, unknown>>)['page']?.['charGrams']],
    ['classes out of order', (m: Record<string, unknown>) => (m.classes = [...(m.classes as string[])].reverse())],
    ['warn below caution', (m: Record<string, unknown>) => ((m.heads as Heads).page.thresholds.warn = 0.01)],
    ['weights not |features| × |classes|', (m: Record<string, unknown>) => ((m.heads as Heads).page.weights = (m.heads as Heads).page.weights.slice(0, -8))],
    ['weights that are not base64', (m: Record<string, unknown>) => ((m.heads as Heads).page.weights = `!${(m.heads as Heads).page.weights.slice(1)}`)],
    ['one feature too many', (m: Record<string, unknown>) => ((m.heads as Heads).page.features += '\nextra')],
    ['an empty feature', (m: Record<string, unknown>) => ((m.heads as Heads).page.features = (m.heads as Heads).page.features.replace('\n', '\n\n'))],
    ['a feature listed twice', (m: Record<string, unknown>) => {
      const h = (m.heads as Heads).page;
      const f = h.features.split('\n');
      f[1] = f[0] ?? '';
      h.features = f.join('\n');
    }],
    ['the last feature repeating the first', (m: Record<string, unknown>) => {
      const h = (m.heads as Heads & { text: Heads['page'] }).text;
      const f = h.features.split('\n');
      f[f.length - 1] = f[0] ?? '';
      h.features = f.join('\n');
    }],
    ['a feature of 61 characters', (m: Record<string, unknown>) => {
      const h = (m.heads as Heads).page;
      h.features = h.features.replace(/^[^\n]*/, 'x'.repeat(61));
    }],
    ['a trailing line break (an empty last feature)', (m: Record<string, unknown>) => {
      const h = (m.heads as Heads).page;
      const f = h.features.split('\n');
      f[f.length - 1] = '';
      h.features = f.join('\n');
    }],
    ['a lexicon phrase weight out of range', (m: Record<string, unknown>) => (((m.lexicon as { categories: Record<string, { phrases: { zh: Record<string, number> } }> }).categories['task-rebate']!.phrases.zh['刷单'] = 99))],
    ['a broken lexicon', (m: Record<string, unknown>) => delete (m.lexicon as Record<string, unknown>)['brands']],
    ['no text head', (m: Record<string, unknown>) => delete (m.heads as Record<string, unknown>)['text']],
  ])('rejects a model with %s', (_name, mutate) => {
    const m = clone();
    mutate(m);
    const r = parseModel(m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('INVALID_MODEL');
  });

  it('parseModel agrees with modelFileSchema() on the training record (checked in plain code) and keeps it in order', () => {
    const cases: unknown[] = [
      undefined, {}, { seed: 13, corpus: 'abc', ok: true }, { b: 1, a: 2, 3: 'x' }, null, [], 'x', 4, { seed: null }, { seed: [1] },
      { seed: {} }, { seed: Number.POSITIVE_INFINITY }, { seed: Number.NaN }, { nested: { a: 1 } }, new Date(0), Object.create(null),
    ];
    for (const training of cases) {
      const m = clone();
      if (training === undefined) delete m.training;
      else m.training = training;
      const z = modelFileSchema().safeParse(m);
      const r = parseModel(m);
      expect(r.ok, String(JSON.stringify(training))).toBe(z.success);
      if (r.ok && z.success) expect(JSON.stringify(r.value.training)).toBe(JSON.stringify(z.data.training));
    }
  });

  it('rejects what is not a model at all', () => {
    for (const bad of [null, 42, 'model', [], {}]) expect(parseModel(bad).ok).toBe(false);
  });

  it('the lexicon validates and lists no phrase twice for one type and language', () => {
    const r = parseLexicon(lexiconJson);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const [type, def] of Object.entries(r.value.categories)) {
      for (const [lang, map] of Object.entries(def.phrases)) {
        const keys = Object.keys(map).map((k) => k.toLowerCase());
        expect(new Set(keys).size, `${type}/${lang}`).toBe(keys.length);
      }
    }
  });

  it('the file form round-trips: serialize(parse(file)) gives the same bytes, weights as int16', () => {
    const text = readFileSync(MODEL_FILE, 'utf8');
    const r = parseModel(JSON.parse(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.heads.page.weights).toBeInstanceOf(Int16Array);
    expect(r.value.heads.page.weights.length).toBe(r.value.heads.page.features.length * CLASSES.length);
    expect(`${JSON.stringify(serializeModel(r.value))}\n`).toBe(text);
  });

  it('base64 of int16 weights round-trips every byte value and length', () => {
    for (let n = 0; n < 7; n++) {
      const b = Uint8Array.from({ length: 250 + n }, (_, i) => (i * 37 + n) & 0xff);
      expect(base64ToBytes(bytesToBase64(b))).toEqual(b);
      expect(base64ToBytesLoop(bytesToBase64(b))).toEqual(b);
    }
    expect(bytesToBase64(Uint8Array.from([0xff, 0xfe, 0x00]))).toBe('//4A');
    expect(base64ToBytes('abc')).toBeNull();
    expect(base64ToBytes('ab$=')).toBeNull();
    expect(base64ToBytesLoop('ab$=')).toBeNull();
  });

  it('compiles once per model object', () => {
    const m = getDefaultModel();
    expect(compileModel(m)).toBe(compileModel(m));
  });

  it('weights are data: a weight edit changes the verdict, and the reason names the visible words', () => {
    const text = '加入我们的蘑菇俱乐部，今天就开始';
    expect(classifyText(text, tinyModel(0)).level).toBe('none');
    const v = classifyText(text, tinyModel(12));
    expect(v.level).toBe('warn');
    expect(v.category).toBe('task-rebate');
    expect(v.reasons[0]?.signal).toBe('page:phrase');
    expect(v.reasons[0]).toMatchObject({ signal: 'page:phrase', phrase: '蘑菇' });
  });
});
