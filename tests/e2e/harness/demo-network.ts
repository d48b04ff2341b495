/**
 * The whole local demo network in one call: the logging proxy with the *.test sites, the signed demo list
 * (published with the real maintainer CLI, served at http://lists.test/) and the report intake server
 * (http://reports.test/v1/reports, SQLite; GET /v1/prefixes for the online check). Used by `npm start` and the end-to-end tests.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, publishDemoList } from '../../../scripts/demo-list';
import { startServer, type ServerHandle } from '../../../src/maintainer/serve';
import { openSqliteStore, startIntakeServer, type IntakeServer, type SqliteReportStore } from '../../../src/maintainer/intake';
import { createPrefixIndex } from '../../../src/maintainer/intake/prefixes';
import { SiteServer, forwardTo } from './site-server';

export interface DemoNetwork {
  readonly sites: SiteServer;
  /** Editable copy of scripts/demo-list (sources.json, reviewed.jsonl) that publish() builds from. */
  readonly listConfigDir: string;
  readonly listStateDir: string;
  readonly listOutDir: string;
  readonly intakeDb: string;
  store: SqliteReportStore | null;
  /** Publishes the next (or the given) version; `model`: a model file to ship with it (`publish --model`). */
  publish(version?: number, opts?: { model?: string }): Promise<void>;
  startIntake(): Promise<void>;
  stopIntake(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoNetwork(opts: { workDir?: string; proxyPort?: number; firstVersion?: number } = {}): Promise<DemoNetwork> {
  const work = opts.workDir ?? mkdtempSync(join(tmpdir(), 'ss-demo-'));
  mkdirSync(work, { recursive: true });
  const listConfigDir = join(work, 'list-config');
  cpSync(join(ROOT, 'scripts/demo-list'), listConfigDir, { recursive: true });
  const listStateDir = join(work, 'list-state');
  const listOutDir = join(work, 'list-public');
  const sites = await new SiteServer().start(opts.proxyPort ?? 0);
  let listServer: ServerHandle | null = null;
  let intake: IntakeServer | null = null;

  const net: DemoNetwork = {
    sites,
    listConfigDir,
    listStateDir,
    listOutDir,
    intakeDb: join(work, 'intake.sqlite'),
    store: null,
    async publish(version, publishOpts) {
      await publishDemoList({
        configDir: listConfigDir,
        stateDir: listStateDir,
        outDir: listOutDir,
        ...(version !== undefined ? { version } : {}),
        ...(publishOpts?.model !== undefined ? { model: publishOpts.model } : {}),
      });
      if (!listServer) {
        listServer = await startServer({ dir: listOutDir });
        sites.mount('lists.test', forwardTo(listServer.port));
      }
    },
    async startIntake() {
      if (intake) return;
      net.store = openSqliteStore(net.intakeDb);
      // the online check: keys accepted in triage since the published manifest, index refreshed every second
      intake = await startIntakeServer({ store: net.store, prefixes: { index: createPrefixIndex({ store: net.store, publishedDir: listOutDir, refreshMs: 1000 }) } });
      sites.mount('reports.test', forwardTo(intake.port));
    },
    async stopIntake() {
      sites.unmount('reports.test');
      await intake?.close();
      intake = null;
      await net.store?.close();
      net.store = null;
    },
    async stop() {
      await net.stopIntake();
      await listServer?.close();
      await sites.stop();
    },
  };
  // Version 1 is the bundled snapshot; the published list starts above it so the first sync has work to do.
  await net.publish(opts.firstVersion ?? 2);
  await net.startIntake();
  return net;
}
