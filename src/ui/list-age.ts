import type { ListStatus } from '../messaging/protocol';
import { t } from './i18n';

export const DAY_MS = 86_400_000;

export function listAgeDays(list: ListStatus, now: number): number {
  return Math.max(0, Math.floor((now - list.issuedAt) / DAY_MS));
}

export function listAgeText(list: ListStatus, now: number): string {
  const days = listAgeDays(list, now);
  return days < 1 ? t('popupListFresh') : t('popupListAge', String(days));
}
