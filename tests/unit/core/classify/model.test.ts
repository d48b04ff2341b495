import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import lexiconJson from '../../../../src/core/classify/lexicon.json';
import {
  CLASSES, classifyText, compileModel, getDefaultModel, parseLexicon, parseModel, SCORED_CATEGORIES, type Model,
} from '../../../../src/core/classify/index.ts';

const MODEL_FILE = new URL('../../../../src/core/classify/model.json', import.meta.url);

function clone(): Record<string, unknown> {
  return JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as Record<string, unknown>;
}

type Heads = { page: { features: string[]; weights: number[]; thresholds: { warn: number; caution: number } } };

/** A hand-made one-feature model: the gram 蘑菇 (mushroom) pushes towards task-rebate. */
function tinyModel(weight: number): Model {
  const base = getDefaultModel();
  const row = CLASSES.map((c) => (c === 'task-rebate' ? weight : 0));
  const head = { features: ['蘑菇'], weights: row, bias: CLASSES.map((c) => (c === 'legit' ? 2 : 0)), quant: 1, thresholds: { caution: 0.5, warn: 0.8 }, maxTextChars: 2000 };
  const r = parseModel({ ...base, version: 'tiny', heads: { page: head, text: head } });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('learned classifier model (format 2)', () => {
  it('the bundled model validates, names legit + every scored type, and is ≤ 300 KB gzipped', () => {
    const r = parseModel(clone());
    expect(r.ok).toBe(true);
    const m = getDefaultModel();
    expect(m.formatVersion).toBe(2);
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
    ['format version 1', (m: Record<string, unknown>) => (m.formatVersion = 1)],
    ['classes out of order', (m: Record<string, unknown>) => (m.classes = [...(m.classes as string[])].reverse())],
    ['warn below caution', (m: Record<string, unknown>) => ((m.heads as Heads).page.thresholds.warn = 0.01)],
    ['weights not |features| × |classes|', (m: Record<string, unknown>) => (m.heads as Heads).page.weights.pop()],
    ['a fractional weight', (m: Record<string, unknown>) => ((m.heads as Heads).page.weights[0] = 0.5)],
    ['a feature listed twice', (m: Record<string, unknown>) => (m.heads as Heads).page.features.splice(1, 1, (m.heads as Heads).page.features[0] ?? '')],
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
