// The test server's mirrors, as Harbor answers them: a proxy-cache project's registry_id and summary,
// and the replication policy list with its system permission.
import { afterEach, describe, expect, it } from 'vitest';
import type { HarborServer } from '../support/harbor-server/index.js';
import { startHarborServer } from '../support/harbor-server/index.js';
import { call, errorOf, mirrorOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

let server: HarborServer | null = null;
afterEach(async () => {
  await closeCheckedServer(server);
  server = null;
});

type Json = Record<string, any>;

describe('proxy-cache projects', () => {
  it('carry registry_id only when they are one', async () => {
    server = await startHarborServer(mirrorOptions());
    expect(((await call(server, 'GET', '/projects/hub')).json as Json).registry_id).toBe(1);
    expect('registry_id' in ((await call(server, 'GET', '/projects/library')).json as Json)).toBe(false);
    const listed = (await call(server, 'GET', '/projects')).json as Json[];
    expect(listed.filter((p) => 'registry_id' in p).map((p) => p.name)).toEqual(['hub']);
  });

  it('name their registry in the summary to anyone who may read the project, without its credential', async () => {
    server = await startHarborServer(mirrorOptions());
    const summary = (await call(server, 'GET', '/projects/hub/summary', { as: 'anonymous' })).json as Json;
    expect(summary.registry).toMatchObject({ id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub', status: 'healthy' });
    expect('credential' in summary.registry).toBe(false);
    // Quota and member counts only with their permissions; no registry for other projects.
    expect(summary).not.toHaveProperty('quota');
    const owned = (await call(server, 'GET', '/projects/library/summary', { as: 'owner' })).json as Json;
    expect(owned).toMatchObject({ repo_count: 2, quota: { hard: { storage: -1 } }, project_admin_count: 2, maintainer_count: 1, developer_count: 1, guest_count: 1 });
    expect(owned).not.toHaveProperty('registry');
    expect((await call(server, 'GET', '/projects/secret/summary', { as: 'dev' })).status).toBe(403);
  });
});

describe('GET /replication/policies', () => {
  it('needs the system permission: 401 anonymous, 403 a project admin, 200 a sysadmin or a system robot', async () => {
    server = await startHarborServer(mirrorOptions());
    expect((await call(server, 'GET', '/replication/policies', { as: 'anonymous' })).status).toBe(401);
    const denied = await call(server, 'GET', '/replication/policies', { as: 'owner' });
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toEqual({ code: 'FORBIDDEN', message: 'owner' });
    expect((await call(server, 'GET', '/replication/policies', { as: 'auditor' })).status).toBe(200);
    expect((await call(server, 'GET', '/replication/policies', { as: 'publisher' })).status).toBe(403);
  });

  it('lists newest first with both ends filled in, this Harbor as registry 0, and false flags left out', async () => {
    server = await startHarborServer(mirrorOptions());
    const answer = await call(server, 'GET', '/replication/policies');
    expect(answer.headers['x-total-count']).toBe('2');
    const [push, pull] = answer.json as Json[];
    expect(push).toMatchObject({ name: 'push-team', src_registry: { id: 0, name: 'Local' }, dest_registry: { id: 2, name: 'backup', description: 'off-site copy', insecure: true }, override: true, replicate_deletion: true, deletion: true });
    expect('enabled' in push!).toBe(false);
    expect('dest_namespace' in push!).toBe(false);
    expect(pull).toMatchObject({
      name: 'pull-nginx',
      enabled: true,
      dest_namespace: 'library',
      dest_namespace_replace_count: -1,
      src_registry: { id: 1, name: 'docker-hub', credential: { access_key: 'puller', access_secret: '*****', type: 'basic' } },
      dest_registry: { id: 0, name: 'Local', url: 'http://core:8080' },
      filters: [{ type: 'name', value: 'library/nginx' }, { type: 'tag', value: '1.*', decoration: 'matches' }],
      trigger: { type: 'scheduled', trigger_settings: { cron: '0 0 * * * *' } },
    });
    expect('override' in pull!).toBe(false);
    expect(JSON.stringify(answer.json)).not.toContain('hub-token');
  });

  it('pages and filters by name', async () => {
    server = await startHarborServer(mirrorOptions());
    const second = await call(server, 'GET', '/replication/policies?page=2&page_size=1');
    expect((second.json as Json[]).map((p) => p.name)).toEqual(['pull-nginx']);
    expect(second.headers.link).toBe('</api/v2.0/replication/policies?page=1&page_size=1>; rel="prev"');
    expect(((await call(server, 'GET', '/replication/policies?q=name%3D~push')).json as Json[]).map((p) => p.name)).toEqual(['push-team']);
    expect(((await call(server, 'GET', '/replication/policies?q=name%3Dpush')).json as Json[]).map((p) => p.name)).toEqual([]);
    expect(((await call(server, 'GET', '/replication/policies?name=nginx')).json as Json[]).map((p) => p.name)).toEqual(['pull-nginx']);
  });

  it('refuses a policy whose two ends are both this Harbor, or both remote, when seeded', async () => {
    await expect(startHarborServer({ ...mirrorOptions(), replicationPolicies: [{ name: 'nowhere' }] })).rejects.toThrow(/exactly one of src_registry and dest_registry/);
    await expect(startHarborServer({ ...mirrorOptions(), replicationPolicies: [{ name: 'both', src_registry: 1, dest_registry: 2 }] })).rejects.toThrow(/exactly one/);
  });
});
