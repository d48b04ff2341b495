/**
 * The project's reviewed entries: an append-only JSONL file (one JSON object per line) that maintainer triage
 * (issue 9) appends to and `build` reads as the `reviewed` source. A JSON array of the same objects is accepted too.
 *
 *   {"key":"scam-shop.example","category":"fake-shop","severity":"high","addedAt":"2025-11-20T08:00:00Z",
 *    "reason":"3 user reports, checkout page collects card numbers","reportIds":["r_01H…"]}
 *   {"key":"https://sites.google.com/view/refund-desk","category":"fake-service","addedAt":"2025-11-21","reason":"…"}
 *   {"key":"legit-shop.example","action":"remove","addedAt":"2025-11-22","reason":"false-positive report r_01J…, owner verified"}
 *
 * key: anything canonicalExpression accepts (domain, URL, host/path) or an indicator key (`wallet:eth:0x…`,
 * `phone:+86…`, `im:telegram:name`), kept verbatim. Later lines win over earlier ones for the same key, so a
 * `remove` (false positive) can be undone by a later add. `remove` suppresses the key from every source.
 */
import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../core/types';

export const ReviewedEntrySchema = z.object({
  key: z.string().min(1).max(2048),
  action: z.enum(['add', 'remove']).default('add'),
  category: z.enum(CATEGORIES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  addedAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
  reason: z.string().min(3).max(2000),
  reportIds: z.array(z.string().max(128)).max(1000).optional(),
});
export type ReviewedEntry = z.infer<typeof ReviewedEntrySchema>;
export type ReviewedEntryInput = z.input<typeof ReviewedEntrySchema>;

/** Indicator keys (issue 8) pass through verbatim instead of URL canonicalization. */
export const INDICATOR_KEY_RE = /^(wallet:(trx|eth|btc|[a-z0-9]{2,10}):[A-Za-z0-9]{10,128}|phone:\+\d{6,17}|im:(qq|telegram|wechat|whatsapp|line):[A-Za-z0-9_.+@-]{2,64})$/;

/** Appends validated entries (one line each). Throws on an invalid entry before writing anything. */
export function appendReviewedEntries(file: string, entries: readonly ReviewedEntryInput[]): void {
  const lines = entries.map((e) => JSON.stringify(ReviewedEntrySchema.parse(e)));
  if (lines.length === 0) return;
  appendFileSync(file, (endsWithoutNewline(file) ? '\n' : '') + lines.join('\n') + '\n');
}

function endsWithoutNewline(file: string): boolean {
  if (!existsSync(file)) return false;
  const size = statSync(file).size;
  if (size === 0) return false;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}
