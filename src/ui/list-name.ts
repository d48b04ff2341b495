/**
 * Names people read for lists and list sources. List ids and source names are identifiers (`scamsentinel-main`,
 * `scamsentinel-reviewed`); the ones we publish have names in the locale tables. A list someone added by hand keeps
 * its id (its publisher chose it), and an unknown source keeps its own name.
 */
import { t, type MessageKey } from './i18n';

const LIST_NAMES: Record<string, MessageKey> = {
  'scamsentinel-main': 'listName_main',
  'scamsentinel-demo': 'listName_demo',
};

const SOURCE_NAMES: readonly (readonly [RegExp, MessageKey])[] = [
  [/^scamsentinel-reviewed$/, 'srcName_reviewed'],
  [/^blocklistproject-/, 'srcName_blocklistproject'],
  [/^polkadot-/, 'srcName_polkadot'],
  [/^metamask-/, 'srcName_metamask'],
  [/^tw165-/, 'srcName_tw165'],
];

export function listName(listId: string): string {
  const key = LIST_NAMES[listId];
  return key ? t(key) : listId;
}

export function sourceName(name: string): string {
  for (const [re, key] of SOURCE_NAMES) if (re.test(name)) return t(key);
  return name;
}

/** Source names of one entry, deduplicated after naming (two Block List Project lists read as one). */
export function sourceNames(names: readonly string[]): string {
  return [...new Set(names.map(sourceName))].join(', ');
}
