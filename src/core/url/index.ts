export { canonicalize, canonicalExpression, type CanonicalUrl } from './canonicalize.ts';
export { urlExpressions } from './expressions.ts';
export { registrableDomain } from './registrable-domain.ts';
