/** Pieces shared by the SQLite and PostgreSQL stores. */
import type { AcceptedKey } from './store';

export class StoreError extends Error {}

export interface LogRowLike {
  at: string;
  action: string;
  target: string;
  reason: string;
  report_ids: string;
  detail: string | null;
}

/**
 * Triage log rows (oldest first) → keys whose latest decision is an accept. A later resolve-fp (remove / override)
 * of the same key withdraws it: the online check must not keep serving a key triage has taken back.
 */
export function latestAccepted(rows: readonly { at: string; action: string; target: string }[]): AcceptedKey[] {
  const keys = new Map<string, string>();
  for (const r of rows) {
    if (r.action === 'accept') keys.set(r.target, r.at);
    else if (r.action === 'resolve-fp-remove' || r.action === 'resolve-fp-override') keys.delete(r.target);
  }
  return [...keys].map(([key, at]) => ({ key, at }));
}
