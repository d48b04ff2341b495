/**
 * check-url — what would ScamSentinel say about these URLs, from the URL alone?
 *
 *   npm run --silent check-url -- [--stdin] [--list <file.sslist>] [--no-list] [URL...]
 *
 * Prints one JSON line per URL: {"url","level","category","reasons":[...]} (+ "didYouMean", "list" when set).
 * Combines the bundled list snapshot (public/lists/bundled.sslist; a match is level "block") with the URL-risk
 * signals of src/core/lookalike (warn / caution). The verdict comes from src/core/verdict (judgeUrl), as in the extension.
 * Exit code: 0 when every URL was checked, 2 on bad usage or an unreadable list.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assessUrl } from '../core/lookalike/index.ts';
import { decodeSnapshot, lookup, provenanceOf, type ListTable } from '../core/lists/index.ts';
import { judgeUrl, type ListHit } from '../core/verdict/index.ts';
import type { Verdict } from '../core/types.ts';
import { describeSignal } from '../core/signals.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_LIST = join(ROOT, 'public', 'lists', 'bundled.sslist');

interface Args {
  readonly stdin: boolean;
  readonly listPath: string | null;
  readonly urls: string[];
}

function parseArgs(argv: readonly string[]): Args | string {
  let stdin = false;
  let listPath: string | null = DEFAULT_LIST;
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--stdin') stdin = true;
    else if (a === '--no-list') listPath = null;
    else if (a === '--list') {
      const next = argv[++i];
      if (next === undefined) return '--list needs a file';
      listPath = resolve(next);
    } else if (a === '-h' || a === '--help') return 'help';
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else urls.push(a);
  }
  if (!stdin && urls.length === 0) return 'give URLs or --stdin';
  return { stdin, listPath, urls };
}

/** The one place the list is consulted: the entry covering this URL, with its provenance. */
export function listHit(table: ListTable | null, url: string): ListHit | null {
  if (table === null) return null;
  const m = lookup(table, url);
  if (m === null) return null;
  const prov = provenanceOf(table, m.expression);
  return {
    listId: table.listId,
    listVersion: table.version,
    expression: m.expression,
    category: m.category,
    severity: m.severity,
    ...(prov?.firstSeen !== undefined ? { firstSeen: prov.firstSeen } : {}),
    ...(prov !== null && prov.sources.length > 0 ? { sources: prov.sources } : {}),
  };
}

/** The same judgement the extension makes for a URL (src/core/verdict), with this snapshot as the only list. */
export function verdictFor(table: ListTable | null, url: string): Verdict {
  return judgeUrl({ lookup: (u) => listHit(table, u), assessUrl }, url);
}

export function formatLine(url: string, v: Verdict): string {
  return JSON.stringify({
    url,
    level: v.level,
    category: v.category ?? null,
    reasons: v.reasons.map((r) => ({ ...r, evidence: describeSignal(r) })),
    ...(v.didYouMean !== undefined ? { didYouMean: v.didYouMean } : {}),
    ...(v.list !== undefined ? { list: v.list } : {}),
  });
}

async function loadList(path: string | null): Promise<ListTable | null | string> {
  if (path === null) return null;
  if (!existsSync(path)) {
    if (path === DEFAULT_LIST) {
      process.stderr.write(`check-url: no bundled list at ${path}; URL signals only\n`);
      return null;
    }
    return `list file not found: ${path}`;
  }
  const decoded = await decodeSnapshot(new Uint8Array(readFileSync(path)));
  if (!decoded.ok) return `cannot open ${path}: ${decoded.reason} ${decoded.message}`;
  return decoded.value;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    const usage = 'usage: npm run --silent check-url -- [--stdin] [--list file.sslist | --no-list] [URL...]';
    process.stderr.write(args === 'help' ? `${usage}\n` : `check-url: ${args}\n${usage}\n`);
    return args === 'help' ? 0 : 2;
  }
  const table = await loadList(args.listPath);
  if (typeof table === 'string') {
    process.stderr.write(`check-url: ${table}\n`);
    return 2;
  }
  const out = (url: string): void => {
    process.stdout.write(formatLine(url, verdictFor(table, url)) + '\n');
  };
  for (const u of args.urls) out(u);
  if (args.stdin) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) {
      const u = line.trim();
      if (u !== '' && !u.startsWith('#')) out(u);
    }
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`check-url: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
