/** Flag parsing and table output shared by the `intake` and `triage` commands. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Io {
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

export const consoleIo: Io = {
  log: (l) => console.log(l),
  error: (l) => console.error(l),
};

export class UsageError extends Error {}

export type Values = ReturnType<typeof parseArgs>['values'];

export function parseFlags(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { values: Values; positionals: string[] } {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e: unknown) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function str(v: Values, name: string): string | undefined {
  const x = v[name];
  return typeof x === 'string' ? x : undefined;
}

export function flag(v: Values, name: string): boolean {
  return v[name] === true;
}

export function num(v: Values, name: string, opts: { min: number; max: number; integer?: boolean }): number | undefined {
  const s = str(v, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n < opts.min || n > opts.max || (opts.integer === true && !Number.isInteger(n))) {
    throw new UsageError(`--${name} must be a number in ${opts.min}..${opts.max}`);
  }
  return n;
}

export function oneOf<T extends string>(v: Values, name: string, allowed: readonly T[]): T | undefined {
  const s = str(v, name);
  if (s === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(s)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return s as T;
}

/** Reports hold what users sent: keep the database out of the repository by default. */
export function defaultDbFile(): string {
  return process.env['SCAMSENTINEL_INTAKE_DB'] ?? join(homedir(), '.local', 'share', 'scamsentinel', 'intake.sqlite');
}

/**
 * Characters a terminal acts on or that reorder what is shown: C0 controls except newline, DEL, C1 controls (CSI
 * U+009B starts an escape sequence on many terminals), bidi embeddings/overrides/isolates and marks, and the line /
 * paragraph separators. Reports hold text anyone can send (issue 15, class 10).
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Shows terminal-unsafe characters as `\uXXXX` (inside a JSON string that is the same value, so `--json` output
 * stays valid JSON and still parses to what was stored).
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An Io whose every line goes through terminalSafe. */
export function terminalSafeIo(io: Io): Io {
  return { log: (line) => io.log(terminalSafe(line)), error: (line) => io.error(terminalSafe(line)) };
}

/** Plain text table; cells are single-line (control characters replaced) and clipped to `maxWidth`. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = 60): string[] {
  const clean = (s: string): string => {
    const one = s.replace(/\p{Cc}+/gu, ' ');
    return one.length > maxWidth ? `${one.slice(0, maxWidth - 1)}…` : one;
  };
  const cells = [headers.map(clean), ...rows.map((r) => r.map(clean))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}
