/**
 * "The UI speaks plainly": finds what in a page's visible text is an internal code rather than words — a message
 * key that was never translated (`t()` falls back to the key), a sync outcome or error code, a build variable.
 */
import { en } from '../../../src/ui/locales/en';

const MESSAGE_KEYS = new Set(Object.keys(en));
const OUTCOME_CODES = new Set(['min-wait', 'not-due', 'not-modified', 'same-version']);
/** Outcome kinds that are English words: a code only when they are the whole of a message. */
const BARE_KINDS = new Set(['updated', 'unchanged', 'skipped', 'failed', 'busy', 'disabled', 'manifest', 'download', 'apply', 'commit', 'done', 'error']);

export function untranslatedCodes(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) if (BARE_KINDS.has(line.trim())) found.add(line.trim());
  for (const word of text.split(/[\s,.;:()[\]"'“”「」（），。：]+/)) {
    if (word === '') continue;
    if (MESSAGE_KEYS.has(word)) found.add(word);
    if (OUTCOME_CODES.has(word)) found.add(word);
    // SCREAMING_SNAKE (NETWORK_ERROR, WXT_DEFAULT_LIST_KEYSET) and the bare transport codes.
    if (/^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(word) || /^(NETWORK|TIMEOUT|EXPIRED|CORRUPT|ROLLBACK|STORAGE|UNEXPECTED)$/.test(word)) found.add(word);
  }
  return [...found];
}
