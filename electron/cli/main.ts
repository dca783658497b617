#!/usr/bin/env node
// Runs in Node.
/**
 * The `taglock` command line: one door onto the same engine and services as the app. Every failure ends
 * in one clear line on stderr and exit status 2, never a stack trace.
 */
import { packageInfo } from '../services/package-info.js';
import { TaglockError } from '../../shared/errors.js';
import { guardStream } from './terminal.js';
import { USAGE } from './usage.js';

// Each command is loaded when it runs: `taglock eval` in a script loop should not pay for the HTTP
// client and the publishing code at every start.
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'eval':
      return (await import('./commands/eval.js')).evalCommand(args, process.stdin, process.stdout, process.stderr);
    case 'simulate':
      return (await import('./commands/simulate.js')).simulateCommand(args, process.stdout, process.stderr);
    case 'lint':
      return (await import('./commands/lint.js')).lintCommand(args, process.stdout, process.stderr);
    case 'retention':
      return (await import('./commands/retention.js')).retentionCommand(args, process.stdout, process.stderr);
    case 'demo-snapshot':
      return (await import('./commands/demo.js')).demoSnapshotCommand(args);
    case 'snapshot':
      return (await import('./commands/snapshot.js')).snapshotCommand(args, process.stdin, process.stdout, process.stderr);
    case 'rules':
      return (await import('./commands/rules.js')).rulesCommand(args, process.stdin, process.stdout, process.stderr);
    case 'plan':
      return (await import('./commands/publish.js')).planCommand(args, process.stdin, process.stdout, process.stderr);
    case 'apply':
      return (await import('./commands/publish.js')).applyCommand(args, process.stdin, process.stdout, process.stderr);
    case 'export':
      return (await import('./commands/export.js')).exportCommand(args, process.stdout, process.stderr);
    case 'import':
      return (await import('./commands/import.js')).importCommand(args, process.stdout, process.stderr);
    case 'check':
      return (await import('./commands/check.js')).checkCommand(args, process.stdout, process.stderr);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case '--version':
      process.stdout.write(`${packageInfo().version}\n`);
      return 0;
    default:
      throw new TaglockError('bad-input', `unknown command ${JSON.stringify(command)} (see 'taglock help')`);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof TaglockError && error.code === 'bad-input') {
    process.stderr.write(`taglock: ${error.message}\n`);
    return 2;
  }
  if (error instanceof TaglockError && error.code === 'cancelled') {
    process.stderr.write(`taglock: ${error.message.split('\n')[0]}\n`);
    return 130; // as a shell reports a command ended by Ctrl-C
  }
  const code = error instanceof TaglockError ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`taglock: ${code === 'internal' ? 'unexpected failure' : code}: ${message.split('\n')[0]}\n`);
  // A refused or failed registry operation is not unusable input: 1, so scripts can tell the two apart.
  return 1;
}

// Nothing a server or a file says may steer the terminal (see terminal.ts).
guardStream(process.stdout);
guardStream(process.stderr);

// A closed pipe (`taglock eval | head`) is not an error worth a message.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

runCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
