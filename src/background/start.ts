/**
 * Service-worker start. MV3 discipline: every listener is registered synchronously, right here, before any
 * await; async initialisation hides behind one `ready` promise that handlers await. The worker may die at
 * any moment (30 s idle), so all state is reloaded from Dexie at each start.
 */
import { browser } from 'wxt/browser';
import { classifyPage, classifyText } from '../core/classify';
import { isTrustedDomain } from '../core/trusted';
import { describeSender, dispatchMessage } from '../messaging/server';
import { Allowlist } from './allowlist';
import { bumpCounter, openDb } from './db';
import { replaceAllowRule, addTabAllowRule, removeTabAllowRules } from './dnr';
import { createHandlers, type HandlerDeps } from './handlers';
import { ListStore } from './list-store';
import { createNavigationGuard } from './navigation-guard';
import { initialise, type BackgroundState } from './init';

export interface Background {
  readonly ready: Promise<void>;
}

export function start(): Background {
  const db = openDb();
  const lists = new ListStore();
  const allowlist = new Allowlist(db);
  const warningPage = browser.runtime.getURL('/warning.html');
  const state: BackgroundState = { rulesInstalled: false, problems: [] };

  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));

  const deps: HandlerDeps = {
    ready,
    lists,
    allowlist,
    now: () => Date.now(),
    classifyPage,
    classifyText,
    isTrustedDomain,
    onTrustedChanged: (hosts) => replaceAllowRule(hosts),
    onTabAllowed: (tabId, host) => addTabAllowRule(tabId, host),
    closeTab: async (tabId) => {
      await browser.tabs.remove(tabId);
    },
    countEvent: (event) => bumpCounter(db, `event:${event}`),
    onTamper: async (tabId) => {
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#b00020' });
      await browser.action.setBadgeText({ tabId, text: '!' });
    },
  };
  const handlers = createHandlers(deps);
  const guard = createNavigationGuard({ deps, warningPage, rulesInstalled: () => state.rulesInstalled });
  const extensionOrigin = browser.runtime.getURL('/');

  // --- listeners: synchronous, before any await ---
  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    dispatchMessage(message, describeSender(sender, browser.runtime.id, extensionOrigin), handlers),
  );
  browser.webNavigation.onBeforeNavigate.addListener((details) => {
    void guard.onBeforeNavigate(details);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void ready.then(() => Promise.all([allowlist.forgetTab(tabId), removeTabAllowRules(tabId)]));
  });
  browser.runtime.onStartup.addListener(() => {
    void ready.then(() => allowlist.clearTabAllows());
  });

  void initialise({ db, lists, allowlist, warningPage, state }).finally(resolveReady);
  return { ready };
}
