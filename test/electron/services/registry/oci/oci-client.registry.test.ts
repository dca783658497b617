// OciRegistryClient and fetchOciSnapshot against the REAL CNCF distribution registry (Debian's
// docker-registry 2.8), without auth and with htpasswd (Basic) auth. Token auth: oci-client.token.test.ts.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciRegistryClient, fetchOciSnapshot, type OciSnapshotProgress } from '../../../../../electron/services/registry/oci/oci-client.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import {
  dockerRegistryUnavailable,
  pushImage,
  skipWithoutDockerRegistry,
  startDockerRegistry,
  type DockerRegistry,
  type PushedImage,
} from '../../../../support/docker-registry/index.js';
import { ociClients, rejection } from './clients.js';

const execFileAsync = promisify(execFile);
const available = dockerRegistryUnavailable() === null;
const { clientFor, closeAll } = ociClients(1);

afterAll(closeAll);

describe('plain registry without auth', () => {
  let registry: DockerRegistry;
  const pushed: Record<string, PushedImage> = {};

  beforeAll(async () => {
    if (!available) return;
    registry = await startDockerRegistry({ auth: 'none' });
    const url = registry.url;
    // Several tags on one digest; a second image; an OCI index; Docker v2 schema 2 manifests.
    pushed.app1 = await pushImage(url, 'shop/team/app', { tags: ['v1', 'v1.0', 'latest'] });
    pushed.app2 = await pushImage(url, 'shop/team/app', { tags: ['v2', 'edge'], layers: 2 });
    pushed.web = await pushImage(url, 'shop/web', { tags: ['1.0', 'stable'], index: true });
    pushed.nginx1 = await pushImage(url, 'nginx', { tags: ['1.25', 'mainline'], format: 'docker' });
    pushed.nginx2 = await pushImage(url, 'nginx', { tags: ['1.24'], format: 'docker', index: true });
    pushed.redis = await pushImage(url, 'library/redis', { tags: ['7'] });
    // In the catalog, but with no tag: distribution answers 404 to its tags/list.
    pushed.untagged = await pushImage(url, 'scratch/untagged', { tags: [] });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('ping detects that no auth is needed', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const result = await clientFor(registry.url).ping();
    expect(result).toEqual({ scheme: 'none', realm: null, service: null, scope: null, apiVersion: 'registry/2.0' });
  });

  it('lists the catalog over several pages (n=2), following Link', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const pages: { repositories: string[]; total: number; page: number }[] = [];
    const names = await client.listRepositories({ pageSize: 2, onPage: (p) => pages.push(p) });
    expect(names).toEqual(['library/redis', 'nginx', 'scratch/untagged', 'shop/team/app', 'shop/web']);
    expect(pages.length).toBe(3);
    expect(pages.map((p) => p.repositories.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)!.total).toBe(5);
    // One page with the default n=100.
    const again = clientFor(registry.url);
    const single: number[] = [];
    expect(await again.listRepositories({ onPage: (p) => single.push(p.page) })).toEqual(names);
    expect(single).toEqual([1]);
  });

  it('lists tags sorted and complete (distribution 2.8 answers them unsorted and ignores n)', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    expect(await client.listTags('shop/team/app', { pageSize: 2 })).toEqual(['edge', 'latest', 'v1', 'v1.0', 'v2']);
    expect(await client.listTags('nginx')).toEqual(['1.24', '1.25', 'mainline']);
    const missing = await rejection(client.listTags('no/such/repo'));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('"no/such/repo"');
    const invalid = await rejection(client.listTags('Bad/../Name'));
    expect(invalid.code).toBe('bad-input');
  });

  it('resolves tags to digests with HEAD: several tags on one digest, OCI and Docker types, indexes not narrowed', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const before = client.stats.requests;
    const v1 = await client.resolveDigest('shop/team/app', 'v1');
    expect(v1).toEqual({ digest: pushed.app1!.digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: pushed.app1!.size });
    expect((await client.resolveDigest('shop/team/app', 'latest')).digest).toBe(pushed.app1!.digest);
    expect((await client.resolveDigest('shop/team/app', 'v2')).digest).toBe(pushed.app2!.digest);
    expect(client.stats.requests - before).toBe(3); // HEAD only: the header carried the digest
    expect(await client.resolveDigest('shop/web', 'stable')).toEqual({ digest: pushed.web!.digest, mediaType: 'application/vnd.oci.image.index.v1+json', size: pushed.web!.size });
    expect(await client.resolveDigest('nginx', '1.25')).toMatchObject({ digest: pushed.nginx1!.digest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
    expect(await client.resolveDigest('nginx', '1.24')).toMatchObject({ digest: pushed.nginx2!.digest, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' });
    // By digest, too.
    expect((await client.resolveDigest('shop/web', pushed.web!.children[0]!.digest)).digest).toBe(pushed.web!.children[0]!.digest);
    const missing = await rejection(client.resolveDigest('shop/team/app', 'v9'));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toContain('tag "v9" not found in repository "shop/team/app"');
  });

  it('reads an index with its children (references), and an image manifest with config and layers', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const index = await client.getManifest('shop/web', '1.0');
    expect(index.digest).toBe(pushed.web!.digest);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.size).toBe(pushed.web!.size);
    expect(index.references).toEqual(pushed.web!.children.map((c) => c.digest));
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ]);
    const list = await client.getManifest('nginx', '1.24');
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(list.references).toEqual(pushed.nginx2!.children.map((c) => c.digest));

    const image = await client.getManifest('shop/team/app', pushed.app2!.digest);
    expect(image.digest).toBe(pushed.app2!.digest);
    expect(image.references).toEqual([]);
    expect(image.config?.digest).toBe(pushed.app2!.configDigest);
    expect(image.layers.map((l) => l.digest)).toEqual(pushed.app2!.layerDigests);
  });

  it('agrees with skopeo on digests (when skopeo is installed)', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    if (!existsSync('/usr/bin/skopeo')) ctx.skip('skopeo is not installed (apt package skopeo): cross-check skipped');
    const client = clientFor(registry.url);
    const host = new URL(registry.url).host;
    for (const [repository, tag] of [['shop/web', 'stable'], ['nginx', '1.25']] as const) {
      const { stdout } = await execFileAsync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/${repository}:${tag}`], {
        encoding: 'buffer',
        env: { ...process.env, HOME: registry.dir },
      });
      const digest = `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
      expect((await client.resolveDigest(repository, tag)).digest).toBe(digest);
    }
  });

  it('builds a snapshot grouped by project as Harbor would', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const progress: OciSnapshotProgress[] = [];
    const snapshot = await fetchOciSnapshot(client, { concurrency: 3, pageSize: 2, onProgress: (p) => progress.push(p), now: () => new Date('2026-11-01T12:00:00.123Z') });
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(snapshot.fetchedAt).toBe('2026-11-01T12:00:00Z');
    expect(snapshot.registry).toEqual({ url: registry.url, kind: 'oci', harborVersion: null, dialect: 'v1.3.4' });

    const shape = snapshot.projects.map((p) => ({ project: p.name, id: p.id, rules: p.rules, repositories: p.repositories.map((r) => r.name) }));
    expect(shape).toEqual([
      { project: '', id: null, rules: null, repositories: ['nginx'] },
      { project: 'library', id: null, rules: null, repositories: ['redis'] },
      { project: 'scratch', id: null, rules: null, repositories: ['untagged'] },
      { project: 'shop', id: null, rules: null, repositories: ['team/app', 'web'] },
    ]);
    const repo = (project: string, name: string) => snapshot.projects.find((p) => p.name === project)!.repositories.find((r) => r.name === name)!;

    const app = repo('shop', 'team/app');
    expect(app.artifacts).toHaveLength(2);
    const byDigest = new Map(app.artifacts.map((a) => [a.digest, a]));
    expect(byDigest.get(pushed.app1!.digest)!.tags.map((t) => t.name)).toEqual(['latest', 'v1', 'v1.0']);
    expect(byDigest.get(pushed.app2!.digest)!.tags.map((t) => t.name)).toEqual(['edge', 'v2']);
    expect(byDigest.get(pushed.app1!.digest)).toMatchObject({
      type: 'application/vnd.oci.image.manifest.v1+json',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: null,
      pushTime: null,
      pullTime: null,
      references: [],
    });
    for (const artifact of app.artifacts) for (const tag of artifact.tags) expect(tag).toMatchObject({ pushTime: null, pullTime: null, immutable: null });

    const web = repo('shop', 'web');
    expect(web.artifacts).toHaveLength(1);
    expect(web.artifacts[0]).toMatchObject({ digest: pushed.web!.digest, mediaType: 'application/vnd.oci.image.index.v1+json', references: pushed.web!.children.map((c) => c.digest) });
    expect(web.artifacts[0]!.tags.map((t) => t.name)).toEqual(['1.0', 'stable']);

    const nginx = repo('', 'nginx');
    expect(nginx.artifacts.map((a) => a.tags.map((t) => t.name)).sort()).toEqual([['1.24'], ['1.25', 'mainline']]);
    expect(nginx.artifacts.find((a) => a.digest === pushed.nginx2!.digest)!.references).toEqual(pushed.nginx2!.children.map((c) => c.digest));
    expect(repo('scratch', 'untagged').artifacts).toEqual([]);

    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['repositories', 'tags', 'digests', 'manifests', 'done']);
    const digests = progress.filter((p) => p.phase === 'digests');
    expect(digests.at(-1)).toMatchObject({ done: 11, total: 11 }); // 5 + 2 + 3 + 1 tags
    expect(progress.at(-1)!.requests).toBe(client.stats.requests);
    expect(progress.at(-1)!.bytes).toBeGreaterThan(0);
  });

  it('reads only the repositories asked for, without the catalog', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const snapshot = await fetchOciSnapshot(client, { repositories: ['shop/web', 'nginx', 'shop/web'] });
    expect(snapshot.projects.map((p) => [p.name, p.repositories.map((r) => r.name)])).toEqual([
      ['', ['nginx']],
      ['shop', ['web']],
    ]);
    const missing = await rejection(fetchOciSnapshot(clientFor(registry.url), { repositories: ['shop/nothing'] }));
    expect(missing.code).toBe('not-found');
  });

  it('stops when cancelled mid-fetch, with a cancelled error and no further requests', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url);
    const controller = new AbortController();
    const error = await rejection(
      fetchOciSnapshot(client, {
        concurrency: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'digests' && p.done === 2) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    const requests = client.stats.requests;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.stats.requests).toBe(requests);
    // 1 catalog page + 5 tag lists + the HEADs up to the abort (2, plus at most the other worker's one).
    expect(requests).toBeLessThanOrEqual(1 + 5 + 3);

    const early = new AbortController();
    early.abort();
    expect((await rejection(fetchOciSnapshot(clientFor(registry.url), { signal: early.signal }))).code).toBe('cancelled');

    // Cancelled while the next catalog page is in flight (the abort comes a turn after page 1 is read).
    const inFlight = new AbortController();
    const pending = fetchOciSnapshot(clientFor(registry.url), {
      signal: inFlight.signal,
      pageSize: 1,
      onProgress: (p) => {
        if (p.phase === 'repositories' && p.done === 1) setTimeout(() => inFlight.abort(), 0);
      },
    });
    const inFlightError = await rejection(pending);
    expect(inFlightError.code).toBe('cancelled');
    expect(inFlightError.message).toContain('cancelled');
  });
});

describe('plain registry with htpasswd (Basic) auth', () => {
  let registry: DockerRegistry;
  const users = [
    { username: 'alice', password: 'Alice-s3cret!' },
    { username: 'bob', password: 'b0b:with:colons' },
  ];
  let image: PushedImage;

  beforeAll(async () => {
    if (!available) return;
    registry = await startDockerRegistry({ auth: 'htpasswd', users });
    image = await pushImage(registry.url, 'team/app', { tags: ['1.0', 'latest'], credentials: users[0]! });
    await pushImage(registry.url, 'solo', { tags: ['x'], credentials: users[1]! });
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('signs in with Basic credentials', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const client = clientFor(registry.url, users[1]);
    expect(await client.ping()).toMatchObject({ scheme: 'basic', realm: 'taglock-test' });
    expect(await client.listRepositories()).toEqual(['solo', 'team/app']);
    expect(await client.listTags('team/app')).toEqual(['1.0', 'latest']);
    expect((await client.resolveDigest('team/app', 'latest')).digest).toBe(image.digest);
    const snapshot = await fetchOciSnapshot(clientFor(registry.url, users[0]));
    expect(snapshot.projects.map((p) => p.name)).toEqual(['', 'team']);
  });

  it('refuses a wrong password with a clear auth error that does not show it', async (ctx) => {
    skipWithoutDockerRegistry(ctx);
    const wrong = { username: 'alice', password: 'not-Alice-s3cret' };
    const pingError = await rejection(clientFor(registry.url, wrong).ping());
    expect(pingError.code).toBe('auth');
    expect(pingError.status).toBe(401);
    expect(pingError.message).toMatch(/refused the sign-in.*wrong username or password/);

    for (const attempt of [
      (c: OciRegistryClient) => c.listRepositories(),
      (c: OciRegistryClient) => c.listTags('team/app'),
      (c: OciRegistryClient) => c.resolveDigest('team/app', '1.0'),
      (c: OciRegistryClient) => fetchOciSnapshot(c),
    ]) {
      const error = await rejection(attempt(clientFor(registry.url, wrong)));
      expect(error.code).toBe('auth');
      expect(error.message).not.toContain(wrong.password);
      expect(error.message).not.toContain(Buffer.from(`alice:${wrong.password}`).toString('base64'));
    }
    const anonymous = await rejection(clientFor(registry.url).listTags('team/app'));
    expect(anonymous.code).toBe('auth');
  });
});
