/**
 * The service worker's side of sync: one one-shot alarm per enabled subscription, named SYNC_ALARM_PREFIX + listId,
 * set to the list's persisted nextCheckAt (backoff and server minimum wait included).
 *
 *   scheduleAll()      at every worker start (and after subscriptions change): releases leases left by a killed
 *                      worker, re-creates the alarms — an overdue or never-checked list at a random 0–1 min from
 *                      now — and clears alarms of lists no longer subscribed or disabled.
 *   onAlarm(name)      runs the update when due, then re-arms the alarm at the outcome's nextCheckAt.
 *   updateNow(listId)  the options page's button: ignores the backoff (not the server's minimum wait), reports
 *                      progress, re-arms the alarm. Joins a run already in flight for that list.
 * Nothing here throws: problems come back as outcomes / report lines.
 */
import { FIRST_CHECK_MAX_DELAY_MS, nextCheckAfter } from './backoff';
import { describeError, syncError } from './errors';
import { releaseStaleLeases } from './sync-db';
import type { SyncDeps, SyncError, SyncProgress, UpdateOutcome } from './types';
import { runUpdate } from './update';
import type { SubscriptionRow } from '../db';

export const SYNC_ALARM_PREFIX = 'list-sync:';
/** An alarm firing this early (clock granularity) still counts as due. */
const ALARM_EARLY_TOLERANCE_MS = 1000;

export interface AlarmInfo {
  readonly name: string;
  readonly scheduledTime: number;
}

/** The part of `browser.alarms` the scheduler uses (tests pass a fake). */
export interface AlarmApi {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): Promise<unknown>;
  getAll(): Promise<readonly AlarmInfo[]>;
}

export interface SchedulerDeps extends SyncDeps {
  readonly alarms: AlarmApi;
}

export interface ScheduleReport {
  readonly scheduled: { readonly listId: string; readonly when: number }[];
  /** Lists whose lease, left by an earlier worker, was released. */
  readonly released: string[];
  readonly problems: string[];
}

export interface SyncScheduler {
  scheduleAll(): Promise<ScheduleReport>;
  onAlarm(name: string): Promise<UpdateOutcome | null>;
  updateNow(listId: string, onProgress?: (p: SyncProgress) => void): Promise<UpdateOutcome>;
  /** The last outcome per list in this worker's life (e.g. the STORAGE_UNAVAILABLE error when there is no DB). */
  lastOutcome(listId: string): UpdateOutcome | undefined;
}

export function alarmNameFor(listId: string): string {
  return SYNC_ALARM_PREFIX + listId;
}

// One closure on purpose: dispatch / arm / run and the returned methods share the private
// maps of runs in flight, progress listeners and last outcomes; each inner function is short.
export function createSyncScheduler(deps: SchedulerDeps): SyncScheduler {
  const running = new Map<string, Promise<UpdateOutcome>>();
  const listeners = new Map<string, Set<(p: SyncProgress) => void>>();
  const last = new Map<string, UpdateOutcome>();

  const dispatch = (p: SyncProgress): void => {
    deps.onProgress?.(p);
    for (const fn of listeners.get(p.listId) ?? []) {
      try {
        fn(p);
      } catch {
        // listeners are UI; never let them break the run
      }
    }
  };

  const arm = async (listId: string, when: number): Promise<void> => {
    try {
      await deps.alarms.create(alarmNameFor(listId), { when });
    } catch (err: unknown) {
      console.warn(`[ScamSentinel] could not set the sync alarm for ${listId}: ${describeError(err)}`);
    }
  };

  const run = (sub: SubscriptionRow): Promise<UpdateOutcome> => {
    const inFlight = running.get(sub.listId);
    if (inFlight) return inFlight;
    const p = runUpdate(sub, { ...deps, onProgress: dispatch })
      .then(async (outcome) => {
        last.set(sub.listId, outcome);
        if (deps.db) await arm(sub.listId, outcome.nextCheckAt);
        return outcome;
      })
      .finally(() => running.delete(sub.listId));
    running.set(sub.listId, p);
    return p;
  };

  const failure = (listId: string, error: SyncError): UpdateOutcome => {
    const outcome: UpdateOutcome = {
      kind: 'failed',
      listId,
      error,
      failures: 1,
      nextCheckAt: nextCheckAfter({ now: deps.now(), failures: 1, rand: deps.random() }),
    };
    last.set(listId, outcome);
    dispatch({ listId, stage: 'error', error });
    return outcome;
  };

  const getSubscription = async (listId: string): Promise<SubscriptionRow | null | SyncError> => {
    if (!deps.db) return syncError('STORAGE_UNAVAILABLE');
    try {
      return (await deps.db.subscriptions.get(listId)) ?? null;
    } catch (err: unknown) {
      return syncError('STORAGE_UNAVAILABLE', describeError(err));
    }
  };

  return {
    async scheduleAll(): Promise<ScheduleReport> {
      const report: ScheduleReport = { scheduled: [], released: [], problems: [] };
      const db = deps.db;
      if (!db) {
        report.problems.push(syncError('STORAGE_UNAVAILABLE').message);
        return report;
      }
      let subs: SubscriptionRow[];
      let states;
      try {
        report.released.push(...(await releaseStaleLeases(db, new Set(running.keys()))));
        subs = (await db.subscriptions.toArray()).filter((s) => s.enabled);
        states = await db.syncState.bulkGet(subs.map((s) => s.listId));
      } catch (err: unknown) {
        report.problems.push(syncError('STORAGE_UNAVAILABLE', describeError(err)).message);
        return report;
      }
      const now = deps.now();
      for (const [i, sub] of subs.entries()) {
        const due = states[i]?.nextCheckAt ?? 0;
        const when = due > now ? due : now + Math.floor(deps.random() * FIRST_CHECK_MAX_DELAY_MS);
        await arm(sub.listId, when);
        report.scheduled.push({ listId: sub.listId, when });
      }
      try {
        const wanted = new Set(subs.map((s) => alarmNameFor(s.listId)));
        for (const a of await deps.alarms.getAll()) {
          if (a.name.startsWith(SYNC_ALARM_PREFIX) && !wanted.has(a.name)) await deps.alarms.clear(a.name);
        }
      } catch (err: unknown) {
        report.problems.push(`could not tidy sync alarms: ${describeError(err)}`);
      }
      return report;
    },

    async onAlarm(name: string): Promise<UpdateOutcome | null> {
      if (!name.startsWith(SYNC_ALARM_PREFIX)) return null;
      const listId = name.slice(SYNC_ALARM_PREFIX.length);
      const inFlight = running.get(listId);
      if (inFlight) return inFlight;
      const sub = await getSubscription(listId);
      if (sub !== null && 'code' in sub) return failure(listId, sub);
      if (!sub || !sub.enabled) {
        await deps.alarms.clear(name).catch(() => undefined);
        return null;
      }
      try {
        const state = await deps.db?.syncState.get(listId);
        if (state && state.nextCheckAt > deps.now() + ALARM_EARLY_TOLERANCE_MS) {
          await arm(listId, state.nextCheckAt);
          return { kind: 'skipped', listId, reason: 'not-due', nextCheckAt: state.nextCheckAt };
        }
      } catch {
        // runUpdate reports the storage problem
      }
      return run(sub);
    },

    async updateNow(listId: string, onProgress?: (p: SyncProgress) => void): Promise<UpdateOutcome> {
      const set = listeners.get(listId) ?? new Set<(p: SyncProgress) => void>();
      listeners.set(listId, set);
      if (onProgress) set.add(onProgress);
      try {
        const inFlight = running.get(listId);
        if (inFlight) return await inFlight;
        const sub = await getSubscription(listId);
        if (sub !== null && 'code' in sub) return failure(listId, sub);
        if (!sub) return failure(listId, syncError('BAD_SUBSCRIPTION', `no subscription "${listId}"`));
        return await run(sub);
      } finally {
        if (onProgress) set.delete(onProgress);
      }
    },

    lastOutcome(listId: string): UpdateOutcome | undefined {
      return last.get(listId);
    },
  };
}
