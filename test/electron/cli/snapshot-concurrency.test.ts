// `taglock snapshot --concurrency N` as scripts run it: N artifact requests really are in flight at once
// at the server (the connection pool grows with N past its default of 16), and never more than N
// beside the listing's own requests.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { startHarborServer } from '../../support/harbor-server/index.js';
import { taglock } from '../../support/cli.js';

const USER = { username: 'fetcher', password: 'fetcher-secret' };
const REPOSITORIES = 80;
let server: HarborServer;
let dir: string;
/** The most artifact requests the server was answering at once. */
let mostInFlight = 0;

beforeAll(async () => {
  let n = 0;
  server = await startHarborServer({
    // Long enough that every request the client has sent is still open when the next one arrives.
    latencyMs: 150,
    users: [{ ...USER, roles: { wide: 'projectAdmin' } }],
    projects: [
      {
        name: 'wide',
        repositories: Array.from({ length: REPOSITORIES }, (_, r) => ({
          name: `app-${r}`,
          artifacts: [{ digest: `sha256:${(++n).toString(16).padStart(64, '0')}`, tags: ['v1'] }],
        })),
        rules: [],
      },
    ],
  });
  server.observe(() => {
    const open = server.requests.filter((r) => r.status === -1 && r.path.endsWith('/artifacts')).length;
    mostInFlight = Math.max(mostInFlight, open);
  });
  dir = mkdtempSync(join(tmpdir(), 'taglock-cli-concurrency-'));
});
afterAll(async () => {
  expect(server.contractProblems).toEqual([]);
  await server.close();
});

async function snapshotWith(concurrency: number): Promise<number> {
  mostInFlight = 0;
  const out = join(dir, `wide-${concurrency}.json`);
  const args = ['snapshot', '--url', server.url, '--username', USER.username, '--password-stdin', '--project', 'wide', '--concurrency', String(concurrency), '--out', out];
  const { status, stderr } = await taglock(args, { stdin: USER.password });
  expect(stderr).not.toContain(USER.password);
  expect(status).toBe(0);
  expect(JSON.parse(readFileSync(out, 'utf8')).projects[0].repositories).toHaveLength(REPOSITORIES);
  return mostInFlight;
}

describe('taglock snapshot --concurrency', () => {
  it('keeps 32 artifact requests in flight, past the default pool of 16 connections', async () => {
    const most = await snapshotWith(32);
    expect(most).toBeGreaterThan(16);
    expect(most).toBeLessThanOrEqual(32);
  });

  it('keeps no more than 4 in flight when asked for 4', async () => {
    const most = await snapshotWith(4);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });
});
