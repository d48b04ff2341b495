import type { CanonicalUrl } from './canonicalize.ts';

/** ≤ 30 host-suffix × path-prefix expressions, most specific first. */
export function urlExpressions(_url: string | CanonicalUrl): string[] {
  throw new Error('TODO');
}
