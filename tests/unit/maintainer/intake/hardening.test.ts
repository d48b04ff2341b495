/**
 * Issue 15, class 10 (intake, a hostile report sender): the database file is the owner's only; `triage show`
 * never prints a report's C1 controls or bidi overrides raw; extension and server share one screenshot cap.
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCREENSHOT_MAX_BYTES, SCREENSHOT_MAX_CHARS, SCREENSHOT_PREFIX, screenshotFits } from '../../../../src/core/report-limits';
import { requestSchemas as REQUESTS } from '../../../../src/messaging/protocol';
import type { Io } from '../../../../src/maintainer/intake/cli-util';
import { terminalSafe } from '../../../../src/maintainer/intake/cli-util';
import { runTriageCommand } from '../../../../src/maintainer/intake/index';
import { ReportSchema } from '../../../../src/maintainer/intake/schema';
import { openSqliteStore } from '../../../../src/maintainer/intake/sqlite-store';
import { newReport, pngBytes, tempDir, validReport } from './helpers';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const mode = (f: string) => statSync(f).mode & 0o777;

describe('the SQLite file', () => {
  it('is created 0600 (and its -wal / -shm files), in a 0700 folder', async () => {
    const file = join(tmp.dir, 'new', 'intake.sqlite');
    const store = openSqliteStore(file);
    await store.insert(newReport());
    expect(mode(file).toString(8)).toBe('600');
    expect(mode(`${file}-wal`).toString(8)).toBe('600');
    expect(mode(`${file}-shm`).toString(8)).toBe('600');
    expect(mode(join(tmp.dir, 'new')).toString(8)).toBe('700');
    await store.close();
  });

  it('an existing world-readable file is narrowed to 0600 when opened', async () => {
    const file = join(tmp.dir, 'old.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const store = openSqliteStore(file);
    expect(mode(file).toString(8)).toBe('600');
    await store.close();
  });
});

describe('triage show', () => {
  const capture = (): Io & { out: string[]; err: string[] } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, log: (l) => out.push(l), error: (l) => err.push(l) };
  };
  // CSI (C1 U+009B) "2J" clears a terminal; U+202E reverses what follows; U+2066 isolates; NEL U+0085; U+2028.
  const hostile = 'ok\u009b2J\u202egnp.exe\u2066x\u2069\u0085y\u2028z\u001b[31m';

  it('prints C1 controls, bidi overrides / isolates and line separators as \\uXXXX, in text and --json output', async () => {
    const file = join(tmp.dir, 'intake.sqlite');
    const store = openSqliteStore(file);
    const row = newReport({ comment: hostile, evidence: { reasons: [{ signal: 'page:phrase', evidence: hostile }] } });
    await store.insert(row);
    await store.close();

    const text = capture();
    expect(await runTriageCommand(['show', row.id, '--db', file], text)).toBe(0);
    const json = capture();
    expect(await runTriageCommand(['show', row.id, '--db', file, '--json'], json)).toBe(0);
    const pending = capture();
    expect(await runTriageCommand(['pending', '--db', file], pending)).toBe(0);
    for (const out of [text.out, json.out, pending.out]) {
      // eslint-disable-next-line no-control-regex
      expect(out.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/);
    }
    expect(text.out.join('\n')).toContain('\\u009b2J\\u202egnp.exe\\u2066x\\u2069\\u0085y\\u2028z');
    // --json stays valid JSON and parses back to exactly what was stored
    const parsed = JSON.parse(json.out.join('\n')) as { comment: string; reasons: { evidence: string }[] };
    expect(parsed.comment).toBe(hostile);
    expect(parsed.reasons[0]?.evidence).toBe(hostile);
  });

  it('terminalSafe leaves ordinary text (CJK, emoji with ZWJ, newlines) alone', () => {
    const s = '要求银行转账 👩\u200d💻\nline two';
    expect(terminalSafe(s)).toBe(s);
  });
});

describe('one screenshot cap for the extension and the server', () => {
  const dataUrl = (bytes: number) => `${SCREENSHOT_PREFIX}${pngBytes(bytes).toString('base64')}`;
  const extensionAccepts = (shot: string) =>
    REQUESTS.previewReport.safeParse({ kind: 'scam', url: 'https://shop.example/', category: 'fake-shop', screenshot: shot }).success;
  const serverAccepts = (shot: string) => ReportSchema.safeParse(validReport({ evidence: { screenshot: shot } })).success;

  it('a screenshot at the cap passes both; one byte over fails both', () => {
    for (const bytes of [SCREENSHOT_MAX_BYTES - 2, SCREENSHOT_MAX_BYTES - 1, SCREENSHOT_MAX_BYTES]) {
      const shot = dataUrl(bytes);
      expect([screenshotFits(shot), extensionAccepts(shot), serverAccepts(shot)], `${bytes} bytes`).toEqual([true, true, true]);
    }
    for (const bytes of [SCREENSHOT_MAX_BYTES + 1, SCREENSHOT_MAX_BYTES + 2, SCREENSHOT_MAX_BYTES + 3]) {
      const shot = dataUrl(bytes);
      expect(shot.length <= SCREENSHOT_MAX_CHARS + 4).toBe(true);
      expect([screenshotFits(shot), extensionAccepts(shot), serverAccepts(shot)], `${bytes} bytes`).toEqual([false, false, false]);
    }
  });
});
