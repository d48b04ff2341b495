/**
 * One entry point for every Node path that turns a file into a Document (classify CLI, corpus ingest, eval):
 * templates are reduced to their visible literal text first, then everything goes through the spec parser.
 */
import { parseDocument } from './parse.ts';
import { looksLikeTemplate, templateToHtml, type TemplateOptions } from './template.ts';

export { decodeHtml, parseDocument } from './parse.ts';
export { looksLikeTemplate, templateToHtml, type TemplateOptions } from './template.ts';
export { langTableText, parseLangTable } from './lang-table.ts';

/** Largest source read (characters); beyond this a page is cut (the extractor caps text at 24k anyway). */
export const MAX_SOURCE_CHARS = 3_000_000;

export function documentFromSource(source: string, opts: TemplateOptions & { readonly template?: boolean } = {}): Document {
  const src = source.length > MAX_SOURCE_CHARS ? source.slice(0, MAX_SOURCE_CHARS) : source;
  const isTemplate = opts.template ?? looksLikeTemplate(src, opts.ext ?? '');
  return parseDocument(isTemplate ? templateToHtml(src, opts) : src);
}
