/**
 * One parser per source format: text → raw entries (still un-canonicalized) + line-numbered warnings.
 * Parsers never throw on content: a malformed line becomes a warning and is skipped. (An unreadable file is the
 * caller's failure, see build.ts.)
 *
 * Examples of what each accepts (→ raw text handed to canonicalExpression):
 *   domains    'scam.example'  '*.scam.example'  'scam.example # note'        → 'scam.example'
 *   hosts      '0.0.0.0 scam.example'  '127.0.0.1 a.example b.example'         → 'scam.example', 'a.example', …
 *   adblock    '||scam.example^'  '||scam.example^$important'  '||h.example/p^' → 'scam.example', 'h.example/p'
 *              ignored: '! comment', '#||disabled.example^', '[Adblock Plus 2.0]'
 *   urls       'https://h.example/login?x=1'  'h.example/path'                  → as is
 *   metamask   {"blacklist": ["scam.example", …]}
 *   polkadot   {"deny": ["scam.example", …], "denySub": ["twitter.com/scammer", …]}
 *   tw165-tsv  5 header lines, then 'name<TAB>www.scam.example<TAB>3'           → 'www.scam.example'
 *   reviewed   see reviewed.ts
 */
import type { Category, Severity } from '../../core/types';
import { INDICATOR_KEY_RE, ReviewedEntrySchema } from '../reviewed';
import type { SourceConfig, SourceFormat } from './config';

export interface RawEntry {
  readonly text: string;
  /** 'line 12' or 'deny[3]' — for warnings. */
  readonly location: string;
  readonly category?: Category;
  readonly severity?: Severity;
  /** YYYY-MM-DD */
  readonly firstSeen?: string;
  /** Reviewed removal (false positive): suppress this key from every source. */
  readonly remove?: boolean;
  /** Indicator key: do not canonicalize. */
  readonly verbatim?: boolean;
}

export interface ParseWarning {
  readonly location: string;
  readonly message: string;
  readonly text: string;
}

export interface ParsedSource {
  readonly entries: RawEntry[];
  readonly warnings: ParseWarning[];
  /** Lines / items looked at (comments and blanks included for line formats). */
  readonly lines: number;
  /** Set when the file as a whole cannot be used (e.g. a JSON source that is not JSON): the build fails. */
  readonly fatal?: string;
}

const HOSTISH_RE = /^[^\s/\\?#"'<>]+$/;
const HOSTS_IPS = new Set(['0.0.0.0', '127.0.0.1', '::', '::1', '0', '::0']);
const HOSTS_SKIP = new Set(['localhost', 'localhost.localdomain', 'local', 'broadcasthost', 'ip6-localhost', 'ip6-loopback', '0.0.0.0']);
const ADBLOCK_OK_OPTIONS = new Set(['important', 'all', 'document', 'doc', 'popup', 'third-party', '3p', 'first-party', '1p']);

function splitLines(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.split(/\r?\n/);
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** Strips a trailing ' # comment' (only when preceded by whitespace, so URLs with '#' fragments survive). */
function stripInlineComment(line: string): string {
  const m = /\s#/.exec(line);
  return (m ? line.slice(0, m.index) : line).trim();
}

function parseLines(
  text: string,
  each: (line: string, lineNo: number, out: RawEntry[], warn: (msg: string) => void) => void,
  skipHeader = 0,
): ParsedSource {
  const lines = splitLines(text);
  const entries: RawEntry[] = [];
  const warnings: ParseWarning[] = [];
  for (let i = skipHeader; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line === '') continue;
    each(line, i + 1, entries, (message) => warnings.push({ location: `line ${i + 1}`, message, text: clip(raw) }));
  }
  return { entries, warnings, lines: lines.length };
}

function parseDomains(text: string): ParsedSource {
  return parseLines(text, (line, n, out, warn) => {
    if (line.startsWith('#') || line.startsWith('!')) return;
    let d = stripInlineComment(line);
    if (d.startsWith('*.')) d = d.slice(2);
    if (!HOSTISH_RE.test(d)) return warn('not a domain');
    out.push({ text: d, location: `line ${n}` });
  });
}

function parseHosts(text: string): ParsedSource {
  return parseLines(text, (line, n, out, warn) => {
    if (line.startsWith('#')) return;
    const fields = stripInlineComment(line).split(/\s+/);
    const ip = fields[0] ?? '';
    if (!HOSTS_IPS.has(ip) || fields.length < 2) return warn('expected "0.0.0.0 domain"');
    for (const host of fields.slice(1)) {
      if (HOSTS_SKIP.has(host.toLowerCase())) continue;
      if (!HOSTISH_RE.test(host)) {
        warn(`not a domain: ${clip(host)}`);
        continue;
      }
      out.push({ text: host, location: `line ${n}` });
    }
  });
}

function parseAdblock(text: string): ParsedSource {
  return parseLines(text, (line, n, out, warn) => {
    // '!' comments, '#'-disabled rules ('#||x^'), '[Adblock Plus 2.0]' headers
    if (line.startsWith('!') || line.startsWith('#') || line.startsWith('[')) return;
    if (line.startsWith('@@')) return warn('exception rule ignored');
    if (line.includes('##') || line.includes('#@#') || line.includes('#?#')) return warn('cosmetic rule ignored');
    const m = /^\|\|([^^$|*]+)\^?(?:\|)?(?:\$(.*))?$/.exec(line);
    if (!m || m[1] === undefined) return warn('expected "||domain^"');
    const options = m[2];
    if (options !== undefined) {
      const bad = options.split(',').filter((o) => !ADBLOCK_OK_OPTIONS.has(o.trim().toLowerCase()));
      if (bad.length > 0) return warn(`unsupported options: ${bad.join(',')}`);
    }
    out.push({ text: m[1], location: `line ${n}` });
  });
}

function parseUrls(text: string): ParsedSource {
  return parseLines(text, (line, n, out, warn) => {
    if (line.startsWith('#') || line.startsWith('!')) return;
    if (/\s/.test(line)) return warn('URL contains whitespace');
    out.push({ text: line, location: `line ${n}` });
  });
}

function parseJsonArrays(text: string, fields: readonly string[]): ParsedSource {
  const entries: RawEntry[] = [];
  const warnings: ParseWarning[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e: unknown) {
    return { entries, warnings, lines: 0, fatal: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { entries, warnings, lines: 0, fatal: 'expected a JSON object' };
  }
  let lines = 0;
  for (const field of fields) {
    const arr: unknown = (json as Record<string, unknown>)[field];
    if (arr === undefined) continue;
    if (!Array.isArray(arr)) {
      warnings.push({ location: field, message: `"${field}" is not an array`, text: '' });
      continue;
    }
    arr.forEach((item: unknown, i: number) => {
      lines++;
      const location = `${field}[${i}]`;
      if (typeof item !== 'string' || item.trim() === '') {
        warnings.push({ location, message: 'not a non-empty string', text: clip(JSON.stringify(item) ?? '') });
        return;
      }
      out(item.trim(), location);
    });
  }
  function out(text: string, location: string): void {
    if (/\s/.test(text)) warnings.push({ location, message: 'contains whitespace', text: clip(text) });
    else entries.push({ text: text.startsWith('*.') ? text.slice(2) : text, location });
  }
  if (!fields.some((f) => Array.isArray((json as Record<string, unknown>)[f]))) {
    return { entries, warnings, lines, fatal: `none of ${fields.join(', ')} is an array` };
  }
  return { entries, warnings, lines };
}

function parseTw165(text: string, headerLines: number): ParsedSource {
  return parseLines(
    text,
    (line, n, out, warn) => {
      const fields = line.split('\t');
      const url = (fields[1] ?? '').trim();
      if (fields.length < 2 || url === '') return warn('expected "name<TAB>url<TAB>count"');
      const count = fields[2]?.trim();
      if (count !== undefined && count !== '' && !/^\d+$/.test(count)) return warn('count is not a number');
      if (/\s/.test(url)) return warn('URL contains whitespace');
      out.push({ text: url, location: `line ${n}` });
    },
    headerLines,
  );
}

function parseReviewed(text: string): ParsedSource {
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  const items: { value: unknown; location: string; raw: string }[] = [];
  const warnings: ParseWarning[] = [];
  let lines: number;
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (e: unknown) {
      return { entries: [], warnings, lines: 0, fatal: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (Array.isArray(arr)) arr.forEach((v: unknown, i) => items.push({ value: v, location: `[${i}]`, raw: '' }));
    lines = items.length;
  } else {
    const all = splitLines(text);
    lines = all.length;
    all.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
      try {
        items.push({ value: JSON.parse(line), location: `line ${i + 1}`, raw });
      } catch {
        warnings.push({ location: `line ${i + 1}`, message: 'not JSON', text: clip(raw) });
      }
    });
  }
  const entries: RawEntry[] = [];
  for (const item of items) {
    const r = ReviewedEntrySchema.safeParse(item.value);
    if (!r.success) {
      const issue = r.error.issues[0];
      warnings.push({
        location: item.location,
        message: `invalid reviewed entry: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
        text: clip(item.raw),
      });
      continue;
    }
    const e = r.data;
    entries.push({
      text: e.key.trim(),
      location: item.location,
      ...(e.category !== undefined ? { category: e.category } : {}),
      ...(e.severity !== undefined ? { severity: e.severity } : {}),
      firstSeen: e.addedAt.slice(0, 10),
      ...(e.action === 'remove' ? { remove: true } : {}),
      ...(INDICATOR_KEY_RE.test(e.key.trim()) ? { verbatim: true } : {}),
    });
  }
  return { entries, warnings, lines };
}

export function parseSource(format: SourceFormat, text: string, source?: Pick<SourceConfig, 'headerLines'>): ParsedSource {
  switch (format) {
    case 'domains':
      return parseDomains(text);
    case 'hosts':
      return parseHosts(text);
    case 'adblock':
      return parseAdblock(text);
    case 'urls':
      return parseUrls(text);
    case 'metamask':
      return parseJsonArrays(text, ['blacklist']);
    case 'polkadot':
      return parseJsonArrays(text, ['deny', 'denySub']);
    case 'tw165-tsv':
      return parseTw165(text, source?.headerLines ?? 5);
    case 'reviewed':
      return parseReviewed(text);
  }
}
