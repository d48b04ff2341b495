/**
 * Options → "Detection model": which model classifies pages (built in, or a newer one that came signed with a list)
 * and what the last model a list offered came to, in words (the worker's English detail is in the tooltip).
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import type { ModelStatusView } from '../../messaging/protocol';
import { t, type MessageKey } from '../i18n';
import { listName } from '../list-name';
import { formatDateTime, formatNumber } from '../sync-words';

const STATUS_CODES = [
  'installed', 'unchanged', 'MODEL_CLIENT_TOO_OLD', 'MODEL_OLDER', 'MODEL_BAD_LENGTH', 'MODEL_HASH_MISMATCH', 'MODEL_BAD_SCHEMA', 'MODEL_MISMATCH', 'NETWORK', 'STORAGE',
] as const;

/** A model check's outcome code in words (an unknown code gets the general sentence). */
export function modelStatusText(code: string): string {
  const known = (STATUS_CODES as readonly string[]).includes(code);
  return t((known ? `modelStatus_${code}` : 'modelStatus_other') as MessageKey);
}

export function ModelView() {
  const [status, setStatus] = useState<ModelStatusView | null>(null);
  useEffect(() => {
    const refresh = () => void send('getModelStatus', {}).then(setStatus, () => undefined);
    refresh();
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, []);
  if (!status) return null;
  const { inUse, last } = status;
  return (
    <section aria-labelledby="model-heading" data-testid="model-status">
      <h2 id="model-heading">{t('optModelHeading')}</h2>
      <dl>
        <dt>{t('optModelInUse')}</dt>
        <dd data-testid="model-in-use" data-source={inUse.source} data-release={inUse.release}>
          {inUse.source === 'feed' && inUse.listId
            ? t('optModelFromList', [listName(inUse.listId), formatNumber(inUse.release)])
            : t('optModelBuiltIn', formatNumber(inUse.release))}
        </dd>
        {inUse.version && (
          <>
            <dt>{t('optModelVersion')}</dt>
            <dd data-testid="model-version">
              <code>{inUse.version}</code>
            </dd>
          </>
        )}
        {inUse.installedAt !== null && (
          <>
            <dt>{t('optModelInstalled')}</dt>
            <dd>{formatDateTime(inUse.installedAt)}</dd>
          </>
        )}
        <dt>{t('optModelLastCheck')}</dt>
        <dd data-testid="model-last" data-code={last?.code ?? ''} title={last?.message}>
          {last ? `${modelStatusText(last.code)} (${formatDateTime(last.at)})` : t('optModelNoCheck')}
        </dd>
      </dl>
    </section>
  );
}
