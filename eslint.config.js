// ESLint flat config: typescript-eslint on all code; browser globals banned from src/core (pure, Node-benchmarked);
// HTML-parsing sinks banned everywhere (page text must never become markup).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const htmlSinks = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML parses HTML: build DOM nodes or use Preact.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML parses HTML: build DOM nodes or use Preact.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML parses HTML.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML parses HTML.' },
  { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'document.write parses HTML.' },
];

const browserOnly = [
  'window', 'document', 'navigator', 'location', 'history', 'chrome', 'browser', 'localStorage', 'sessionStorage',
  'indexedDB', 'XMLHttpRequest', 'fetch', 'self', 'globalThis',
].map((name) => ({ name, message: 'src/core is pure: take this as a parameter instead.' }));

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'demo-output/**', 'tests/bench/results/**', 'tests/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.webextensions, defineBackground: 'readonly', defineContentScript: 'readonly' } },
    rules: {
      'no-restricted-syntax': ['error', ...htmlSinks],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...browserOnly],
      'no-restricted-imports': ['error', { patterns: [
        { group: ['wxt/*', 'webextension-polyfill', 'node:*', 'dexie'], message: 'src/core is pure.' },
        layer('src/core imports only src/core', ['background', 'ui', 'content', 'dom', 'messaging', 'maintainer', 'entrypoints', 'scripts']),
      ] }],
    },
  },
  ...layers({
    'src/dom/**/*.ts': ['src/dom reads a Document it is given: it imports only core', ['background', 'ui', 'content', 'messaging', 'maintainer', 'entrypoints', 'scripts']],
    'src/messaging/**/*.ts': ['src/messaging is the protocol: it imports only core', ['background', 'ui', 'content', 'dom', 'maintainer', 'entrypoints', 'scripts']],
    'src/ui/**/*.{ts,tsx}': ['src/ui never imports the worker, the content script or the CLIs', ['background', 'content', 'maintainer', 'entrypoints']],
    'src/content/**/*.ts': ['src/content never imports the worker or the CLIs', ['background', 'maintainer', 'entrypoints', 'scripts']],
    'src/background/**/*.ts': ['src/background never imports pages, the content script or the CLIs', ['ui', 'content', 'maintainer', 'entrypoints', 'scripts']],
    'src/maintainer/**/*.ts': ['src/maintainer never imports the extension', ['background', 'ui', 'content', 'entrypoints']],
  }),
  // src/content/ui/ is the content script's own on-demand bundle, so "ui" is told apart by depth: the extension pages'
  // src/ui is one level further up. Only ui/i18n, ui/signal-text and ui/list-name (shared words) may be imported.
  ...contentUi({
    'src/content/*.ts': '../ui',
    'src/content/*/**/*.ts': '../../ui',
  }),
  {
    files: ['src/content/page/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      layer('src/content never imports the worker or the CLIs', ['background', 'maintainer', 'entrypoints', 'scripts']),
      { group: ['../ui/**', '../../ui/**', '!../../ui/i18n', '!../../ui/signal-text'], message: 'the always-on page bundle (src/content/page) never imports the on-demand ui bundle or extension pages: go through ../ui-api' },
    ] }] },
  },
);

/** Per depth: src/content files may import only the shared words of the extension pages' src/ui. */
function contentUi(table) {
  return Object.entries(table).map(([glob, up]) => ({
    files: [glob],
    ignores: ['src/content/page/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      layer('src/content never imports the worker or the CLIs', ['background', 'maintainer', 'entrypoints', 'scripts']),
      { group: [`${up}/**`, `!${up}/i18n`, `!${up}/signal-text`, `!${up}/list-name`], message: 'src/content never imports extension pages (ui/i18n, ui/signal-text and ui/list-name are shared words)' },
    ] }] },
  }));
}

/** An import pattern for any relative path into one of our top-level folders (src/<dir> or <dir> at the root). */
function layer(message, dirs, allow = []) {
  // gitignore semantics: a re-included path (`!**/ui/i18n`) must not sit under an excluded directory pattern.
  const bare = (d) => (allow.some((a) => a.includes(`/${d}/`)) ? [] : [`**/${d}`]);
  return { group: [...dirs.flatMap((d) => [...bare(d), `**/${d}/**`]), ...allow.map((a) => `!${a}`)], message };
}

/** One no-restricted-imports block per folder: the layers of DESIGN.md, enforced (tests/unit/lint proves it fails). */
function layers(table) {
  return Object.entries(table).map(([glob, [message, dirs, allow]]) => ({
    files: [glob],
    rules: { 'no-restricted-imports': ['error', { patterns: [layer(message, dirs, allow)] }] },
  }));
}
