/**
 * The report the extension POSTs to `/v1/reports` (documented in docs/intake.md), its limits, and the typed
 * error body every non-2xx answer carries. Strict: unknown fields are refused (400), so the server never stores
 * more than the schema names.
 *
 *   {
 *     "idempotencyKey": "3f1c…-uuid",           // crypto.randomUUID() made once when the report is queued
 *     "kind": "scam" | "false-positive",
 *     "url": "https://shop.example/checkout",     // the client strips query + fragment by default
 *     "category": "fake-shop",                    // CATEGORIES from src/core/types
 *     "comment": "asked me to pay by bank transfer",         // optional, ≤ 2000 chars
 *     "paid": true,                                          // optional
 *     "evidence": {                                          // optional, only what the user ticked
 *       "reasons": [{ "signal": "page:phrase", "evidence": "仅限银行转账", "weight": 0.4 }],   // ≤ 20
 *       "screenshot": "data:image/png;base64,iVBORw0…"                                     // PNG ≤ 1 MiB decoded
 *     },
 *     "clientVersion": "0.1.0",
 *     "locale": "zh-CN"
 *   }
 */
import { z } from 'zod';
import { CATEGORIES } from '../../core/types';
import { canonicalize } from '../../core/url/index';

import { SCREENSHOT_MAX_BYTES, SCREENSHOT_MAX_CHARS, SCREENSHOT_PREFIX } from '../../core/report-limits';

/** Decoded PNG screenshot cap: the one the extension checks too (src/core/report-limits.ts). */
export { SCREENSHOT_MAX_BYTES, SCREENSHOT_MAX_CHARS, SCREENSHOT_PREFIX };
/** Request body cap: a maximal screenshot (~1.34 MB as base64) plus every other field at its cap fits. */
export const MAX_BODY_BYTES = 1536 * 1024;
export const COMMENT_MAX_CHARS = 2000;
export const URL_MAX_CHARS = 4096;
export const REASONS_MAX = 20;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes a `data:image/png;base64,` URL; null unless it is well-formed base64 of a PNG within the cap. */
export function decodeScreenshot(dataUrl: string): Uint8Array | null {
  if (!dataUrl.startsWith(SCREENSHOT_PREFIX)) return null;
  const b64 = dataUrl.slice(SCREENSHOT_PREFIX.length);
  if (b64.length % 4 !== 0 || !BASE64_RE.test(b64)) return null;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > SCREENSHOT_MAX_BYTES || bytes.length < PNG_MAGIC.length) return null;
  if (!PNG_MAGIC.every((b, i) => bytes[i] === b)) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export const ReasonSchema = z.strictObject({
  signal: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, 'signal: 1–64 of A-Z a-z 0-9 : . _ -'),
  evidence: z.string().max(1000),
  weight: z.number().finite().min(-100).max(100).optional(),
});

export const ReportSchema = z.strictObject({
  idempotencyKey: z.uuid().transform((s) => s.toLowerCase()),
  kind: z.enum(['scam', 'false-positive']),
  url: z
    .string()
    .min(1)
    .max(URL_MAX_CHARS)
    .refine((u) => canonicalize(u) !== null, 'url: not an http(s) URL'),
  category: z.enum(CATEGORIES),
  comment: z.string().max(COMMENT_MAX_CHARS).optional(),
  paid: z.boolean().optional(),
  evidence: z
    .strictObject({
      reasons: z.array(ReasonSchema).max(REASONS_MAX).optional(),
      // decoded once here: the stored report holds the PNG bytes
      screenshot: z
        .string()
        .max(SCREENSHOT_MAX_CHARS)
        .transform((s, ctx) => {
          const png = decodeScreenshot(s);
          if (png === null) {
            ctx.addIssue({ code: 'custom', message: `screenshot: a ${SCREENSHOT_PREFIX} PNG of at most 1 MiB` });
            return z.NEVER;
          }
          return png;
        })
        .optional(),
    })
    .optional(),
  clientVersion: z.string().regex(/^\d{1,5}(\.\d{1,5}){0,3}$/, 'clientVersion: like 0.1.0'),
  locale: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/, 'locale: like zh-CN, zh-TW, en'),
});
export type ReportInput = z.input<typeof ReportSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type ReportKind = Report['kind'];

export const REPORT_STATUSES = ['received', 'accepted', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** `GET /v1/reports/<id>` and the POST answer. */
export interface StatusBody {
  readonly id: string;
  readonly status: ReportStatus;
  readonly reason?: string;
}

export const REPORT_ID_RE = /^r_[A-Za-z0-9_-]{16,40}$/;

export type ApiErrorCode =
  | 'BAD_JSON'
  | 'INVALID'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN_ORIGIN'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INTERNAL';

export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    /** zod issues for INVALID: `{ path: 'evidence.reasons.0.signal', message }`. */
    readonly issues?: readonly { readonly path: string; readonly message: string }[];
  };
}
