// Mirror detection through the Harbor-faithful test server: a proxy-cache project (registry_id and the
// summary's registry), replication policies read with the system permission and recorded as "not read"
// without it, and the lint finding on the fetched snapshot.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHarborSnapshot } from '../../../../../electron/services/registry/harbor/harbor-snapshot.js';
import { compileRuleSet } from '../../../../../shared/engine/rule-set.js';
import { simulate } from '../../../../../shared/engine/simulate.js';
import { lintRules } from '../../../../../shared/lint/lint.js';
import { parseWireRules } from '../../../../../shared/rules/wire.js';
import type { Snapshot, SnapshotProject } from '../../../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../../../shared/snapshot/snapshot-index.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import type { HarborServer, HarborServerOptions } from '../../../../support/harbor-server/index.js';
import { startHarborServer } from '../../../../support/harbor-server/index.js';
import { ADMIN, harborClient, shopProject } from '../../../../support/harbor-fixture.js';
import { wireRule } from '../../../../support/snapshots.js';
import { closeCheckedServer } from '../../../../support/checked-server.js';

const ROOT = { username: 'root', password: 'Root-Pass-123' };
const AUDITOR = { name: 'auditor', secret: 'Auditor-Secret-1' };
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, 'b')}`;

/** shop (plain, source of a push policy), hub (a Docker Hub proxy cache), mirror (destination of a pull policy). */
function mirrorHarbor(): HarborServerOptions {
  return {
    users: [
      { ...ROOT, sysadmin: true },
      { ...ADMIN, roles: { shop: 'projectAdmin', hub: 'projectAdmin', mirror: 'projectAdmin' } },
    ],
    robots: [{ ...AUDITOR, permissions: { shop: ['project:read', 'immutable-tag:list', 'repository:list', 'artifact:list', 'tag:list'] }, system: ['replication-policy:list'] }],
    registries: [
      { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' },
      { id: 2, name: 'backup', url: 'https://backup.example.com', type: 'harbor', credential: { access_key: 'robot$sync', access_secret: 'sync-secret' } },
    ],
    projects: [
      shopProject(),
      {
        name: 'hub',
        public: true,
        registry_id: 1,
        repositories: [
          {
            name: 'library/nginx',
            artifacts: [
              // 1.27 and stable were pulled through the cache a day after 1.27.3: in a cache that is no sign of a move.
              { digest: digest(1), push_time: '2026-02-01T00:00:00Z', tags: [{ name: '1.27.3', push_time: '2026-02-01T00:00:00Z' }, { name: '1.27', push_time: '2026-02-02T00:00:00Z' }, { name: 'stable', push_time: '2026-02-02T00:00:00Z' }] },
            ],
          },
        ],
      },
      {
        name: 'mirror',
        repositories: [
          {
            name: 'nginx',
            artifacts: [
              { digest: digest(2), push_time: '2026-02-01T00:00:00Z', tags: [{ name: '1.26.2', push_time: '2026-02-01T00:00:00Z' }, { name: '1.26', push_time: '2026-03-01T00:00:00Z' }] },
            ],
          },
        ],
      },
    ],
    replicationPolicies: [
      {
        name: 'pull-nginx',
        src_registry: 1,
        dest_namespace: 'mirror',
        filters: [
          { type: 'name', value: 'library/nginx' },
          { type: 'tag', value: '1.*' },
        ],
        trigger: { type: 'scheduled', cron: '0 0 3 * * *' },
      },
      { name: 'push-shop', dest_registry: 2, filters: [{ type: 'name', value: 'shop/**' }], enabled: false },
    ],
  };
}

let server: HarborServer | null = null;
afterEach(async () => {
  await closeCheckedServer(server);
  server = null;
});

const byName = (snapshot: Snapshot) => Object.fromEntries(snapshot.projects.map((p) => [p.name, p])) as Record<string, SnapshotProject>;

describe('mirror detection in a Harbor snapshot', () => {
  it('records the proxy cache and the replication policies per project for a sysadmin', async () => {
    server = await startHarborServer(mirrorHarbor());
    const client = harborClient(server.url, ROOT);
    const snapshot = await fetchHarborSnapshot(client);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    const { shop, hub, mirror } = byName(snapshot);
    expect(hub!.proxyCache).toEqual({ id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' });
    expect(shop!.proxyCache).toBeNull();
    expect(mirror!.proxyCache).toBeNull();
    expect(mirror!.replication).toEqual([
      {
        id: 1,
        name: 'pull-nginx',
        enabled: true,
        role: 'destination',
        via: 'namespace',
        remote: { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub' },
        nameFilter: 'library/nginx',
        tagFilter: { pattern: '1.*', decoration: 'matches' },
        trigger: 'scheduled',
      },
    ]);
    expect(shop!.replication).toEqual([expect.objectContaining({ name: 'push-shop', enabled: false, role: 'source', via: 'name-filter', remote: { id: 2, name: 'backup', url: 'https://backup.example.com', type: 'harbor' } })]);
    expect(hub!.replication).toEqual([]);
    // One list request, one summary for the one proxy-cache project.
    expect(server.requests.filter((r) => r.path.endsWith('/replication/policies')).map((r) => r.status)).toEqual([200]);
    expect(server.requests.filter((r) => r.path.endsWith('/summary')).map((r) => r.path)).toEqual(['/api/v2.0/projects/hub/summary']);
    await client.http.close();
  });

  it('records replication as not read (null) for an account without the system permission, and still fetches everything else', async () => {
    server = await startHarborServer(mirrorHarbor());
    const client = harborClient(server.url, ADMIN);
    const snapshot = await fetchHarborSnapshot(client);
    const { shop, hub, mirror } = byName(snapshot);
    expect([shop!.replication, hub!.replication, mirror!.replication]).toEqual([null, null, null]);
    expect(hub!.proxyCache).toMatchObject({ id: 1, name: 'docker-hub' });
    expect(shop!.rules).toHaveLength(2);
    expect(mirror!.repositories[0]!.artifacts[0]!.tags.map((t) => t.name).sort()).toEqual(['1.26', '1.26.2']);
    expect(server.requests.filter((r) => r.path.endsWith('/replication/policies')).map((r) => r.status)).toEqual([403]);
    await client.http.close();
  });

  it('reads the policies with a system robot, and as anonymous records them as not read (401)', async () => {
    server = await startHarborServer(mirrorHarbor());
    const robot = harborClient(server.url, { username: `robot$${AUDITOR.name}`, password: AUDITOR.secret });
    const [shop] = (await fetchHarborSnapshot(robot, { projects: ['shop'] })).projects;
    expect(shop!.replication?.map((r) => r.name)).toEqual(['push-shop']);
    await robot.http.close();

    const anonymous = harborClient(server.url, null);
    const [hub] = (await fetchHarborSnapshot(anonymous, { projects: ['hub'] })).projects;
    expect(hub!.replication).toBeNull();
    // The summary of a public proxy cache is readable anonymously.
    expect(hub!.proxyCache).toMatchObject({ name: 'docker-hub', url: 'https://hub.docker.com' });
    expect(server.requests.filter((r) => r.path.endsWith('/replication/policies')).map((r) => [r.principal, r.status])).toEqual([
      [`robot$${AUDITOR.name}`, 200],
      [null, 401],
    ]);
    await anonymous.http.close();
  });

  it('fails the fetch when the policy list fails for another reason than permission', async () => {
    server = await startHarborServer(mirrorHarbor());
    server.faults.add({ kind: 'status', status: 500, pathPattern: /\/replication\/policies$/, times: Infinity });
    const client = harborClient(server.url, ROOT, { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10 } });
    await expect(fetchHarborSnapshot(client)).rejects.toMatchObject({ code: 'server' });
    await client.http.close();
  });
});

describe('lint on the fetched snapshot', () => {
  it('warns that locking moving tags breaks the proxy cache and the replication destination', async () => {
    server = await startHarborServer(mirrorHarbor());
    const client = harborClient(server.url, ROOT);
    const snapshot = await fetchHarborSnapshot(client);
    await client.http.close();
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', '**'])]);
    const set = compileRuleSet(rules, snapshot.registry.dialect);
    const result = simulate(buildSnapshotIndex(snapshot), snapshot.projects.map(() => set));
    const movingIn = (name: string) =>
      lintRules(rules, { dialect: snapshot.registry.dialect, simulation: { result, project: snapshot.projects.findIndex((p) => p.name === name) } }).filter((f) => f.code === 'locks-moving-tags');

    const [hub] = movingIn('hub');
    expect(hub!.message).toContain('It makes 2 moving tags in project hub of the snapshot immutable (1 version alias, 1 channel name)');
    expect(hub!.message).toContain('library/nginx:1.27 is a version alias of 1.27.3 on the same digest');
    expect(hub!.message).toContain('Project hub is a proxy cache of docker-hub (https://hub.docker.com): locking them breaks the mirror');

    const [mirror] = movingIn('mirror');
    expect(mirror!.message).toContain('nginx:1.26 is a version alias of 1.26.2 on the same digest and was set on its digest on 2026-03-01, 28 days after the digest was pushed');
    expect(mirror!.message).toContain('Replication policy "pull-nginx" copies these tags into project mirror from docker-hub (https://hub.docker.com): locking them breaks the mirror: the next sync of these tags is refused.');

    // The push policy is disabled and the shop is its source: no mirror wording there.
    const shop = movingIn('shop');
    expect(shop).toHaveLength(1);
    expect(shop[0]!.message).not.toContain('breaks the mirror');
  });
});
