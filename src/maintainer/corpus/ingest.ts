/**
 * Staging manifests (raw scam / legit files gathered by hand, never committed) → corpus/ extracts in git.
 *
 *   npm run corpus -- ingest [--from DIR]        DIR holds scam/manifest.jsonl, legit/manifest.jsonl, texts/*.jsonl
 *   npm run corpus -- add-texts --from DIR [--replace]   DIR/texts/*.jsonl merged into the texts in git (addTexts)
 *
 * Every file goes through the browser-like parser (src/maintainer/html: templates → visible literal text,
 * parse5 → linkedom) and our own extractor (src/dom/extract.ts). Stored per item: provenance, label, language,
 * group, and the extracted features — never raw HTML or scripts. Language tables of a repository resolve the
 * `lang('key')` / `$t('key')` calls of that repository's templates and are items of their own.
 * Dropped and counted: unreadable files, sha256 mismatches, too little visible text, near-duplicates.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SCORED_CATEGORIES, type ScoredCategory } from '../../core/classify/model.ts';
import { extractFeatures } from '../../dom/extract.ts';
import { writeFileAtomic } from '../fs-util.ts';
import { decodeHtml, documentFromSource, langTableText, parseDocument, parseLangTable } from '../html/index.ts';
import { compactOf, Groups, hamming, simhash, type SimHash } from './near-dup.ts';
import { readJsonlGz, TextItemSchema, type Label, type PageItem, type StoredFeatures, type TextItem } from './schema.ts';

/** Visible text (title + body text) below this many characters: item dropped (nothing to learn from). */
export const MIN_VISIBLE_CHARS = 20;
/** Stored visible text per page (the learned model scores the same prefix: MAX_MODEL_TEXT_CHARS). */
export const STORED_TEXT_CHARS = 8_000;
/** SimHash distance (of 64 bits) at or below which two items are the same page (dropped). */
const DUP_BITS = 3;
/** …and at or below which their source groups are joined for splitting (forks, copies). */
const LINK_BITS = 8;

interface ManifestRow {
  id: string;
  file: string;
  sha256?: string;
  kind?: string;
  label: string;
  lang?: string;
  repo?: string;
  path?: string;
  commit?: string;
  licence?: string;
  url?: string;
  note?: string;
}

interface TextRow {
  id: string;
  text: string;
  label: string;
  lang?: string;
  dataset: string;
  licence?: string;
  sha256_source?: string;
}

export interface IngestStats {
  read: Record<string, number>;
  dropped: Record<string, number>;
  pages: Record<string, number>;
  pageKinds: Record<string, number>;
  pageGroups: number;
  pageSplitGroups: number;
  texts: Record<string, number>;
  textGroups: number;
}

export function bump(r: Record<string, number>, k: string, n = 1): void {
  r[k] = (r[k] ?? 0) + n;
}

/** stats.json's page counts (per label, per kind, groups, split groups) recounted from the pages as written. */
export function recountPages(stats: IngestStats, pages: readonly PageItem[]): void {
  stats.pages = {};
  stats.pageKinds = {};
  for (const p of pages) {
    bump(stats.pages, p.label);
    bump(stats.pageKinds, p.kind);
  }
  stats.pageGroups = new Set(pages.map((p) => p.group)).size;
  stats.pageSplitGroups = new Set(pages.map((p) => p.splitGroup)).size;
}

function sha256(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Scam label from the taxonomy; legit:<kind> → legit; anything else → null (skipped). */
export function mapLabel(raw: string): { label: Label; detail: string } | null {
  const l = raw.trim().toLowerCase();
  if (l.startsWith('legit') || l === 'ham' || l === 'normal' || l === 'benign') return { label: 'legit', detail: raw };
  if ((SCORED_CATEGORIES as readonly string[]).includes(l)) return { label: l as ScoredCategory, detail: l };
  const aliases: Record<string, ScoredCategory> = {
    spam: 'other', smishing: 'phishing', scam: 'other', fraud: 'other', 'fake-job': 'task-rebate', 'task': 'task-rebate',
    'fake-investment': 'investment', crypto: 'investment', 'customer-service': 'fake-service', refund: 'fake-service',
    credit: 'credit-repair', loan: 'credit-repair', shop: 'fake-shop',
  };
  const a = aliases[l];
  return a ? { label: a, detail: l } : null;
}

function store(f: ReturnType<typeof extractFeatures>): StoredFeatures {
  const cap = (xs: readonly string[], n: number, len = 120): string[] => xs.slice(0, n).map((x) => x.slice(0, len));
  return {
    lang: f.lang.slice(0, 20),
    title: f.title.slice(0, 300),
    text: f.text.slice(0, STORED_TEXT_CHARS),
    headings: cap(f.headings, 30),
    buttons: cap([...new Set(f.buttons.map((b) => b.trim()).filter(Boolean))], 60, 60),
    fields: f.fields.slice(0, 40).map((x) => ({ kind: x.kind, evidence: x.evidence.slice(0, 120) })),
    links: { count: f.links.count, hosts: cap(f.links.hosts, 30, 80), contactLinks: cap(f.links.contactLinks, 10) },
    images: { count: f.images.count, qrCount: f.images.qrCount, qrNearPay: cap(f.images.qrNearPay, 4) },
    countdownElements: f.countdownElements,
    truncated: f.truncated,
  };
}

function extract(doc: Document, url: string | undefined): StoredFeatures {
  return store(extractFeatures(doc, url ? { url, totalBudgetMs: 20_000 } : { totalBudgetMs: 20_000 }));
}

function textOnly(text: string, lang: string): StoredFeatures {
  return {
    lang, title: '', text: text.slice(0, STORED_TEXT_CHARS), headings: [], buttons: [], fields: [],
    links: { count: 0, hosts: [], contactLinks: [] }, images: { count: 0, qrCount: 0, qrNearPay: [] }, countdownElements: 0, truncated: false,
  };
}

export interface Candidate {
  item: PageItem;
  hash: SimHash;
  compact: string;
}

/** Reads one staging side (scam or legit). */
export function readSide(dir: string, stats: IngestStats, out: Candidate[]): void {
  const rows = readJsonl<ManifestRow>(join(dir, 'manifest.jsonl'));
  // language tables first: they resolve the templates of their repository
  const tables = new Map<string, Map<string, string>>();
  const tableRows = rows.filter((r) => r.kind === 'lang-table').sort((a, b) => a.id.localeCompare(b.id));
  const preferZh = (r: ManifestRow): number => ((r.lang ?? '').startsWith('zh') ? 0 : (r.lang ?? '').startsWith('en') ? 1 : 2);
  for (const r of [...tableRows].sort((a, b) => preferZh(b) - preferZh(a))) {
    const bytes = safeRead(join(dir, r.file));
    if (!bytes) continue;
    const table = parseLangTable(decodeHtml(bytes));
    // per repository, and per top-level folder (one repository often holds several variants of a platform)
    for (const key of [r.repo ?? '', `${r.repo ?? ''}|${topFolder(r.path)}`]) {
      const map = tables.get(key) ?? new Map<string, string>();
      for (const [k, v] of table) map.set(k, v); // zh tables are applied last: they win
      tables.set(key, map);
    }
  }
  const tableFor = (r: ManifestRow): Map<string, string> =>
    new Map([...(tables.get(r.repo ?? '') ?? []), ...(tables.get(`${r.repo ?? ''}|${topFolder(r.path)}`) ?? [])]);
  for (const r of [...rows].sort((a, b) => a.id.localeCompare(b.id))) {
    bump(stats.read, `${r.kind ?? 'page'}`);
    const mapped = mapLabel(r.label);
    if (!mapped) {
      bump(stats.dropped, `unknown label ${r.label}`);
      continue;
    }
    const bytes = safeRead(join(dir, r.file));
    if (!bytes) {
      bump(stats.dropped, 'unreadable file');
      continue;
    }
    const digest = sha256(bytes);
    if (r.sha256 && r.sha256 !== digest) {
      bump(stats.dropped, 'sha256 mismatch');
      continue;
    }
    const source = decodeHtml(bytes);
    let features: StoredFeatures;
    const kind = r.kind === 'lang-table' ? 'lang-table' : r.kind === 'template' ? 'template' : 'page';
    try {
      if (kind === 'lang-table') features = textOnly(langTableText(parseLangTable(source)), r.lang ?? '');
      else {
        const ext = extname(r.path ?? r.file).slice(1).toLowerCase();
        const doc = documentFromSource(source, { ext, lang: tableFor(r), ...(kind === 'template' ? { template: true } : {}) });
        features = extract(doc, mapped.label === 'legit' ? r.url : undefined);
      }
    } catch (e: unknown) {
      bump(stats.dropped, `parse error`);
      console.error(`  parse error ${r.id}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const visible = `${features.title} ${features.text}`.replace(/\s+/g, ' ').trim();
    if (visible.length < MIN_VISIBLE_CHARS) {
      bump(stats.dropped, `visible text < ${MIN_VISIBLE_CHARS} chars`);
      continue;
    }
    const group = r.repo ?? 'unknown';
    const item: PageItem = {
      id: r.id,
      kind,
      label: mapped.label,
      detail: mapped.detail,
      lang: r.lang ?? features.lang,
      group,
      splitGroup: group,
      source: { repo: group, path: r.path ?? r.file, commit: r.commit ?? '' },
      licence: r.licence ?? 'unknown',
      sha256: digest,
      ...(r.url && mapped.label === 'legit' ? { url: r.url } : {}),
      features,
    };
    const compact = compactOf(`${features.title}\n${features.text}`);
    out.push({ item, hash: simhash(compact), compact });
  }
}

function topFolder(path: string | undefined): string {
  const parts = (path ?? '').split('/');
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

function safeRead(file: string): Uint8Array | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** The synthetic fixture pages (tests/fixtures/pages): their own group, training and regression only. */
function readFixtures(root: string, out: Candidate[], stats: IngestStats): void {
  for (const side of ['scam', 'legit']) {
    const dir = join(root, 'tests', 'fixtures', 'pages', side);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.html')).sort()) {
      const html = readFileSync(join(dir, f), 'utf8');
      bump(stats.read, 'fixture');
      const doc = parseDocument(html);
      const meta = (name: string): string => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
      const mapped = mapLabel(meta('x-label'));
      if (!mapped) continue;
      const url = meta('x-url') || undefined;
      const features = extract(doc, url);
      const item: PageItem = {
        id: `fixture:${side}/${f}`, kind: 'fixture', label: mapped.label, detail: meta('x-kind') || mapped.detail, lang: features.lang,
        group: 'fixtures', splitGroup: 'fixtures', source: { repo: 'scamsentinel/fixtures', path: `tests/fixtures/pages/${side}/${f}`, commit: '' },
        licence: 'MIT', sha256: sha256(html), ...(url ? { url } : {}), features,
      };
      out.push({ item, hash: simhash(compactOf(`${features.title}\n${features.text}`)), compact: '' });
    }
  }
}

/** Drop near-duplicates (keep the first by id), link the source groups of near-copies for splitting. */
export function dedupe<T extends { id: string; group: string; splitGroup: string }>(
  cands: { item: T; hash: SimHash; compact: string }[],
  stats: IngestStats,
  what: string,
  /** Group pairs already known to be one split group (add-pages: the corpus's stored split groups). */
  links: Iterable<readonly [string, string]> = [],
): T[] {
  cands.sort((a, b) => a.item.id.localeCompare(b.item.id));
  const groups = new Groups();
  for (const [a, b] of links) groups.union(a, b);
  const kept: { item: T; hash: SimHash; compact: string }[] = [];
  const exact = new Map<string, number>();
  for (const c of cands) {
    if (c.compact && exact.has(c.compact)) {
      bump(stats.dropped, `${what}: duplicate`);
      const k = kept[exact.get(c.compact) ?? 0];
      if (k && k.item.group !== 'fixtures' && c.item.group !== 'fixtures') groups.union(k.item.group, c.item.group);
      continue;
    }
    let dup = false;
    if (c.compact.length >= 200 || !c.compact) {
      for (const k of kept) {
        const d = hamming(k.hash, c.hash);
        if (d <= LINK_BITS && k.item.group !== 'fixtures' && c.item.group !== 'fixtures') groups.union(k.item.group, c.item.group);
        if (d <= DUP_BITS && (k.item.group === c.item.group || (k.item.group !== 'fixtures' && c.item.group !== 'fixtures'))) {
          dup = true;
          break;
        }
      }
    }
    if (dup) {
      bump(stats.dropped, `${what}: near-duplicate`);
      continue;
    }
    if (c.compact) exact.set(c.compact, kept.length);
    kept.push(c);
  }
  return kept.map((k) => ({ ...k.item, splitGroup: groups.find(k.item.group) }));
}

function readTexts(dir: string, stats: IngestStats): { item: TextItem; hash: SimHash; compact: string }[] {
  const out: { item: TextItem; hash: SimHash; compact: string }[] = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n] ?? '';
      if (!line.trim()) continue;
      bump(stats.read, 'text');
      let r: TextRow;
      try {
        r = JSON.parse(line) as TextRow;
      } catch {
        bump(stats.dropped, 'text: unparsable line');
        console.error(`  ${f}:${n + 1}: not JSON`);
        continue;
      }
      if (!r || typeof r !== 'object' || !r.dataset || r.id === undefined || r.id === null || String(r.id) === '') {
        bump(stats.dropped, 'text: no dataset or id');
        console.error(`  ${f}:${n + 1}: no dataset or id`);
        continue;
      }
      const mapped = mapLabel(String(r.label));
      if (!mapped) {
        bump(stats.dropped, `text: unknown label ${r.label}`);
        continue;
      }
      const text = String(r.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 2_000);
      if (text.length < 6) {
        bump(stats.dropped, 'text: too short');
        continue;
      }
      const compact = compactOf(text);
      out.push({
        item: {
          id: `${r.dataset}:${r.id}`, label: mapped.label, detail: mapped.detail, lang: r.lang ?? '', group: r.dataset, splitGroup: r.dataset,
          source: { dataset: r.dataset, id: String(r.id) }, licence: r.licence ?? 'unknown', sha256: r.sha256_source ?? sha256(text), text,
        },
        hash: { hi: 0, lo: 0 },
        compact,
      });
    }
  }
  return out;
}

/** Exact dedupe for texts (SMS data sets repeat the same template thousands of times). */
function dedupeTexts(cands: { item: TextItem; compact: string }[], stats: IngestStats): TextItem[] {
  cands.sort((a, b) => a.item.id.localeCompare(b.item.id));
  const seen = new Set<string>();
  const out: TextItem[] = [];
  for (const c of cands) {
    if (seen.has(c.compact)) {
      bump(stats.dropped, 'text: duplicate');
      continue;
    }
    seen.add(c.compact);
    out.push(c.item);
  }
  return out;
}

export function writeJsonlGz(file: string, rows: readonly unknown[]): number {
  const data = gzipSync(Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n', 'utf8'), { level: 9 });
  writeFileAtomic(file, data);
  return data.length;
}

export function ingest(staging: string, root: string, corpusDir: string): IngestStats {
  const stats: IngestStats = { read: {}, dropped: {}, pages: {}, pageKinds: {}, pageGroups: 0, pageSplitGroups: 0, texts: {}, textGroups: 0 };
  const cands: Candidate[] = [];
  readSide(join(staging, 'scam'), stats, cands);
  readSide(join(staging, 'legit'), stats, cands);
  readFixtures(root, cands, stats);
  const pages = dedupe(cands, stats, 'page');
  recountPages(stats, pages);
  const texts = dedupeTexts(readTexts(join(staging, 'texts'), stats), stats);
  for (const t of texts) bump(stats.texts, t.label);
  stats.textGroups = new Set(texts.map((t) => t.group)).size;
  const pb = writeJsonlGz(join(corpusDir, 'pages.jsonl.gz'), pages);
  const tb = writeJsonlGz(join(corpusDir, 'texts.jsonl.gz'), texts);
  writeFileAtomic(join(corpusDir, 'stats.json'), `${JSON.stringify(sortKeys(stats), null, 2)}\n`);
  console.log(`corpus: ${pages.length} pages (${(pb / 1024).toFixed(0)} KiB gz), ${texts.length} texts (${(tb / 1024).toFixed(0)} KiB gz)`);
  return stats;
}

export interface AddTextsStats {
  /** Rows read and dropped by this run (the same keys ingest uses, plus the leakage guard's). */
  read: Record<string, number>;
  dropped: Record<string, number>;
  /** Per new data set: rows staged, items kept, dropped as near-duplicates of another set's item, exact duplicates. */
  sets: Record<string, { staged: number; kept: number; nearDupOtherSet: number; duplicate: number; replaced: number }>;
  texts: Record<string, number>;
  textGroups: number;
}

/** A data set name already in the corpus was staged without `replace`: nothing was written. */
export class DatasetExistsError extends Error {}

/**
 * Merges new text data sets (staging/texts/*.jsonl, the rows ingest reads) into corpus/texts.jsonl.gz without the
 * page staging: the corpus's texts are treated as staged rows again, the new rows go through ingest's readTexts
 * (label mapping, whitespace collapse, 2,000-character cap, < 6 characters dropped) and everything through ingest's
 * dedupeTexts (sorted by id, exact duplicates of the compact text dropped), so adding A then B writes what ingesting
 * A + B writes when no new item is a near-copy of another set's item. Before that, the leakage guard drops every new
 * item within DUP_BITS (SimHash, 8-character shingles) of an item of another data set already in the corpus —
 * exact copies included (distance 0) — so a set that repeats a validation / test set's messages cannot carry them
 * to the other side of the split. pages.jsonl.gz is not touched; stats.json gets the new text counts (read /
 * dropped accumulate over ingest and add-texts runs). A data set name already in the corpus is refused
 * (DatasetExistsError, nothing written) unless `replace`, which first removes that set's items.
 */
export function addTexts(staging: string, corpusDir: string, opts: { replace?: boolean } = {}): AddTextsStats {
  const stats: IngestStats = { read: {}, dropped: {}, pages: {}, pageKinds: {}, pageGroups: 0, pageSplitGroups: 0, texts: {}, textGroups: 0 };
  const textsFile = join(corpusDir, 'texts.jsonl.gz');
  const existing = existsSync(textsFile) ? readJsonlGz(textsFile, TextItemSchema) : [];
  const staged = readTexts(join(staging, 'texts'), stats);
  const names = [...new Set(staged.map((c) => c.item.group))].sort();
  const present = new Set(existing.map((t) => t.group));
  const clash = names.filter((n) => present.has(n));
  if (clash.length && !opts.replace)
    throw new DatasetExistsError(`data set(s) already in the corpus: ${clash.join(', ')} — pass --replace to replace them`);
  const sets: AddTextsStats['sets'] = {};
  for (const n of names) sets[n] = { staged: 0, kept: 0, nearDupOtherSet: 0, duplicate: 0, replaced: existing.filter((t) => t.group === n).length };
  for (const c of staged) (sets[c.item.group] as { staged: number }).staged++;
  const replaced = new Set(names);
  const kept = existing.filter((t) => !replaced.has(t.group));
  // leakage guard: new items near a kept item of another data set are dropped
  const n0 = kept.length;
  const hi = new Uint32Array(n0);
  const lo = new Uint32Array(n0);
  kept.forEach((t, i) => {
    const h = simhash(compactOf(t.text));
    hi[i] = h.hi;
    lo[i] = h.lo;
  });
  const fresh: { item: TextItem; compact: string }[] = [];
  for (const c of staged) {
    const h = simhash(c.compact);
    let near = false;
    for (let i = 0; i < n0 && !near; i++) if (hamming(h, { hi: hi[i] ?? 0, lo: lo[i] ?? 0 }) <= DUP_BITS) near = true;
    if (near) {
      bump(stats.dropped, 'text: near-duplicate of another set');
      (sets[c.item.group] as { nearDupOtherSet: number }).nearDupOtherSet++;
      continue;
    }
    fresh.push(c);
  }
  const before = stats.dropped['text: duplicate'] ?? 0;
  const texts = dedupeTexts([...kept.map((t) => ({ item: t, compact: compactOf(t.text) })), ...fresh], stats);
  if ((stats.dropped['text: duplicate'] ?? 0) - before > 0) {
    const keptIds = new Set(texts.map((t) => t.id));
    for (const c of fresh) if (!keptIds.has(c.item.id)) (sets[c.item.group] as { duplicate: number }).duplicate++;
  }
  for (const t of texts) if (replaced.has(t.group)) (sets[t.group] as { kept: number }).kept++;
  const counts: Record<string, number> = {};
  for (const t of texts) bump(counts, t.label);
  const textGroups = new Set(texts.map((t) => t.group)).size;
  const tb = writeJsonlGz(textsFile, texts);
  const statsFile = join(corpusDir, 'stats.json');
  const prev = (existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : {}) as Partial<IngestStats>;
  const read = { ...(prev.read ?? {}) };
  for (const [k, v] of Object.entries(stats.read)) bump(read, k, v);
  const dropped = { ...(prev.dropped ?? {}) };
  for (const [k, v] of Object.entries(stats.dropped)) bump(dropped, k, v);
  const next = { ...prev, read, dropped, texts: counts, textGroups };
  writeFileAtomic(statsFile, `${JSON.stringify(sortKeys(next), null, 2)}\n`);
  console.log(`corpus: ${texts.length} texts (${(tb / 1024).toFixed(0)} KiB gz); pages untouched`);
  return { read: stats.read, dropped: stats.dropped, sets, texts: counts, textGroups };
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}
