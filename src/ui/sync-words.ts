/**
 * Sync outcomes, errors and progress stages in the user's language. The worker answers with codes (`min-wait`,
 * `NETWORK`, `download` …); these are for logs, never for the screen.
 */
import { t, uiLanguage, type MessageKey } from './i18n';

const OUTCOME: Record<string, MessageKey> = {
  updated: 'syncUpdated',
  unchanged: 'syncUnchanged',
  'min-wait': 'syncSkippedMinWait',
  busy: 'syncSkippedBusy',
  'not-due': 'syncSkippedNotDue',
  disabled: 'syncSkippedDisabled',
};

const ERROR_GROUPS: readonly (readonly [MessageKey, readonly string[]])[] = [
  ['syncErrNetwork', ['NETWORK', 'TIMEOUT', 'HTTP_ERROR', 'EMPTY_RESPONSE', 'NOT_A_MANIFEST']],
  ['syncErrRollback', ['ROLLBACK']],
  ['syncErrExpired', ['EXPIRED', 'NOT_YET_VALID']],
  ['syncErrTooOld', ['CLIENT_TOO_OLD']],
  ['syncErrLocal', ['STORAGE_UNAVAILABLE', 'STORAGE', 'LEASE_LOST']],
  [
    'syncErrRefused',
    ['BAD_ENVELOPE', 'BAD_SCHEMA', 'BAD_SIGNATURE', 'UNKNOWN_KEY', 'THRESHOLD_NOT_MET', 'BAD_KEYSET', 'KEYSET_CHAIN_TOO_LONG',
      'ROTATION_REFUSED', 'WRONG_LIST', 'TOO_FAR_EXPIRY', 'TOO_LARGE', 'BAD_LENGTH', 'HASH_MISMATCH', 'BAD_MAGIC',
      'BAD_FORMAT_VERSION', 'CHECKSUM_MISMATCH', 'WRONG_BASE', 'RESULT_MISMATCH', 'CORRUPT', 'STATE_MISMATCH'],
  ],
];

const STAGE: Record<string, MessageKey> = {
  manifest: 'syncStageManifest',
  download: 'syncStageDownload',
  apply: 'syncStageApply',
  commit: 'syncStageCommit',
  done: 'syncStageDone',
};

/** A sync error code in words (unknown codes get the general sentence). */
export function syncErrorText(code: string): string {
  for (const [key, codes] of ERROR_GROUPS) if (codes.includes(code)) return t(key);
  return t('syncErrOther');
}

/** What "Update now" ended with: `kind` (updated/unchanged/skipped/failed) and, for skipped, the reason. */
export function syncOutcomeText(kind: string, reason: string, errorCode?: string | null): string {
  if (kind === 'failed') return errorCode ? syncErrorText(errorCode) : t('syncErrOther');
  return t(OUTCOME[kind === 'skipped' ? reason : kind] ?? 'syncErrOther');
}

export function syncStageText(stage: string): string {
  const key = STAGE[stage];
  return key ? t(key) : '';
}

/** Date and time in the UI language. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(uiLanguage()).format(n);
}
