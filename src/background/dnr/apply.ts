/** Applies compiled rules through browser.declarativeNetRequest (the only module here that touches DNR). */
import { browser } from 'wxt/browser';
import {
  ALLOW_RULE_ID,
  DOMAIN_RULE_BASE,
  compileAllowRule,
  compileTabAllowRule,
  type DnrRule,
} from './rules';
import { OVERLAY_BLOCK_BASE, OVERLAY_RULE_IDS } from './overlay';

type Dnr = typeof browser.declarativeNetRequest;
type UpdateOptions = Parameters<Dnr['updateDynamicRules']>[0];
type AddRules = NonNullable<UpdateOptions['addRules']>;

function toBrowserRules(rules: readonly DnrRule[]): AddRules {
  // DnrRule is a structural subset of the browser's Rule type; the cast narrows literal unions only.
  return rules as unknown as AddRules;
}

/**
 * How many dynamic-rule updates this browser session has made (storage.session, so it survives worker restarts but
 * not the browser). Every dynamic-rule write goes through updateDynamic; tests and the bench read the count to prove
 * that a wake with unchanged lists makes none (Chromium re-indexes the whole dynamic set on each call: seconds with
 * 1M domains installed).
 */
export const DYNAMIC_UPDATES_KEY = 'dnrDynamicUpdates';

async function updateDynamic(options: UpdateOptions): Promise<void> {
  await browser.declarativeNetRequest.updateDynamicRules(options);
  const got = (await browser.storage.session.get(DYNAMIC_UPDATES_KEY)) as Record<string, unknown>;
  const n = got[DYNAMIC_UPDATES_KEY];
  await browser.storage.session.set({ [DYNAMIC_UPDATES_KEY]: (typeof n === 'number' ? n : 0) + 1 });
}

/** storage.session: how many session-rule updates the overlay made, and how many rules they removed + added. */
export const OVERLAY_UPDATES_KEY = 'dnrOverlayUpdates';

/**
 * The overlay's installed session rules (read by id: never the per-tab allows). This worker's last write is kept in
 * memory, so only the first update after a wake asks the browser.
 */
let overlayInstalled: DnrRule[] | null = null;

export async function getOverlayRules(): Promise<DnrRule[]> {
  if (overlayInstalled) return overlayInstalled;
  const dnr = browser.declarativeNetRequest;
  let rules: unknown[];
  try {
    rules = await dnr.getSessionRules({ ruleIds: [...OVERLAY_RULE_IDS] });
  } catch {
    rules = await dnr.getSessionRules(); // an engine without the filter argument
  }
  const ids = new Set(OVERLAY_RULE_IDS);
  return (overlayInstalled = (rules as DnrRule[]).filter((r) => ids.has(r.id)));
}

/** One session-rule update of the overlay (a no-op change makes no call). Returns how many rules it touched. */
export async function updateOverlay(removeRuleIds: readonly number[], addRules: readonly DnrRule[]): Promise<number> {
  if (removeRuleIds.length === 0 && addRules.length === 0) return 0;
  const was = overlayInstalled;
  overlayInstalled = null; // unknown until the update is known to have landed
  await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: [...removeRuleIds], addRules: toBrowserRules(addRules) });
  if (was) {
    const removed = new Set(removeRuleIds);
    overlayInstalled = [...was.filter((r) => !removed.has(r.id)), ...addRules];
  }
  const got = (await browser.storage.session.get(OVERLAY_UPDATES_KEY)) as Record<string, unknown>;
  const prev = (got[OVERLAY_UPDATES_KEY] ?? {}) as { calls?: number; rules?: number };
  await browser.storage.session.set({
    [OVERLAY_UPDATES_KEY]: { calls: (prev.calls ?? 0) + 1, rules: (prev.rules ?? 0) + removeRuleIds.length + addRules.length },
  });
  return removeRuleIds.length + addRules.length;
}

export async function replaceBlockRules(rules: readonly DnrRule[]): Promise<void> {
  const existing = await browser.declarativeNetRequest.getDynamicRules();
  const removeRuleIds = existing.map((r) => r.id).filter((id) => id >= DOMAIN_RULE_BASE);
  await updateDynamic({ removeRuleIds, addRules: toBrowserRules(rules) });
}

/**
 * The permanently trusted sites' allow rule lives in the SESSION rule set, not the dynamic one: any dynamic-rule
 * update makes Chromium re-index the whole dynamic set, which holds every listed domain (3 s for 1M domains on a
 * 2-vCPU VM, measured by `npm run bench -- sw-cold-start`), and this rule is written at every worker start and on
 * every trust / untrust. Session rules end with the browser session, so `initialise` writes it at every start
 * (cheap: the session set holds only this rule and the per-tab allows).
 */
export async function replaceAllowRule(trustedHosts: readonly string[]): Promise<void> {
  const rule = compileAllowRule(trustedHosts);
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [ALLOW_RULE_ID],
    addRules: rule ? toBrowserRules([rule]) : [],
  });
}

export async function addTabAllowRule(tabId: number, host: string): Promise<void> {
  const existing = await browser.declarativeNetRequest.getSessionRules();
  if (existing.some((r) => r.condition.tabIds?.includes(tabId) && r.condition.requestDomains?.[0] === host)) return;
  // Above ALLOW_RULE_ID, which shares the session set (replaceAllowRule removes that id), below the overlay's ids.
  const nextId = existing.reduce((max, r) => (r.id < OVERLAY_BLOCK_BASE ? Math.max(max, r.id) : max), ALLOW_RULE_ID) + 1;
  await browser.declarativeNetRequest.updateSessionRules({
    addRules: toBrowserRules([compileTabAllowRule(nextId, tabId, host)]),
  });
}

export async function removeTabAllowRules(tabId: number): Promise<void> {
  const existing = await browser.declarativeNetRequest.getSessionRules();
  const removeRuleIds = existing.filter((r) => r.condition.tabIds?.includes(tabId)).map((r) => r.id);
  if (removeRuleIds.length) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds });
}
