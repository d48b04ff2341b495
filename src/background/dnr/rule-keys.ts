/**
 * Which key strings the redirect rules are compiled from (pure; no browser calls).
 *
 * Each live table that carries key strings (listKeys, decoded on demand, never kept) contributes all of them; a
 * table without (the bundled format-1 list, or a list synced from a publisher that does not write them) contributes
 * the bundled key strings that are still entries of it. The union is deduplicated and sorted.
 * `isCompiled(key)` answers "was this key compiled?" later without holding the strings: the key is an entry of a
 * keyed table (keys and entries correspond one to one), or one of the bundled keys that were used.
 */
import { listKeys, lookupKey, type ListTable } from '../../core/lists';

export interface RuleKeys {
  /** Sorted, unique (empty when not decoded). */
  readonly keys: readonly string[];
  readonly isCompiled: (key: string) => boolean;
  /** Every entry of every table was compiled (a table without key strings is fully named by the bundled keys). */
  readonly complete: boolean;
  readonly problems: string[];
}

/** Union of sorted unique arrays, sorted unique (one list, the usual case: itself, no copy of a million keys). */
function union(parts: readonly (readonly string[])[]): readonly string[] {
  if (parts.length === 1) return parts[0]!;
  const all = parts.flat().sort();
  return all.filter((k, i) => i === 0 || k !== all[i - 1]);
}

/** Identifies what rules were compiled from: every list's id, version and key-strings hash. */
export function rulesMarker(tables: readonly Pick<ListTable, 'listId' | 'version' | 'keysSha256'>[]): string {
  return tables
    .map((t) => `${t.listId}@${t.version}${t.keysSha256 !== null ? `#${t.keysSha256.slice(0, 16)}` : ''}`)
    .sort()
    .join(',');
}

/**
 * `decode: false` skips decoding the keyed tables (the rules are already installed and only `isCompiled` is
 * needed); a table whose keys turn out corrupt when decoded falls back to the bundled keys, like a keyless one.
 */
export function collectRuleKeys(
  tables: readonly ListTable[],
  bundledKeys: readonly string[],
  opts: {
    decode: boolean;
    /** With `decode: false`: whether a table's list carries key strings (loaded or not). Default: it has them loaded. */
    keyed?: (t: ListTable) => boolean;
  },
): RuleKeys {
  const problems: string[] = [];
  const keyed: ListTable[] = [];
  const keyless: ListTable[] = [];
  const parts: (readonly string[])[] = [];
  for (const t of tables) {
    const carriesKeys = !opts.decode && opts.keyed ? opts.keyed(t) : t.keysSha256 !== null;
    if (!carriesKeys) {
      keyless.push(t);
      continue;
    }
    if (!opts.decode) {
      keyed.push(t);
      continue;
    }
    const keys = listKeys(t);
    if (!keys.ok || keys.value === null) {
      problems.push(`list ${t.listId} v${t.version}: key strings unusable (${keys.ok ? 'none' : keys.message})`);
      keyless.push(t);
      continue;
    }
    keyed.push(t);
    parts.push(keys.value);
  }
  const bundled = new Set(bundledKeys.filter((k) => keyless.some((t) => lookupKey(t, k) !== null)));
  if (bundled.size > 0) parts.push([...bundled].sort());
  // Two keyless tables may share entries: then the count comparison cannot tell, and the answer is "not complete".
  const complete = keyless.length === 0 || (keyless.length === 1 && bundled.size === keyless[0]!.count);
  return {
    keys: opts.decode ? union(parts) : [],
    isCompiled: (key) => bundled.has(key) || keyed.some((t) => lookupKey(t, key) !== null),
    complete,
    problems,
  };
}
