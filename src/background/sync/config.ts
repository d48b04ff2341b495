/**
 * The default subscription, from build-time configuration (WXT exposes `WXT_*` variables on import.meta.env):
 *
 *   WXT_DEFAULT_LIST_URL     URL of the list's signed manifest.json   (fallback: the local `lists serve`)
 *   WXT_DEFAULT_LIST_KEYSET  the pinned keyset, JSON (src/core/lists/keyset.ts)   (no fallback: without a
 *                            pinned keyset there is no default subscription — nothing unsigned is ever accepted)
 *   WXT_DEFAULT_LIST_ID      the list id (fallback: scamsentinel-main)
 *   WXT_DEFAULT_LIST_MIRRORS more URLs of the same manifest.json (space- or comma-separated), tried in order after
 *                            the main URL fails. Untrusted: everything is checked against the pinned keyset.
 * Example: WXT_DEFAULT_LIST_URL=https://lists.example/main/manifest.json \
 *          WXT_DEFAULT_LIST_KEYSET="$(cat keyset.json)" npm run build
 */
import { parseKeyset } from '../../core/lists/keyset';
import type { SubscriptionRow } from '../db';

export const DEFAULT_LIST_ID = 'scamsentinel-main';
/** `npm run lists -- serve` default port. */
export const DEFAULT_LIST_URL = 'http://127.0.0.1:8787/manifest.json';

export interface DefaultListEnv {
  readonly url?: unknown;
  readonly keyset?: unknown;
  readonly listId?: unknown;
  readonly mirrors?: unknown;
}

export interface DefaultListConfig {
  readonly listId: string;
  readonly manifestUrl: string;
  /** Mirror manifest URLs, in order. */
  readonly mirrors: readonly string[];
  /** Normalised keyset JSON, or null when none (valid) was configured. */
  readonly keyset: string | null;
  /** What was wrong with the configuration, in words (empty when all is well). */
  readonly problems: readonly string[];
}

/** The build-time values (replaced statically by Vite at build). */
export function buildTimeListEnv(): DefaultListEnv {
  return {
    url: import.meta.env.WXT_DEFAULT_LIST_URL as unknown,
    keyset: import.meta.env.WXT_DEFAULT_LIST_KEYSET as unknown,
    listId: import.meta.env.WXT_DEFAULT_LIST_ID as unknown,
    mirrors: import.meta.env.WXT_DEFAULT_LIST_MIRRORS as unknown,
  };
}

export function defaultListConfig(env: DefaultListEnv = buildTimeListEnv()): DefaultListConfig {
  const problems: string[] = [];
  let manifestUrl = DEFAULT_LIST_URL;
  if (typeof env.url === 'string' && env.url.trim() !== '') {
    try {
      const u = new URL(env.url.trim());
      if (u.protocol === 'https:' || u.protocol === 'http:') manifestUrl = u.href;
      else problems.push(`WXT_DEFAULT_LIST_URL must be http(s): ${env.url}`);
    } catch {
      problems.push(`WXT_DEFAULT_LIST_URL is not a URL: ${env.url}`);
    }
  }
  const mirrors: string[] = [];
  if (typeof env.mirrors === 'string') {
    for (const m of env.mirrors.split(/[\s,]+/).filter((x) => x !== '')) {
      try {
        const u = new URL(m);
        if (u.protocol === 'https:' || u.protocol === 'http:') {
          if (u.href !== manifestUrl && !mirrors.includes(u.href)) mirrors.push(u.href);
        } else problems.push(`WXT_DEFAULT_LIST_MIRRORS: not http(s): ${m}`);
      } catch {
        problems.push(`WXT_DEFAULT_LIST_MIRRORS: not a URL: ${m}`);
      }
    }
  }
  let listId = DEFAULT_LIST_ID;
  if (typeof env.listId === 'string' && env.listId !== '') {
    if (/^[a-z0-9][a-z0-9._-]{0,63}$/.test(env.listId)) listId = env.listId;
    else problems.push(`WXT_DEFAULT_LIST_ID is not a valid list id: ${env.listId}`);
  }
  let keyset: string | null = null;
  if (typeof env.keyset === 'string' && env.keyset.trim() !== '') {
    try {
      const parsed = parseKeyset(JSON.parse(env.keyset));
      if (parsed.ok) keyset = JSON.stringify(parsed.value);
      else problems.push(`WXT_DEFAULT_LIST_KEYSET: ${parsed.message}`);
    } catch {
      problems.push('WXT_DEFAULT_LIST_KEYSET is not JSON');
    }
  } else {
    problems.push('WXT_DEFAULT_LIST_KEYSET is not set: the default list will not be updated');
  }
  return { listId, manifestUrl, mirrors, keyset, problems };
}

/** The default subscription row, or null when no pinned keyset is configured. */
export function defaultSubscription(now: number, cfg: DefaultListConfig = defaultListConfig()): SubscriptionRow | null {
  if (cfg.keyset === null) return null;
  return {
    listId: cfg.listId,
    manifestUrl: cfg.manifestUrl,
    ...(cfg.mirrors.length > 0 ? { mirrors: [...cfg.mirrors] } : {}),
    keyset: cfg.keyset,
    enabled: true,
    isDefault: true,
    addedAt: now,
  };
}
