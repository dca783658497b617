import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection, SnapshotSummary, TaglockApi, TaglockEvent } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { startHost } from '../../../electron/host/start-host.js';
import { artifact, snapshotOf } from '../../support/snapshots.js';
import { call, openEvents, value } from './http.js';
import { throwawayRenderer } from './renderer-dir.js';
import { newDataDir, startTestHost } from './test-host.js';

// The wire protocol end to end: real HTTP, real AppServices, a temp data folder.
let host: RunningHost;
let dataDir: string;
beforeAll(async () => {
  dataDir = newDataDir();
  host = await startTestHost({ dataDir });
});
afterAll(() => host.close());

const input = (name: string, secret?: string) => ({
  name,
  url: 'https://harbor.example.test',
  kind: 'harbor',
  username: 'alice',
  caFile: null,
  insecure: false,
  projects: ['library'],
  ...(secret === undefined ? {} : { secret }),
});

describe('calls', () => {
  it('appInfo says browser, without keeping secrets', async () => {
    expect(await value(host.origin, host.token, 'appInfo')).toEqual({ version: expect.any(String), shell: 'browser', canKeepSecrets: false });
  });

  it('listSnapshots includes the demo', async () => {
    const list = await value<SnapshotSummary[]>(host.origin, host.token, 'listSnapshots');
    expect(list[0]).toMatchObject({ id: 'demo', demo: true });
  });

  it('saveConnection persists in the data folder; the secret stays in memory only', async () => {
    const saved = await value<Connection>(host.origin, host.token, 'saveConnection', [input('Prod', 'hunter2-secret')]);
    expect(saved).toMatchObject({ name: 'Prod', hasSecret: true });
    const list = await value<Connection[]>(host.origin, host.token, 'listConnections');
    expect(list).toEqual([expect.objectContaining({ id: saved.id, name: 'Prod', hasSecret: true })]);
    const files = readdirSync(dataDir);
    expect(files).toContain('connections.json');
    const stored = readFileSync(join(dataDir, 'connections.json'), 'utf8');
    expect(stored).toContain('Prod');
    expect(stored).not.toContain('hunter2-secret');
  });

  it('a new host on the same folder sees the connection, but not the session secret', async () => {
    const again = await startTestHost({ dataDir });
    try {
      const list = await value<Connection[]>(again.origin, again.token, 'listConnections');
      expect(list).toEqual([expect.objectContaining({ name: 'Prod', hasSecret: false })]);
    } finally {
      await again.close();
    }
  });

  it('importSnapshot of a malformed file: bad-input naming the field', async () => {
    const snapshot = snapshotOf({ nginx: [artifact(['v1'])] }) as unknown as { projects: { repositories: { artifacts: { digest: unknown }[] }[] }[] };
    snapshot.projects[0]!.repositories[0]!.artifacts[0]!.digest = 42;
    const answer = await call(host.origin, host.token, 'importSnapshot', [{ fileName: 'broken.json', text: JSON.stringify(snapshot) }]);
    expect(answer.status).toBe(200);
    const result = answer.json() as { ok: false; error: { code: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('bad-input');
    expect(result.error.message).toContain('broken.json');
    expect(result.error.message).toContain('projects[0].repositories[0].artifacts[0].digest');
  });

  it('importSnapshot of a good file stores it and lists it', async () => {
    const text = JSON.stringify(snapshotOf({ nginx: [artifact(['v1', 'latest'])] }));
    const summary = await value<SnapshotSummary>(host.origin, host.token, 'importSnapshot', [{ fileName: 'nginx.json', text }]);
    expect(summary).toMatchObject({ name: 'nginx', demo: false, tags: 2 });
    const list = await value<SnapshotSummary[]>(host.origin, host.token, 'listSnapshots');
    expect(list.map((s) => s.id)).toContain(summary.id);
    expect(existsSync(join(dataDir, 'snapshots', `${summary.id}.json`))).toBe(true);
  });

  it('an unknown method is an answer, not an HTTP failure: 200 with bad-input', async () => {
    const answer = await call(host.origin, host.token, 'dropDatabase', []);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('unknown method') } });
  });

  it('bad arguments and a missing args list are bad-input as data', async () => {
    expect((await call(host.origin, host.token, 'loadSnapshotIndex', [42])).json()).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect((await call(host.origin, host.token, 'appInfo', ['extra'])).json()).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const { send } = await import('./http.js');
    const noArgs = await send(host.origin, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/json', 'x-taglock-token': host.token },
      body: '{"method":"appInfo"}',
    });
    expect(noArgs.json()).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('services errors keep their code (not-found, bad-input)', async () => {
    const answer = await call(host.origin, host.token, 'deleteSnapshot', ['demo']);
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('demo') } });
  });
});

describe('the event stream', () => {
  it('is text/event-stream', async () => {
    const res = await fetch(`${host.origin}/api/events?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    await res.body?.cancel();
  });

  it('carries a real fetch failure (unreachable registry) as fetch-failed', async () => {
    const events = await openEvents(host.origin, host.token);
    try {
      const connection = await value<Connection>(host.origin, host.token, 'saveConnection', [
        { ...input('Nowhere'), url: 'http://127.0.0.1:1', username: null },
      ]);
      const { jobId } = await value<{ jobId: string }>(host.origin, host.token, 'fetchSnapshot', [{ connectionId: connection.id, projects: [] }]);
      let event: TaglockEvent;
      do event = (await events.next()) as TaglockEvent;
      while (event.type === 'fetch-progress');
      expect(event).toMatchObject({ type: 'fetch-failed', jobId, error: { code: 'network' } });
    } finally {
      events.close();
    }
  });
});

describe('with injected services', () => {
  it('fans every emitted event out to every connected page, in order, and sends keep-alives', async () => {
    let emit: (event: TaglockEvent) => void = () => undefined;
    const services = {
      appInfo: async () => {
        emit({ type: 'fetch-progress', jobId: 'j1', progress: { phase: 'tags', done: 1, total: 2, requests: 3, bytes: 4, etaSeconds: null } });
        emit({ type: 'fetch-failed', jobId: 'j1', error: { code: 'cancelled', message: 'line one\nline two' } });
        return { version: 'test', shell: 'browser' as const, canKeepSecrets: false };
      },
    } as Partial<TaglockApi> as TaglockApi;
    const test = await startHost({
      port: 0,
      rendererDir: throwawayRenderer(),
      keepAliveMs: 50,
      services: (e) => {
        emit = e;
        return services;
      },
    });
    try {
      const pages = [await openEvents(test.origin, test.token), await openEvents(test.origin, test.token)];
      expect(await value(test.origin, test.token, 'appInfo')).toMatchObject({ version: 'test' });
      for (const page of pages) {
        expect(await page.next()).toMatchObject({ type: 'fetch-progress', jobId: 'j1' });
        expect(await page.next()).toEqual({ type: 'fetch-failed', jobId: 'j1', error: { code: 'cancelled', message: 'line one\nline two' } });
        page.close();
      }
      const raw = await fetch(`${test.origin}/api/events?token=${test.token}`);
      const reader = raw.body!.getReader();
      let text = '';
      while (!text.includes(': keep-alive')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
    } finally {
      await test.close();
    }
  });

  it('an unexpected service failure is internal, without its message in the answer or the log', async () => {
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const test = await startHost({
      port: 0,
      rendererDir: throwawayRenderer(),
      services: { appInfo: async () => Promise.reject(new Error('boom with secret s3cr3t')) } as Partial<TaglockApi> as TaglockApi,
    });
    try {
      const answer = await call(test.origin, test.token, 'appInfo', []);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
      expect(answer.text).not.toContain('s3cr3t');
      const logged = log.mock.calls.map((c) => String(c[0])).join('');
      expect(logged).toContain('unexpected Error');
      expect(logged).not.toContain('s3cr3t');
    } finally {
      log.mockRestore();
      await test.close();
    }
  });

  it('close() ends open event streams and stops listening', async () => {
    const test = await startHost({ port: 0, rendererDir: throwawayRenderer(), services: {} as TaglockApi });
    const res = await fetch(`${test.origin}/api/events?token=${test.token}`);
    const reading = res.text();
    await test.close();
    await expect(reading).resolves.toContain(': connected');
    await expect(fetch(`${test.origin}/`)).rejects.toThrow();
  });
});
