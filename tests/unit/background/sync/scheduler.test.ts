import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmNameFor, SYNC_ALARM_PREFIX, type SyncProgress } from '../../../../src/background/sync';
import { DAY, MIN, hang, keysetOf, makeKey, type Route } from './helpers/feed';
import { expectUpdated, Harness, LIST_ID, T0 } from './helpers/harness';

let h: Harness;
afterEach(() => h?.close());

const NAME = alarmNameFor(LIST_ID);

describe('SyncScheduler', () => {
  it('scheduleAll at worker start: first check at a random 0–1 min, disabled and removed lists lose their alarm', async () => {
    h = await Harness.create();
    const k = await makeKey();
    await h.db!.subscriptions.put({ ...h.sub, listId: 'user-list', isDefault: false, enabled: false, keyset: JSON.stringify(keysetOf([k])) });
    h.alarms.create(alarmNameFor('user-list'), { when: T0 + 5 * MIN });
    h.alarms.create(alarmNameFor('gone-list'), { when: T0 + 5 * MIN });
    h.alarms.create('other-feature', { when: T0 + 5 * MIN });
    h.randValue = 0.25;
    const report = await h.scheduler().scheduleAll();
    expect(report).toEqual({ scheduled: [{ listId: LIST_ID, when: T0 + 15_000 }], released: [], problems: [] });
    expect([...h.alarms.alarms.keys()].sort()).toEqual([NAME, 'other-feature'].sort());
  });

  it('scheduleAll keeps a pending check time (no network burst at every worker wake-up)', async () => {
    h = await Harness.create();
    await h.install(1);
    const next = (await h.syncState())!.nextCheckAt;
    h.advance(5 * MIN);
    await h.scheduler().scheduleAll();
    expect(h.alarms.alarms.get(NAME)).toBe(next);
  });

  it('onAlarm runs the update when due and re-arms at the outcome’s next check', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    const s = h.scheduler();
    await s.scheduleAll();
    h.clock = h.alarms.alarms.get(NAME)!;
    const out = expectUpdated((await s.onAlarm(NAME))!, 1);
    expect(h.alarms.alarms.get(NAME)).toBe(out.nextCheckAt);
    expect(s.lastOutcome(LIST_ID)).toBe(out);
  });

  it('onAlarm that fires early is re-armed without touching the network; foreign alarms are ignored', async () => {
    h = await Harness.create();
    await h.install(1);
    const next = (await h.syncState())!.nextCheckAt;
    const requests = h.feed.log.length;
    const s = h.scheduler();
    h.advance(MIN);
    expect(await s.onAlarm(NAME)).toMatchObject({ kind: 'skipped', reason: 'not-due', nextCheckAt: next });
    expect(h.alarms.alarms.get(NAME)).toBe(next);
    expect(await s.onAlarm('something-else')).toBeNull();
    expect(h.feed.log.length).toBe(requests);
  });

  it('onAlarm for a disabled or deleted subscription clears the alarm', async () => {
    h = await Harness.create();
    h.alarms.create(NAME, { when: T0 });
    await h.db!.subscriptions.update(LIST_ID, { enabled: false });
    expect(await h.scheduler().onAlarm(NAME)).toBeNull();
    expect(h.alarms.alarms.has(NAME)).toBe(false);
    h.alarms.create(`${SYNC_ALARM_PREFIX}nope`, { when: T0 });
    expect(await h.scheduler().onAlarm(`${SYNC_ALARM_PREFIX}nope`)).toBeNull();
    expect(h.alarms.alarms.size).toBe(0);
  });

  it('updateNow reports progress stages in order and ignores the failure backoff', async () => {
    h = await Harness.create();
    await h.install(1);
    h.feed.offline = true;
    h.advance(40 * MIN);
    await h.run();
    expect((await h.syncState())!.nextCheckAt).toBeGreaterThan(h.clock + 15 * MIN);
    h.feed.offline = false;
    h.advance(DAY);
    await h.publishAndServe(2, { now: h.clock, keepDeltas: 0 });
    const seen: SyncProgress[] = [];
    const out = expectUpdated(await h.scheduler().updateNow(LIST_ID, (p) => seen.push(p)), 2);
    const stages = seen.map((p) => p.stage).filter((st, i, a) => st !== a[i - 1]);
    expect(stages).toEqual(['manifest', 'download', 'apply', 'commit', 'done']);
    const last = seen.filter((p) => p.stage === 'download').at(-1)!;
    expect(last.bytes).toBe(out.bytes);
    expect(h.alarms.alarms.get(NAME)).toBe(out.nextCheckAt);
  });

  it('updateNow reports stage "error" with the error in words', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    h.feed.route('manifest.json', () => new Response('oops', { status: 502 }));
    const seen: SyncProgress[] = [];
    const out = await h.scheduler().updateNow(LIST_ID, (p) => seen.push(p));
    expect(out).toMatchObject({ kind: 'failed', error: { code: 'HTTP_ERROR' } });
    expect(seen.at(-1)).toMatchObject({ stage: 'error', error: { code: 'HTTP_ERROR' } });
  });

  it('updateNow during an alarm run joins it (one request, both get the outcome)', async () => {
    h = await Harness.create();
    await h.publishAndServe(1);
    let release!: (r: Route) => void;
    const gate = new Promise<Route>((r) => (release = r));
    h.feed.route('manifest.json', hang({ release: gate }));
    const s = h.scheduler();
    const viaAlarm = s.onAlarm(NAME);
    await new Promise((r) => setTimeout(r, 20));
    const viaButton = s.updateNow(LIST_ID);
    const files = h.feed.files;
    release(() => new Response(new Uint8Array(files.get('manifest.json')!), { status: 200 }));
    const [a, b] = await Promise.all([viaAlarm, viaButton]);
    expect(a).toBe(b);
    expectUpdated(a!, 1);
    expect(h.feed.requests('manifest.json')).toHaveLength(1);
  });

  it('updateNow for an unknown list is an error in words', async () => {
    h = await Harness.create();
    expect(await h.scheduler().updateNow('nope')).toMatchObject({ kind: 'failed', error: { code: 'BAD_SUBSCRIPTION' } });
  });
});
