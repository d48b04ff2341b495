import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runIntakeCommand, runTriageCommand } from '../../../../src/maintainer/intake/index';
import type { Io } from '../../../../src/maintainer/intake/cli-util';
import { describeBackends } from './backends';
import { http, postJson, tempDir, validReport } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let db: string;

function capture(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (l) => out.push(l), error: (l) => err.push(l) };
}

async function untilListening(io: { out: string[] }): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = io.out.find((l) => l.startsWith('intake: listening on '));
    const m = line !== undefined ? /http:\/\/127\.0\.0\.1:\d+/.exec(line) : null;
    if (m) return m[0];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('intake did not start');
}

beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, 'intake.sqlite');
});
afterEach(() => tmp.cleanup());

describeBackends('intake + triage commands: round trip', (backend) => {
  it('serves reports until aborted, then triage lists and accepts them', async () => {
    const db = backend.location();
    const io = capture();
    const stop = new AbortController();
    const running = runIntakeCommand(['--port', '0', '--db', db, '--burst', '50'], io, stop.signal);
    const url = await untilListening(io);
    const ids: string[] = [];
    for (const u of ['https://a.scam-shop.example/pay', 'https://scam-shop.example/', 'https://scam-shop.example/x']) {
      const res = await postJson(url, validReport({ url: u }), { 'x-client-key': 'cli-test-client' });
      expect(res.status).toBe(202);
      ids.push((res.json() as { id: string }).id);
    }
    expect(io.out.some((l) => /^POST \/v1\/reports 202 /.test(l))).toBe(true);

    const pend = capture();
    expect(await runTriageCommand(['pending', '--db', db, '--json'], pend)).toBe(0);
    expect(JSON.parse(pend.out.join('\n'))).toMatchObject([{ groupKey: 'scam-shop.example/', count: 3, guard: 'ok' }]);
    const table = capture();
    expect(await runTriageCommand(['pending', '--db', db], table)).toBe(0);
    expect(table.out[0]).toMatch(/^EXPRESSION\s+N\s+SCAM/);
    expect(table.out[2]).toMatch(/^scam-shop\.example\/\s+3\s+3\s+0\s+0\s+fake-shop:3/);

    const reviewed = join(tmp.dir, 'lists', 'reviewed.jsonl');
    const acc = capture();
    const code = await runTriageCommand(
      ['accept', 'scam-shop.example', '--category', 'fake-shop', '--reason', 'three reports', '--db', db, '--reviewed', reviewed, '--overrides', join(tmp.dir, 'lists', 'ov.json')],
      acc,
    );
    expect(acc.err).toEqual([]);
    expect(code).toBe(0);
    expect(acc.out[0]).toContain('accepted scam-shop.example/: 3 report(s) marked');
    expect(JSON.parse(readFileSync(reviewed, 'utf8').trim())).toMatchObject({ key: 'scam-shop.example/', reportIds: ids });

    const st = await http(url, 'GET', `/v1/reports/${ids[0] ?? ''}`);
    expect(st.json()).toMatchObject({ status: 'accepted' });

    const log = capture();
    expect(await runTriageCommand(['log', '--db', db, '--json'], log)).toBe(0);
    expect(JSON.parse(log.out.join('\n'))).toMatchObject([{ action: 'accept', target: 'scam-shop.example/', reportIds: ids }]);

    stop.abort();
    expect(await running).toBe(0);
    expect(io.out.at(-1)).toBe('intake: stopped');
    const password = backend.name === 'postgres' ? new URL(db).password : '';
    if (password !== '') expect([...io.out, ...io.err].join('\n')).not.toContain(`:${password}@`);
  });
});

describe('intake + triage commands', () => {

  it('exits 1 with the reason when the guard refuses, 2 on usage errors', async () => {
    const io = capture();
    const stop = new AbortController();
    const running = runIntakeCommand(['--port', '0', '--db', db, '--quiet'], io, stop.signal);
    const url = await untilListening(io);
    await postJson(url, validReport({ url: 'https://www.jd.com/' }));
    stop.abort();
    await running;
    const lists = join(tmp.dir, 'lists');
    mkdirSync(lists);
    writeFileSync(join(lists, 'r.jsonl'), '');
    const refused = capture();
    expect(await runTriageCommand(['accept', 'jd.com', '--category', 'fake-shop', '--reason', 'fake', '--db', db, '--reviewed', join(lists, 'r.jsonl')], refused)).toBe(1);
    expect(refused.err.join('\n')).toMatch(/NEEDS_OVERRIDE.*jd\.com.*trusted/);
    expect(readFileSync(join(lists, 'r.jsonl'), 'utf8')).toBe('');

    const json = capture();
    expect(await runTriageCommand(['accept', 'jd.com', '--category', 'fake-shop', '--reason', 'fake', '--db', db, '--reviewed', join(lists, 'r.jsonl'), '--json'], json)).toBe(1);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({ ok: false, error: { code: 'NEEDS_OVERRIDE' } });

    for (const argv of [
      ['accept', 'x.example', '--db', db, '--reason', 'r r r'],
      ['accept', 'x.example', '--category', 'nope', '--reason', 'r r r', '--db', db],
      ['pending', '--db', db, '--bogus'],
      ['frobnicate'],
      [],
    ]) {
      expect(await runTriageCommand(argv, capture()), argv.join(' ')).toBe(2);
    }
    expect(await runTriageCommand(['pending', '--db', join(tmp.dir, 'missing.sqlite')], capture())).toBe(1);
    expect(await runIntakeCommand(['--port', 'abc'], capture())).toBe(2);
  });

  it('runs standalone through main.ts', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/maintainer/intake/main.ts', 'triage', 'pending', '--db', db], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no report database');
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/maintainer/intake/main.ts', 'intake', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--trust-proxy');
  });
});
