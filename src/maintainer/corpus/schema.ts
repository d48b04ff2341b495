/**
 * The corpus in git (corpus/*.jsonl.gz): one JSON object per line, validated here on every read.
 *
 *   pages.jsonl.gz  PageItem  — a scam page / template / language table, or a legit page, or a fixture page,
 *                               as extracted by src/dom (visible text capped, title, headings, buttons, fields,
 *                               link / host counts, payment artefacts). No scripts, no raw HTML.
 *   texts.jsonl.gz  TextItem  — a short labelled text (ad, SMS, post, job ad).
 * `group` is the source repository or data set: splits keep a group (and groups linked by near-duplicate items,
 * `splitGroup`) on one side only.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FIELD_KINDS, type PageFeatures } from '../../core/classify/features.ts';
import { SCORED_CATEGORIES, type ScoredCategory } from '../../core/classify/model.ts';

export const LABELS = [...SCORED_CATEGORIES, 'legit'] as const;
export type Label = ScoredCategory | 'legit';
const LabelSchema = z.enum(LABELS as unknown as [Label, ...Label[]]);

const Source = z.union([
  z.object({ repo: z.string().min(1), path: z.string().min(1), commit: z.string() }),
  z.object({ dataset: z.string().min(1), id: z.string().min(1) }),
]);

/** PageFeatures as stored: the extractor's output without timing stats. */
export const StoredFeaturesSchema = z.object({
  lang: z.string(),
  title: z.string(),
  text: z.string(),
  headings: z.array(z.string()),
  buttons: z.array(z.string()),
  fields: z.array(z.object({ kind: z.enum(FIELD_KINDS), evidence: z.string() })),
  links: z.object({ count: z.number().int().min(0), hosts: z.array(z.string()), contactLinks: z.array(z.string()) }),
  images: z.object({ count: z.number().int().min(0), qrCount: z.number().int().min(0), qrNearPay: z.array(z.string()) }),
  countdownElements: z.number().int().min(0),
  truncated: z.boolean(),
});
export type StoredFeatures = z.infer<typeof StoredFeaturesSchema>;

export const PageItemSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['page', 'template', 'lang-table', 'fixture']),
  label: LabelSchema,
  /** legit:<kind> (shop, bank-login, news-zh …) or the scam label again. */
  detail: z.string(),
  lang: z.string(),
  group: z.string().min(1),
  splitGroup: z.string().min(1),
  source: Source,
  licence: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string().optional(),
  features: StoredFeaturesSchema,
});
export type PageItem = z.infer<typeof PageItemSchema>;

export const TextItemSchema = z.object({
  id: z.string().min(1),
  label: LabelSchema,
  detail: z.string(),
  lang: z.string(),
  group: z.string().min(1),
  splitGroup: z.string().min(1),
  source: Source,
  licence: z.string(),
  sha256: z.string(),
  text: z.string().min(1),
});
export type TextItem = z.infer<typeof TextItemSchema>;

export function readJsonlGz<T>(file: string, schema: z.ZodType<T>): T[] {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const out: T[] = [];
  let n = 0;
  for (const line of text.split('\n')) {
    n++;
    if (!line.trim()) continue;
    const r = schema.safeParse(JSON.parse(line));
    if (!r.success) throw new Error(`${file}:${n}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.push(r.data);
  }
  return out;
}

/** Where a scam page without a recorded address is taken to be served: a kit or template is by definition not on
 *  the brand's own domain, and in the browser every page has a host (so `brand:off-domain` can fire as it would). */
export const SCAM_PLACEHOLDER_HOST = 'scam-host.invalid';

/** Stored features → the PageFeatures the scorer reads (url/host from the item when known). */
export function toPageFeatures(item: Pick<PageItem, 'features' | 'url'> & { readonly label?: string }): PageFeatures {
  const f = item.features;
  if (!item.url && item.label !== undefined && item.label !== 'legit')
    return { version: 1, url: `https://${SCAM_PLACEHOLDER_HOST}/`, host: SCAM_PLACEHOLDER_HOST, ...f, stats: { nodes: 0, textChars: f.text.length, shadowRoots: 0, elapsedMs: 0, slices: 0 } };
  let host: string | undefined;
  if (item.url) {
    try {
      host = new URL(item.url).hostname.toLowerCase();
    } catch {
      host = undefined;
    }
  }
  return {
    version: 1,
    ...(item.url ? { url: item.url } : {}),
    ...(host ? { host } : {}),
    ...f,
    stats: { nodes: 0, textChars: f.text.length, shadowRoots: 0, elapsedMs: 0, slices: 0 },
  };
}
