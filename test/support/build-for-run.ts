// vitest globalSetup: compile the Node side (tsc -p tsconfig.json into dist/) once per test run, so the
// tests that start the built CLI and browser host as programs run this checkout's source, never an older
// build. `npm test` builds as its own step just before and says so with TAGLOCK_BUILT_FOR_RUN.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-files.js';

export default function buildForRun(): void {
  if (process.env.TAGLOCK_BUILT_FOR_RUN === '1') return;
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`the build for this test run failed (tsc -p tsconfig.json):\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`);
  }
}
