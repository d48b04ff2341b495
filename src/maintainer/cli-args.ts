/** Flag parsing shared by the `npm run lists` commands (cli.ts, cli-keys.ts). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Log } from './report';

export interface Io {
  readonly log: Log;
  readonly error: Log;
}

/** A usage error: main() prints it with the usage text and exits 2. */
export class UsageError extends Error {}

export type Values = ReturnType<typeof parseArgs>['values'];

export function parse(args: string[], options: ParseArgsConfig['options']): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (e: unknown) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function str(v: Values, name: string, required = false): string | undefined {
  const x = v[name];
  if (typeof x === 'string') return x;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}
export function strs(v: Values, name: string): string[] {
  const x = v[name];
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : typeof x === 'string' ? [x] : [];
}
export function int(v: Values, name: string): number | undefined {
  const s = str(v, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
  return n;
}
export function nowOf(v: Values): number {
  const s = str(v, 'now');
  if (s === undefined) return Date.now();
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new UsageError('--now must be an ISO date');
  return t;
}
