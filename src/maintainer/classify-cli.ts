/**
 * Page / text classifier from the command line, through the same code path as the extension
 * (browser-like parse: templates reduced to visible text, parse5 tree → linkedom document → src/dom
 * extractFeatures → src/core/classify). A fragment gets the verdict of the same content inside a full page.
 *
 *   npm run --silent classify -- [--url URL] [--text] [--debug] FILE...
 *
 * Prints one JSON line per file: {"file","level","category","score","reasons":[{signal,…its fields,weight,evidence}]}
 * (the typed signal of src/core/signals.ts plus `evidence`, its plain English line).
 *  --url URL  the page's address (phishing needs the host). Default: the file's <meta name="x-url"> if any
 *             (the fixture convention), else none.
 *  --text     classify each file as plain text (ad / post copy) instead of HTML. FILE "-" reads stdin.
 *  --debug    add per-type scores, action strength, awareness and the strongest feature contributions.
 * Exit code: 0, or 2 on usage errors / unreadable files (the line then carries "error").
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { analyze, getDefaultModel, textFeatures, MAX_CLASSIFY_TEXT_CHARS } from '../core/classify/index.ts';
import { classifyHtml } from './classify-file.ts';
import { decodeHtml } from './html/index.ts';
import { describeSignal } from '../core/signals.ts';

interface Args {
  url?: string;
  text: boolean;
  debug: boolean;
  files: string[];
}

function parseArgs(argv: readonly string[]): Args | string {
  const a: Args = { text: false, debug: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i] ?? '';
    if (v === '--text') a.text = true;
    else if (v === '--debug') a.debug = true;
    else if (v === '--url') {
      const u = argv[++i];
      if (!u) return '--url needs a value';
      a.url = u;
    } else if (v.startsWith('--url=')) a.url = v.slice(6);
    else if (v === '--help' || v === '-h') return 'help';
    else if (v.startsWith('--')) return `unknown option ${v}`;
    else a.files.push(v);
  }
  if (a.files.length === 0) return 'no FILE given';
  return a;
}

function read(file: string, text: boolean): string {
  const bytes = readFileSync(file === '-' ? 0 : file);
  return text ? bytes.toString('utf8') : decodeHtml(bytes);
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    const usage = 'usage: npm run --silent classify -- [--url URL] [--text] [--debug] FILE...';
    if (args === 'help') {
      console.log(usage);
      return 0;
    }
    console.error(`${args}\n${usage}`);
    return 2;
  }
  let status = 0;
  for (const file of args.files) {
    let content: string;
    try {
      content = read(file, args.text);
    } catch (e: unknown) {
      console.log(JSON.stringify({ file, error: e instanceof Error ? e.message : String(e) }));
      status = 2;
      continue;
    }
    const d = args.text
      ? analyze(textFeatures(content.slice(0, MAX_CLASSIFY_TEXT_CHARS)), getDefaultModel(), 'text')
      : classifyHtml(content, args.url, file === '-' ? '' : extname(file).slice(1));
    const v = d.verdict;
    const line: Record<string, unknown> = { file, level: v.level, category: v.category ?? null, score: v.score, reasons: v.reasons.map((r) => ({ ...r, evidence: describeSignal(r) })) };
    if (args.debug)
      Object.assign(line, { scores: d.scores, action: d.action, awareness: d.awareness, model: d.modelVersion, contributions: d.contributions.slice(0, 15).map((c) => `${c.feature} ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(3)}`) });
    console.log(JSON.stringify(line));
  }
  return status;
}

process.exitCode = main();
