/**
 * checkLexicon (plain code, used on the model load path) must agree with lexiconSchema() (zod, the specification):
 * the same accept / reject verdict and, when accepted, the same output byte for byte (keys stripped and ordered
 * as zod orders them: serializeModel writes that object back into model.json). Checked on the real lexicon and on
 * mutations of every part of it (values replaced by wrong types, bounds ±1, strings by length in UTF-16 units and in
 * code points, keys removed, renamed, added).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLexicon, lexiconSchema, parseLexicon } from '../../../../src/core/classify/lexicon.ts';

const LEXICON = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'src', 'core', 'classify', 'lexicon.json'), 'utf8')) as unknown;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const clone = <T>(x: T): T => structuredClone(x);

const VALUES: Json[] = [
  null, true, 0, -1, 0.5, 1, 2, 3, 20, 21, 60, 61, 120, 121, -5, -5.01, 5, 5.01, 1e9, 1.5, '', 'x', 'ab', 'abc',
  'a'.repeat(10), 'a'.repeat(11), 'a'.repeat(30), 'a'.repeat(31), 'a'.repeat(40), 'a'.repeat(41), 'a'.repeat(80), 'a'.repeat(81),
  '😀', '😀😀', `${'😀'.repeat(20)}`, `${'😀'.repeat(21)}`, [], ['x'], ['ab'], [''], {}, { zh: {} }, { x: 1 },
  'scamsentinel-classifier', 'recharge', 'field:password',
];
/** Replacements for a whole object or list (its parts are mutated one by one anyway). */
const CONTAINER_VALUES: Json[] = [null, 1, 'ab', [], ['ab'], {}, { zh: {} }];
const OTHER_TYPES: Json[] = [null, true, 1, 'ab', [], {}];
const KEYS = ['x', 'zh', 'en-US', 'abcdefghijk', '😀', '😀😀', 'recharge', 'field:password', 'task-rebate', 'extra'];

/** Paths to mutate: every object key and array index, but only a few entries of long maps and lists. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    const idx = v.length <= 2 ? v.map((_, i) => i) : [0, v.length - 1];
    for (const i of idx) {
      out.push([...at, i]);
      paths(v[i] as Json, [...at, i], out);
    }
  } else if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    const pick = keys.length <= 16 ? keys : [keys[0]!, keys[keys.length - 1]!];
    for (const k of pick) {
      out.push([...at, k]);
      paths(v[k] as Json, [...at, k], out);
    }
  }
  return out;
}

function parentOf(root: Json, path: (string | number)[]): { parent: Record<string, Json> | Json[]; key: string | number } {
  let cur = root as Record<string, Json>;
  for (const p of path.slice(0, -1)) cur = cur[p as string] as Record<string, Json>;
  return { parent: cur, key: path[path.length - 1]! };
}

function mutations(base: Json): [string, Json][] {
  const out: [string, Json][] = [];
  for (const bad of [null, 42, 'lexicon', [], {}] as Json[]) out.push([`root=${JSON.stringify(bad)}`, bad]);
  for (const path of paths(base)) {
    const name = path.join('.');
    const here = parentOf(base, path);
    const current = (here.parent as Record<string, Json>)[here.key as string];
    // a leaf gets the values of its own type (bounds) and a few of other types; a container a few replacements
    const values = current !== null && typeof current === 'object' ? CONTAINER_VALUES : VALUES.filter((v) => typeof v === typeof current || OTHER_TYPES.includes(v));
    for (const v of values) {
      const m = clone(base);
      const { parent, key } = parentOf(m, path);
      (parent as Record<string, Json>)[key as string] = clone(v);
      out.push([`${name}=${JSON.stringify(v).slice(0, 20)}`, m]);
    }
    {
      const m = clone(base);
      const { parent, key } = parentOf(m, path);
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      out.push([`${name} removed`, m]);
    }
    const m0 = clone(base);
    const { parent: p0, key: k0 } = parentOf(m0, path);
    if (!Array.isArray(p0)) {
      for (const k of KEYS) {
        const m = clone(base);
        const { parent } = parentOf(m, path);
        const rec = parent as Record<string, Json>;
        const renamed: Record<string, Json> = {};
        for (const [kk, vv] of Object.entries(rec)) renamed[kk === k0 ? k : kk] = vv;
        for (const kk of Object.keys(rec)) delete rec[kk];
        Object.assign(rec, renamed);
        out.push([`${name} renamed ${k}`, m]);
      }
    }
    const target = (p0 as Record<string, Json>)[k0 as string];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      for (const k of KEYS) {
        const m = clone(base);
        const { parent, key } = parentOf(m, path);
        const t = (parent as Record<string, Json>)[key as string] as Record<string, Json>;
        const firstValue = Object.values(t)[0] ?? 1;
        t[k] = clone(firstValue);
        out.push([`${name} + key ${k}`, m]);
      }
    }
  }
  return out;
}

describe('checkLexicon agrees with lexiconSchema()', () => {
  it('on the real lexicon: accepted, same output byte for byte', () => {
    const z = lexiconSchema().safeParse(LEXICON);
    const c = checkLexicon(LEXICON);
    expect(z.success).toBe(true);
    expect(c.ok).toBe(true);
    if (z.success && c.ok) expect(JSON.stringify(c.value)).toBe(JSON.stringify(z.data));
    expect(parseLexicon(LEXICON).ok).toBe(true);
  });

  it('on mutations of every part of it: same verdict, same output when accepted', () => {
    const all = mutations(LEXICON as Json);
    expect(all.length).toBeGreaterThan(2000);
    const disagree: string[] = [];
    let accepted = 0;
    for (const [name, m] of all) {
      const z = lexiconSchema().safeParse(m);
      const c = checkLexicon(m);
      if (z.success !== c.ok) disagree.push(`${name}: zod ${z.success ? 'accepts' : 'rejects'}, checkLexicon ${c.ok ? 'accepts' : 'rejects'}`);
      else if (z.success && c.ok && JSON.stringify(c.value) !== JSON.stringify(z.data)) disagree.push(`${name}: different output`);
      if (c.ok) accepted++;
    }
    expect(disagree).toEqual([]);
    // both outcomes are exercised
    expect(accepted).toBeGreaterThan(300);
    expect(all.length - accepted).toBeGreaterThan(1000);
  }, 60_000);

  it('reports where the problem is', () => {
    const m = clone(LEXICON) as { thresholds: { text: { warn: number } } };
    m.thresholds.text.warn = 2;
    expect(parseLexicon(m)).toMatchObject({ ok: false, reason: 'INVALID_LEXICON', message: expect.stringContaining('thresholds.text.warn') });
  });
});
