import { afterEach, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportStore } from '../../../../src/maintainer/intake/store';
import { resolveListFiles } from '../../../../src/maintainer/intake/list-files';
import { acceptReports, listPending, rejectReports, resolveFalsePositive, type TriageContext } from '../../../../src/maintainer/intake/triage';
import { startIntakeServer } from '../../../../src/maintainer/intake/server';
import { ReviewedEntrySchema } from '../../../../src/maintainer/reviewed';
import { loadConfig } from '../../../../src/maintainer/sources/config';
import { buildList } from '../../../../src/maintainer/build';
import { describeBackends } from './backends';
import { http, newReport, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let store: ReportStore;
let ctx: TriageContext;
let configFile: string;
const NOW = Date.parse('2025-11-20T08:00:00Z');

function reviewedLines(): Record<string, unknown>[] {
  const f = join(tmp.dir, 'lists', 'reviewed.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

let seq = 0;
async function seed(over: Record<string, unknown>): Promise<string> {
  const r = newReport(over, NOW - 3_600_000 + 1000 * seq++);
  await store.insert(r);
  return r.id;
}

function build(): ReturnType<typeof buildList> {
  return buildList(loadConfig(configFile), { now: NOW });
}

beforeEach(() => {
  tmp = tempDir();
  const lists = join(tmp.dir, 'lists');
  mkdirSync(lists);
  configFile = join(lists, 'sources.json');
  writeFileSync(join(lists, 'feed.txt'), 'feed-scam.example\nlegit-shop.example\n');
  writeFileSync(join(lists, 'overrides.json'), '[]\n');
  writeFileSync(join(lists, 'trusted-extra.txt'), '# extra trusted domains\n');
  writeFileSync(join(lists, 'reviewed.jsonl'), '');
  writeFileSync(
    configFile,
    JSON.stringify({
      listId: 'test-list',
      sources: [
        { name: 'feed', path: 'feed.txt', format: 'domains', category: 'phishing' },
        { name: 'reviewed', path: 'reviewed.jsonl', format: 'reviewed', category: 'other', weight: 3 },
      ],
      overrides: 'overrides.json',
      trustedExtra: ['trusted-extra.txt'],
      guard: { maxRefusedRatio: 1 },
    }),
  );
});

afterEach(() => {
  tmp.cleanup();
});

describeBackends('triage', (backend) => {
  beforeEach(async () => {
    store = await backend.open();
    ctx = { store, files: resolveListFiles({ config: configFile }), now: () => NOW };
  });

  it('lists pending reports grouped by canonical expression, with the guard verdict', async () => {
    await seed({ url: 'https://a.shop.example/pay' });
    await seed({ url: 'https://shop.example/checkout', category: 'phishing', paid: true });
    await seed({ url: 'https://www.taobao.com/item/1' });
    const rows = await listPending(ctx);
    expect(rows.map((r) => [r.groupKey, r.count, r.guard.split(':')[0]])).toEqual([
      ['shop.example/', 2, 'ok'],
      ['taobao.com/', 1, 'override needed'],
    ]);
    expect(rows[0]?.categories).toEqual({ 'fake-shop': 1, phishing: 1 });
  });

  it('accept appends a reviewed entry with provenance, marks the reports, and build picks it up', async () => {
    const a = await seed({ url: 'https://a.shop.example/pay' });
    const b = await seed({ url: 'https://shop.example/checkout' });
    const other = await seed({ url: 'https://other.example/' });
    const fp = await seed({ url: 'https://shop.example/', kind: 'false-positive' });
    const r = await acceptReports(ctx, { target: 'Shop.Example', category: 'fake-shop', severity: 'high', reason: '2 user reports, card form' });
    expect(r).toMatchObject({ ok: true, value: { key: 'shop.example/', reportIds: [a, b] } });
    const lines = reviewedLines();
    expect(lines).toEqual([
      {
        key: 'shop.example/',
        action: 'add',
        category: 'fake-shop',
        severity: 'high',
        addedAt: '2025-11-20T08:00:00Z',
        reason: '2 user reports, card form',
        reportIds: [a, b],
      },
    ]);
    expect(ReviewedEntrySchema.safeParse(lines[0]).success).toBe(true);
    for (const id of [a, b]) expect(await store.status(id)).toEqual({ id, status: 'accepted', reason: 'added to the list as shop.example/' });
    expect((await store.status(other))?.status).toBe('received');
    expect((await store.status(fp))?.status).toBe('received');

    const built = build();
    expect(built.entries.find((e) => e.key === 'shop.example/')).toMatchObject({ category: 'fake-shop', severity: 'high', firstSeen: '2025-11-20' });
  });

  it('accept by report id lists the report group and shows in GET status', async () => {
    const id = await seed({ url: 'https://x.scam-invest.example/app/login' });
    const r = await acceptReports(ctx, { target: id, category: 'investment', reason: 'fake exchange' });
    expect(r.ok && r.value.key).toBe('scam-invest.example/');
    const server = await startIntakeServer({ store });
    try {
      const st = await http(server.url, 'GET', `/v1/reports/${id}`);
      expect(st.json()).toEqual({ id, status: 'accepted', reason: 'added to the list as scam-invest.example/' });
    } finally {
      await server.close();
    }
  });

  it('refuses a trusted domain without an override, and writes nothing', async () => {
    const id = await seed({ url: 'https://www.taobao.com/item/1' });
    const r = await acceptReports(ctx, { target: 'taobao.com', category: 'fake-shop', reason: 'looks fake' });
    expect(r).toMatchObject({ ok: false, reason: 'NEEDS_OVERRIDE' });
    expect(reviewedLines()).toEqual([]);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'lists', 'overrides.json'), 'utf8'))).toEqual([]);
    expect((await store.status(id))?.status).toBe('received');
    const short = await acceptReports(ctx, { target: 'taobao.com', category: 'fake-shop', reason: 'looks fake', override: 'too short' });
    expect(short).toMatchObject({ ok: false, reason: 'BAD_REASON' });
  });

  it('with --override records the override where the guard reads it, and build lists the entry', async () => {
    const id = await seed({ url: 'https://scam-page.taobao.com/x' });
    const r = await acceptReports(ctx, {
      target: 'scam-page.taobao.com',
      category: 'fake-shop',
      reason: 'hijacked shop subdomain',
      override: 'tenant page hijacked, confirmed with the platform',
      by: 'maintainer-a',
    });
    expect(r).toMatchObject({ ok: true, value: { key: 'scam-page.taobao.com/', reportIds: [id] } });
    expect(JSON.parse(readFileSync(join(tmp.dir, 'lists', 'overrides.json'), 'utf8'))).toEqual([
      { key: 'scam-page.taobao.com/', reason: 'tenant page hijacked, confirmed with the platform', addedBy: 'maintainer-a', addedAt: '2025-11-20T08:00:00Z' },
    ]);
    const built = build();
    expect(built.entries.map((e) => e.key)).toContain('scam-page.taobao.com/');
    expect(built.report.overridesUsed).toEqual([{ key: 'scam-page.taobao.com/', reason: 'tenant page hijacked, confirmed with the platform' }]);
  });

  it('never lists a whole shared-hosting platform, override or not', async () => {
    for (const target of ['github.io', 'sites.google.com', 'bit.ly']) {
      const r = await acceptReports(ctx, { target, category: 'phishing', reason: 'abuse', override: 'a long enough reason here' });
      expect(r).toMatchObject({ ok: false, reason: 'GUARD_REFUSED' });
    }
    expect((await acceptReports(ctx, { target: 'https://sites.google.com/view/refund-desk/', category: 'fake-service', reason: 'refund scam' })).ok).toBe(true);
    expect(reviewedLines().map((l) => l['key'])).toEqual(['sites.google.com/view/refund-desk/']);
  });

  it('reject by id or expression; the reason is what the reporter sees', async () => {
    const a = await seed({ url: 'https://legit.example/' });
    const b = await seed({ url: 'https://legit.example/about' });
    const c = await seed({ url: 'https://else.example/' });
    expect(await rejectReports(ctx, { target: a, reason: 'This is the official shop of the brand.' })).toMatchObject({ ok: true, value: { reportIds: [a] } });
    expect(await store.status(a)).toEqual({ id: a, status: 'rejected', reason: 'This is the official shop of the brand.' });
    expect(await rejectReports(ctx, { target: a, reason: 'again' })).toMatchObject({ ok: false, reason: 'NOT_PENDING' });
    expect(await rejectReports(ctx, { target: 'legit.example', reason: 'official site' })).toMatchObject({ ok: true, value: { reportIds: [b] } });
    expect((await store.status(c))?.status).toBe('received');
    expect(await rejectReports(ctx, { target: 'nothing.example', reason: 'x y z' })).toMatchObject({ ok: false, reason: 'NOTHING_PENDING' });
    expect(await rejectReports(ctx, { target: 'r_doesnotexist000000', reason: 'x y z' })).toMatchObject({ ok: false, reason: 'NOT_FOUND' });
    expect(reviewedLines()).toEqual([]);
  });

  it('resolve-fp remove suppresses the entry in every source', async () => {
    expect(build().entries.map((e) => e.key)).toContain('legit-shop.example/');
    const fp = await seed({ url: 'https://legit-shop.example/cart', kind: 'false-positive' });
    const scam = await seed({ url: 'https://legit-shop.example/cart' });
    const r = await resolveFalsePositive(ctx, { target: 'legit-shop.example', action: 'remove', reason: 'owner verified, real shop' });
    expect(r).toMatchObject({ ok: true, value: { reportIds: [fp] } });
    expect(reviewedLines()).toEqual([
      { key: 'legit-shop.example/', action: 'remove', addedAt: '2025-11-20T08:00:00Z', reason: 'owner verified, real shop', reportIds: [fp] },
    ]);
    expect(await store.status(fp)).toEqual({ id: fp, status: 'accepted', reason: 'removed from the list (legit-shop.example/)' });
    expect((await store.status(scam))?.status).toBe('received');
    const built = build();
    expect(built.entries.map((e) => e.key)).not.toContain('legit-shop.example/');
    expect(built.report.suppressed).toContain('legit-shop.example/');
    expect(await resolveFalsePositive(ctx, { target: scam, action: 'remove', reason: 'x y z' })).toMatchObject({ ok: false, reason: 'WRONG_KIND' });
  });

  it('resolve-fp override removes the entry and protects the host through the guard', async () => {
    const fp = await seed({ url: 'https://legit-shop.example/', kind: 'false-positive' });
    const r = await resolveFalsePositive(ctx, { target: fp, action: 'override', reason: 'owner verified\nreal shop' });
    expect(r).toMatchObject({ ok: true, value: { key: 'legit-shop.example/', reportIds: [fp] } });
    const trusted = readFileSync(join(tmp.dir, 'lists', 'trusted-extra.txt'), 'utf8');
    expect(trusted).toContain(`legit-shop.example  # 2025-11-20 false positive: owner verified real shop [${fp}]\n`);
    // guard now refuses the host and anything under it, even when a reviewed line re-adds it
    const again = await acceptReports(ctx, { target: 'shop.legit-shop.example', category: 'fake-shop', reason: 'new report' });
    expect(again).toMatchObject({ ok: false, reason: 'NEEDS_OVERRIDE' });
    expect(build().entries.map((e) => e.key)).not.toContain('legit-shop.example/');
    expect(await resolveFalsePositive(ctx, { target: 'sites.google.com/view/x/', action: 'override', reason: 'x y z' })).toMatchObject({ ok: false, reason: 'NOT_HOST_WIDE' });
  });

  it('changes no report when the list file cannot be written', async () => {
    const id = await seed({ url: 'https://shop.example/' });
    const bad: TriageContext = { ...ctx, files: { ...ctx.files, reviewed: join(tmp.dir, 'lists', 'feed.txt', 'reviewed.jsonl') } }; // under a file
    const r = await acceptReports(bad, { target: 'shop.example', category: 'fake-shop', reason: 'card form' });
    expect(r).toMatchObject({ ok: false, reason: 'WRITE_FAILED' });
    expect((await store.status(id))?.status).toBe('received');
    expect(await store.triageLog()).toEqual([]);
  });
});
