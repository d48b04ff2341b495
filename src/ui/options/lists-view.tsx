/**
 * Options: the subscribed lists — version, entries, age, last success, last error in words, next check, an
 * "update now" button with progress — plus adding another signed list and enabling/disabling each.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import type { SubscriptionView, SyncStatusView } from '../../messaging/protocol';
import { t } from '../i18n';
import { listName } from '../list-name';
import { formatDateTime, formatNumber, syncErrorText, syncOutcomeText, syncStageText } from '../sync-words';

const POLL_MS = 700;

function when(ms: number | null): string {
  return ms === null ? t('optNotYet') : formatDateTime(ms);
}

/** The version in force: a synced one, the copy built into the extension, or none yet — in words. */
function versionText(s: SubscriptionView): string {
  if (s.version === null) return t('optVersionNone');
  return s.inForce === 'bundled' ? t('optVersionBuiltIn', formatNumber(s.version)) : formatNumber(s.version);
}

function ageText(s: SubscriptionView): string {
  if (s.ageDays === null) return t('optNotYet');
  return s.ageDays < 1 ? t('optAgeToday') : t('optAgeDays', formatNumber(s.ageDays));
}

export function ListsView() {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  // Each status request is numbered: an older poll that answers after a newer one never overwrites it.
  const seq = useRef({ sent: 0, shown: 0 });
  const refresh = () => {
    const n = ++seq.current.sent;
    return send('getSyncStatus', {}).then(
      (s) => {
        if (n < seq.current.shown) return;
        seq.current.shown = n;
        setStatus(s);
      },
      (e: unknown) => setMessage(String(e)),
    );
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), busy ? POLL_MS : 5000);
    return () => clearInterval(timer);
  }, [busy]);

  const act = async (id: string, fn: () => Promise<string | null>) => {
    setBusy(id);
    setMessage(null);
    try {
      setMessage(await fn());
    } catch (e: unknown) {
      setMessage(t('warnError', e instanceof Error ? e.message : String(e)));
    } finally {
      // The outcome and the list's state appear together: the button comes back only once the status is fresh.
      await refresh();
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="lists-heading">
      <h2 id="lists-heading">{t('optListsHeading')}</h2>
      {/* Build configuration problems are for maintainers (in the tooltip); the user gets one plain sentence. */}
      {status && status.problems.length > 0 && (
        <p class="note" role="status" data-testid="config-problem" title={status.problems.join('\n')}>
          {t('optConfigProblem')}
        </p>
      )}
      <ul class="lists" data-testid="lists">
        {status?.subscriptions.map((s) => (
          <ListRow key={s.listId} s={s} busy={busy === s.listId} act={act} />
        ))}
      </ul>
      {message && (
        <p role="status" data-testid="lists-message">
          {message}
        </p>
      )}
      <form
        class="add-list"
        onSubmit={(e) => {
          e.preventDefault();
          void act('add', async () => {
            const r = await send('addSubscription', { manifestUrl: url.trim(), publicKey: key.trim() });
            setUrl('');
            setKey('');
            return t('optListAdded', listName(r.listId));
          });
        }}
      >
        <h3>{t('optAddList')}</h3>
        <label class="field">
          {t('optManifestUrl')}
          <input data-testid="add-url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label class="field">
          {t('optPublicKey')}
          <input data-testid="add-key" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy !== null}>
          {t('optAddList')}
        </button>
      </form>
    </section>
  );
}

function ListRow({ s, busy, act }: { s: SubscriptionView; busy: boolean; act: (id: string, fn: () => Promise<string | null>) => Promise<void> }) {
  return (
    <li data-list={s.listId}>
      <h3 class="list-name">
        {listName(s.listId)} {s.isDefault && <span class="note">({t('optDefaultList')})</span>}
      </h3>
      <dl>
        <dt>{t('optVersion')}</dt>
        <dd data-testid="list-version" data-version={s.version ?? ''}>
          {versionText(s)}
        </dd>
        <dt>{t('optEntries')}</dt>
        <dd data-testid="list-entries">{s.entries === null ? t('optNotYet') : t('optEntriesValue', formatNumber(s.entries))}</dd>
        <dt>{t('optAge')}</dt>
        <dd data-testid="list-age">
          {ageText(s)}
          {s.expired ? ` — ${t('optExpired')}` : ''}
        </dd>
        <dt>{t('optLastSuccess')}</dt>
        <dd>{when(s.lastSuccessAt)}</dd>
        <dt>{t('optLastError')}</dt>
        <dd data-testid="list-error" title={s.lastError?.message}>
          {s.lastError ? syncErrorText(s.lastError.code) : t('optNoError')}
        </dd>
        <dt>{t('optNextCheck')}</dt>
        <dd>{s.nextCheckAt === null ? t('optNotScheduled') : formatDateTime(s.nextCheckAt)}</dd>
        <dt>{t('optListAddress')}</dt>
        <dd>
          <code>{s.manifestUrl}</code>
        </dd>
        <dt>{t('optKeys')}</dt>
        <dd>
          <code>{s.keyIds.join(', ')}</code>
        </dd>
      </dl>
      {busy && s.progress && (
        <p role="status" data-testid="list-progress">
          {syncStageText(s.progress.stage)}
          {s.progress.totalBytes ? ` ${Math.round(((s.progress.bytes ?? 0) / s.progress.totalBytes) * 100)}%` : ''}
        </p>
      )}
      <div class="row">
        <button
          type="button"
          data-testid="update-now"
          disabled={busy || !s.enabled}
          onClick={() =>
            void act(s.listId, async () => {
              const r = await send('updateNow', { listId: s.listId });
              // A failure's code is the row's last error (read back after the update).
              const after = r.kind === 'failed' ? (await send('getSyncStatus', {})).subscriptions.find((x) => x.listId === s.listId) : undefined;
              return syncOutcomeText(r.kind, r.message, after?.lastError?.code);
            })
          }
        >
          {busy ? t('optUpdating') : t('optUpdateNow')}
        </button>
        <label class="check">
          <input
            type="checkbox"
            checked={s.enabled}
            onChange={(e) => {
              const enabled = e.currentTarget.checked;
              void act(s.listId, async () => (await send('setSubscriptionEnabled', { listId: s.listId, enabled }), null));
            }}
          />
          {t('optEnabled')}
        </label>
        {!s.isDefault && (
          <button type="button" onClick={() => void act(s.listId, async () => (await send('removeSubscription', { listId: s.listId }), null))}>
            {t('optionsRemove')}
          </button>
        )}
      </div>
    </li>
  );
}
