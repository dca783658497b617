// Runs every test: type checks (including the purity check of shared/), the build the CLI tests use,
// then vitest. Ends with one line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
function run(label, command, args) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

let failedSteps = 0;
const typeChecks = [
  ['shared/ (must stay pure: no Node, no DOM)', 'shared/tsconfig.json'],
  ['renderer/ (browser only)', 'renderer/tsconfig.json'],
  ['tests and benchmarks', 'test/tsconfig.json'],
  ["the renderer's tests", 'test/renderer/tsconfig.json'],
];
for (const [label, project] of typeChecks) failedSteps += run(`type check: ${label}`, npx, ['tsc', '-p', project, '--noEmit']) === 0 ? 0 : 1;
failedSteps += run('build', npx, ['tsc', '-p', 'tsconfig.json']) === 0 ? 0 : 1;

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const extra = process.argv.slice(2);
const status = run('tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

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
