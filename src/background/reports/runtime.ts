/** Browser wiring of the report queue: real fetch/clock/uuid, the endpoint lookup, and the retry alarm. */
import { browser } from 'wxt/browser';
import type { ScamSentinelDb } from '../db';
import { defaultListConfig } from '../sync/config';
import { ReportQueue } from './queue';

export const REPORTS_ALARM = 'reports-retry';

/**
 * Where reports go: the `reportEndpoint` of the DEFAULT list's signed manifest when sync has one, else the
 * build-time WXT_REPORT_ENDPOINT. Null when neither is set (reports wait in the queue). Any other subscribed list's
 * manifest is never asked (issue 15, class 7: the first list by id used to win — even a disabled one — so any
 * publisher a user subscribed to could take over where reports, with their URLs and comments, were sent).
 */
export async function reportEndpoint(db: ScamSentinelDb, defaultListId: string = defaultListConfig().listId): Promise<string | null> {
  try {
    const row = await db.syncState.get(defaultListId);
    if (row?.trustedManifest) {
      const m = JSON.parse(row.trustedManifest) as { reportEndpoint?: unknown };
      if (typeof m.reportEndpoint === 'string') return m.reportEndpoint;
    }
  } catch {
    // fall through to the build default
  }
  const fallback = import.meta.env.WXT_REPORT_ENDPOINT as unknown;
  return typeof fallback === 'string' && fallback !== '' ? fallback : null;
}

export function createReportQueue(db: ScamSentinelDb): ReportQueue {
  return new ReportQueue({
    db,
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    random: () => Math.random(),
    uuid: () => crypto.randomUUID(),
    endpoint: () => reportEndpoint(db),
    clientVersion: browser.runtime.getManifest().version,
    locale: () => browser.i18n.getUILanguage(),
  });
}

/** Send what is due, then set the alarm for the next queued report (alarms survive the worker's death). */
export async function flushReports(queue: ReportQueue, opts: { retryAll?: boolean } = {}): Promise<void> {
  try {
    await queue.flush(opts);
    const due = await queue.nextDueAt();
    if (due === null) await browser.alarms.clear(REPORTS_ALARM);
    else await browser.alarms.create(REPORTS_ALARM, { when: Math.max(due, Date.now() + 30_000) });
  } catch (err: unknown) {
    console.warn('[ScamSentinel] report flush failed', err);
  }
}
