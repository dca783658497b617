// OciRegistryClient against the REAL distribution registry with token (Bearer) auth: the registry
// answers 401 with `Bearer realm=...,service=...,scope=...`, the client gets a JWT from the token service
// in test/support/docker-registry/token-server.ts and retries; tokens are cached per scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../../../electron/services/http/http-client.js';
import { OciRegistryClient, fetchOciSnapshot } from '../../../../../electron/services/registry/oci/oci-client.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import {
  TOKEN_SERVICE,
  dockerRegistryUnavailable,
  pushImage,
  skipWithoutDockerRegistry,
  startDockerRegistry,
  type DockerRegistry,
  type PushedImage,
  type TokenRequestRecord,
} from '../../../../support/docker-registry/index.js';
import { ociClients, rejection } from './clients.js';

const available = dockerRegistryUnavailable() === null;
// The token service listens on its own port: another origin, which the connection must allow.
let tokenRealm: string | null = null;
const { clientFor, closeAll, track } = ociClients(1, () => (tokenRealm === null ? [] : [tokenRealm]));
const alice = { username: 'alice', password: 'token-Pa55word' };
/** May read everything but `private/...`. */
const bob = { username: 'bob', password: 'bobs-own-pa55' };

/** How many token requests asked for each scope set. */
function countByScopes(records: readonly TokenRequestRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) {
    const key = r.scopes.join(' ') || '(none)';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

afterAll(closeAll);

describe('plain registry with token (Bearer) auth', () => {
  let registry: DockerRegistry;
  const pushed: Record<string, PushedImage> = {};
  /** Token requests made after the set-up pushes. */
  const since = (start: number) => registry.tokenServer!.requests.slice(start);

  beforeAll(async () => {
    if (!available) return;
    registry = await startDockerRegistry({
      auth: 'token',
      users: [alice, bob],
      token: { grant: (user, resource, requested) => (user === null || (user === 'bob' && resource.name.startsWith('private/')) ? [] : requested) },
    });
    tokenRealm = registry.tokenServer!.realm;
    pushed.app = await pushImage(registry.url, 'shop/app', { tags: ['1.0', '1.1', 'latest'], credentials: alice });
    pushed.index = await pushImage(registry.url, 'shop/multi', { tags: ['v1'], index: true, credentials: alice });
    pushed.solo = await pushImage(registry.url, 'solo', { tags: ['a', 'b'], credentials: alice });
    pushed.secret = await pushImage(registry.url, 'private/vault', { tags: ['s'], credentials: alice });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('ping reports the Bearer challenge and checks the credentials with a scope-less token', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const start = registry.tokenServer!.requests.length;
    const result = await clientFor(registry.url, alice).ping();
    expect(result).toEqual({ scheme: 'bearer', realm: registry.tokenServer!.realm, service: TOKEN_SERVICE, scope: null, apiVersion: 'registry/2.0' });
    expect(since(start)).toEqual([{ username: 'alice', service: TOKEN_SERVICE, scopes: [], status: 200 }]);
  });

  it('answers the challenge with a token, cached per scope (one token request per scope)', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const start = registry.tokenServer!.requests.length;
    const client = clientFor(registry.url, alice);
    expect(await client.listRepositories({ pageSize: 1 })).toEqual(['private/vault', 'shop/app', 'shop/multi', 'solo']);
    expect(await client.listTags('shop/app')).toEqual(['1.0', '1.1', 'latest']);
    for (const tag of ['1.0', '1.1', 'latest']) expect((await client.resolveDigest('shop/app', tag)).digest).toBe(pushed.app!.digest);
    expect((await client.getManifest('shop/multi', 'v1')).references).toEqual(pushed.index!.children.map((c) => c.digest));
    expect(await client.listTags('shop/app')).toEqual(['1.0', '1.1', 'latest']);
    expect(await client.listRepositories({ pageSize: 2 })).toHaveLength(4);

    const records = since(start);
    expect(records.every((r) => r.username === 'alice' && r.status === 200 && r.service === TOKEN_SERVICE)).toBe(true);
    expect(countByScopes(records)).toEqual({
      'registry:catalog:*': 1,
      'repository:shop/app:pull': 1,
      'repository:shop/multi:pull': 1,
    });
    expect(client.tokenRequests).toBe(3);
  });

  it('fetches tokens ahead of requests once the realm is known, sharing one request per scope', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const start = registry.tokenServer!.requests.length;
    const client = clientFor(registry.url, alice);
    await client.listRepositories();
    const afterCatalog = client.stats.requests;
    // Three concurrent reads of one new scope: one token request, and no 401 round trips.
    const digests = await Promise.all(['a', 'b', 'a'].map((tag) => client.resolveDigest('solo', tag)));
    expect(new Set(digests.map((d) => d.digest))).toEqual(new Set([pushed.solo!.digest]));
    expect(client.stats.requests - afterCatalog).toBe(1 + 3);
    expect(countByScopes(since(start))).toEqual({ 'registry:catalog:*': 1, 'repository:solo:pull': 1 });
  });

  it('builds a snapshot through the token flow, one token per repository', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const start = registry.tokenServer!.requests.length;
    const client = clientFor(registry.url, alice);
    const snapshot = await fetchOciSnapshot(client, { concurrency: 4 });
    validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
    expect(snapshot.projects.map((p) => [p.name, p.repositories.map((r) => r.name)])).toEqual([
      ['', ['solo']],
      ['private', ['vault']],
      ['shop', ['app', 'multi']],
    ]);
    const multi = snapshot.projects[2]!.repositories[1]!;
    expect(multi.artifacts[0]!.references).toEqual(pushed.index!.children.map((c) => c.digest));
    expect(countByScopes(since(start))).toEqual({
      'registry:catalog:*': 1,
      'repository:private/vault:pull': 1,
      'repository:shop/app:pull': 1,
      'repository:shop/multi:pull': 1,
      'repository:solo:pull': 1,
    });
  });

  it('honours expires_in: an expired token is fetched again', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const settings = registry.tokenServer!.settings;
    settings.expiresIn = 60;
    try {
      const start = registry.tokenServer!.requests.length;
      // The client's clock jumps instead of the test sleeping (the registry itself allows 60 s of skew).
      let skew = 0;
      const http = track(new HttpClient({ baseUrl: registry.url, credentials: alice, proxyFromEnvironment: false, allowedTokenRealms: [registry.tokenServer!.realm], insecure: true }));
      const client = new OciRegistryClient(http, { now: () => Date.now() + skew });
      await client.listTags('solo');
      skew = 30_000;
      await client.listTags('solo');
      expect(since(start)).toHaveLength(1);
      skew = 60_000;
      await client.listTags('solo');
      expect(countByScopes(since(start))).toEqual({ 'repository:solo:pull': 2 });
    } finally {
      settings.expiresIn = 300;
    }
  });

  it('reads the token from access_token when the service sends only that', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const settings = registry.tokenServer!.settings;
    settings.tokenField = 'access_token';
    try {
      expect(await clientFor(registry.url, alice).listTags('shop/app')).toEqual(['1.0', '1.1', 'latest']);
    } finally {
      settings.tokenField = 'both';
    }
  });

  it('sends the credentials to a token service on another address only when the connection allows it', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const start = registry.tokenServer!.requests.length;
    const strict = new OciRegistryClient(track(new HttpClient({ baseUrl: registry.url, credentials: alice, proxyFromEnvironment: false })));
    const refused = await rejection(strict.listTags('shop/app'));
    expect(refused.code).toBe('auth');
    expect(refused.message).toContain(`--token-realm ${new URL(registry.tokenServer!.realm).origin}`);
    // Allowed, but the realm is plain http on another address: only an insecure connection sends there.
    const allowedOnly = new OciRegistryClient(
      track(new HttpClient({ baseUrl: registry.url, credentials: alice, proxyFromEnvironment: false, allowedTokenRealms: [registry.tokenServer!.realm] })),
    );
    expect((await rejection(allowedOnly.listTags('shop/app'))).message).toMatch(/unencrypted token service/);
    expect(registry.tokenServer!.requests.length).toBe(start); // the credentials never left
    // Without credentials nothing is at stake: anonymous tokens come from any realm.
    const anonymous = new OciRegistryClient(track(new HttpClient({ baseUrl: registry.url, credentials: null, proxyFromEnvironment: false })));
    expect((await rejection(anonymous.listTags('shop/app'))).code).toBe('auth'); // the token grants anonymous nothing here
    expect(registry.tokenServer!.requests.length).toBeGreaterThan(start);
  });

  it('a wrong password is a clear auth error from the token service, without the password', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const wrong = { username: 'alice', password: 'WRONG-secret-value' };
    for (const attempt of [
      (c: OciRegistryClient) => c.ping(),
      (c: OciRegistryClient) => c.listRepositories(),
      (c: OciRegistryClient) => c.resolveDigest('shop/app', '1.0'),
      (c: OciRegistryClient) => fetchOciSnapshot(c),
    ]) {
      const error = await rejection(attempt(clientFor(registry.url, wrong)));
      expect(error.code).toBe('auth');
      expect(error.message).toMatch(/token service http:\/\/127\.0\.0\.1:\d+\/token refused the sign-in/);
      expect(error.message).not.toContain(wrong.password);
      expect(error.message).not.toContain(Buffer.from(`alice:${wrong.password}`).toString('base64'));
    }
  });

  it('a token without access (second 401) is an auth error: anonymous, or a user without rights', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const anonymous = clientFor(registry.url);
    const error = await rejection(anonymous.listTags('shop/app'));
    expect(error.code).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toContain('refused the token');
    expect(error.message).toContain('"repository:shop/app:pull"');

    const start = registry.tokenServer!.requests.length;
    const client = clientFor(registry.url, bob);
    expect(await client.listTags('shop/app')).toEqual(['1.0', '1.1', 'latest']);
    const denied = await rejection(client.listTags('private/vault'));
    expect(denied.code).toBe('auth');
    expect(denied.message).toContain('"repository:private/vault:pull"');
    expect(denied.message).not.toContain(bob.password);
    // The refused token was fetched once after the first 401, and the request retried once.
    expect(countByScopes(since(start))).toEqual({ 'repository:shop/app:pull': 1, 'repository:private/vault:pull': 1 });
    const snapshotError = await rejection(fetchOciSnapshot(clientFor(registry.url, bob)));
    expect(snapshotError.code).toBe('auth');
  });

  it('works when tokens name their key by certificate chain (x5c) instead of kid', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const x5c = await startDockerRegistry({ auth: 'token', users: [alice], token: { keyReference: 'x5c' } });
    try {
      const image = await pushImage(x5c.url, 'team/app', { tags: ['1'], credentials: alice });
      const client = new OciRegistryClient(
        track(new HttpClient({ baseUrl: x5c.url, credentials: alice, proxyFromEnvironment: false, allowedTokenRealms: [x5c.tokenServer!.realm], insecure: true })),
      );
      expect(await client.listRepositories()).toEqual(['team/app']);
      expect((await client.resolveDigest('team/app', '1')).digest).toBe(image.digest);
    } finally {
      await x5c.close();
    }
  });
});
