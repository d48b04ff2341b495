/**
 * The report a user sends, built in one place so the preview shows exactly the bytes that are POSTed.
 * Privacy by default: the URL loses its query string and fragment unless the user ticks "include full address";
 * reasons and a screenshot are included only when ticked. Format: docs/intake.md (the intake server's schema).
 */
import { describeSignal, type Signal } from '../../core/signals';
import type { Category } from '../../core/types';

export type ReportKind = 'scam' | 'false-positive';

export interface ReportDraft {
  readonly kind: ReportKind;
  readonly url: string;
  readonly category: Category;
  readonly comment?: string | undefined;
  readonly paid?: boolean | undefined;
  readonly includeFullUrl?: boolean | undefined;
  /** The page's verdict reasons, sent only when the user ticked "include the warning signs". */
  readonly reasons?: readonly Signal[] | undefined;
  /** A `data:image/png;base64,` screenshot of the visible tab, only when ticked. */
  readonly screenshot?: string | undefined;
}

export interface ReportPayload {
  idempotencyKey: string;
  kind: ReportKind;
  url: string;
  category: Category;
  comment?: string;
  paid?: boolean;
  evidence?: { reasons?: { signal: string; evidence: string }[]; screenshot?: string };
  clientVersion: string;
  locale: string;
}

export const REPORT_REASONS_MAX = 20;
export const REPORT_COMMENT_MAX = 2000;

/** The URL as sent: without query and fragment unless asked (and never with user:password). */
export function reportUrl(url: string, includeFull: boolean): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.hash = '';
  if (!includeFull) u.search = '';
  return u.href;
}

export function buildReportPayload(
  draft: ReportDraft,
  ctx: { idempotencyKey: string; clientVersion: string; locale: string },
): ReportPayload {
  const payload: ReportPayload = {
    idempotencyKey: ctx.idempotencyKey,
    kind: draft.kind,
    url: reportUrl(draft.url, draft.includeFullUrl === true),
    category: draft.category,
    clientVersion: ctx.clientVersion,
    locale: ctx.locale,
  };
  const comment = draft.comment?.trim();
  if (comment) payload.comment = comment.slice(0, REPORT_COMMENT_MAX);
  if (draft.paid !== undefined) payload.paid = draft.paid;
  const reasons = draft.reasons?.slice(0, REPORT_REASONS_MAX).map((r) => ({ signal: r.signal, evidence: describeSignal(r).slice(0, 1000) }));
  if ((reasons && reasons.length > 0) || draft.screenshot) {
    payload.evidence = {
      ...(reasons && reasons.length > 0 ? { reasons } : {}),
      ...(draft.screenshot ? { screenshot: draft.screenshot } : {}),
    };
  }
  return payload;
}

/** The exact request body. */
export function serializeReport(payload: ReportPayload): string {
  return JSON.stringify(payload);
}
