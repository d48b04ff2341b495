/** Every user-visible string: the core table plus feature tables, merged. Keys must not collide (unit-tested). */
import { MESSAGES } from './locales.source';
import { REPORT_MESSAGES } from './locales.reports';
import { OPTIONS_MESSAGES } from './locales.options';
import { RELEASE_MESSAGES } from './locales.release';
import { UX_MESSAGES } from './locales.ux';
import { SIGNAL_MESSAGES } from './locales.signals';

export type { Lang } from './locales.source';
export const ALL_MESSAGES = { ...MESSAGES, ...REPORT_MESSAGES, ...OPTIONS_MESSAGES, ...RELEASE_MESSAGES, ...UX_MESSAGES, ...SIGNAL_MESSAGES };
export const MESSAGE_TABLES = [MESSAGES, REPORT_MESSAGES, OPTIONS_MESSAGES, RELEASE_MESSAGES, UX_MESSAGES, SIGNAL_MESSAGES] as const;
export type MessageKey = keyof typeof ALL_MESSAGES;
