/**
 * The UI's languages. A new locale is one file (`<lang>.ts`, typed `Messages`: the compiler lists any missing key)
 * and one line in `LOCALES`; `npm run locales` then writes its public/_locales/<lang>/messages.json.
 */
import { en } from './en';
import { zh_CN } from './zh_CN';
import { zh_TW } from './zh_TW';

export const LOCALES = { en, zh_CN, zh_TW } as const;

export type Lang = keyof typeof LOCALES;
export type { MessageKey, Messages } from './en';
