// Snapshot 2,000 repositories x 30 artifacts from the Harbor-faithful server (its own process) with 20 ms
// added to every answer, at 8, 16 and 32 requests in flight. Baseline, in the same run: a plain HTTP
// client (undici, the same pool size) replaying exactly the requests Taglock made, as many at once,
// reading each answer whole. One untimed round of each first (so JIT and the server are warm for both,
// as in measure.ts's bestOf), then the two alternate; each contender's best of three runs counts.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import type { HttpRequest } from '../../electron/services/http/http-client.js';
import { HttpClient } from '../../electron/services/http/http-client.js';
import { HarborClient } from '../../electron/services/registry/harbor/harbor-client.js';
import { fetchHarborSnapshot } from '../../electron/services/registry/harbor/harbor-snapshot.js';
import { report } from '../measure.js';

const LATENCY_MS = 20;
const RUNS = 3;
const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/harbor-server-process.ts', import.meta.url))], {
  env: { ...process.env, BENCH_LATENCY_MS: String(LATENCY_MS) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const { url } = JSON.parse(first) as { url: string };
const credentials = { username: 'bench', password: 'bench-password' };

/** Taglock's fetch at `concurrency`, with the URL of every request it made. */
async function taglockFetch(concurrency: number) {
  const http = new HttpClient({ baseUrl: url, credentials, proxyFromEnvironment: false, connections: Math.max(16, concurrency) });
  const urls: string[] = [];
  const send = http.request.bind(http);
  http.request = (req: HttpRequest) => {
    urls.push(http.resolve(req.path, req.query).href);
    return send(req);
  };
  const start = process.hrtime.bigint();
  const snapshot = await fetchHarborSnapshot(new HarborClient(http), { projects: ['bench'], concurrency });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await http.close();
  const repositories = snapshot.projects[0]!.repositories;
  return { ms, urls, repositories: repositories.length, artifacts: repositories.reduce((n, r) => n + r.artifacts.length, 0) };
}

/** The same requests from a plain client, `concurrency` at a time. */
async function replay(urls: readonly string[], concurrency: number): Promise<number> {
  const dispatcher = new Agent({ connections: concurrency });
  const headers = { accept: 'application/json', 'user-agent': 'taglock', authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const answer = await request(urls[next++]!, { headers, dispatcher });
        JSON.parse(await answer.body.text());
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await dispatcher.close();
  return ms;
}

const CONCURRENCIES = [8, 16, 32];
// The warm-up round: its figures are thrown away.
const warmUp = await taglockFetch(CONCURRENCIES.at(-1)!);
await replay(warmUp.urls, CONCURRENCIES.at(-1)!);

const rows = [];
for (const concurrency of CONCURRENCIES) {
  let taglock: Awaited<ReturnType<typeof taglockFetch>> | null = null;
  let plainMs = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const fetched = await taglockFetch(concurrency);
    if (taglock === null || fetched.ms < taglock.ms) taglock = fetched;
    plainMs = Math.min(plainMs, await replay(fetched.urls, concurrency));
  }
  rows.push({
    concurrency,
    requests: taglock!.urls.length,
    repositories: taglock!.repositories,
    artifacts: taglock!.artifacts,
    taglockMs: taglock!.ms,
    plainClientMs: plainMs,
    lowerBoundMs: (taglock!.urls.length / concurrency) * LATENCY_MS,
  });
}
child.kill();
report('harbor-fetch', { latencyMs: LATENCY_MS, runs: RUNS, rows });
