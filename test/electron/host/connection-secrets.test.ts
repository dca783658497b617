import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, ConnectionTestResult } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { call, value } from './http.js';
import { startTestHost } from './test-host.js';

// A secret belongs to the registry origin it was typed for. Through the real browser host (where
// secrets live in memory for the session) against a small registry that records what reaches it:
// after a URL change to another origin, Test asks for the secret again and sends nothing.
const SECRET = 'hunter2-secret';
const BASIC = `Basic ${Buffer.from(`alice:${SECRET}`).toString('base64')}`;

/** The same registry on two ports, so two origins; it records who sent what. */
const registries: Server[] = [];
const ports: number[] = [];
/** `port Authorization` of every request the registries received ('-' for none). */
const received: string[] = [];
let host: RunningHost;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const registry = createServer((req, res) => {
      const authorization = req.headers.authorization;
      received.push(`${(registry.address() as AddressInfo).port} ${authorization ?? '-'}`);
      if (!req.url?.endsWith('/v2/')) return void res.writeHead(404).end();
      if (authorization !== BASIC) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"' }).end();
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    registries.push(registry);
    ports.push((registry.address() as AddressInfo).port);
  }
  host = await startTestHost();
});

afterAll(async () => {
  await host?.close();
  for (const registry of registries) await new Promise((resolve) => registry.close(resolve));
});

const connection = (url: string, extra: { id?: string; secret?: string } = {}) => ({
  name: 'Lab',
  url,
  kind: 'oci',
  username: 'alice',
  caFile: null,
  insecure: false,
  projects: [],
  ...extra,
});

async function listed(id: string): Promise<Connection | undefined> {
  return (await value<Connection[]>(host.origin, host.token, 'listConnections')).find((c) => c.id === id);
}

describe('a session secret and the registry origin', () => {
  let id: string;

  it('is used for the origin it was typed for, also after a path change', async () => {
    const saved = await value<Connection>(host.origin, host.token, 'saveConnection', [connection(`http://127.0.0.1:${ports[0]}`, { secret: SECRET })]);
    id = saved.id;
    expect(saved.hasSecret).toBe(true);
    // Same origin, another path: still the same server.
    const moved = await value<Connection>(host.origin, host.token, 'saveConnection', [connection(`http://127.0.0.1:${ports[0]}/registry/`, { id })]);
    expect(moved.hasSecret).toBe(true);
    expect((await listed(id))?.hasSecret).toBe(true);
    received.length = 0;
    const result = await value<ConnectionTestResult>(host.origin, host.token, 'testConnection', [{ connectionId: id }]);
    expect(result.kind).toBe('oci');
    expect(received).toEqual([`${ports[0]} -`, `${ports[0]} ${BASIC}`]);
  });

  it('is dropped when the URL points at another origin: Test asks for it and sends nothing', async () => {
    // Another port is another origin, even on the same machine: a secret is never guessed to be safe to move.
    const moved = await value<Connection>(host.origin, host.token, 'saveConnection', [connection(`http://127.0.0.1:${ports[1]}`, { id })]);
    expect(moved.hasSecret).toBe(false);
    expect((await listed(id))?.hasSecret).toBe(false);
    received.length = 0;
    const answer = (await call(host.origin, host.token, 'testConnection', [{ connectionId: id }])).json();
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth', message: expect.stringContaining('enter the secret for alice') } });
    expect(received).toEqual([]);
  });

  it('is asked for again and then kept for the new origin', async () => {
    received.length = 0;
    const result = await value<ConnectionTestResult>(host.origin, host.token, 'testConnection', [{ connectionId: id, secret: SECRET }]);
    expect(result.kind).toBe('oci');
    expect(received).toEqual([`${ports[1]} -`, `${ports[1]} ${BASIC}`]);
    expect((await listed(id))?.hasSecret).toBe(true);
  });
});
