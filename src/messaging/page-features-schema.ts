/**
 * zod schema for PageFeatures (src/core/classify/features.ts) as it arrives from a content script: untrusted,
 * so every string and array is capped. Kept next to the protocol; a unit test checks it accepts what the
 * extractor produces.
 */
import { z } from 'zod';
import { FIELD_KINDS, type PageFeatures } from '../core/classify/features';

const s = (max: number) => z.string().max(max);
const list = (max: number, item = 300) => z.array(s(item)).max(max);

function build() {
  return z.strictObject({
    version: z.literal(1),
    url: s(8192).optional(),
    host: s(253).optional(),
    lang: s(35),
    title: s(1000),
    text: s(100_000),
    headings: list(200, 500),
    buttons: list(300, 200),
    fields: z.array(z.strictObject({ kind: z.enum(FIELD_KINDS), evidence: s(300) })).max(300),
    links: z.strictObject({ count: z.number().int().min(0), hosts: list(2000, 253), contactLinks: list(200, 500) }),
    images: z.strictObject({ count: z.number().int().min(0), qrCount: z.number().int().min(0), qrNearPay: list(50, 300) }),
    countdownElements: z.number().int().min(0),
    truncated: z.boolean(),
    stats: z.strictObject({
      nodes: z.number().min(0),
      textChars: z.number().min(0),
      shadowRoots: z.number().min(0),
      elapsedMs: z.number().min(0),
      slices: z.number().min(0),
    }),
  });
}

let schema: ReturnType<typeof build> | null = null;
/** Built on first use (a content script loads this module on every page; the worker parses features only later). */
export function pageFeaturesSchema(): ReturnType<typeof build> {
  schema ??= build();
  return schema;
}

/** zod marks optionals `T | undefined`; strictObject never yields an explicit undefined for an absent key. */
export function parsePageFeatures(value: unknown): PageFeatures | null {
  const r = pageFeaturesSchema().safeParse(value);
  return r.success ? (r.data as PageFeatures) : null;
}

type Parsed = z.infer<ReturnType<typeof build>>;
// Compile-time check that the schema and the interface describe the same fields (both directions).
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
export const PAGE_FEATURES_SCHEMA_MATCHES: SameKeys<Parsed, PageFeatures> = true;
