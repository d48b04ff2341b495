/**
 * Sources config (JSON), validated with zod. Paths are relative to the config file's folder.
 *
 * {
 *   "listId": "scamsentinel-main",
 *   "sources": [
 *     { "name": "tw165", "path": "tw165.tsv", "format": "tw165-tsv", "category": "investment", "weight": 1 },
 *     { "name": "reviewed", "path": "reviewed.jsonl", "format": "reviewed", "category": "other", "weight": 3 }
 *   ],
 *   "overrides": "overrides.json",          // optional: reasoned exceptions to the trusted-domain guard
 *   "trustedExtra": ["trusted-extra.txt"],  // optional: more trusted domains (one per line) on top of the default
 *   "guard": { "maxRefusedRatio": 0.05 },   // optional: a source whose refused share exceeds this fails the build
 *   "publish": { "keepDeltas": 7, "expiresInDays": 7, "minClientVersion": "0.1.0",
 *                "reportEndpoint": "https://…", "minWaitSeconds": 300 }
 * }
 *
 * weight: how much a source is believed (default 1). When sources disagree on the category, the heaviest wins; the
 * summed weight of the distinct sources listing a key sets its severity (≥ 2 high, ≥ 1 medium, else low) unless the
 * source (or a reviewed entry) states a severity.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from '../../core/types';

export const SOURCE_FORMATS = [
  'domains', // one domain per line (a domain covers its subdomains), '#' comments, optional leading '*.'
  'hosts', // '0.0.0.0 domain' / '127.0.0.1 domain'
  'adblock', // '||domain^' (and '||host/path^'); '!' comments; '#'-disabled lines ignored
  'urls', // one URL (or host/path) per line
  'metamask', // eth-phishing-detect config.json: { blacklist: [] }
  'polkadot', // polkadot-js/phishing all.json: { deny: [], denySub: [] }
  'tw165-tsv', // Taiwan 165: name<TAB>url<TAB>count, 5 header lines
  'reviewed', // the project's reviewed entries (JSONL or JSON array), appended by intake triage
  'polkadot-address', // polkadot-js/phishing address.json: { "site": ["<ss58 address>", …] } → wallet:dot:<address>
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Where an upstream copy came from (recorded for the bundled snapshot and the NOTICE file). */
export const UpstreamSchema = z.object({
  repo: z.string().min(1),
  path: z.string().min(1),
  commit: z.string().optional(),
});

export const SourceSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'source name: letters, digits, . _ -'),
  /** A local file (reviewed entries, fixtures). Exactly one of path / url. */
  path: z.string().min(1).optional(),
  /** An upstream feed fetched by `lists update` (http(s)); its last good copy lives in the update cache. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** SPDX id or licence name; shown in the options page's "Data sources" and in NOTICE. */
  licence: z.string().min(1).optional(),
  /** Who publishes it, in words (attribution). */
  attribution: z.string().optional(),
  homepage: z.url().optional(),
  upstream: UpstreamSchema.optional(),
  /** `lists update` does not fetch the source again sooner than this (minutes). */
  refreshMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  /** Byte cap for one download; a bigger body is refused and the last good copy kept. */
  maxBytes: z.number().int().min(1).max(256 * 1024 * 1024).default(16 * 1024 * 1024),
  /** A new copy with fewer than (1 − maxShrink) × the last good copy's entries is refused as broken. */
  maxShrink: z.number().min(0).max(1).default(0.5),
  /** A copy parsing to fewer entries (or with more than maxMalformedRatio of its lines malformed) is garbage. */
  minEntries: z.number().int().min(0).default(1),
  maxMalformedRatio: z.number().min(0).max(1).default(0.2),
  /** Local copy used by the offline bundled-list build (scripts/build-bundled-list.ts), relative to --data-dir. */
  localCopy: z.string().optional(),
  format: z.enum(SOURCE_FORMATS),
  category: z.enum(CATEGORIES),
  weight: z.number().positive().max(100).default(1),
  severity: z.enum(SEVERITIES).optional(),
  /** tw165-tsv only: header lines to skip (default 5). */
  headerLines: z.number().int().min(0).max(1000).optional(),
});
export type SourceConfig = z.infer<typeof SourceSchema>;

export const PublishSettingsSchema = z.object({
  keepDeltas: z.number().int().min(0).max(60).default(7),
  expiresInDays: z.number().positive().max(30).default(7),
  minClientVersion: z.string().regex(/^\d{1,5}(\.\d{1,5}){0,3}$/).default('0.1.0'),
  reportEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  minWaitSeconds: z.number().int().min(0).optional(),
  /** Version of the first publish from an empty state (the bundled snapshot is v1: start above it). */
  firstVersion: z.number().int().min(1).default(1),
});
export type PublishSettings = z.infer<typeof PublishSettingsSchema>;

export const ConfigSchema = z
  .object({
    listId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    sources: z.array(SourceSchema).min(1),
    overrides: z.string().optional(),
    trustedExtra: z.array(z.string()).default([]),
    guard: z.object({ maxRefusedRatio: z.number().min(0).max(1).default(0.05) }).default({ maxRefusedRatio: 0.05 }),
    publish: PublishSettingsSchema.default(PublishSettingsSchema.parse({})),
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    for (const [i, s] of c.sources.entries()) {
      if ((s.path === undefined) === (s.url === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['sources', i], message: 'give exactly one of "path" or "url"' });
      }
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: 'duplicate source name' });
      names.add(s.name);
    }
  });
export type ListConfig = z.infer<typeof ConfigSchema>;

/** A config with every path made absolute. */
export interface LoadedConfig extends ListConfig {
  readonly file: string;
}

export class ConfigError extends Error {}

export function parseConfig(json: unknown, baseDir: string, file = '<inline>'): LoadedConfig {
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid config ${file}: ${msg}`);
  }
  const c = parsed.data;
  return {
    ...c,
    file,
    sources: c.sources.map((s) => (s.path !== undefined ? { ...s, path: resolve(baseDir, s.path) } : s)),
    ...(c.overrides !== undefined ? { overrides: resolve(baseDir, c.overrides) } : {}),
    trustedExtra: c.trustedExtra.map((p) => resolve(baseDir, p)),
  };
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e: unknown) {
    throw new ConfigError(`cannot read config ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    throw new ConfigError(`config ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseConfig(json, dirname(resolve(file)), file);
}
