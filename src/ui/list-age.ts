import type { ListStatus } from '../messaging/protocol';
import { t } from './i18n';
import { ageInDays } from '../core/time';
import { formatNumber } from './sync-words';

export function listAgeText(list: ListStatus, now: number): string {
  const days = ageInDays(list.issuedAt, now);
  return days < 1 ? t('popupListFresh') : t('popupListAge', formatNumber(days));
}
