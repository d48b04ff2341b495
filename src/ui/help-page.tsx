/** "I already paid" — the first-hours steps, in the user's language, and a warning about "recovery" scams. */
import { t } from './i18n';

export function HelpPage() {
  return (
    <main class="help">
      <h1>{t('hpTitle')}</h1>
      <ol data-testid="help-steps">
        <li>{t('hpStep1')}</li>
        <li>{t('hpStep2')}</li>
        <li>{t('hpStep3')}</li>
        <li>{t('hpStep4')}</li>
      </ol>
      <p class="callout" role="note">
        {t('hpRecoveryWarning')}
      </p>
      <p>{t('hpReportHere')}</p>
    </main>
  );
}
