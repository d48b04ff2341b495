/** Keeping the build's default subscription in the database (call once at worker start, before scheduleAll). */
import type { ScamSentinelDb, SubscriptionRow } from '../db';

/**
 * Inserts the default subscription when missing; when present, takes the build's URL and pinned keyset (an
 * extension update may change them) but keeps the user's enabled/disabled choice. Returns true when it wrote.
 */
export async function ensureDefaultSubscription(db: ScamSentinelDb, sub: SubscriptionRow): Promise<boolean> {
  return db.transaction('rw', db.subscriptions, async () => {
    const existing = await db.subscriptions.get(sub.listId);
    if (!existing) {
      await db.subscriptions.add(sub);
      return true;
    }
    const sameMirrors = JSON.stringify(existing.mirrors ?? []) === JSON.stringify(sub.mirrors ?? []);
    if (existing.manifestUrl === sub.manifestUrl && existing.keyset === sub.keyset && sameMirrors && existing.isDefault) return false;
    const { mirrors: _old, ...rest } = existing;
    await db.subscriptions.put({
      ...rest,
      manifestUrl: sub.manifestUrl,
      ...(sub.mirrors !== undefined && sub.mirrors.length > 0 ? { mirrors: sub.mirrors } : {}),
      keyset: sub.keyset,
      isDefault: true,
    });
    return true;
  });
}
