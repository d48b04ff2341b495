/**
 * Options page: which detection model classifies pages right now (the built-in one or a newer one that came signed
 * through a list feed, sync/model-sync.ts) and the outcome of the last model check, as stored in `models`.
 */
import type { Handlers, ModelStatusView } from '../messaging/protocol';
import type { ScamSentinelDb } from './db';

export interface ModelStatusDeps {
  readonly ready: Promise<void>;
  readonly db: ScamSentinelDb;
  readonly bundledRelease: number;
  readonly classifierReady: () => Promise<void>;
  readonly modelInUse: () => { readonly source: 'bundled' | 'feed'; readonly version: string; readonly release: number } | null;
}

export function createModelStatusHandler(deps: ModelStatusDeps): Pick<Handlers, 'getModelStatus'> {
  return {
    async getModelStatus(): Promise<ModelStatusView> {
      await deps.ready;
      // The model is loaded on first use; the options page asking is such a use (a failed load shows the release only).
      await deps.classifierReady().catch(() => undefined);
      const [feed, status] = await Promise.all([deps.db.models.get('feed'), deps.db.models.get('status')]).catch(() => [undefined, undefined]);
      const m = deps.modelInUse();
      const fromFeed = m?.source === 'feed' && feed?.slot === 'feed' && feed.release === m.release ? feed : null;
      return {
        inUse: {
          source: m?.source ?? 'bundled',
          version: m?.version ?? null,
          release: m?.release ?? deps.bundledRelease,
          installedAt: fromFeed?.installedAt ?? null,
          listId: fromFeed?.listId ?? null,
        },
        last: status?.slot === 'status' ? { code: status.code, message: status.message, at: status.at, listId: status.listId } : null,
      };
    },
  };
}
