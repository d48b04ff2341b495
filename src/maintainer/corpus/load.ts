/** Reads the corpus in git (corpus/pages.jsonl.gz, corpus/texts.jsonl.gz), validated line by line. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PageItemSchema, readJsonlGz, TextItemSchema, type PageItem, type TextItem } from './schema.ts';

export interface Corpus {
  readonly pages: PageItem[];
  readonly texts: TextItem[];
}

export function loadCorpus(dir: string): Corpus {
  const p = join(dir, 'pages.jsonl.gz');
  const t = join(dir, 'texts.jsonl.gz');
  return {
    pages: existsSync(p) ? readJsonlGz(p, PageItemSchema) : [],
    texts: existsSync(t) ? readJsonlGz(t, TextItemSchema) : [],
  };
}
