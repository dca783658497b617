// Runs every test: type checks (including the purity check of shared/), lint (eslint.config.mjs: the
// promise rules and the layering), the build the CLI tests use, then vitest. Ends with one line
// "N passed, N failed, N skipped" that CI reads; a failed type check, lint or build counts as one failed.
//
//   node scripts/run-tests.mjs [--skip-type-checks] [--skip-lint] [vitest arguments, e.g. test files or folders]
//
// --skip-type-checks skips both static checks (type checks and lint); --skip-lint skips lint only.
//
// Every tool runs on the Node running this script (not the first `node` on PATH), so
// `/path/to/node24 scripts/run-tests.mjs ...` tests that Node end to end, built programs included.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tool = (pkg, bin) => join(dirname(require.resolve(`${pkg}/package.json`)), bin);
const TSC = tool('typescript', 'bin/tsc');
const VITEST = tool('vitest', 'vitest.mjs');
const ESLINT = tool('eslint', 'bin/eslint.js');

function run(label, script, args) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

const args = process.argv.slice(2);
const skipTypeChecks = args.includes('--skip-type-checks');
const skipLint = skipTypeChecks || args.includes('--skip-lint');
const extra = args.filter((arg) => arg !== '--skip-type-checks' && arg !== '--skip-lint');

process.stdout.write(`Node ${process.version}\n`);
let failedSteps = 0;
const typeChecks = [
  ['shared/ (must stay pure: no Node, no DOM)', 'shared/tsconfig.json'],
  ['renderer/ (browser only)', 'renderer/tsconfig.json'],
  ['tests and benchmarks', 'test/tsconfig.json'],
  ["the renderer's tests", 'test/renderer/tsconfig.json'],
];
if (!skipTypeChecks) for (const [label, project] of typeChecks) failedSteps += run(`type check: ${label}`, TSC, ['-p', project, '--noEmit']) === 0 ? 0 : 1;
if (!skipLint) failedSteps += run('lint (npm run lint)', ESLINT, ['.']) === 0 ? 0 : 1;
const buildStatus = run('build', TSC, ['-p', 'tsconfig.json']);
failedSteps += buildStatus === 0 ? 0 : 1;
// The tests' own build step (test/support/build-for-run.ts) would only repeat the one just made.
if (buildStatus === 0) process.env.TAGLOCK_BUILT_FOR_RUN = '1';

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true }); // a report left by an earlier run must never be read as this one's
const status = run('tests', VITEST, ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = failedSteps;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed += results.numFailedTests + (results.numTotalTestSuites > 0 && results.success === false && results.numFailedTests === 0 ? 1 : 0);
  skipped = results.numPendingTests + results.numTodoTests;
} catch {
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
