/**
 * A value built on its first use, then kept: `const fooSchema = lazy(() => z.object({…}))`, used as `fooSchema()`.
 * For zod schemas of modules the service worker loads at every wake (issue 18): building a schema when its module
 * loads was most of zod's share of evaluating worker-app.js, and most schemas are not needed by a wake at all.
 * (src/messaging/protocol.ts's `lazySchemas` does the same for its table of request schemas.) zod schemas use
 * src/core/zod.ts's `lazySchema`, this plus zod/mini's English messages.
 */
export function lazy<T>(make: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = make();
      built = true;
    }
    return value;
  };
}
