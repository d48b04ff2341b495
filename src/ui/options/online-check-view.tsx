/** Options: the online check of fresh entries (src/background/online-check.ts), on unless the user turns it off. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ONLINE_CHECK_SETTING } from '../../core/settings';
import { t } from '../i18n';

export function OnlineCheckView() {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    void browser.storage.local.get(ONLINE_CHECK_SETTING).then((r) => setOn((r as Record<string, unknown>)[ONLINE_CHECK_SETTING] !== false));
  }, []);
  const toggle = async (value: boolean) => {
    await browser.storage.local.set({ [ONLINE_CHECK_SETTING]: value });
    setOn(value);
  };
  return (
    <section aria-labelledby="online-heading">
      <h2 id="online-heading">{t('optOnlineHeading')}</h2>
      <label>
        <input type="checkbox" data-testid="online-check" checked={on ?? true} disabled={on === null} onChange={(e) => void toggle(e.currentTarget.checked)} />{' '}
        {t('optOnlineToggle')}
      </label>
      <p class="note">{t('optOnlineNote')}</p>
    </section>
  );
}
