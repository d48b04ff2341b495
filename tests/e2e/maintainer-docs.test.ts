/**
 * docs/maintainers.md's worked example, walked as a new maintainer would: the commands of its first shell block are
 * taken from the document itself and run in a fresh HOME (keys, build, publish, verify, serve, a development build
 * of the extension pinned to the served list, publish again). Then a Chromium with that build syncs the list from
 * `serve` and blocks a listed site; after the second publish it picks up the delta and blocks the new entry.
 * Also: `serve` says it runs in the foreground and how to stop it; relative paths are the caller's directory; the
 * signed reportEndpoint is on intake's default port; `triage accept` without a config refuses.
 *
 * Deviations from the text, on purpose: `serve` gets `--port 0` (a fixed port may be taken by a parallel run) and the
 * build goes to a temp folder (SS_OUT_DIR) so .output/ stays as the other tests expect.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_PORT } from '../../src/maintainer/intake/intake-cli';
import { ROOT, launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { SiteServer, forwardTo } from './harness/site-server';

/** The commands of the worked example's shell block, continuation lines joined, comments dropped. */
function docCommands(): string[] {
  const md = readFileSync(join(ROOT, 'docs/maintainers.md'), 'utf8');
  const section = md.slice(md.indexOf('## Worked example, from scratch'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('docs/maintainers.md: no shell block in "Worked example, from scratch"');
  const commands: string[] = [];
  let pending = '';
  for (const raw of block.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (pending === '' && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    commands.push((pending + line).trim());
    pending = '';
  }
  return commands;
}

const home = mkdtempSync(join(tmpdir(), 'ss-maint-home-'));
const outDir = join(home, 'extension-build');
// npm keeps the caller's directory in INIT_CWD; a parent `npm test` must not pass its own on.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !k.startsWith('WXT_')));
const env = { ...baseEnv, HOME: home, SCAMSENTINEL_KEYS_DIR: join(home, 'lists/keys'), SS_OUT_DIR: outDir };

function sh(command: string, cwd = ROOT): string {
  try {
    return execFileSync('bash', ['-c', `set -eo pipefail\n${command}`], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: unknown) {
    const err = e as { stdout?: string; stderr?: string; status?: number };
    throw new Error(`\`${command}\` failed (exit ${err.status}):\n${err.stdout ?? ''}\n${err.stderr ?? ''}`, { cause: e });
  }
}

const commands = docCommands();
const serveAt = commands.findIndex((c) => / lists -- serve /.test(c));
const buildAt = commands.findIndex((c) => / npm run build$/.test(c));

let serve: ChildProcess | null = null;
let serveOutput = '';
let serveUrl = '';
let sites: SiteServer;
let session: ChromiumSession | null = null;
const outputs: string[] = [];

beforeAll(async () => {
  expect(serveAt).toBeGreaterThan(0);
  expect(buildAt).toBeGreaterThan(serveAt);
  sites = await new SiteServer().start();
  for (const host of ['scam-shop.example', 'brand-new-scam.example']) {
    sites.mount(host, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>listed</h1>'));
  }
}, 30_000);

afterAll(async () => {
  await session?.close();
  if (serve?.pid !== undefined && serve.exitCode === null && serve.signalCode === null) {
    try {
      process.kill(-serve.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await sites?.stop();
});

async function updateNow(page: Page, listId: string): Promise<string> {
  const button = `[data-list="${listId}"] [data-testid="update-now"]`;
  await page.waitForSelector(button, { timeout: 15_000 });
  await page.click(button);
  await page.waitForFunction(
    (sel) => {
      const b = document.querySelector(sel) as HTMLButtonElement | null;
      return b !== null && !b.disabled && document.querySelector('[data-testid="lists-message"]') !== null;
    },
    { timeout: 30_000 },
    button,
  );
  const message = await page.$eval('[data-testid="lists-message"]', (e) => (e as HTMLElement).innerText);
  const version = await page.$eval(`[data-list="${listId}"] [data-testid="list-version"]`, (e) => e.getAttribute('data-version') ?? '');
  return `${version} ${message}`;
}

async function blockedBeforeAnyRequest(host: string): Promise<void> {
  const page = await session!.browser.newPage();
  await page.goto(`http://${host}/`).catch(() => undefined);
  await waitForUrl(page, (u) => u.startsWith(session!.extUrl('/warning.html')));
  expect(sites.requestsTo(host)).toEqual([]);
  await page.close();
}

describe('docs/maintainers.md worked example, end to end', () => {
  it('steps 1–4 (keys, build, publish, verify) run as written and print what the document shows', () => {
    outputs.push(sh(commands.slice(0, serveAt).join('\n')));
    const out = outputs.join('\n');
    expect(out).toContain('guard: ok');
    expect(out).toMatch(/published fixture-main v1: 23 entries/);
    expect(out).toContain('verify: ok');
  }, 120_000);

  it('step 5: serve says it runs in the foreground and how to stop it; the development build pins the served list', async () => {
    const [cmd] = commands[serveAt]!.split(/\s+#/);
    // its own process group, so that Ctrl-C can be sent the way a terminal does (to the whole foreground group)
    serve = spawn('bash', ['-c', `exec ${cmd} --port 0`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    serve.stdout!.on('data', (d: Buffer) => (serveOutput += d.toString()));
    serve.stderr!.on('data', (d: Buffer) => (serveOutput += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/at (http:\/\/127\.0\.0\.1:\d+)\//.test(serveOutput)) {
      if (Date.now() > deadline || serve.exitCode !== null) throw new Error(`serve did not start:\n${serveOutput}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    serveUrl = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(serveOutput)![1]!;
    // the test browser sends even loopback through the logging proxy: hand 127.0.0.1 on to serve
    sites.mount('127.0.0.1', forwardTo(Number(new URL(serveUrl).port)));
    expect(serveOutput).toMatch(/Running in the foreground: press Ctrl-C to stop\./);
    // the document's build line, pointed at the port serve actually got
    sh(commands[buildAt]!.replaceAll('http://127.0.0.1:8787', serveUrl));
    const manifest = JSON.parse(readFileSync(join(outDir, 'chrome-mv3/manifest.json'), 'utf8')) as { name: string };
    expect(manifest.name).toBe('__MSG_extName__');
  }, 240_000);

  it('the built extension syncs the served list and blocks a listed site before any request reaches it', async () => {
    session = await launchChromium({ proxyUrl: sites.proxyUrl, extensionDir: join(outDir, 'chrome-mv3') });
    const page = await session.browser.newPage();
    await page.goto(session.extUrl('/options.html'));
    expect(await updateNow(page, 'fixture-main')).toBe('1 The list was updated.');
    expect(await page.$$('[data-testid="config-problem"]')).toHaveLength(0);
    await page.close();
    await blockedBeforeAnyRequest('scam-shop.example');
  }, 120_000);

  it('step 6: the next publish reaches the extension as a delta; diff and stats print what the document shows', async () => {
    outputs.push(sh(commands.slice(buildAt + 1).join('\n')));
    const out = outputs.at(-1)!;
    expect(out).toMatch(/published fixture-main v2: 24 entries/);
    expect(out).toContain('+ brand-new-scam.example/ (fake-shop)');
    expect(out).toMatch(/list fixture-main v2, 24 entries/);
    const page = await session!.browser.newPage();
    await page.goto(session!.extUrl('/options.html'));
    expect(await updateNow(page, 'fixture-main')).toBe('2 The list was updated.');
    await page.close();
    expect(serveOutput).toMatch(/deltas\/fixture-main-1-2\.delta/);
    await blockedBeforeAnyRequest('brand-new-scam.example');
  }, 120_000);

  it('the signed report endpoint is on the port intake listens on by default', () => {
    const envelope = JSON.parse(readFileSync(join(home, 'lists/public/manifest.json'), 'utf8')) as { payload: string };
    const text = envelope.payload.trimStart().startsWith('{') ? envelope.payload : Buffer.from(envelope.payload, 'base64').toString('utf8');
    const payload = JSON.parse(text) as { reportEndpoint?: string };
    expect(payload.reportEndpoint).toBeDefined();
    expect(new URL(payload.reportEndpoint!).port).toBe(String(DEFAULT_INTAKE_PORT));
  });

  it("relative paths are the caller's directory; triage accept without a config refuses and writes nothing", () => {
    const lists = join(home, 'lists');
    const out = sh(`npm run --silent --prefix ${JSON.stringify(ROOT)} lists -- verify --dir public --keyset keyset.json --state state`, lists);
    expect(out).toContain('verify: ok');
    mkdirSync(join(home, 'empty'), { recursive: true });
    writeFileSync(join(home, 'empty/intake.sqlite'), '');
    expect(() => sh(`npm run --silent --prefix ${JSON.stringify(ROOT)} lists -- triage accept scam.test --db intake.sqlite --category other --reason r`, join(home, 'empty'))).toThrow(/--config/);
    expect(execFileSync('git', ['status', '--porcelain', 'lists'], { cwd: ROOT, encoding: 'utf8' })).toBe('');
  });

  it('serve stops on Ctrl-C', async () => {
    const exited = new Promise<void>((r) => serve!.once('exit', () => r()));
    expect(await fetch(`${serveUrl}/manifest.json`).then((r) => r.status)).toBe(200);
    process.kill(-serve!.pid!, 'SIGINT');
    await exited;
    serve = null;
    // the server itself is gone (not only the npm wrapper): its port refuses connections
    const deadline = Date.now() + 10_000;
    for (;;) {
      const up = await fetch(`${serveUrl}/manifest.json`).then(() => true, () => false);
      if (!up) break;
      if (Date.now() > deadline) throw new Error('serve still answers 10 s after Ctrl-C');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
