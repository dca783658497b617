// Runs in Node (tests).
/**
 * A connection's allowed token services, end to end: the real distribution registry with token auth,
 * whose token service listens on another port (another origin), reached through the real browser host.
 * Without the connection's permission the credentials never reach the token service and the error says
 * where to give it; with it, Test signs in there. The permission is a saved connection setting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, ConnectionTestResult } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { dockerRegistryUnavailable, skipWithoutDockerRegistry, startDockerRegistry, type DockerRegistry } from '../../support/docker-registry/index.js';
import { call, value } from './http.js';
import { startTestHost } from './test-host.js';

const alice = { username: 'alice', password: 'realm-Pa55word' };
const available = dockerRegistryUnavailable() === null;
let registry: DockerRegistry;
let host: RunningHost;

beforeAll(async () => {
  if (!available) return;
  registry = await startDockerRegistry({ auth: 'token', users: [alice], token: { grant: (_user, _resource, requested) => requested } });
  host = await startTestHost();
});

afterAll(async () => {
  await host?.close();
  await registry?.close();
});

function save(tokenRealms: string[] | undefined, id?: string): Promise<Connection> {
  // The registry and its token service are plain http on loopback: only an insecure connection sends there.
  const input = { name: 'Lab', url: registry.url, kind: 'oci', username: alice.username, caFile: null, insecure: true, projects: [], secret: alice.password, ...(id ? { id } : {}) };
  return value<Connection>(host.origin, host.token, 'saveConnection', [tokenRealms === undefined ? input : { ...input, tokenRealms }]);
}

describe('token services on another address', () => {
  it('get the credentials only when the saved connection allows them', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const realmOrigin = new URL(registry.tokenServer!.realm).origin;
    expect(realmOrigin).not.toBe(new URL(registry.url).origin);

    const strict = await save(undefined);
    expect(strict.tokenRealms).toEqual([]);
    const before = registry.tokenServer!.requests.length;
    const refused = (await call(host.origin, host.token, 'testConnection', [{ connectionId: strict.id }])).json() as { ok: boolean; value?: ConnectionTestResult; error?: { code: string; message: string } };
    const failure = refused.ok ? refused.value!.warnings.join(' ') : refused.error!.message;
    expect(failure).toContain(`token service on another address (${realmOrigin})`);
    expect(failure).toContain("the connection's Token services");
    expect(registry.tokenServer!.requests.slice(before).filter((r) => r.username !== null)).toEqual([]); // the credentials never left

    // The realm's path is dropped: the permission is for the server.
    const allowed = await save([`${registry.tokenServer!.realm}`, realmOrigin], strict.id);
    expect(allowed.tokenRealms).toEqual([realmOrigin]);
    expect((await value<Connection[]>(host.origin, host.token, 'listConnections')).find((c) => c.id === strict.id)?.tokenRealms).toEqual([realmOrigin]);
    const tested = await value<ConnectionTestResult>(host.origin, host.token, 'testConnection', [{ connectionId: strict.id }]);
    expect(tested.credentialsRejected).toBe(false);
    expect(registry.tokenServer!.requests.slice(before).some((r) => r.username === alice.username)).toBe(true);

    // Taking the permission back takes it back.
    await save([], strict.id);
    const afterRevoke = registry.tokenServer!.requests.length;
    const again = (await call(host.origin, host.token, 'testConnection', [{ connectionId: strict.id }])).json() as { ok: boolean; value?: ConnectionTestResult; error?: { message: string } };
    expect(again.ok ? again.value!.warnings.join(' ') : again.error!.message).toContain(realmOrigin);
    expect(registry.tokenServer!.requests.slice(afterRevoke).filter((r) => r.username !== null)).toEqual([]);
  });

  it('refuses a token service that is not an http(s) address, naming it', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    for (const [realm, message] of [
      ['auth.example.com', 'token service "auth.example.com" is not a URL'],
      ['ftp://auth.example.com', 'must start with https://'],
      ['https://user:pw@auth.example.com', 'must not carry credentials'],
    ] as const) {
      const answer = (await call(host.origin, host.token, 'saveConnection', [{ name: 'x', url: registry.url, kind: 'oci', username: null, caFile: null, insecure: false, projects: [], tokenRealms: [realm] }])).json();
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad-input' } });
      expect((answer as { error: { message: string } }).error.message).toContain(message);
    }
  });
});
