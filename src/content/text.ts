/**
 * Words for the in-page UI: the user's language via chrome.i18n (src/ui/i18n), and a verdict's reasons turned into
 * a few plain sentences grouped by kind — list entry and date, scam words, the fields it asks for, money buttons,
 * payment instructions, private-chat contacts, the web address. Evidence stays text (never markup).
 */
import type { Level, Verdict } from '../core/types';
import { categoryLabel, t, type MessageKey } from '../ui/i18n';
import { truncate } from './dom';

export { categoryLabel, t };

const FIELD_KEYS: Record<string, MessageKey> = {
  'card-number': 'ovFieldCardNumber',
  'card-cvv': 'ovFieldCardCvv',
  'card-expiry': 'ovFieldCardExpiry',
  'bank-account': 'ovFieldBankAccount',
  'id-number': 'ovFieldIdNumber',
  'sms-code': 'ovFieldSmsCode',
  amount: 'ovFieldAmount',
  password: 'ovFieldPassword',
};

type Group = 'words' | 'asks' | 'buttons' | 'payment' | 'contact' | 'address' | 'other';
const GROUP_KEYS: Record<Group, MessageKey> = {
  words: 'ovReasonWords',
  asks: 'ovReasonAsks',
  buttons: 'ovReasonButtons',
  payment: 'ovReasonPayment',
  contact: 'ovReasonContact',
  address: 'ovReasonAddress',
  other: 'ovReasonOther',
};

function groupOf(signal: string): Group | null {
  if (signal === 'list:match' || signal.startsWith('context:')) return null;
  if (signal === 'page:phrase' || signal.startsWith('text:')) return 'words';
  if (signal.startsWith('field:')) return 'asks';
  if (signal.startsWith('button:')) return 'buttons';
  if (signal.startsWith('payment:') || signal.startsWith('crypto:')) return 'payment';
  if (signal.startsWith('contact:')) return 'contact';
  if (signal.startsWith('url:')) return 'address';
  return 'other';
}

/** Plain-language reason lines for a verdict, most important first (list entry, then the signals that fired). */
export function reasonLines(v: Verdict, max = 6): string[] {
  const lines: string[] = [];
  if (v.list) {
    lines.push(
      v.list.firstSeen
        ? t('ovReasonList', [v.list.listId, v.list.firstSeen, v.list.expression])
        : t('ovReasonListNoDate', [v.list.listId, v.list.expression]),
    );
  }
  const groups = new Map<Group, string[]>();
  for (const r of v.reasons) {
    if (r.weight !== undefined && r.weight <= 0) continue;
    const g = groupOf(r.signal);
    if (!g) continue;
    let text = truncate(r.evidence, 90);
    // Signals whose evidence is an English sentence from the classifier: say them in the user's language.
    if (r.signal === 'page:no-icp') text = t('ovSignalNoIcp');
    else if (r.signal === 'page:countdown') text = r.evidence.startsWith('"') ? t('ovSignalCountdown', text) : t('ovSignalTimer');
    else if (g === 'asks') {
      const key = FIELD_KEYS[r.signal.slice('field:'.length)];
      if (key) text = `${t(key)} (${truncate(r.evidence, 50)})`;
    }
    const list = groups.get(g) ?? [];
    if (list.length < 4 && !list.includes(text)) list.push(text);
    groups.set(g, list);
  }
  const sep = t('ovListSep');
  for (const g of ['words', 'asks', 'buttons', 'payment', 'contact', 'address', 'other'] as const) {
    const items = groups.get(g);
    if (items && items.length > 0) lines.push(t(GROUP_KEYS[g], truncate(items.join(sep), 220)));
  }
  if (v.didYouMean) lines.push(t('warnDidYouMean', v.didYouMean));
  return lines.slice(0, max);
}

export function levelTitle(level: Level): string {
  return t(level === 'block' ? 'badgeTitleBlock' : level === 'warn' ? 'badgeTitleWarn' : 'badgeTitleCaution');
}
