/**
 * The worker's second half: everything a wake's first verdict does not need — the page classifier and its model,
 * list sync, reports, the redirect-rule compiler and the session rules (dnr/apply.ts), the model status. start.ts
 * reaches it only through `later()` (later-loader.ts), never by a static import, so that in Chromium it is a script
 * of its own (`/worker-later.js`, entrypoints/worker-later.ts), imported after the first verdict instead of being
 * loaded, compiled and run before it (issue 18). Firefox's event page and Node bundle it (later-loader.ts).
 *
 * What both halves share is passed in (the database, the list store, the state object): the two scripts have their
 * own copies of the modules they both import, so module state that both halves use must not live in such a module.
 * That is why every session-rule change (dnr/apply.ts caches the overlay it installed) goes through this half, and
 * why the list engine recognises its tables by a registered symbol, not `instanceof` (core/lists/table.ts).
 */
export { classifierReady, classifyPage, classifyText, modelInUse, setStoredModelLoader, useFeedModel } from './classifier';
export { createModelStatusHandler } from './model-status';
export { installBlockRules, saveTableRows, settleRules } from './init';
export { addTabAllowRule, removeTabAllowRules, replaceAllowRule } from './dnr/apply';
export { createReportHandlers } from './reports/handlers';
export { REPORTS_ALARM, createReportQueue, flushReports, reportEndpoint } from './reports/runtime';
export { createSyncHandlers, createSyncRuntime } from './sync/runtime';
export { loadFeedModel } from './sync/model-sync';
