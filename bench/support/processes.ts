// Helpers for benchmark sections that time whole processes (Taglock's command line, the Go program,
// a bare Node baseline): the built CLI, generated input files, and wall time and peak memory per run.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import buildForRun from '../../test/support/build-for-run.js';
import { REPO_ROOT } from '../../test/support/repo-files.js';

export const CLI = join(REPO_ROOT, 'dist/electron/cli/main.js');

/** Compiles the Node side into dist/ once, so the command line runs this checkout (as the tests do). */
export function buildCli(): void {
  buildForRun();
}

/**
 * Reports a Node process's peak memory (maxRSS) on stderr as it exits: loaded with --import into the
 * process being measured, Taglock's or the baseline's alike.
 */
export const PEAK_REPORTER = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(2, '\\nPEAK_RSS_KB ' + process.resourceUsage().maxRSS + '\\n'));",
)}`;

export interface ProcessRun {
  status: number | null;
  ms: number;
  /** Peak resident memory in MB (Node processes started with PEAK_REPORTER), else null. */
  peakMb: number | null;
  stderr: string;
}

/** Runs a program with stdin from a file (or nothing) and stdout thrown away; wall time from spawn to exit. */
export function runProcess(command: string, args: readonly string[], options: { stdinFile?: string } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const stdin = options.stdinFile === undefined ? 'ignore' : openSync(options.stdinFile, 'r');
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: [stdin, 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (typeof stdin === 'number') closeSync(stdin);
      const peak = /PEAK_RSS_KB (\d+)/.exec(stderr);
      resolve({ status, ms, peakMb: peak ? Math.round(Number(peak[1]) / 1024) : null, stderr: stderr.replace(/\n?PEAK_RSS_KB \d+\n?/, '') });
    });
  });
}

/** The fastest of `runs` runs (and the largest peak memory seen), failing loudly on a non-zero exit. */
export async function bestRun(runs: number, run: () => Promise<ProcessRun>): Promise<ProcessRun> {
  let best: ProcessRun | null = null;
  let peak: number | null = null;
  for (let i = 0; i < runs; i++) {
    const result = await run();
    if (result.status !== 0) throw new Error(`a measured process failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
    if (result.peakMb !== null) peak = Math.max(peak ?? 0, result.peakMb);
    if (best === null || result.ms < best.ms) best = result;
  }
  return { ...best!, peakMb: peak };
}

/** Writes a generated snapshot file repository by repository (any size, never one big string). */
export { writeSnapshotFile } from '../../test/support/write-snapshot-file.js';
