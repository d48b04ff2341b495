/**
 * Shared writer for tests/bench/results/latest.json: `{ machine: {...}, metrics: { name: number } }`.
 * Each benchmark merges its own metrics in, so separate bench scripts can run on their own.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'latest.json');

export interface BenchResults {
  machine: Record<string, string | number>;
  metrics: Record<string, number>;
}

export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function recordMetrics(metrics: Record<string, number>): BenchResults {
  let current: BenchResults = { machine: {}, metrics: {} };
  try {
    current = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
  } catch {
    // first run: start empty
  }
  const next: BenchResults = { machine: machineInfo(), metrics: { ...current.metrics, ...metrics } };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, JSON.stringify(next, null, 2) + '\n');
  return next;
}

/** Median and p99 of a sample (sorted copy). */
export function percentiles(samples: readonly number[]): { p50: number; p99: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? NaN };
}
