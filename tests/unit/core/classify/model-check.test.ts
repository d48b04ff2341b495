/**
 * checkModelFields (plain code, parseModel's check of everything but `lexicon` and `training`) must agree with
 * modelFileSchema() without those two fields (zod, the specification; what parseModel ran before): the same accept /
 * reject verdict and, when accepted, the same output byte for byte. Checked on the real model and on mutations of
 * every field (values replaced by other types, bounds ±1, non-finite numbers, strings by length in UTF-16 units and
 * in code points, keys removed and added). lexicon-check.test.ts and model.test.ts cover the other two fields.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { omit } from 'zod/mini';
import { checkModelFields, modelFileSchema, parseModel } from '../../../../src/core/classify/model.ts';

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'src', 'core', 'classify', 'model.json');
const { lexicon: _lexicon, training: _training, ...FIELDS } = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const spec = () => omit(modelFileSchema(), { lexicon: true, training: true });

type Value = unknown;
const VALUES: Value[] = [
  null, undefined, true, 0, -0, -1, 1, 2, 3, 4, 4.5, 0.5, 0.01, 0.99, 1e-9, 99, 100, 100.5, 1000, 5000, 5001, 100_000, 100_001,
  1e9, 1e9 + 1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
  '', 'x', 'legit', 'scamsentinel-classifier', 'a'.repeat(40), 'a'.repeat(41), '😀'.repeat(40), '😀'.repeat(41), '4',
  [], [1], ['legit'], {}, { x: 1 },
];

/** Every key and index of the fields, but only the ends of long arrays. */
function paths(v: Value, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    for (const i of v.length <= 2 ? v.map((_, i) => i) : [0, 1, v.length - 1]) {
      out.push([...at, i]);
      paths(v[i], [...at, i], out);
    }
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([...at, k]);
      paths((v as Record<string, Value>)[k], [...at, k], out);
    }
  }
  return out;
}

function at(root: Value, path: (string | number)[]): { parent: Record<string, Value>; key: string } {
  let cur = root as Record<string, Value>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string, Value>;
  return { parent: cur, key: String(path[path.length - 1]) };
}

function mutations(base: Value): [string, Value][] {
  const out: [string, Value][] = [];
  for (const bad of [null, 42, 'model', [], {}]) out.push([`root=${JSON.stringify(bad)}`, bad]);
  for (const path of paths(base)) {
    const name = path.join('.');
    for (const v of VALUES) {
      const m = structuredClone(base);
      const { parent, key } = at(m, path);
      parent[key] = structuredClone(v);
      out.push([`${name}=${String(JSON.stringify(v)).slice(0, 20)}`, m]);
    }
    const m = structuredClone(base);
    const { parent, key } = at(m, path);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    out.push([`${name} removed`, m]);
    const here = at(base, path);
    const target = here.parent[here.key];
    if (target && typeof target === 'object') {
      const m2 = structuredClone(base);
      const t = at(m2, path);
      if (Array.isArray(target)) (t.parent[t.key] as Value[]).push(structuredClone((target as Value[])[0]));
      else (t.parent[t.key] as Record<string, Value>).extra = 1;
      out.push([`${name} + one more`, m2]);
    }
  }
  // relations between fields
  const swap = structuredClone(base) as { heads: { page: { thresholds: { caution: number; warn: number } } } };
  const t = swap.heads.page.thresholds;
  [t.caution, t.warn] = [Math.max(t.caution, t.warn), Math.min(t.caution, t.warn) - 0.01];
  out.push(['page thresholds swapped', swap]);
  const equal = structuredClone(base) as typeof swap;
  equal.heads.page.thresholds.warn = equal.heads.page.thresholds.caution;
  out.push(['page warn = caution', equal]);
  return out;
}

describe('checkModelFields agrees with modelFileSchema() without lexicon and training', () => {
  it('on the real model: accepted, same output byte for byte', () => {
    const z = spec().safeParse(FIELDS);
    const c = checkModelFields(FIELDS);
    expect(z.success).toBe(true);
    expect(c.ok).toBe(true);
    if (z.success && c.ok) expect(JSON.stringify(c.value)).toBe(JSON.stringify(z.data));
  });

  it('on mutations of every field: same verdict, same output when accepted', () => {
    const all = mutations(FIELDS);
    expect(all.length).toBeGreaterThan(1000);
    const disagree: string[] = [];
    let accepted = 0;
    for (const [name, m] of all) {
      const z = spec().safeParse(m);
      const c = checkModelFields(m);
      if (z.success !== c.ok) disagree.push(`${name}: zod ${z.success ? 'accepts' : 'rejects'}, checkModelFields ${c.ok ? 'accepts' : 'rejects'}`);
      else if (z.success && c.ok && JSON.stringify(c.value) !== JSON.stringify(z.data)) disagree.push(`${name}: different output`);
      if (c.ok) accepted++;
    }
    expect(disagree).toEqual([]);
    // both outcomes are exercised
    expect(accepted).toBeGreaterThan(50);
    expect(all.length - accepted).toBeGreaterThan(500);
  }, 60_000);

  it('parseModel reports where the problem is', () => {
    const m = JSON.parse(readFileSync(FILE, 'utf8')) as { heads: { text: { maxTextChars: number } } };
    m.heads.text.maxTextChars = 99;
    expect(parseModel(m)).toMatchObject({ ok: false, reason: 'INVALID_MODEL', message: expect.stringContaining('heads.text.maxTextChars') });
  });
});
