/**
 * Entries from the third-party lists in ../shared/data/lists (when present; never copied into the repo):
 * one-domain-per-line files, hosts files, AdGuard `||domain^` lines, polkadot/metamask JSON. Returns null when
 * the folder is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalExpression } from '../../../src/core/url/index.ts';
import type { ListEntryInput } from '../../../src/core/lists/index.ts';

export interface RealLists {
  entries: ListEntryInput[];
  legitDomains: string[];
  files: string[];
}

function domainsOf(file: string, text: string): string[] {
  if (file.endsWith('.json')) {
    const json = JSON.parse(text) as { deny?: unknown; blacklist?: unknown };
    const list = json.deny ?? json.blacklist;
    return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
  }
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    if (file.includes('.hosts.')) {
      const parts = line.split(/\s+/);
      if (parts.length >= 2 && (parts[0] === '0.0.0.0' || parts[0] === '127.0.0.1')) out.push(parts[1]!);
    } else if (file.includes('.adblock.')) {
      const m = /^\|\|([^/^$]+)\^?$/.exec(line);
      if (m) out.push(m[1]!);
    } else {
      out.push(line);
    }
  }
  return out;
}

export function loadRealLists(dir: string): RealLists | null {
  if (!existsSync(dir)) return null;
  const isList = (f: string): boolean =>
    f.endsWith('.domains.txt') || f.includes('.hosts.') || f.endsWith('.adblock.txt') || f.endsWith('.json');
  const files = readdirSync(dir).filter((f) => isList(f) && !f.startsWith('legit'));
  const keys = new Map<string, string[]>();
  for (const f of files) {
    const source = f.replace(/\..*$/, '');
    for (const d of domainsOf(f, readFileSync(join(dir, f), 'utf8'))) {
      const key = canonicalExpression(d);
      if (key === null || key === '0.0.0.0/' || key === 'localhost/') continue;
      const sources = keys.get(key);
      if (sources) sources.push(source);
      else keys.set(key, [source]);
    }
  }
  const entries = [...keys].map(([key, sources]) => ({ key, category: 'phishing' as const, severity: 'high' as const, sources }));
  const legitFile = join(dir, 'legit-domains.txt');
  const legitLines = existsSync(legitFile) ? readFileSync(legitFile, 'utf8').split('\n') : [];
  const legitDomains = legitLines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return { entries, legitDomains, files };
}
