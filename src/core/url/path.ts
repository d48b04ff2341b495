/** Path canonicalization (Safe Browsing): resolve `/./` and `/../`, collapse `//`, keep a trailing slash. */

const NEEDS_WORK = /\/\/|\/\.\.?(?:\/|$)/;

/** `path` is unescaped bytes starting with `/` (or empty). Returns a path starting with `/`. */
export function canonicalizePath(path: string): string {
  if (path.length === 0) return '/';
  const rooted = path.charCodeAt(0) === 47 ? path : '/' + path;
  if (!NEEDS_WORK.test(rooted)) return rooted;
  const segments = rooted.split('/');
  const lastSegment = segments[segments.length - 1];
  const trailingSlash = lastSegment === '' || lastSegment === '.' || lastSegment === '..';
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg === '..') out.pop();
    else if (seg !== '' && seg !== '.') out.push(seg);
  }
  if (out.length === 0) return '/';
  return '/' + out.join('/') + (trailingSlash ? '/' : '');
}
