export { canonicalize, canonicalExpression, canonicalUrlString, type CanonicalUrl } from './canonicalize.ts';
export { urlExpressions, hostSuffixStarts, pathPrefixEnds, MAX_HOSTS, MAX_PATHS } from './expressions.ts';
export { registrableDomain } from './registrable-domain.ts';
