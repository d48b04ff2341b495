/**
 * The user's allowlist: permanent trust ("always trust this site", removable in options) and per-tab allows
 * ("continue anyway", gone when the tab closes or the browser restarts). Both are persisted in Dexie so a killed
 * service worker forgets nothing; an in-memory mirror answers the hot path synchronously.
 *
 * A trusted host also covers its subdomains (the same semantics as declarativeNetRequest `requestDomains`).
 */
import type { ScamSentinelDb, TabAllowRow, TrustedSiteRow } from './db';

export function hostCovers(trustedHost: string, host: string): boolean {
  return host === trustedHost || host.endsWith('.' + trustedHost);
}

export class Allowlist {
  private trusted = new Map<string, number>();
  private tabAllows = new Map<number, Set<string>>();

  constructor(private readonly db: ScamSentinelDb) {}

  async load(): Promise<void> {
    const [trusted, tabs] = await Promise.all([this.db.trustedSites.toArray(), this.db.tabAllows.toArray()]);
    this.loadRows(trusted, tabs);
  }

  /** The same from rows already read (a worker wake reads them without Dexie: wake-read.ts). */
  loadRows(trusted: readonly TrustedSiteRow[], tabs: readonly TabAllowRow[]): void {
    this.trusted = new Map(trusted.map((t) => [t.host, t.addedAt]));
    this.tabAllows = new Map();
    for (const row of tabs) this.remember(row.tabId, row.host);
  }

  trustedSites(): { host: string; addedAt: number }[] {
    return [...this.trusted].map(([host, addedAt]) => ({ host, addedAt })).sort((a, b) => a.host.localeCompare(b.host));
  }

  isTrusted(host: string): boolean {
    for (const h of this.trusted.keys()) if (hostCovers(h, host)) return true;
    return false;
  }

  isAllowedInTab(tabId: number | null, host: string): boolean {
    if (tabId === null) return false;
    const hosts = this.tabAllows.get(tabId);
    if (!hosts) return false;
    for (const h of hosts) if (hostCovers(h, host)) return true;
    return false;
  }

  allowedState(tabId: number | null, host: string): 'always' | 'tab' | null {
    if (this.isTrusted(host)) return 'always';
    return this.isAllowedInTab(tabId, host) ? 'tab' : null;
  }

  async trust(host: string, now: number): Promise<void> {
    await this.db.trustedSites.put({ host, addedAt: now });
    this.trusted.set(host, now);
  }

  async untrust(host: string): Promise<boolean> {
    const had = this.trusted.delete(host);
    await this.db.trustedSites.delete(host);
    return had;
  }

  async allowInTab(tabId: number, host: string, now: number): Promise<void> {
    await this.db.tabAllows.put({ tabId, host, addedAt: now });
    this.remember(tabId, host);
  }

  async forgetTab(tabId: number): Promise<void> {
    this.tabAllows.delete(tabId);
    await this.db.tabAllows.where('tabId').equals(tabId).delete();
  }

  /** Tab ids do not survive a browser restart: drop every per-tab allow at browser startup. */
  async clearTabAllows(): Promise<void> {
    this.tabAllows.clear();
    await this.db.tabAllows.clear();
  }

  private remember(tabId: number, host: string): void {
    let set = this.tabAllows.get(tabId);
    if (!set) this.tabAllows.set(tabId, (set = new Set()));
    set.add(host);
  }
}
