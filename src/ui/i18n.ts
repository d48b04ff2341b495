/** Localised strings from _locales (the browser's UI language picks). */
import { browser } from 'wxt/browser';
import type { Category } from '../core/types';
import type { MessageKey } from './locales';

export type { MessageKey };

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

const CATEGORY_KEYS: Record<Category, MessageKey> = {
  'task-rebate': 'cat_task_rebate',
  investment: 'cat_investment',
  'fake-shop': 'cat_fake_shop',
  'fake-service': 'cat_fake_service',
  'credit-repair': 'cat_credit_repair',
  phishing: 'cat_phishing',
  malware: 'cat_malware',
  other: 'cat_other',
};

export function categoryLabel(category: Category | undefined): string {
  return t(CATEGORY_KEYS[category ?? 'other']);
}

/**
 * BCP-47 tag of the language the strings are shown in (the locale the browser picked from _locales), for
 * `<html lang>`, date formatting and the official-channels choice.
 */
export function uiLanguage(): string {
  return browser.i18n.getMessage('uiLang') || browser.i18n.getUILanguage();
}

export function formatDate(epochMsOrIso: number | string): string {
  const d = new Date(epochMsOrIso);
  return Number.isNaN(d.getTime()) ? String(epochMsOrIso) : d.toLocaleDateString(uiLanguage());
}
