/**
 * zod for code the extension bundles (issue 18): its schemas are written with `zod/mini` (`import * as z from
 * 'zod/mini'`: functions and `.check(…)` instead of methods), which a bundler can shake down to the parts the schemas
 * use. Classic `zod` cannot be shaken (every schema carries every method, JSON Schema output, …): moving the worker's
 * schemas to zod/mini took worker-app.js from 492 KB to 437 KB (tests/unit/background/no-schemas-at-load.test.ts
 * fails if the worker's modules load classic zod). Maintainer-only code (src/maintainer) may keep classic zod: it
 * can parse with these schemas and compose them (a classic `z.array(deltaRefSchema())` works).
 *
 * zod/mini has no default locale (every issue would read "Invalid input"), so English is set here, once, by the
 * first schema built — as classic zod does on its first schema, and only when no locale was set. Not at module
 * load: the content script loads modules with schemas (src/messaging/protocol.ts) but builds none, and carries no
 * locale either.
 */
import { config } from 'zod/mini';
import { globalConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import { lazy } from './lazy.ts';

/** zod's English messages, unless a locale is set already (as classic zod's first schema does). */
export function useEnglishMessages(): void {
  if (!globalConfig.localeError) config(en());
}

/** `lazy` for a zod schema: built on first use (src/core/lazy.ts), with English messages set before it. */
export function lazySchema<T>(make: () => T): () => T {
  return lazy(() => {
    useEnglishMessages();
    return make();
  });
}
