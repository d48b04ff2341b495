/**
 * Test models for the list feed, built in the test from the bundled model (never a checked-in fake model.json):
 * the bundled model plus one made-up word as a page feature with a strong weight for a scam type, written with the
 * same serializer `npm run train` uses (serializeModel). A page whose only unusual content is that word is silent
 * under the bundled model and a scam under this one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASSES, parseModel, serializeModel, type Model, type ScoredCategory } from '../../../src/core/classify/model';
import { ROOT } from './browsers';

export const BUNDLED_MODEL_FILE = join(ROOT, 'src/core/classify/model.json');

export function bundledModel(): Model {
  const m = parseModel(JSON.parse(readFileSync(BUNDLED_MODEL_FILE, 'utf8')));
  if (!m.ok) throw new Error(`bundled model does not validate: ${m.message}`);
  return m.value;
}

export interface TestModelOptions {
  readonly release: number;
  /** A single lower-case word (one gram): the page head learns it. */
  readonly word: string;
  readonly category: ScoredCategory;
}

/** The model file bytes (JSON + newline, like model.json). */
export function testModelBytes(o: TestModelOptions): Uint8Array {
  if (!/^[a-z]{4,24}$/.test(o.word)) throw new Error(`test model word must be one lower-case word: ${o.word}`);
  const base = bundledModel();
  const page = base.heads.page;
  if (page.features.includes(o.word)) throw new Error(`the bundled model already knows "${o.word}"`);
  const K = CLASSES.length;
  const row = new Int16Array(K);
  row[0] = -32_000; // legit
  row[CLASSES.indexOf(o.category)] = 32_000;
  const weights = new Int16Array(page.weights.length + K);
  weights.set(page.weights);
  weights.set(row, page.weights.length);
  const model: Model = {
    ...base,
    version: `test-${o.word}-${o.release}`,
    release: o.release,
    heads: { ...base.heads, page: { ...page, features: [...page.features, o.word], weights } },
  };
  const json = `${JSON.stringify(serializeModel(model))}\n`;
  const check = parseModel(JSON.parse(json));
  if (!check.ok) throw new Error(`test model does not validate: ${check.message}`);
  return new TextEncoder().encode(json);
}
