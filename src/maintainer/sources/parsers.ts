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
 *   polkadot-address  {"scam-site.example": ["5Gx…", "14y…"], …}                 → 'wallet:dot:5Gx…' (verbatim)
 */
import type { Category, Severity } from '../../core/types';
import { INDICATOR_KEY_RE, ReviewedEntrySchema } from '../reviewed';
import type { SourceConfig, SourceFormat } from './config';

export interface RawEntry {
  readonly text: string;
  /** 1-based line number, or the array index for JSON formats (see `field`). */
  readonly line: number;
  /** JSON formats: the array the entry came from ('blacklist', 'deny', '' for a top-level array). */
  readonly field?: string;
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

/** Where parsed entries go: an array, or a consumer that handles each one at once (no 1M-object arrays). */
export interface Sink {
  push(entry: RawEntry): unknown;
}

interface Parsed {
  readonly warnings: ParseWarning[];
  readonly lines: number;
  readonly fatal?: string;
}

export interface ParsedSource {
  /** The entries, unless a sink was given to parseSource (then empty). */
  readonly entries: RawEntry[];
  /** Number of entries produced. */
  readonly count: number;
  readonly warnings: ParseWarning[];
  /** Lines / items looked at (comments and blanks included for line formats). */
  readonly lines: number;
  /** Set when the file as a whole cannot be used (e.g. a JSON source that is not JSON): the build fails. */
  readonly fatal?: string;
}

const HOSTISH_RE = /^[^\s/\\?#"'<>]+$/;
const HOSTS_IPS = new Set(['0.0.0.0', '127.0.0.1', '::', '::1', '0', '::0']);
const HOSTS_SKIP = new Set(['localhost', 'localhost.localdomain', 'local', 'broadcasthost', 'ip6-localhost', 'ip6-loopback', '0.0.0.0']);
const ADBLOCK_RE = /^\|\|([^^$|*]+)\^?(?:\|)?(?:\$(.*))?$/;
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

/** Where a raw entry came from, for warnings: 'line 12', 'deny[3]', '[3]'. */
export function locationOf(e: Pick<RawEntry, 'line' | 'field'>): string {
  return e.field !== undefined ? `${e.field}[${e.line}]` : `line ${e.line}`;
}

/** Calls `each` per non-blank line; it pushes entries and returns a warning message for a malformed line. */
function parseLines(
  text: string,
  out: Sink,
  each: (line: string, lineNo: number, out: Sink) => string | undefined,
  skipHeader = 0,
): Parsed {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const warnings: ParseWarning[] = [];
  let lineNo = 0;
  for (let start = 0; start <= t.length; ) {
    let end = t.indexOf('\n', start);
    if (end < 0) end = t.length;
    lineNo++;
    const raw = t.slice(start, end > start && t.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (lineNo <= skipHeader) continue;
    const line = raw.trim();
    if (line === '') continue;
    const message = each(line, lineNo, out);
    if (message !== undefined) warnings.push({ location: `line ${lineNo}`, message, text: clip(raw) });
  }
  return { warnings, lines: lineNo };
}

function parseDomains(text: string, sink: Sink): Parsed {
  return parseLines(text, sink, (line, n, out) => {
    if (line.startsWith('#') || line.startsWith('!')) return undefined;
    let d = stripInlineComment(line);
    if (d.startsWith('*.')) d = d.slice(2);
    if (!HOSTISH_RE.test(d)) return 'not a domain';
    out.push({ text: d, line: n });
    return undefined;
  });
}

function parseHosts(text: string, sink: Sink): Parsed {
  return parseLines(text, sink, (line, n, out) => {
    if (line.startsWith('#')) return undefined;
    const fields = stripInlineComment(line).split(/\s+/);
    const ip = fields[0] ?? '';
    if (!HOSTS_IPS.has(ip) || fields.length < 2) return 'expected "0.0.0.0 domain"';
    let problem: string | undefined;
    for (let i = 1; i < fields.length; i++) {
      const host = fields[i] ?? '';
      if (HOSTS_SKIP.has(host.toLowerCase())) continue;
      if (!HOSTISH_RE.test(host)) problem ??= `not a domain: ${clip(host)}`;
      else out.push({ text: host, line: n });
    }
    return problem;
  });
}

function parseAdblock(text: string, sink: Sink): Parsed {
  return parseLines(text, sink, (line, n, out) => {
    // '!' comments, '#'-disabled rules ('#||x^'), '[Adblock Plus 2.0]' headers
    if (line.startsWith('!') || line.startsWith('#') || line.startsWith('[')) return undefined;
    if (line.startsWith('@@')) return 'exception rule ignored';
    if (line.includes('##') || line.includes('#@#') || line.includes('#?#')) return 'cosmetic rule ignored';
    const m = ADBLOCK_RE.exec(line);
    if (!m || m[1] === undefined) return 'expected "||domain^"';
    const options = m[2];
    if (options !== undefined) {
      const bad = options.split(',').filter((o) => !ADBLOCK_OK_OPTIONS.has(o.trim().toLowerCase()));
      if (bad.length > 0) return `unsupported options: ${bad.join(',')}`;
    }
    out.push({ text: m[1], line: n });
    return undefined;
  });
}

function parseUrls(text: string, sink: Sink): Parsed {
  return parseLines(text, sink, (line, n, out) => {
    if (line.startsWith('#') || line.startsWith('!')) return undefined;
    if (/\s/.test(line)) return 'URL contains whitespace';
    out.push({ text: line, line: n });
    return undefined;
  });
}

function parseJsonArrays(text: string, fields: readonly string[], entries: Sink): Parsed {
  const warnings: ParseWarning[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e: unknown) {
    return { warnings, lines: 0, fatal: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { warnings, lines: 0, fatal: 'expected a JSON object' };
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
      if (typeof item !== 'string' || item.trim() === '') {
        warnings.push({ location: `${field}[${i}]`, message: 'not a non-empty string', text: clip(JSON.stringify(item) ?? '') });
        return;
      }
      const location = `${field}[${i}]`;
      const text = item.trim();
      if (/\s/.test(text)) warnings.push({ location, message: 'contains whitespace', text: clip(text) });
      else entries.push({ text: text.startsWith('*.') ? text.slice(2) : text, line: i, field });
    });
  }
  if (!fields.some((f) => Array.isArray((json as Record<string, unknown>)[f]))) {
    return { warnings, lines, fatal: `none of ${fields.join(', ')} is an array` };
  }
  return { warnings, lines };
}

function parseTw165(text: string, headerLines: number, sink: Sink): Parsed {
  return parseLines(
    text,
    sink,
    (line, n, out) => {
      const fields = line.split('\t');
      const url = (fields[1] ?? '').trim();
      if (fields.length < 2 || url === '') return 'expected "name<TAB>url<TAB>count"';
      const count = fields[2]?.trim();
      if (count !== undefined && count !== '' && !/^\d+$/.test(count)) return 'count is not a number';
      if (/\s/.test(url)) return 'URL contains whitespace';
      out.push({ text: url, line: n });
      return undefined;
    },
    headerLines,
  );
}

function parseReviewed(text: string, entries: Sink): Parsed {
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  const items: { value: unknown; line: number; field?: string; raw: string }[] = [];
  const warnings: ParseWarning[] = [];
  let lines: number;
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (e: unknown) {
      return { warnings, lines: 0, fatal: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (Array.isArray(arr)) arr.forEach((v: unknown, i) => items.push({ value: v, line: i, field: '', raw: '' }));
    lines = items.length;
  } else {
    const all = splitLines(text);
    lines = all.length;
    all.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith('//')) return;
      try {
        items.push({ value: JSON.parse(line), line: i + 1, raw });
      } catch {
        warnings.push({ location: `line ${i + 1}`, message: 'not JSON', text: clip(raw) });
      }
    });
  }
  for (const item of items) {
    const r = ReviewedEntrySchema.safeParse(item.value);
    if (!r.success) {
      const issue = r.error.issues[0];
      warnings.push({
        location: locationOf(item),
        message: `invalid reviewed entry: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`,
        text: clip(item.raw),
      });
      continue;
    }
    const e = r.data;
    entries.push({
      text: e.key.trim(),
      line: item.line,
      ...(item.field !== undefined ? { field: item.field } : {}),
      ...(e.category !== undefined ? { category: e.category } : {}),
      ...(e.severity !== undefined ? { severity: e.severity } : {}),
      firstSeen: e.addedAt.slice(0, 10),
      ...(e.action === 'remove' ? { remove: true } : {}),
      ...(INDICATOR_KEY_RE.test(e.key.trim()) ? { verbatim: true } : {}),
    });
  }
  return { warnings, lines };
}

const SS58_RE = /^[1-9A-HJ-NP-Za-km-z]{40,60}$/;
const HEX_ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** polkadot-js/phishing address.json: site → addresses. SS58 (base58) → wallet:dot:, 0x… (EVM) → wallet:eth:. */
function parsePolkadotAddresses(text: string, sink: Sink): Parsed {
  const warnings: ParseWarning[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e: unknown) {
    return { warnings, lines: 0, fatal: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { warnings, lines: 0, fatal: 'expected a JSON object' };
  let lines = 0;
  for (const [site, list] of Object.entries(json as Record<string, unknown>)) {
    if (!Array.isArray(list)) {
      warnings.push({ location: site, message: 'not an array of addresses', text: '' });
      continue;
    }
    list.forEach((a: unknown, i: number) => {
      lines++;
      const addr = typeof a === 'string' ? a.trim() : '';
      const key = SS58_RE.test(addr) ? `wallet:dot:${addr}` : HEX_ADDRESS_RE.test(addr) ? `wallet:eth:${addr.toLowerCase()}` : null;
      if (key === null) warnings.push({ location: `${site}[${i}]`, message: 'not an SS58 or 0x address', text: clip(String(a)) });
      else sink.push({ text: key, line: i, field: site, verbatim: true });
    });
  }
  return { warnings, lines };
}

function parseInto(format: SourceFormat, text: string, sink: Sink, headerLines: number | undefined): Parsed {
  switch (format) {
    case 'domains':
      return parseDomains(text, sink);
    case 'hosts':
      return parseHosts(text, sink);
    case 'adblock':
      return parseAdblock(text, sink);
    case 'urls':
      return parseUrls(text, sink);
    case 'metamask':
      return parseJsonArrays(text, ['blacklist'], sink);
    case 'polkadot':
      return parseJsonArrays(text, ['deny', 'denySub'], sink);
    case 'tw165-tsv':
      return parseTw165(text, headerLines ?? 5, sink);
    case 'reviewed':
      return parseReviewed(text, sink);
    case 'polkadot-address':
      return parsePolkadotAddresses(text, sink);
  }
}

/** Parses a source; with `sink`, entries are handed over one by one instead of collected. */
export function parseSource(
  format: SourceFormat,
  text: string,
  source?: Pick<SourceConfig, 'headerLines'>,
  sink?: Sink,
): ParsedSource {
  const collected: RawEntry[] = [];
  let count = 0;
  const target: Sink = {
    push(e: RawEntry): void {
      count++;
      if (sink) sink.push(e);
      else collected.push(e);
    },
  };
  const p = parseInto(format, text, target, source?.headerLines);
  return { entries: collected, count, warnings: p.warnings, lines: p.lines, ...(p.fatal !== undefined ? { fatal: p.fatal } : {}) };
}
