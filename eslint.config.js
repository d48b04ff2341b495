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
      'no-restricted-imports': ['error', { patterns: [{ group: ['wxt/*', 'webextension-polyfill', 'node:*', 'dexie'], message: 'src/core is pure.' }] }],
    },
  },
);
