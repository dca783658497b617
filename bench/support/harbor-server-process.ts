// Runs the Harbor-faithful server in its own process for benchmarks, so the client under test does
// not share an event loop (and a core) with it. Prints its URL as one JSON line, then serves until killed.
import { startHarborServer } from '../../test/support/harbor-server/index.js';

const repositories = Number(process.env.BENCH_REPOSITORIES ?? 2000);
const artifactsPerRepository = Number(process.env.BENCH_ARTIFACTS ?? 30);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);

let n = 0;
const digest = () => `sha256:${(++n).toString(16).padStart(64, '0')}`;
const server = await startHarborServer({
  latencyMs,
  validate: false,
  users: [{ username: 'bench', password: 'bench-password', roles: { bench: 'projectAdmin' } }],
  projects: [
    {
      name: 'bench',
      repositories: Array.from({ length: repositories }, (_, r) => ({
        name: `team-${r % 20}/service-${r}`,
        artifacts: Array.from({ length: artifactsPerRepository }, (_, a) => ({ digest: digest(), tags: [`v1.${a}.0`, ...(a === 0 ? ['latest'] : [])] })),
      })),
      rules: [],
    },
  ],
});
process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
