/**
 * The report queue: every report is written to IndexedDB first, then POSTed to the list's report endpoint with its
 * idempotency key, retried with backoff across restarts and offline periods. The server dedupes by key, and a
 * report is marked sent only after a 2xx — so a report is never lost, and a retry after a lost answer cannot
 * create a second report. Statuses: queued → sent → accepted | rejected (as the server tells).
 */
import type { QueuedReport, ScamSentinelDb } from '../db';
import { buildReportPayload, serializeReport, type ReportDraft } from './payload';

export const REPORT_RETRY_BASE_MS = 60_000;
export const REPORT_RETRY_MAX_MS = 6 * 60 * 60_000;
export const REPORT_TIMEOUT_MS = 20_000;
/** Answers that mean "this report will never be accepted as sent"; anything else (404, 429, 5xx…) is retried. */
const PERMANENT_REFUSALS = new Set([400, 409, 413, 415, 422]);

export interface ReportQueueDeps {
  readonly db: ScamSentinelDb;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly uuid: () => string;
  /** The report endpoint (from the signed manifest, else the build default); null = not configured. */
  readonly endpoint: () => Promise<string | null>;
  readonly clientVersion: string;
  readonly locale: () => string;
}

export function reportRetryDelay(attempts: number, random: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1) * REPORT_RETRY_BASE_MS * (1 + random), REPORT_RETRY_MAX_MS);
}

interface ServerStatus {
  id?: unknown;
  status?: unknown;
  reason?: unknown;
  error?: { code?: unknown; message?: unknown };
}

function serverStatus(body: ServerStatus): { id: string | null; status: QueuedReport['status']; reason: string | null } {
  const status = body.status === 'accepted' ? 'accepted' : body.status === 'rejected' ? 'rejected' : 'sent';
  return {
    id: typeof body.id === 'string' ? body.id : null,
    status,
    reason: typeof body.reason === 'string' ? body.reason : null,
  };
}

export class ReportQueue {
  private flushing: Promise<void> | null = null;

  constructor(private readonly deps: ReportQueueDeps) {}

  newKey(): string {
    return this.deps.uuid();
  }

  /** Preview and enqueue share this: the stored payload is exactly what the preview showed. */
  payloadFor(draft: ReportDraft, idempotencyKey: string): string {
    return serializeReport(
      buildReportPayload(draft, { idempotencyKey, clientVersion: this.deps.clientVersion, locale: this.deps.locale() }),
    );
  }

  /** `idempotencyKey`: the key the preview showed (so the stored body is byte-identical to the preview). */
  async enqueue(draft: ReportDraft, idempotencyKey: string = this.deps.uuid()): Promise<QueuedReport> {
    const existing = await this.deps.db.reports.where('idempotencyKey').equals(idempotencyKey).first();
    if (existing) return existing;
    const row: QueuedReport = {
      idempotencyKey,
      createdAt: this.deps.now(),
      status: 'queued',
      payload: this.payloadFor(draft, idempotencyKey),
      attempts: 0,
      nextAttemptAt: this.deps.now(),
      lastError: null,
      serverId: null,
      serverReason: null,
    };
    const id = await this.deps.db.reports.add(row);
    return id === undefined ? row : { ...row, id };
  }

  async list(): Promise<QueuedReport[]> {
    return (await this.deps.db.reports.toArray()).sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * Send what is due. Concurrent calls share one run. `retryAll` ignores the backoff wait (browser start, back
   * online: natural moments for a retry).
   */
  flush(opts: { retryAll?: boolean } = {}): Promise<void> {
    const retryAll = opts.retryAll === true;
    if (this.flushing && !retryAll) return this.flushing;
    // Runs never overlap (no report is POSTed twice at once): a retry-all request queues behind a running flush.
    const run: Promise<void> = (this.flushing ?? Promise.resolve())
      .then(() => this.runFlush(retryAll))
      .finally(() => {
        if (this.flushing === run) this.flushing = null;
      });
    this.flushing = run;
    return run;
  }

  /** The earliest time a queued report is due, for the retry alarm. */
  async nextDueAt(): Promise<number | null> {
    const queued = await this.deps.db.reports.where('status').equals('queued').toArray();
    return queued.length ? Math.min(...queued.map((r) => r.nextAttemptAt)) : null;
  }

  private async runFlush(retryAll: boolean): Promise<void> {
    const endpoint = await this.deps.endpoint();
    const due = (await this.deps.db.reports.where('status').equals('queued').toArray()).filter(
      (r) => retryAll || r.nextAttemptAt <= this.deps.now(),
    );
    for (const report of due) {
      if (!endpoint) {
        await this.retryLater(report, 'no report endpoint configured');
        continue;
      }
      await this.send(report, endpoint);
    }
    if (endpoint) await this.refreshStatuses(endpoint);
  }

  private async send(report: QueuedReport, endpoint: string): Promise<void> {
    let res: Response;
    try {
      res = await this.deps.fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: report.payload,
        signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
      });
    } catch (err: unknown) {
      await this.retryLater(report, `network: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const body = (await res.json().catch(() => ({}))) as ServerStatus;
    if (res.ok) {
      const s = serverStatus(body);
      await this.deps.db.reports.update(report.id as number, {
        status: s.status,
        serverId: s.id,
        serverReason: s.reason,
        lastError: null,
        attempts: report.attempts + 1,
      });
    } else if (!PERMANENT_REFUSALS.has(res.status)) {
      await this.retryLater(report, `server answered ${res.status}`);
    } else {
      // 4xx other than 429: the server refused this report for good; keep it, visible, with the reason.
      const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${res.status}`;
      await this.deps.db.reports.update(report.id as number, {
        status: 'rejected',
        serverReason: message,
        attempts: report.attempts + 1,
      });
    }
  }

  private async retryLater(report: QueuedReport, error: string): Promise<void> {
    const attempts = report.attempts + 1;
    await this.deps.db.reports.update(report.id as number, {
      attempts,
      lastError: error,
      nextAttemptAt: this.deps.now() + reportRetryDelay(attempts, this.deps.random()),
    });
  }

  private async refreshStatuses(endpoint: string): Promise<void> {
    const sent = await this.deps.db.reports.where('status').equals('sent').toArray();
    for (const report of sent) {
      if (!report.serverId) continue;
      try {
        const res = await this.deps.fetch(`${endpoint.replace(/\/$/, '')}/${encodeURIComponent(report.serverId)}`, {
          signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
        });
        if (!res.ok) continue;
        const s = serverStatus((await res.json()) as ServerStatus);
        if (s.status !== 'sent') await this.deps.db.reports.update(report.id as number, { status: s.status, serverReason: s.reason });
      } catch {
        // status polling is best effort; the next flush asks again
      }
    }
  }
}
