/** Handlers for reporting: preview (exact bytes), submit (queue first, then send), list statuses. */
import type { QueuedReport } from '../db';
import type { ReportDraft } from './payload';
import type { ReportQueue } from './queue';
import type { Handlers, Protocol, ReportView } from '../../messaging/protocol';
import type { Signal } from '../../core/signals';
import type { Category } from '../../core/types';

type DraftRequest = Protocol['previewReport']['req'];

export interface ReportHandlerDeps {
  readonly ready: Promise<void>;
  readonly reports: ReportQueue;
  /** The warning signs the extension itself found for this URL (never taken from the sender). */
  readonly reasonsFor: (url: string, tabId: number | null) => readonly Signal[];
  readonly trustSite: (url: string) => Promise<void>;
  /** Try to send now; retries are scheduled by the queue's alarm. */
  readonly flushSoon: () => void;
  /** Where the report will be sent (the preview shows it; issue 15, class 7); null: not configured yet. */
  readonly endpoint: () => Promise<string | null>;
}

function toDraft(req: DraftRequest, reasonsFor: ReportHandlerDeps['reasonsFor']): ReportDraft {
  return {
    kind: req.kind,
    url: req.url,
    category: req.category,
    comment: req.comment,
    paid: req.paid,
    includeFullUrl: req.includeFullUrl,
    reasons: req.includeReasons ? reasonsFor(req.url, req.tabId ?? null) : undefined,
    screenshot: req.screenshot,
  };
}

export function toReportView(r: QueuedReport): ReportView {
  const body = JSON.parse(r.payload) as { kind: ReportView['kind']; url: string; category: Category };
  return {
    localId: r.id ?? 0,
    createdAt: r.createdAt,
    status: r.status,
    kind: body.kind,
    url: body.url,
    category: body.category,
    lastError: r.lastError,
    serverReason: r.serverReason,
  };
}

export function createReportHandlers(deps: ReportHandlerDeps): Pick<Handlers, 'previewReport' | 'submitReport' | 'listReports'> {
  return {
    async previewReport(req) {
      await deps.ready;
      const idempotencyKey = req.idempotencyKey ?? deps.reports.newKey();
      const body = deps.reports.payloadFor(toDraft(req, deps.reasonsFor), idempotencyKey);
      return { idempotencyKey, body, endpoint: await deps.endpoint() };
    },
    async submitReport(req) {
      await deps.ready;
      const row = await deps.reports.enqueue(toDraft(req, deps.reasonsFor), req.idempotencyKey);
      if (req.kind === 'false-positive') await deps.trustSite(req.url);
      deps.flushSoon();
      return toReportView(row);
    },
    async listReports() {
      await deps.ready;
      return (await deps.reports.list()).map(toReportView);
    },
  };
}
