/**
 * `npm run lists -- intake [--port N] [--db FILE] [--host 127.0.0.1] …`: runs the intake server until SIGINT /
 * SIGTERM (or `signal` aborts), then closes the database. Exit codes: 0 stopped cleanly, 1 failed, 2 usage.
 */
import { UsageError, consoleIo, defaultDbFile, flag, num, parseFlags, str, type Io, type Values } from './cli-util';
import { CONNECTION_LIMITS, DEFAULT_RATE_LIMITS, startIntakeServer, type RateLimits } from './server';
import { describeDb, openStore } from './open-store';
import { DEFAULT_PREFIX_TTL_S, createPrefixIndex } from './prefixes';
import type { ReportStore } from './store';

export const DEFAULT_INTAKE_PORT = 8790;

export const INTAKE_USAGE = `usage: npm run lists -- intake [options]

  --port N              TCP port (default ${DEFAULT_INTAKE_PORT}; 0 = any free port)
  --host ADDR           bind address (default 127.0.0.1; put a reverse proxy in front instead of exposing it)
  --db FILE|URL         SQLite file (default $SCAMSENTINEL_INTAKE_DB or ~/.local/share/scamsentinel/intake.sqlite),
                        or postgres://user:pass@host:5432/db — several intake processes may share one PostgreSQL
                        (idempotency and rate limits then hold across them)
  --trust-proxy N       trust N reverse-proxy hops of X-Forwarded-For for rate limiting (default 0)
  --rate-per-min N      reports a minute per client key (default ${DEFAULT_RATE_LIMITS.client.perMinute})
  --burst N             burst per client key (default ${DEFAULT_RATE_LIMITS.client.burst})
  --ip-rate-per-min N   requests a minute per address (default ${DEFAULT_RATE_LIMITS.ip.perMinute})
  --ip-burst N          burst per address (default ${DEFAULT_RATE_LIMITS.ip.burst})
  --max-connections N   open connections in all (default ${CONNECTION_LIMITS.maxConnections})
  --max-per-address N   open connections per peer address (default ${CONNECTION_LIMITS.maxConnectionsPerAddress}; not applied with --trust-proxy)
  --allow-origin O      allow only this browser origin (repeat; default: any chrome-/moz-extension:// origin)
  --published DIR       the folder \`lists publish\` writes: GET /v1/prefixes serves entries accepted in triage since its
                        manifest's \`issued\` (default: accepted in the last 7 days)
  --prefix-ttl S        cache lifetime of a /v1/prefixes answer (default ${DEFAULT_PREFIX_TTL_S} s; clients and CDN)
  --quiet               no per-request log lines
`;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Steps: flags → numeric options → open the store → start the server → wait for a stop → close both. */
export async function runIntakeCommand(argv: string[], io: Io = consoleIo, signal?: AbortSignal): Promise<number> {
  let values: Values;
  try {
    values = parseIntakeFlags(argv);
    if (flag(values, 'help')) {
      io.log(INTAKE_USAGE);
      return 0;
    }
  } catch (e: unknown) {
    if (!(e instanceof UsageError)) throw e;
    io.error(`${e.message}\n\n${INTAKE_USAGE}`);
    return 2;
  }
  let n: IntakeNumbers;
  try {
    n = intakeNumbers(values);
  } catch (e: unknown) {
    io.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const { limits, port } = n;
  const host = str(values, 'host') ?? '127.0.0.1';
  const dbFile = str(values, 'db') ?? defaultDbFile();
  const published = str(values, 'published');
  const origins = values['allow-origin'];
  const allowList = Array.isArray(origins) ? new Set(origins.filter((o): o is string => typeof o === 'string')) : null;

  let store: ReportStore;
  try {
    store = await openStore(dbFile);
  } catch (e: unknown) {
    io.error(`cannot open ${describeDb(dbFile)}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  let server;
  try {
    server = await startIntakeServer({
      store,
      host,
      port,
      limits,
      trustProxyHops: n.hops,
      maxConnections: n.maxConnections,
      maxConnectionsPerAddress: n.maxPerAddress,
      prefixes: { index: createPrefixIndex({ store, ...(published !== undefined ? { publishedDir: published } : {}) }), ttlS: n.prefixTtl },
      ...(allowList ? { allowOrigin: (o: string) => allowList.has(o) } : {}),
      ...(flag(values, 'quiet') ? {} : { onLog: io.log }),
    });
  } catch (e: unknown) {
    await store.close();
    io.error(`cannot listen on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (!LOOPBACK.has(host)) io.error(`warning: listening on ${host}, not loopback; prefer 127.0.0.1 behind a reverse proxy`);
  io.log(`intake: listening on ${server.url} (POST /v1/reports, GET /v1/reports/<id>, GET /v1/prefixes), db ${describeDb(dbFile)}`);

  await untilStopped(signal);
  await server.close();
  await store.close();
  io.log('intake: stopped');
  return 0;
}

/** Throws UsageError on an unknown or malformed flag. */
function parseIntakeFlags(argv: string[]): Values {
  return parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'trust-proxy': { type: 'string' },
    'rate-per-min': { type: 'string' },
    burst: { type: 'string' },
    'ip-rate-per-min': { type: 'string' },
    'ip-burst': { type: 'string' },
    'max-connections': { type: 'string' },
    'max-per-address': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    published: { type: 'string' },
    'prefix-ttl': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean' },
  }).values;
}

interface IntakeNumbers {
  readonly limits: RateLimits;
  readonly port: number;
  readonly hops: number;
  readonly prefixTtl: number;
  readonly maxConnections: number;
  readonly maxPerAddress: number;
}

/** The numeric flags with their defaults; throws on a value out of range. */
function intakeNumbers(values: Values): IntakeNumbers {
  const big = { min: 1, max: 1e9 };
  return {
    limits: {
      client: { burst: num(values, 'burst', big) ?? DEFAULT_RATE_LIMITS.client.burst, perMinute: num(values, 'rate-per-min', big) ?? DEFAULT_RATE_LIMITS.client.perMinute },
      ip: { burst: num(values, 'ip-burst', big) ?? DEFAULT_RATE_LIMITS.ip.burst, perMinute: num(values, 'ip-rate-per-min', big) ?? DEFAULT_RATE_LIMITS.ip.perMinute },
    },
    port: num(values, 'port', { min: 0, max: 65535, integer: true }) ?? DEFAULT_INTAKE_PORT,
    hops: num(values, 'trust-proxy', { min: 0, max: 10, integer: true }) ?? 0,
    prefixTtl: num(values, 'prefix-ttl', { min: 1, max: 3600, integer: true }) ?? DEFAULT_PREFIX_TTL_S,
    maxConnections: num(values, 'max-connections', { min: 1, max: 1e6, integer: true }) ?? CONNECTION_LIMITS.maxConnections,
    maxPerAddress: num(values, 'max-per-address', { min: 1, max: 1e6, integer: true }) ?? CONNECTION_LIMITS.maxConnectionsPerAddress,
  };
}

/** Resolves on SIGINT, SIGTERM or `signal` aborting (at once if it already has). */
function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted === true) stop();
    else signal?.addEventListener('abort', stop);
  });
}
