// Snapshot 2,000 repositories x 30 artifacts from the Harbor-faithful server with 20 ms added to every
// answer, at the default concurrency. Baseline: the lower bound requests / concurrency x 20 ms.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HttpClient } from '../../electron/services/http/http-client.js';
import { HarborClient } from '../../electron/services/registry/harbor/harbor-client.js';
import { DEFAULT_CONCURRENCY, fetchHarborSnapshot } from '../../electron/services/registry/harbor/harbor-snapshot.js';
import { report } from '../measure.js';

const LATENCY_MS = 20;
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/harbor-server-process.ts', import.meta.url))], {
  env: { ...process.env, BENCH_LATENCY_MS: String(LATENCY_MS) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const { url } = JSON.parse(first) as { url: string };
const client = new HarborClient(new HttpClient({ baseUrl: url, credentials: { username: 'bench', password: 'bench-password' }, proxyFromEnvironment: false }));
const run = await (async () => {
  const start = process.hrtime.bigint();
  const snapshot = await fetchHarborSnapshot(client, { projects: ['bench'] });
  return { snapshot, ms: Number(process.hrtime.bigint() - start) / 1e6 };
})();
await client.http.close();
child.kill();
const requests = client.http.stats.requests;
report('harbor-fetch', {
  repositories: run.snapshot.projects[0]!.repositories.length,
  artifacts: run.snapshot.projects[0]!.repositories.reduce((n, r) => n + r.artifacts.length, 0),
  requests,
  concurrency: DEFAULT_CONCURRENCY,
  latencyMs: LATENCY_MS,
  wallMs: run.ms,
  lowerBoundMs: (requests / DEFAULT_CONCURRENCY) * LATENCY_MS,
});
