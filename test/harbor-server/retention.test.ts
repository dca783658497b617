// The test server's tag retention, as Harbor answers it: the project's `retention_id` metadata and
// GET /retentions/{id} with its permission checks, zero values left out and every answer swagger-checked.
import { afterEach, describe, expect, it } from 'vitest';
import type { HarborServer } from '../support/harbor-server/index.js';
import { startHarborServer, validateResponse } from '../support/harbor-server/index.js';
import { call, errorOf, standardOptions, type Who } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

let server: HarborServer | null = null;
afterEach(async () => {
  await closeCheckedServer(server);
  server = null;
});

type Json = Record<string, any>;

/** As Harbor's web UI sends a policy: "keep the 5 most recently pushed", untagged too, no schedule. */
const UI_POLICY = {
  algorithm: 'or',
  rules: [
    {
      disabled: false,
      action: 'retain',
      template: 'latestPushedK',
      params: { latestPushedK: 5 },
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
    },
  ],
  trigger: { kind: 'Schedule', settings: { cron: '' } },
};

async function withPolicy(): Promise<{ server: HarborServer; id: number }> {
  const started = await startHarborServer(standardOptions());
  const id = started.state.setRetention('library', UI_POLICY);
  return { server: started, id };
}

describe('retention_id in the project metadata', () => {
  it('is a string, present only for a project with a policy, in the project and in the list', async () => {
    let id: number;
    ({ server, id } = await withPolicy());
    expect(((await call(server, 'GET', '/projects/library', { as: 'guest' })).json as Json).metadata).toEqual({ public: 'false', retention_id: String(id) });
    expect(((await call(server, 'GET', '/projects/team', { as: 'anonymous' })).json as Json).metadata).toEqual({ public: 'true' });
    const listed = (await call(server, 'GET', '/projects')).json as Json[];
    expect(listed.filter((p) => 'retention_id' in p.metadata).map((p) => p.name)).toEqual(['library']);
    server.state.deleteRetention('library');
    expect(((await call(server, 'GET', '/projects/library')).json as Json).metadata).toEqual({ public: 'false' });
  });
});

describe('GET /retentions/{id}', () => {
  it('answers the policy with its project as scope and zero values left out', async () => {
    let id: number;
    ({ server, id } = await withPolicy());
    const answer = await call(server, 'GET', `/retentions/${id}`, { as: 'owner' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      algorithm: 'or',
      id,
      rules: [
        {
          action: 'retain',
          params: { latestPushedK: 5 },
          scope_selectors: { repository: [{ decoration: 'repoMatches', kind: 'doublestar', pattern: '**' }] },
          tag_selectors: [{ decoration: 'matches', extras: '{"untagged":true}', kind: 'doublestar', pattern: '**' }],
          template: 'latestPushedK',
        },
      ],
      scope: { level: 'project', ref: 1 },
      trigger: { kind: 'Schedule', settings: { cron: '' } },
    });
    // Harbor's own swagger types each parameter as an object; the answer is accepted as a known deviation.
    const strict = validateResponse('GET', '/retentions/{id}', 200, answer.json, { 'content-type': 'application/json' }, { allowHarborDeviations: false });
    expect(strict).toEqual([expect.stringContaining('body/rules/0/params/latestPushedK must be object')]);
  });

  it('adds the next run to a scheduled policy', async () => {
    server = await startHarborServer(standardOptions());
    const id = server.state.setRetention('library', { ...UI_POLICY, trigger: { kind: 'Schedule', settings: { cron: '0 30 2 * * *' } } });
    const settings = ((await call(server, 'GET', `/retentions/${id}`)).json as Json).trigger.settings;
    expect(settings.cron).toBe('0 30 2 * * *');
    expect(settings.next_scheduled_time).toMatch(/^\d{4}-\d{2}-\d{2}T02:30:00\.000Z$/);
    expect(Date.parse(settings.next_scheduled_time) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(settings.next_scheduled_time) - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('wants tag-retention read in the policy\'s project: 401 anonymous, 403 a guest or a robot without it', async () => {
    let id: number;
    ({ server, id } = await withPolicy());
    const status = async (as: Who) => (await call(server!, 'GET', `/retentions/${id}`, { as })).status;
    expect(await status('admin')).toBe(200);
    expect(await status('owner')).toBe(200);
    expect(await status('maint')).toBe(200);
    // Developers may read and edit retention policies in Harbor 2.15 (common/rbac/project/rbac_role.go).
    expect(await status('dev')).toBe(200);
    expect(await status('guest')).toBe(403);
    expect(await status('publisher')).toBe(403);
    expect(await status('anonymous')).toBe(401);
    const denied = await call(server, 'GET', `/retentions/${id}`, { as: 'guest' });
    expect(errorOf(denied)).toEqual({ code: 'FORBIDDEN', message: 'forbidden' });
  });

  it('reads a robot granted tag-retention:read', async () => {
    server = await startHarborServer({ ...standardOptions(), robots: [{ name: 'library+keeper', secret: 'KeepSecret1', permissions: { library: ['tag-retention:read'] } }] });
    const id = server.state.setRetention('library', UI_POLICY);
    expect((await call(server, 'GET', `/retentions/${id}`, { as: { username: 'robot$library+keeper', password: 'KeepSecret1' } })).status).toBe(200);
  });

  it('is 401 for anonymous callers before the lookup, 500 for an unknown id, 422 for a non-integer id', async () => {
    ({ server } = await withPolicy());
    expect((await call(server, 'GET', '/retentions/999', { as: 'anonymous' })).status).toBe(401);
    const unknown = await call(server, 'GET', '/retentions/999');
    expect(unknown.status).toBe(500);
    expect(errorOf(unknown)).toEqual({ code: 'UNKNOWN', message: 'internal server error' });
    expect((await call(server, 'GET', '/retentions/abc', { as: 'anonymous' })).status).toBe(422);
  });
});
