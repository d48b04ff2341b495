/**
 * Shared vocabulary of ScamSentinel: scam taxonomy, severities, verdict levels and the one Verdict type that
 * lists, URL signals and the page classifier all produce. Pure data; used by core, background, UI and CLI.
 */

/** The scam taxonomy used everywhere (verdicts, reports, lists). Order is part of the binary list format. */
export const CATEGORIES = [
  'task-rebate', // 刷单返利 / 抢单 / task jobs
  'investment', // 虚假投资理财 / crypto
  'fake-shop', // 虚假购物
  'fake-service', // 冒充电商物流客服 退款/理赔
  'credit-repair', // 虚假征信
  'phishing', // brand phishing
  'malware',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

/** How sure / how dangerous a list entry is. Order is part of the binary list format. */
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Graded outcome: block (listed / confirmed) → interstitial; warn (strong heuristics) → overlay before payment;
 * caution (weak signals) → badge + popup detail; none.
 */
export const LEVELS = ['none', 'caution', 'warn', 'block'] as const;
export type Level = (typeof LEVELS)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

import type { Signal } from './signals.ts';

/** Where a list match came from, for the evidence card. */
export interface ListEvidence {
  readonly listId: string;
  readonly listVersion: number;
  /** The canonical expression that matched, e.g. `scam.example/` or `sites.google.com/view/x/`. */
  readonly expression: string;
  /** ISO date (YYYY-MM-DD) the entry was first seen, when provenance is known. */
  readonly firstSeen?: string;
  readonly sources?: readonly string[];
}

export interface Verdict {
  readonly level: Level;
  /** Present whenever level !== 'none'. */
  readonly category?: Category;
  /** 0..1 heuristic score; 1 for list matches. */
  readonly score: number;
  /** Why: typed signals with structured evidence (./signals.ts), strongest first. */
  readonly reasons: readonly Signal[];
  /** Set when a list entry matched. */
  readonly list?: ListEvidence;
  /** For lookalikes: the real site the user probably wanted, e.g. `taobao.com`. */
  readonly didYouMean?: string;
}

export const NO_VERDICT: Verdict = { level: 'none', score: 0, reasons: [] };

/** Typed results instead of exceptions crossing layers. */
export type Result<T, E extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: E; readonly message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E extends string>(reason: E, message: string): { ok: false; reason: E; message: string } {
  return { ok: false, reason, message };
}
