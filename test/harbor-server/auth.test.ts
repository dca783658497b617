// The test server authenticates and authorizes like Harbor (spec §5, §6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { call, errorOf, rule, standardOptions, type Who } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

let server: HarborServer;
beforeAll(async () => {
  server = await startHarborServer(standardOptions());
});
afterAll(async () => {
  await closeCheckedServer(server);
});

const WRONG_PASSWORD: Who = { username: 'maint', password: 'not-it' };
const WRONG_ROBOT_SECRET: Who = { username: 'robot$library+publisher', password: 'not-it' };

describe('immutable-tag rules', () => {
  const matrix: Array<[Who, number, number]> = [
    // caller, GET list, POST create
    ['admin', 200, 201],
    ['owner', 200, 201],
    ['maint', 200, 201],
    ['dev', 403, 403],
    ['guest', 403, 403],
    ['publisher', 200, 201],
    ['reader', 403, 403],
    ['anonymous', 401, 401],
    [WRONG_PASSWORD, 401, 401],
    [WRONG_ROBOT_SECRET, 401, 401],
  ];
  it.each(matrix)('%j: list %i, create %i', async (as, listStatus, createStatus) => {
    const list = await call(server, 'GET', '/projects/library/immutabletagrules', { as });
    expect(list.status).toBe(listStatus);
    if (listStatus !== 200) expect(errorOf(list)).toEqual(listStatus === 401 ? { code: 'UNAUTHORIZED', message: 'unauthorized' } : { code: 'FORBIDDEN', message: 'forbidden' });
    const created = await call(server, 'POST', '/projects/library/immutabletagrules', { as, body: rule(`by-${JSON.stringify(as)}`) });
    expect(created.status).toBe(createStatus);
  });

  it('answers an unknown project NAME like a missing role: 403 (401 anonymous), even to a sysadmin', async () => {
    for (const [as, status] of [['admin', 403], ['maint', 403], ['anonymous', 401]] as const) {
      expect((await call(server, 'GET', '/projects/nope/immutabletagrules', { as })).status).toBe(status);
      expect((await call(server, 'POST', '/projects/nope/immutabletagrules', { as, body: rule('x') })).status).toBe(status);
    }
  });

  it('keeps a member of one project out of another, and anonymous out of a public project\'s rules', async () => {
    expect((await call(server, 'GET', '/projects/secret/immutabletagrules', { as: 'maint' })).status).toBe(403);
    expect((await call(server, 'GET', '/projects/team/immutabletagrules', { as: 'maint' })).status).toBe(403); // developer there
    expect((await call(server, 'GET', '/projects/team/immutabletagrules', { as: 'anonymous' })).status).toBe(401);
    // ...while a public project's artifacts are readable by anyone.
    expect((await call(server, 'GET', '/projects/team/repositories/tools/artifacts', { as: 'anonymous' })).status).toBe(200);
    expect((await call(server, 'GET', '/projects/library/repositories', { as: 'anonymous' })).status).toBe(401);
    expect((await call(server, 'GET', '/projects/library/repositories', { as: 'reader' })).status).toBe(200);
  });

  it('logs who the caller was taken for', async () => {
    const before = server.requests.length;
    await call(server, 'GET', '/systeminfo', { as: WRONG_PASSWORD });
    await call(server, 'GET', '/systeminfo', { as: 'publisher' });
    const [wrong, robot] = server.requests.slice(before);
    expect(wrong!.principal).toBeNull();
    expect(robot!.principal).toBe('robot$library+publisher');
    expect(robot!.headers).not.toHaveProperty('authorization');
  });
});

describe('detecting who you are', () => {
  it('shows harbor_version in /systeminfo only to authenticated callers', async () => {
    expect((await call(server, 'GET', '/systeminfo', { as: 'maint' })).json).toMatchObject({ harbor_version: 'v2.15.2-abc' });
    expect((await call(server, 'GET', '/systeminfo', { as: 'publisher' })).json).toMatchObject({ harbor_version: 'v2.15.2-abc' });
    expect((await call(server, 'GET', '/systeminfo', { as: 'anonymous' })).json).not.toHaveProperty('harbor_version');
    expect((await call(server, 'GET', '/systeminfo', { as: WRONG_PASSWORD })).json).not.toHaveProperty('harbor_version');
  });

  it('answers /users/current 200 to users, 412 to robots, 401 to anonymous', async () => {
    expect((await call(server, 'GET', '/users/current', { as: 'maint' })).json).toMatchObject({ username: 'maint', sysadmin_flag: false });
    expect((await call(server, 'GET', '/users/current', { as: 'admin' })).json).toMatchObject({ username: 'admin', sysadmin_flag: true });
    const robot = await call(server, 'GET', '/users/current', { as: 'publisher' });
    expect(robot.status).toBe(412);
    expect(errorOf(robot).code).toBe('PRECONDITION');
    expect((await call(server, 'GET', '/users/current', { as: WRONG_PASSWORD })).status).toBe(401);
  });

  it('lists the caller\'s permissions in a project scope', async () => {
    const scope = '/users/current/permissions?scope=/project/1&relative=true';
    const permissions = async (as: Who) => {
      const result = await call(server, 'GET', scope, { as });
      return result.status === 200 ? (result.json as Array<{ resource: string; action: string }>).map((p) => `${p.resource}:${p.action}`) : result.status;
    };
    expect(await permissions('maint')).toEqual(expect.arrayContaining(['immutable-tag:list', 'immutable-tag:create', 'immutable-tag:update', 'immutable-tag:delete', '.:read']));
    expect(await permissions('dev')).not.toContain('immutable-tag:list');
    expect(await permissions('publisher')).toEqual(expect.arrayContaining(['immutable-tag:list', 'immutable-tag:delete', 'repository:list', '.:read']));
    expect(((await permissions('reader')) as string[]).sort()).toEqual(['artifact:list', 'repository:list', 'tag:list']);
    expect(await permissions('anonymous')).toBe(401);
    expect(await permissions(WRONG_PASSWORD)).toBe(401);
    const absolute = await call(server, 'GET', '/users/current/permissions?scope=/project/1', { as: 'guest' });
    expect(absolute.json).toEqual(expect.arrayContaining([{ resource: '/project/1/repository', action: 'pull' }]));
  });

  it('takes a configurable robot prefix', async () => {
    const other = await startHarborServer({ ...standardOptions(), robotPrefix: 'bot+' });
    try {
      const withPrefix = await call(other, 'GET', '/users/current', { as: 'publisher' });
      expect(withPrefix.status).toBe(412);
      const oldPrefix = await call(other, 'GET', '/projects/library/immutabletagrules', { as: WRONG_ROBOT_SECRET });
      expect(oldPrefix.status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
