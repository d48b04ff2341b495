/**
 * One verdict per tab, shared by everything that tells the user about that tab: the popup (headline, reasons,
 * allow state), reports ("attach warning signs"), the toolbar badge and the interstitial. Written by the
 * navigation check and by every `checkPage` from the tab's top frame; cleared when the tab navigates or closes.
 * A frame checked as a page (one that fills most of the window: a wrapper page showing a scam platform in a
 * full-size frame, content/frame/main.ts) adds its verdict to the tab's until the tab navigates: what the user sees
 * is the frame, so the popup and the badge tell its story too (session 22; before, they showed the wrapper's clean one).
 * Kept in `storage.session` (memory only, survives a worker restart, gone when the browser closes) so a worker that
 * was stopped after 30 s idle still tells the same story when the popup opens.
 *
 * Same URL again (the content script's second check, an SPA re-check): the stronger verdict stays — a later check
 * that ran without the page's features must not wipe what the classifier found. A new URL replaces it.
 */
import { NO_VERDICT, levelRank, type Verdict } from '../core/types';
import { combineVerdicts } from '../core/verdict/combine';

export interface TabVerdict {
  readonly url: string;
  readonly verdict: Verdict;
  /** The page fought the overlay (repeated tampering). */
  readonly tampered: boolean;
  readonly at: number;
}

/** The part of `storage.session` this needs (injected: tests pass a Map-backed fake). */
export interface SessionArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

/** What a previous worker left in the area under `prefix`: [key without the prefix, value] of the entries that pass. */
export async function sessionEntries<T>(area: SessionArea, prefix: string, valid: (v: unknown) => v is T): Promise<[string, T][]> {
  const all = await area.get(null);
  return Object.entries(all).flatMap(([k, v]): [string, T][] => (k.startsWith(prefix) && valid(v) ? [[k.slice(prefix.length), v]] : []));
}

const PREFIX = 'tabVerdict:';
const keyOf = (tabId: number): string => `${PREFIX}${tabId}`;
/** The strongest verdict of the tab's frames checked as pages, with the top document's address it was found under. */
const FRAMES_PREFIX = 'tabFrames:';
const framesKeyOf = (tabId: number): string => `${FRAMES_PREFIX}${tabId}`;

interface FrameVerdict {
  readonly topUrl: string;
  readonly verdict: Verdict;
}

function isFrameVerdict(v: unknown): v is FrameVerdict {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const verdict = o.verdict as Record<string, unknown> | null | undefined;
  return (
    typeof o.topUrl === 'string' &&
    typeof verdict === 'object' &&
    verdict !== null &&
    typeof verdict.level === 'string' &&
    typeof verdict.score === 'number' &&
    Array.isArray(verdict.reasons)
  );
}

function isTabVerdict(v: unknown): v is TabVerdict {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.url === 'string' && typeof o.verdict === 'object' && o.verdict !== null && typeof o.at === 'number';
}

export class TabVerdicts {
  private readonly tabs = new Map<number, TabVerdict>();
  private readonly frames = new Map<number, FrameVerdict>();

  constructor(
    private readonly area: SessionArea,
    private readonly now: () => number,
  ) {}

  /** Reads what a previous worker left (call once at start, before `ready`). */
  async load(): Promise<void> {
    for (const [k, v] of await sessionEntries(this.area, PREFIX, isTabVerdict)) {
      const tabId = Number(k);
      if (k !== '' && Number.isInteger(tabId)) this.tabs.set(tabId, v);
    }
    for (const [k, v] of await sessionEntries(this.area, FRAMES_PREFIX, isFrameVerdict)) {
      const tabId = Number(k);
      if (k !== '' && Number.isInteger(tabId)) this.frames.set(tabId, v);
    }
  }

  /** The tab's verdict (the toolbar badge): its top page's, with its checked frames'. */
  get(tabId: number): TabVerdict | null {
    return this.withFrames(tabId, this.tabs.get(tabId) ?? null, null);
  }

  /**
   * The tab's verdict when it is about this URL (the popup and reports ask about the tab's current URL), with what
   * its frames checked as pages found under that address, whatever its top page's own check said or whether it
   * answered at all.
   */
  forUrl(tabId: number | null, url: string): TabVerdict | null {
    if (tabId === null) return null;
    const t = this.tabs.get(tabId);
    return this.withFrames(tabId, t && t.url === url ? t : null, url);
  }

  private withFrames(tabId: number, top: TabVerdict | null, url: string | null): TabVerdict | null {
    const f = this.frames.get(tabId);
    const at = url ?? top?.url ?? f?.topUrl;
    if (!f || f.topUrl !== at || f.verdict.level === 'none') return top;
    if (!top) return { url: f.topUrl, verdict: f.verdict, tampered: false, at: this.now() };
    return { ...top, verdict: combineVerdicts([top.verdict, f.verdict]) };
  }

  /**
   * A frame checked as a page gave this verdict while the tab's top document was at `topUrl`; the strongest for that
   * address stays. Returns the tab's verdict (`get`).
   */
  async recordFrame(tabId: number, topUrl: string, verdict: Verdict): Promise<TabVerdict | null> {
    const old = this.frames.get(tabId);
    const same = old?.topUrl === topUrl;
    if (verdict.level === 'none' || (same && levelRank(old.verdict.level) >= levelRank(verdict.level))) return this.get(tabId);
    const next: FrameVerdict = { topUrl, verdict };
    this.frames.set(tabId, next);
    await this.area.set({ [framesKeyOf(tabId)]: next });
    return this.get(tabId);
  }

  /** Records a verdict; returns the tab's verdict after the merge rule above. */
  async record(tabId: number, url: string, verdict: Verdict): Promise<TabVerdict> {
    const old = this.tabs.get(tabId);
    if (old && old.url === url && levelRank(old.verdict.level) >= levelRank(verdict.level)) return old;
    const next: TabVerdict = { url, verdict, tampered: old?.url === url ? old.tampered : false, at: this.now() };
    this.tabs.set(tabId, next);
    await this.area.set({ [keyOf(tabId)]: next });
    return next;
  }

  /** The page fought the overlay. With no verdict recorded yet (a race with navigation) the mark stands alone. */
  async markTampered(tabId: number): Promise<void> {
    const old = this.tabs.get(tabId);
    if (old?.tampered) return;
    const next: TabVerdict = old ? { ...old, tampered: true } : { url: '', verdict: NO_VERDICT, tampered: true, at: this.now() };
    this.tabs.set(tabId, next);
    await this.area.set({ [keyOf(tabId)]: next });
  }

  async clear(tabId: number): Promise<boolean> {
    const hadFrames = this.frames.delete(tabId);
    if (hadFrames) await this.area.remove(framesKeyOf(tabId));
    if (!this.tabs.delete(tabId)) return hadFrames;
    await this.area.remove(keyOf(tabId));
    return true;
  }
}
