/**
 * Site memory in the worker (the rule: src/core/verdict/site-memory.ts): a page the model put at warn marks its
 * site; later pages of that site that read lower get the carried warn. Kept in `storage.session` (memory only,
 * survives a worker restart, gone when the browser closes) next to the tab verdicts, one key per site, expired
 * after SITE_MEMORY_TTL_MS. Only the worker writes it: a page cannot clear or forge its site's memo.
 */
import { carriedVerdict, isSiteMemo, memoApplies, memoFor, siteOf, type SiteMemo } from '../core/verdict/site-memory';
import type { Verdict } from '../core/types';
import { sessionEntries, type SessionArea } from './tab-verdicts';

const PREFIX = 'siteVerdict:';
/** At most this many sites are remembered (oldest dropped first): a bound on what a session can accumulate. */
const MAX_SITES = 200;

export class SiteVerdicts {
  private readonly sites = new Map<string, SiteMemo>();

  constructor(
    private readonly area: SessionArea,
    private readonly now: () => number,
  ) {}

  /** Reads what a previous worker left (call once at start, before `ready`). */
  async load(): Promise<void> {
    for (const [site, memo] of await sessionEntries(this.area, PREFIX, isSiteMemo)) if (site === memo.site) this.sites.set(site, memo);
  }

  /** Remembers a page verdict that `rememberable` accepted (the stronger score stays when the site has one). */
  async remember(url: string, host: string, page: Verdict): Promise<void> {
    const memo = memoFor(url, host, page, this.now());
    if (!memo) return;
    const old = this.sites.get(memo.site);
    if (memoApplies(old, memo.at) && old.score > memo.score) return;
    this.sites.delete(memo.site);
    this.sites.set(memo.site, memo);
    const writes: Promise<void>[] = [this.area.set({ [PREFIX + memo.site]: memo })];
    while (this.sites.size > MAX_SITES) {
      const oldest = this.sites.keys().next().value as string;
      this.sites.delete(oldest);
      writes.push(this.area.remove(PREFIX + oldest));
    }
    await Promise.all(writes);
  }

  /** The verdict an earlier warn page of this host's site passes on, or null. */
  carried(host: string): Verdict | null {
    if (this.sites.size === 0) return null; // the usual case: no registrable-domain lookup per page check
    const memo = this.sites.get(siteOf(host));
    if (!memoApplies(memo, this.now())) return null;
    return carriedVerdict(memo);
  }

  /** Forgets a site (the user said it is safe). */
  async forget(host: string): Promise<void> {
    const site = siteOf(host);
    if (this.sites.delete(site)) await this.area.remove(PREFIX + site);
  }
}
