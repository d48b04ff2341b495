/** `triage accept` / `resolve-fp` write list files: without --config or --reviewed they refuse instead of guessing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTriageCommand } from '../../../src/maintainer/intake/triage-cli';

describe('triage without a config', () => {
  it.each(['accept', 'resolve-fp'])('%s refuses and names the flags', async (sub) => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-triage-'));
    const db = join(dir, 'intake.sqlite');
    writeFileSync(db, '');
    const errors: string[] = [];
    const io = { log: () => undefined, error: (...a: unknown[]) => void errors.push(a.join(' ')) };
    const extra = sub === 'accept' ? ['--category', 'other', '--reason', 'r'] : ['--action', 'remove', '--reason', 'r'];
    const code = await runTriageCommand([sub, 'scam.test', '--db', db, ...extra], io);
    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(/--config SOURCES\.json.*--reviewed FILE/);
  });
});
