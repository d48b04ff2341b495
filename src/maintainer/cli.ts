/**
 * `npm run lists -- <command>`: the list maintainer's tool. See docs/maintainers.md for a worked example.
 * Exit codes: 0 ok, 1 failed / refused, 2 usage error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError, buildList, type BuildResult } from './build';
import { readBuildFile, writeBuildFile } from './build-file';
import { UsageError, int, nowOf, parse, str, strs, type Io } from './cli-args';
import { cmdKeygen, cmdKeyset, cmdRotate } from './cli-keys';
import { writeFileAtomic } from './fs-util';
import { KeyError, loadKeyset, loadSigner } from './keys';
import { firstSeenFrom, loadPreviousTable, publishList } from './publish';
import { printBuildReport, printDiff, printPublishSummary, printStats, printVerifyReport } from './report';
import { startServer } from './serve';
import { ConfigError, PublishSettingsSchema, loadConfig, type PublishSettings } from './sources/config';
import { StateError, loadState, readStateFile, snapshotPath } from './state';
import { computeDiff, computeStats, loadList } from './stats';
import { printUpdateSummary, runListsUpdate } from './update';
import { verifyPublication } from './verify';

export type { Io } from './cli-args';

const USAGE = `usage: npm run lists -- <command> [options]

  keygen   [--name NAME] [--dir DIR]                  new Ed25519 key pair (private key outside the repo)
  keyset   --pub FILE... --threshold N [--version N] --out FILE
                                                      keyset JSON for extensions to pin
  rotate   --state DIR --from KEYSET --to KEYSET --key OLDKEY...
                                                      sign the new keyset with the old keys; later manifests carry it
  build    --config FILE [--out BUILD.json] [--state DIR] [--report FILE]
                                                      parse, normalise, dedupe, guard; prints the report
  publish  (--config FILE | --build BUILD.json) --state DIR --out DIR --keyset KEYSET --key KEY...
           [--version N] [--base N] [--expires-in-days D] [--keep-deltas N] [--report-endpoint URL]
           [--min-client-version V] [--min-wait-seconds S] [--now ISO] [--no-self-verify]
           [--model MODEL.json [--model-min-extension V]]   ship a retrained classifier model with this version
  update   --config FILE --cache DIR --state DIR --out DIR --keyset KEYSET --key KEY... [--force] [--timeout-ms N]
                                                      fetch upstream feeds (last good copy on any fault), build,
                                                      guard, publish snapshot + delta; exit 3 = published degraded
  verify   --dir DIR --keyset KEYSET [--state DIR] [--list-id ID] [--now ISO] [--client-version V]
  diff     OLD NEW | --state DIR                      what changed (.snap, build .json or published folder)
  stats    FILE|DIR [--json]                          counts by category, severity, source
  serve    --dir DIR [--port N]                       static server on 127.0.0.1 (ETag, 304, Cache-Control)
  intake   [--port N] [--db FILE] …                   report intake server (see --help)
  triage   <command> …                                review reports into the reviewed source (see --help)
`;


async function runBuild(configFile: string, stateDir: string | undefined, now: number): Promise<{ build: BuildResult; settings: PublishSettings }> {
  const config = loadConfig(configFile);
  let previousFirstSeen;
  if (stateDir !== undefined) {
    const state = loadState(stateDir, config.listId);
    const prev = await loadPreviousTable(state, stateDir);
    if (!prev.ok) throw new BuildError(prev.message);
    previousFirstSeen = firstSeenFrom(prev.value);
  }
  const build = buildList(config, { now, ...(previousFirstSeen ? { previousFirstSeen } : {}) });
  return { build, settings: config.publish };
}

async function cmdBuild(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    out: { type: 'string' },
    state: { type: 'string' },
    report: { type: 'string' },
    now: { type: 'string' },
  });
  const { build } = await runBuild(str(values, 'config', true) ?? '', str(values, 'state'), nowOf(values));
  printBuildReport(build.report, io.log);
  if (!build.report.guard.ok) {
    io.error('build failed: guard failure (nothing written)');
    return 1;
  }
  const out = str(values, 'out');
  if (out !== undefined) writeBuildFile(out, build);
  const rep = str(values, 'report');
  if (rep !== undefined) writeFileAtomic(rep, JSON.stringify(build.report, null, 2) + '\n');
  if (out !== undefined) io.log(`wrote ${out} (${build.entries.length} entries)`);
  return 0;
}

async function cmdPublish(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    build: { type: 'string' },
    state: { type: 'string' },
    out: { type: 'string' },
    keyset: { type: 'string' },
    key: { type: 'string', multiple: true },
    version: { type: 'string' },
    base: { type: 'string' },
    'expires-in-days': { type: 'string' },
    'keep-deltas': { type: 'string' },
    'report-endpoint': { type: 'string' },
    'min-client-version': { type: 'string' },
    'min-wait-seconds': { type: 'string' },
    now: { type: 'string' },
    'no-self-verify': { type: 'boolean' },
    model: { type: 'string' },
    'model-min-extension': { type: 'string' },
  });
  const now = nowOf(values);
  const stateDir = str(values, 'state', true) ?? '';
  const modelFile = str(values, 'model');
  const model = modelFile !== undefined ? { bytes: new Uint8Array(readFileSync(modelFile)), minExtensionVersion: str(values, 'model-min-extension') ?? str(values, 'min-client-version') ?? '0.1.0' } : undefined;
  const outDir = str(values, 'out', true) ?? '';
  const keyset = loadKeyset(str(values, 'keyset', true) ?? '');
  const keyFiles = strs(values, 'key');
  if (keyFiles.length === 0) throw new UsageError('--key FILE is required (repeat up to the keyset threshold)');
  const signers = await Promise.all(keyFiles.map(loadSigner));
  const configFile = str(values, 'config');
  const buildFile = str(values, 'build');
  if ((configFile === undefined) === (buildFile === undefined)) throw new UsageError('give exactly one of --config or --build');
  let build: BuildResult;
  let settings: PublishSettings = PublishSettingsSchema.parse({});
  if (configFile !== undefined) {
    const r = await runBuild(configFile, existsSync(stateDir) ? stateDir : undefined, now);
    build = r.build;
    settings = r.settings;
    printBuildReport(build.report, io.log);
  } else {
    build = readBuildFile(buildFile ?? '');
  }
  const state = loadState(stateDir, build.listId);
  const reportEndpoint = str(values, 'report-endpoint') ?? settings.reportEndpoint;
  const minWaitSeconds = int(values, 'min-wait-seconds') ?? settings.minWaitSeconds;
  const version = int(values, 'version');
  const baseVersion = int(values, 'base');
  const r = await publishList({
    build,
    state,
    stateDir,
    outDir,
    keyset,
    signers,
    now,
    expiresInDays: int(values, 'expires-in-days') ?? settings.expiresInDays,
    keepDeltas: int(values, 'keep-deltas') ?? settings.keepDeltas,
    minClientVersion: str(values, 'min-client-version') ?? settings.minClientVersion,
    ...(reportEndpoint !== undefined ? { reportEndpoint } : {}),
    ...(minWaitSeconds !== undefined ? { minWaitSeconds } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(baseVersion !== undefined ? { baseVersion } : {}),
    selfVerify: values['no-self-verify'] !== true,
    ...(model ? { model } : {}),
  });
  if (!r.ok) {
    io.error(`publish refused (${r.reason}): ${r.message}`);
    io.error('nothing was written');
    return 1;
  }
  printPublishSummary(r.value, io.log);
  return 0;
}

async function cmdUpdate(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    cache: { type: 'string' },
    state: { type: 'string' },
    out: { type: 'string' },
    keyset: { type: 'string' },
    key: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    'timeout-ms': { type: 'string' },
    now: { type: 'string' },
    json: { type: 'string' },
  });
  const keyFiles = strs(values, 'key');
  if (keyFiles.length === 0) throw new UsageError('--key FILE is required (repeat up to the keyset threshold)');
  const timeoutMs = int(values, 'timeout-ms');
  const summary = await runListsUpdate({
    configFile: str(values, 'config', true) ?? '',
    cacheDir: str(values, 'cache', true) ?? '',
    stateDir: str(values, 'state', true) ?? '',
    outDir: str(values, 'out', true) ?? '',
    keyset: loadKeyset(str(values, 'keyset', true) ?? ''),
    signers: await Promise.all(keyFiles.map(loadSigner)),
    now: nowOf(values),
    force: values['force'] === true,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  printUpdateSummary(summary, io.log);
  const json = str(values, 'json');
  if (json !== undefined) {
    const { build, ...rest } = summary;
    writeFileAtomic(json, JSON.stringify({ ...rest, build: { totals: build.totals, refusalsByRule: build.refusalsByRule } }, null, 2) + '\n');
  }
  if (summary.result.kind === 'refused') return 1;
  return summary.degraded.length > 0 ? 3 : 0;
}

async function cmdVerify(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    dir: { type: 'string' },
    keyset: { type: 'string' },
    state: { type: 'string' },
    'list-id': { type: 'string' },
    'client-version': { type: 'string' },
    now: { type: 'string' },
  });
  const dir = str(values, 'dir', true) ?? '';
  const keyset = loadKeyset(str(values, 'keyset', true) ?? '');
  const stateDir = str(values, 'state');
  const read = async (p: string): Promise<Uint8Array | null> => {
    try {
      return new Uint8Array(await readFile(join(dir, p)));
    } catch {
      return null;
    }
  };
  const listId = str(values, 'list-id');
  const clientVersion = str(values, 'client-version');
  let baseSnapshot: ((v: number) => Promise<Uint8Array | null>) | undefined;
  if (stateDir !== undefined) {
    const state = loadState(stateDir);
    baseSnapshot = async (v) => readStateFile(stateDir, snapshotPath(state.listId, v));
  }
  const report = await verifyPublication(read, keyset, {
    now: nowOf(values),
    ...(listId !== undefined ? { listId } : {}),
    ...(clientVersion !== undefined ? { clientVersion } : {}),
    ...(baseSnapshot ? { baseSnapshot } : {}),
  });
  printVerifyReport(report, io.log);
  return report.ok ? 0 : 1;
}

async function cmdDiff(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { state: { type: 'string' }, json: { type: 'boolean' } });
  let a: string;
  let b: string;
  const stateDir = str(values, 'state');
  if (stateDir !== undefined) {
    const state = loadState(stateDir);
    const withFiles = state.published.filter((p) => existsSync(join(stateDir, p.snapshot.path)));
    const last = withFiles[withFiles.length - 1];
    const before = withFiles[withFiles.length - 2];
    if (!last || !before) {
      io.error('the state folder holds fewer than two snapshots');
      return 1;
    }
    a = join(stateDir, before.snapshot.path);
    b = join(stateDir, last.snapshot.path);
  } else {
    const [x, y] = positionals;
    if (x === undefined || y === undefined) throw new UsageError('diff OLD NEW (or --state DIR)');
    a = x;
    b = y;
  }
  const d = computeDiff(await loadList(a), await loadList(b));
  if (values['json'] === true) io.log(JSON.stringify(d, null, 2));
  else printDiff(d, io.log);
  return 0;
}

async function cmdStats(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('stats FILE|DIR');
  for (const p of positionals) {
    const s = computeStats(await loadList(p));
    if (values['json'] === true) io.log(JSON.stringify(s, null, 2));
    else printStats(s, io.log);
  }
  return 0;
}

async function cmdServe(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { dir: { type: 'string' }, port: { type: 'string' } });
  const dir = str(values, 'dir', true) ?? '';
  if (!existsSync(dir)) {
    io.error(`${dir} does not exist`);
    return 1;
  }
  const h = await startServer({ dir, port: int(values, 'port') ?? 8787, onRequest: io.log });
  io.log(`serving ${resolve(dir)} at ${h.url} (loopback only). Running in the foreground: press Ctrl-C to stop.`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => void h.close().then(done));
    process.once('SIGTERM', () => void h.close().then(done));
  });
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  keygen: cmdKeygen,
  keyset: cmdKeyset,
  rotate: cmdRotate,
  build: cmdBuild,
  publish: cmdPublish,
  update: cmdUpdate,
  verify: cmdVerify,
  diff: cmdDiff,
  stats: cmdStats,
  serve: cmdServe,
  intake: cmdIntake,
  triage: cmdTriage,
};

/** Report intake and triage (issue 9) live in ./intake/; loaded lazily so other commands never open SQLite. */
async function cmdIntake(args: string[], io: Io): Promise<number> {
  const { runIntakeCommand } = await import('./intake/index');
  return runIntakeCommand(args, io);
}
async function cmdTriage(args: string[], io: Io): Promise<number> {
  const { runTriageCommand } = await import('./intake/index');
  return runTriageCommand(args, io);
}

export async function main(argv: string[], io: Io = { log: console.log, error: console.error }): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    const fn = COMMANDS[command];
    if (fn) return await fn(args, io);
    io.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  } catch (e: unknown) {
    if (e instanceof UsageError) {
      io.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof BuildError || e instanceof ConfigError || e instanceof KeyError || e instanceof StateError) {
      io.error(`${command} failed: ${e.message}`);
      io.error('nothing was written');
      return 1;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // `npm run lists -- …` runs in the package root; relative paths are the caller's (npm keeps it in INIT_CWD).
  if (process.env.INIT_CWD !== undefined && existsSync(process.env.INIT_CWD)) process.chdir(process.env.INIT_CWD);
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exit(1);
    },
  );
}
