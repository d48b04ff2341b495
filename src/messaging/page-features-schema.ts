/**
 * zod schema for PageFeatures (src/core/classify/features.ts) as it arrives from a content script: untrusted,
 * so every string and array is capped. Kept next to the protocol; a unit test checks it accepts what the
 * extractor produces.
 */
import * as z from 'zod/mini';
import { FIELD_KINDS, type PageFeatures } from '../core/classify/features';
import { useEnglishMessages } from '../core/zod';
import { FEATURE_LIMITS as L } from './page-features-limits';

const s = (max: number) => z.string().check(z.maxLength(max));
const list = (max: number, item = 300) => z.array(s(item)).check(z.maxLength(max));
const count = () => z.int().check(z.gte(0));
const nonNegative = () => z.number().check(z.gte(0));

function build() {
  return z.strictObject({
    version: z.literal(1),
    url: z.optional(s(L.url)),
    host: z.optional(s(L.host)),
    lang: s(L.lang),
    title: s(L.title),
    text: s(L.text),
    headings: list(L.headings.max, L.headings.item),
    buttons: list(L.buttons.max, L.buttons.item),
    fields: z.array(z.strictObject({ kind: z.enum(FIELD_KINDS), evidence: s(L.fields.evidence) })).check(z.maxLength(L.fields.max)),
    links: z.strictObject({
      count: count(),
      hosts: list(L.linkHosts.max, L.linkHosts.item),
      contactLinks: list(L.contactLinks.max, L.contactLinks.item),
    }),
    images: z.strictObject({ count: count(), qrCount: count(), qrNearPay: list(L.qrNearPay.max, L.qrNearPay.item) }),
    countdownElements: count(),
    truncated: z.boolean(),
    stats: z.strictObject({
      nodes: nonNegative(),
      textChars: nonNegative(),
      shadowRoots: nonNegative(),
      elapsedMs: nonNegative(),
      slices: nonNegative(),
    }),
  });
}

let schema: ReturnType<typeof build> | null = null;
/** Built on first use (a content script loads this module on every page; the worker parses features only later). */
export function pageFeaturesSchema(): ReturnType<typeof build> {
  if (!schema) {
    useEnglishMessages();
    schema = build();
  }
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
