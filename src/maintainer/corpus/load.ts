/** Reads the corpus in git (corpus/pages.jsonl.gz, corpus/texts.jsonl.gz), validated line by line, and the
 *  published page sides (corpus/page-sides.json: source group → train / val / test, see split.ts assignWithFrozen). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrozenSides, Side } from '../train/split.ts';
import { PageItemSchema, readJsonlGz, TextItemSchema, type PageItem, type TextItem } from './schema.ts';

export interface Corpus {
  readonly pages: PageItem[];
  readonly texts: TextItem[];
  /** Published sides of page source groups; empty when the corpus has none (every group dealt afresh). */
  readonly pageSides?: FrozenSides;
}

export const PAGE_SIDES_FILE = 'page-sides.json';
const SIDES = new Set<string>(['train', 'val', 'test']);

export function readPageSides(file: string): Map<string, Side> {
  const out = new Map<string, Side>();
  if (!existsSync(file)) return out;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { sides?: unknown };
  if (!raw.sides || typeof raw.sides !== 'object' || Array.isArray(raw.sides)) throw new Error(`${file}: expected {"sides": {"<group>": "train" | "val" | "test"}}`);
  for (const [g, s] of Object.entries(raw.sides as Record<string, unknown>)) {
    if (typeof s !== 'string' || !SIDES.has(s)) throw new Error(`${file}: group ${g} has side ${JSON.stringify(s)}; expected train, val or test`);
    out.set(g, s as Side);
  }
  return out;
}

export function loadCorpus(dir: string): Corpus {
  const p = join(dir, 'pages.jsonl.gz');
  const t = join(dir, 'texts.jsonl.gz');
  return {
    pages: existsSync(p) ? readJsonlGz(p, PageItemSchema) : [],
    texts: existsSync(t) ? readJsonlGz(t, TextItemSchema) : [],
    pageSides: readPageSides(join(dir, PAGE_SIDES_FILE)),
  };
}

/** Pages of source groups gathered after the shipped model was trained and kept out of training on purpose: a
 *  blind measure (`npm run eval -- holdout`). A group here is never a group of pages.jsonl.gz; an item whose near-copy
 *  is in the corpus carries that corpus split group's name as its splitGroup. */
export const HOLDOUT_PAGES_FILE = 'holdout-pages.jsonl.gz';

export function loadHoldoutPages(dir: string): PageItem[] {
  const f = join(dir, HOLDOUT_PAGES_FILE);
  return existsSync(f) ? readJsonlGz(f, PageItemSchema) : [];
}
