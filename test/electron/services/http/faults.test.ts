// The shared HTTP client against a real server that misbehaves: every fault ends in a retry that
// succeeds or a clear error with a stable code.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHarborSnapshot } from '../../../../electron/services/registry/harbor/harbor-snapshot.js';
import type { HarborServer } from '../../../support/harbor-server/index.js';
import { harborClient, startShop } from '../../../support/harbor-fixture.js';

let server: HarborServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const ARTIFACTS = /\/artifacts$/;

describe('faults while fetching', () => {
  it('retries 500 and 503 answers mid-fetch and completes', async () => {
    server = await startShop();
    server.faults.add({ kind: 'status', status: 500, pathPattern: ARTIFACTS, times: 2 });
    server.faults.add({ kind: 'status', status: 503, pathPattern: /\/repositories$/, times: 1 });
    const client = harborClient(server.url);
    const snapshot = await fetchHarborSnapshot(client);
    expect(snapshot.projects[0]!.repositories).toHaveLength(3);
    expect(client.http.stats.retries).toBe(3);
    await client.http.close();
  });

  it('honours Retry-After on 429', async () => {
    server = await startShop();
    server.faults.add({ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, pathPattern: /\/projects$/, times: 1 });
    const client = harborClient(server.url);
    const started = Date.now();
    await client.listProjects();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    await client.http.close();
  });

  it('retries a reset connection and a truncated answer', async () => {
    server = await startShop();
    server.faults.add({ kind: 'reset', pathPattern: ARTIFACTS, times: 1 });
    server.faults.add({ kind: 'truncate', pathPattern: ARTIFACTS, times: 1 });
    const client = harborClient(server.url);
    const snapshot = await fetchHarborSnapshot(client);
    expect(snapshot.projects[0]!.repositories.flatMap((r) => r.artifacts)).toHaveLength(5);
    expect(client.http.stats.retries).toBe(2);
    await client.http.close();
  });

  it('gives up with a clear error when the server keeps failing', async () => {
    server = await startShop();
    server.faults.add({ kind: 'status', status: 502, pathPattern: ARTIFACTS, times: Infinity });
    const client = harborClient(server.url);
    await expect(fetchHarborSnapshot(client)).rejects.toMatchObject({ code: 'server', message: expect.stringContaining('the server failed') });
    await client.http.close();
  });

  it('times out a stuck request', async () => {
    server = await startShop();
    server.faults.add({ kind: 'slow', delayMs: 3000, pathPattern: /\/projects$/, times: Infinity });
    const client = harborClient(server.url, undefined, { timeoutMs: 300, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 } });
    await expect(client.listProjects()).rejects.toMatchObject({ code: 'timeout' });
    await client.http.close();
  });

  it('names a login page (wrong content type) instead of failing on its HTML', async () => {
    server = await startShop();
    server.faults.add({ kind: 'contentType', pathPattern: /\/projects$/, times: 1 });
    const client = harborClient(server.url);
    await expect(client.listProjects()).rejects.toMatchObject({ code: 'server', message: expect.stringContaining('expected JSON, got text/html') });
    await client.http.close();
  });

  it('follows a redirect without sending credentials to another origin', async () => {
    server = await startShop();
    const other = await startShop();
    try {
      server.faults.add({ kind: 'redirect', location: `${other.url}/api/v2.0/projects`, pathPattern: /\/projects$/, times: 1 });
      const client = harborClient(server.url);
      const projects = await client.listProjects();
      expect(projects.map((p) => p.name)).toEqual([]); // anonymous on the other server: no private project
      const followed = other.requests.find((r) => r.path === '/api/v2.0/projects')!;
      expect(followed.principal).toBeNull();
      await client.http.close();
    } finally {
      await other.close();
    }
  });
});
