/**
 * Standalone entry: `tsx src/maintainer/intake/main.ts intake [options]` or `… triage <command> [options]`
 * (the same commands as `npm run lists -- intake|triage …`).
 */
import { runIntakeCommand } from './intake-cli';
import { runTriageCommand } from './triage-cli';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'intake') return runIntakeCommand(rest);
  if (cmd === 'triage') return runTriageCommand(rest);
  console.error('usage: tsx src/maintainer/intake/main.ts intake|triage [options]   (--help for each)');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  },
);
