/**
 * Scam indicators beyond URLs (issue 8 §2): wallet addresses, phone numbers and IM handles found in a page's text
 * are looked up as list keys. Keys follow the maintainer tool's reviewed-entry format:
 *   wallet:trx:T… · wallet:eth:0x… (lowercase) · wallet:btc:… · phone:+8613… · im:telegram:name · im:qq:12345 ·
 *   im:wechat:id · im:whatsapp:+1… · im:line:id
 * A hit is a *warn* (the page itself is not listed, but it shows money or contact details reported in scams), with
 * the evidence "this USDT address was reported in 刷单 scams".
 */
import { findIndicators, normalizeText } from './classify';
import { capText, type Signal } from './signals';
import type { Category, Verdict } from './types';

export interface IndicatorHit {
  readonly key: string;
  readonly category: Category;
  readonly listId: string;
  readonly listVersion: number;
}

const MAX_INDICATOR_TEXT_CHARS = 100_000;

/** Candidate list keys for the indicators in `text` (deduplicated, at most a few dozen). */
export function indicatorKeys(text: string): string[] {
  const found = findIndicators(normalizeText(text.slice(0, MAX_INDICATOR_TEXT_CHARS)));
  const keys = new Set<string>();
  for (const c of found.crypto) keys.add(`wallet:${c.chain}:${c.chain === 'eth' ? c.address.toLowerCase() : c.address}`);
  for (const c of found.contacts) {
    if (c.channel === 'phone') {
      const digits = c.handle.replace(/[^\d+]/g, '');
      keys.add(`phone:${digits.startsWith('+') ? digits : `+86${digits}`}`);
    } else {
      keys.add(`im:${c.channel}:${c.handle.replace(/^@/, '')}`);
    }
  }
  return [...keys];
}

export function verdictFromIndicators(hits: readonly IndicatorHit[]): Verdict[] {
  return hits.map((h) => {
    const [kind = '', ...rest] = h.key.split(':');
    const indicator = kind === 'wallet' ? 'wallet' : kind === 'phone' ? 'phone' : 'im';
    // wallet:trx:T… → T… · phone:+86… → +86… · im:telegram:name → name (channel telegram)
    const value = (kind === 'phone' ? rest : rest.slice(1)).join(':');
    const reason: Signal = {
      signal: indicator === 'wallet' ? 'list:indicator-wallet' : 'list:indicator-contact',
      indicator,
      value: capText(value),
      category: h.category,
      ...(indicator === 'im' && rest[0] !== undefined ? { channel: capText(rest[0], 20) } : {}),
    };
    return { level: 'warn', category: h.category, score: 0.95, reasons: [reason] };
  });
}
