/** Keeping the build's default subscription in the database (call once at worker start, before scheduleAll). */
import type { ScamSentinelDb, SubscriptionRow } from '../db';

/**
 * Inserts the default subscription when missing; when present, takes the build's URL, mirrors and pinned keyset (an
 * extension update may change them) but keeps the user's enabled/disabled choice and mirrors. Returns true when it wrote.
 */
export async function ensureDefaultSubscription(db: ScamSentinelDb, sub: SubscriptionRow): Promise<boolean> {
  return db.transaction('rw', db.subscriptions, async () => {
    const existing = await db.subscriptions.get(sub.listId);
    if (!existing) {
      await db.subscriptions.add(sub);
      return true;
    }
    // Mirrors: the build's, then any stored ones it does not name (added by the user; mirrors are untrusted — the
    // pinned keyset decides — so keeping one can only add a place to fetch from, never change what is accepted).
    const mirrors = [...(sub.mirrors ?? []), ...(existing.mirrors ?? []).filter((m) => !(sub.mirrors ?? []).includes(m))];
    const sameMirrors = JSON.stringify(existing.mirrors ?? []) === JSON.stringify(mirrors);
    if (existing.manifestUrl === sub.manifestUrl && existing.keyset === sub.keyset && sameMirrors && existing.isDefault) return false;
    const { mirrors: _old, ...rest } = existing;
    await db.subscriptions.put({
      ...rest,
      manifestUrl: sub.manifestUrl,
      ...(mirrors.length > 0 ? { mirrors } : {}),
      keyset: sub.keyset,
      isDefault: true,
    });
    return true;
  });
}
