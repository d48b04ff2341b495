/** Official places to report a scam, for the user's locale, with the report text ready to copy. Links only. */
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';

interface Channel {
  readonly label: MessageKey;
  readonly href: string;
}

const CHANNELS: Record<'zh-CN' | 'zh-TW' | 'other', Channel[]> = {
  'zh-CN': [
    { label: 'rpCn12321', href: 'https://www.12321.cn/' },
    { label: 'rpCnApp', href: 'tel:96110' },
  ],
  'zh-TW': [{ label: 'rpTw165', href: 'https://165.npa.gov.tw/' }],
  other: [
    { label: 'rpUsFtc', href: 'https://reportfraud.ftc.gov/' },
    { label: 'rpUkAction', href: 'https://www.actionfraud.police.uk/' },
  ],
};

export function channelsFor(language: string): Channel[] {
  const l = language.toLowerCase();
  if (l === 'zh-tw' || l === 'zh-hk' || l.startsWith('zh-hant')) return CHANNELS['zh-TW'];
  if (l.startsWith('zh')) return CHANNELS['zh-CN'];
  return CHANNELS.other;
}

export function OfficialChannels({ language, reportText }: { language: string; reportText: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(reportText);
    setCopied(true);
  };
  return (
    <section class="official" aria-labelledby="official-heading" data-testid="official">
      <h2 id="official-heading">{t('rpOfficialHeading')}</h2>
      <ul>
        {channelsFor(language).map((c) => (
          <li key={c.href}>
            <a href={c.href} target="_blank" rel="noopener noreferrer">
              {t(c.label)}
            </a>
          </li>
        ))}
      </ul>
      <textarea readOnly rows={3} aria-label={t('rpOfficialCopy')} data-testid="official-text" value={reportText} />
      <button type="button" onClick={() => void copy()}>
        {copied ? t('rpOfficialCopied') : t('rpOfficialCopy')}
      </button>
    </section>
  );
}
