// Test helper (Node): the built `taglock` command line as a child process, the way scripts run it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-files.js';

export const CLI = join(REPO_ROOT, 'dist/electron/cli/main.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when stdout (or stderr) has printed something matching. */
  waitFor(pattern: RegExp): Promise<void>;
  done: Promise<CliResult>;
}

let scratchDataDir: string | null = null;
/** A data folder for commands whose test names none, so no test writes into the user's real one. */
function scratchData(): string {
  return (scratchDataDir ??= mkdtempSync(join(tmpdir(), 'taglock-cli-data-')));
}

export function startTaglock(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): RunningCli {
  const env = { ...process.env, TAGLOCK_DATA_DIR: scratchData(), ...options.env };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stdout) || waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (d) => {
    stdout += d;
    check();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
    check();
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
  child.stdin.end(options.stdin ?? '');
  return {
    child,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern) =>
      new Promise<void>((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      }),
    done,
  };
}

export function taglock(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return startTaglock(args, options).done;
}
