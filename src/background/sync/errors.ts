/** Sync error codes in plain words (the options page shows `message`; `code` is for logs and tests). */
import type { SyncError, SyncErrorCode } from './types';

const WORDS: Record<SyncErrorCode, string> = {
  NETWORK: 'Could not reach the list server (offline?).',
  TIMEOUT: 'The list server took too long to answer.',
  HTTP_ERROR: 'The list server answered with an error.',
  TOO_LARGE: 'The download was larger than allowed and was stopped.',
  EMPTY_RESPONSE: 'The list server sent an empty answer.',
  NOT_A_MANIFEST: 'Got a web page instead of the list (a Wi-Fi login page?).',
  BAD_ENVELOPE: 'The list update is not a signed list file.',
  BAD_SCHEMA: 'The signed list description is malformed.',
  BAD_SIGNATURE: 'The list update has an invalid signature; it may be forged and was refused.',
  UNKNOWN_KEY: 'The list update is not signed by this list’s key; it was refused.',
  THRESHOLD_NOT_MET: 'The list update does not carry enough valid signatures; it was refused.',
  BAD_KEYSET: 'The list’s pinned key set is invalid.',
  KEYSET_CHAIN_TOO_LONG: 'The list’s key rotation chain is too long.',
  ROTATION_REFUSED: 'The list’s new keys are not vouched for by its current keys; refused.',
  WRONG_LIST: 'The server sent a different list than the one subscribed to.',
  ROLLBACK: 'The server offered an older list than the one installed; refused.',
  EXPIRED: 'The server’s list has expired; the installed list is kept.',
  TOO_FAR_EXPIRY: 'The list update claims validity too far ahead; refused.',
  NOT_YET_VALID: 'The list update is dated in the future (is the computer clock right?).',
  CLIENT_TOO_OLD: 'This list needs a newer version of ScamSentinel.',
  BAD_LENGTH: 'A downloaded file does not have the size the signed list says.',
  HASH_MISMATCH: 'A downloaded file does not match the signed list (corrupted or tampered).',
  BAD_MAGIC: 'A downloaded file is not a list file.',
  BAD_FORMAT_VERSION: 'A downloaded file uses an unsupported list format.',
  CHECKSUM_MISMATCH: 'A downloaded list file is corrupted.',
  WRONG_BASE: 'An update does not apply to the installed list version.',
  RESULT_MISMATCH: 'Applying an update did not give the expected list.',
  CORRUPT: 'A downloaded list file is corrupted.',
  STATE_MISMATCH: 'The resulting list does not match the signed list description.',
  BAD_SUBSCRIPTION: 'This list subscription is misconfigured.',
  STORAGE_UNAVAILABLE: 'Browser storage is unavailable; the built-in list is used and updates are paused.',
  STORAGE: 'Could not save the list update to browser storage.',
  LEASE_LOST: 'Another update of this list took over; this one was dropped.',
  UNEXPECTED: 'An unexpected error stopped the update.',
};

export function syncError(code: SyncErrorCode, detail?: string): SyncError {
  const words = WORDS[code];
  return { code, message: detail ? `${words} (${detail})` : words };
}

export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
