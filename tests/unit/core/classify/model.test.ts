import { describe, expect, it } from 'vitest';
import modelJson from '../../../../src/core/classify/model.json';
import { compileModel, getDefaultModel, parseModel, SCORED_CATEGORIES, classifyText, type Model } from '../../../../src/core/classify/index.ts';

function clone(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(modelJson)) as Record<string, unknown>;
}

describe('classifier model data', () => {
  it('the bundled model validates and names every scored type', () => {
    const r = parseModel(modelJson);
    expect(r.ok).toBe(true);
    const m = getDefaultModel();
    expect(Object.keys(m.categories).sort()).toEqual([...SCORED_CATEGORIES].sort());
    expect(m.version).toMatch(/^\d{4}\.\d{2}\.\d{2}-\d+$/);
  });

  it.each([
    ['wrong format tag', (m: Record<string, unknown>) => (m.format = 'other')],
    ['warn below caution', (m: Record<string, unknown>) => ((m.thresholds as { page: { warn: number } }).page.warn = 0.1)],
    ['weight out of range', (m: Record<string, unknown>) => (((m.categories as Record<string, { phrases: { zh: Record<string, number> } }>)['task-rebate']!.phrases.zh['刷单'] = 99))],
    ['missing category', (m: Record<string, unknown>) => delete (m.categories as Record<string, unknown>)['phishing']],
    ['unknown signal', (m: Record<string, unknown>) => (((m.categories as Record<string, { signals: Record<string, number> }>)['other']!.signals['field:nope'] = 1))],
    ['brand without domains', (m: Record<string, unknown>) => ((m.brands as { domains: string[] }[])[0]!.domains = [])],
  ])('rejects a model with %s', (_name, mutate) => {
    const m = clone();
    mutate(m);
    const r = parseModel(m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('INVALID_MODEL');
  });

  it('no phrase is listed twice for one type and language', () => {
    for (const [type, def] of Object.entries(getDefaultModel().categories)) {
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

  it('weights are data: a maintainer edit changes the verdict without code changes', () => {
    const base = getDefaultModel();
    const text = '加入我们的蘑菇俱乐部，蘑菇佣金高，加微信 mogu_club88';
    expect(classifyText(text, base).level).toBe('none');
    const edited = clone() as unknown as Model;
    edited.categories['task-rebate'].phrases['zh'] = { ...edited.categories['task-rebate'].phrases['zh'], 蘑菇俱乐部: 2 };
    const r = parseModel(edited);
    expect(r.ok).toBe(true);
    if (r.ok) {
      const v = classifyText(text, r.value);
      expect(v.level).toBe('warn');
      expect(v.reasons.map((x) => x.evidence).join(' ')).toContain('蘑菇俱乐部');
    }
  });
});
