/** List sync (issue 5): see docs/sync.md. The browser glue is in ./browser-adapter (import it separately). */
export type {
  FetchLike,
  KeyChanges,
  SyncDeps,
  SyncError,
  SyncErrorCode,
  SyncProgress,
  SyncStage,
  UpdateOutcome,
} from './types';
export { runUpdate, SYNC_FETCH_TIMEOUT_MS, SYNC_RUN_DEADLINE_MS } from './update';
export { nextCheckAfter, checkDelayMs, LIST_SYNC_INTERVAL_MIN, BACKOFF_MAX_MS, FIRST_CHECK_MAX_DELAY_MS } from './backoff';
export {
  createSyncScheduler,
  alarmNameFor,
  SYNC_ALARM_PREFIX,
  type AlarmApi,
  type AlarmInfo,
  type ScheduleReport,
  type SchedulerDeps,
  type SyncScheduler,
} from './scheduler';
export { readSyncStatus, describeSyncStatus, ageInDays, type ListSyncStatus } from './status';
export { defaultListConfig, defaultSubscription, DEFAULT_LIST_ID, DEFAULT_LIST_URL, type DefaultListConfig } from './config';
export { ensureDefaultSubscription } from './subscriptions';
export { SYNC_LEASE_MS } from './sync-db';
export { fetchCapped } from './capped-fetch';
export { syncModel, loadFeedModel, type ModelOutcome, type ModelSyncDeps } from './model-sync';
