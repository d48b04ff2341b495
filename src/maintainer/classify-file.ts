/** File content → ClassifyDetail, as `npm run classify` does it (shared by the CLI and its tests). */
import { analyze, getDefaultModel, type ClassifyDetail } from '../core/classify/index.ts';
import { extractFeatures } from '../dom/extract.ts';
import { documentFromSource } from './html/index.ts';

/** HTML (full page, fragment or template) → verdict detail. `url` defaults to the fixture's <meta name="x-url">. */
export function classifyHtml(html: string, url: string | undefined, ext = ''): ClassifyDetail {
  const doc = documentFromSource(html, { ext });
  const pageUrl = url ?? doc.querySelector('meta[name="x-url"]')?.getAttribute('content') ?? undefined;
  const features = extractFeatures(doc, pageUrl ? { url: pageUrl, totalBudgetMs: 5_000 } : { totalBudgetMs: 5_000 });
  return analyze(features, getDefaultModel(), 'page');
}
