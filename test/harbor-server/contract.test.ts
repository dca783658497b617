// Every answer of the test server honours Harbor's swagger; the checker itself catches breaches.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startHarborServer, validateResponse } from '../support/harbor-server/index.js';
import { authorization, call, digest, mirrorOptions, rule, standardOptions, type Who } from './fixture.js';

describe('a tour of every endpoint', () => {
  it('leaves contractProblems and serverErrors empty', async () => {
    const server = await startHarborServer(standardOptions());
    try {
      const repo = '/projects/library/repositories/team%252Fapp';
      const gets: Array<[string, Who?]> = [
        ['/systeminfo'],
        ['/systeminfo', 'anonymous'],
        ['/users/current'],
        ['/users/current', 'publisher'],
        ['/users/current', 'anonymous'],
        ['/users/current/permissions?scope=/project/1&relative=true', 'maint'],
        ['/users/current/permissions?scope=/project/1', 'publisher'],
        ['/users/current/permissions?scope=/project/1', 'anonymous'],
        ['/projects?page_size=1'],
        ['/projects?page=2&page_size=1&public=true&name=a'],
        ['/projects?page_size=101'],
        ['/projects/library'],
        ['/projects/1', 'dev'],
        ['/projects/secret', 'dev'],
        ['/projects/999'],
        ['/projects/library/repositories?page_size=1&q=name%3D~app'],
        ['/projects/library/repositories', 'anonymous'],
        [repo],
        ['/projects/library/repositories/missing'],
        [`${repo}/artifacts?with_tag=true&with_immutable_status=true&page_size=2`],
        [`${repo}/artifacts?page=2&page_size=2&with_label=true&q=tags%3D*`],
        [`${repo}/artifacts?with_tag=maybe`],
        ['/projects/library/repositories/team%2Fapp/artifacts'],
        [`${repo}/artifacts/${digest(1)}?with_immutable_status=true`],
        [`${repo}/artifacts/latest`],
        [`${repo}/artifacts/${digest(1)}/tags?with_immutable_status=true&page_size=1`],
        [`${repo}/artifacts/nope/tags`],
        ['/projects/team/repositories/tools/artifacts', 'anonymous'],
        ['/projects/library/immutabletagrules?page_size=1'],
        ['/projects/library/immutabletagrules', 'dev'],
        ['/projects/library/immutabletagrules', 'anonymous'],
        ['/projects/nope/immutabletagrules'],
        ['/projects/library/immutabletagrules?page_size=101'],
        ['/projects/library/immutabletagrules', 'reader'],
        ['/projects/1/immutabletagrules', 'publisher'],
        ['/no/such/path'],
        ['/projects/library/immutabletagrules', { username: 'maint', password: 'wrong' }],
      ];
      for (const [path, as] of gets) await call(server, 'GET', path, { as: as ?? 'admin' });

      const rules = '/projects/library/immutabletagrules';
      const created = await call(server, 'POST', rules, { body: rule('tour-*', { disabled: true }), as: 'publisher' });
      const id = Number((created.headers.location as string).split('/').pop());
      await call(server, 'POST', rules, { body: rule('tour-*', { disabled: true }) }); // 409
      await call(server, 'POST', rules, { body: rule('x'), as: 'dev' }); // 403
      await call(server, 'POST', rules, { body: '{', as: 'anonymous' }); // 422
      await call(server, 'PUT', `${rules}/${id}`, { body: { ...rule('tour-*', { disabled: true }), id } });
      await call(server, 'PUT', `${rules}/${id}`, { body: { ...rule('tour-2-*', { disabled: true }), id } });
      await call(server, 'PUT', `${rules}/${id}`, { body: rule('no-id') }); // 400
      await call(server, 'PUT', `${rules}/9999`, { body: { ...rule('x'), id: 9999 } }); // 404
      await call(server, 'PUT', `${rules}/abc`, { body: { ...rule('x'), id: 1 } }); // 422
      await call(server, 'PATCH', `${rules}/${id}`, { body: {} }); // 405
      await call(server, 'DELETE', `${rules}/${id}`, { as: 'maint' });
      await call(server, 'DELETE', `${rules}/${id}`); // 404
      await call(server, 'HEAD', '/projects?project_name=library'); // in the swagger, not served here: 501, unchecked

      await call(server, 'DELETE', `${repo}/artifacts/${digest(1)}/tags/v1.0.0`); // 412
      await call(server, 'DELETE', `${repo}/artifacts/${digest(1)}/tags/latest`);
      await call(server, 'POST', `${repo}/artifacts/${digest(3)}/tags`, { body: { name: 'fresh' } });
      await call(server, 'POST', `${repo}/artifacts/${digest(3)}/tags`, { body: { name: 'fresh' } }); // 409
      await call(server, 'POST', `${repo}/artifacts/${digest(3)}/tags`, { body: {} }); // 422
      await call(server, 'POST', '/projects/library/repositories/copy/artifacts?from=library/team/app:v1.0.0');
      await call(server, 'POST', '/projects/library/repositories/copy/artifacts?from=library/nginx:1.25');
      await call(server, 'POST', '/projects/library/repositories/copy/artifacts?from=nope'); // 400
      await call(server, 'DELETE', `${repo}/artifacts/${digest(2)}`); // 412
      await call(server, 'DELETE', `${repo}/artifacts/${digest(3)}`);
      await call(server, 'DELETE', repo); // 412
      await call(server, 'DELETE', '/projects/library/repositories/nginx');
      await call(server, 'PUT', '/v2/library/team/app/manifests/v1.0.0', { body: '{}', as: 'maint' }); // 412, not checked

      expect(server.requests.length).toBeGreaterThan(60);
      if (process.env.HARBOR_TOUR_LOG) for (const r of server.requests) console.log(r.status, r.method, r.path + (r.rawQuery ? '?' + r.rawQuery : ''), r.principal);
      expect(server.contractProblems).toEqual([]);
      expect(server.serverErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('answers the mirror endpoints (project summary, replication policies) within the swagger', async () => {
    const server = await startHarborServer(mirrorOptions());
    try {
      const gets: Array<[string, Who?]> = [
        ['/projects/hub'],
        ['/projects?page_size=100'],
        ['/projects/hub/summary'],
        ['/projects/hub/summary', 'anonymous'],
        ['/projects/library/summary', 'guest'],
        ['/projects/library/summary', 'owner'],
        ['/projects/secret/summary', 'dev'],
        ['/replication/policies'],
        ['/replication/policies?page_size=1&page=2'],
        ['/replication/policies?q=name%3D~pull&name=nginx'],
        ['/replication/policies', 'auditor'],
        ['/replication/policies', 'owner'],
        ['/replication/policies', 'anonymous'],
        ['/replication/policies?page_size=101', 'anonymous'],
      ];
      for (const [path, as] of gets) await call(server, 'GET', path, { as: as ?? 'admin' });
      expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 403, 200, 200, 200, 200, 403, 401, 422]);
      expect(server.contractProblems).toEqual([]);
      expect(server.serverErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('serves HTTPS with the given certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harbor-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const server = await startHarborServer({ ...standardOptions(), tls: { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') } });
      const agent = new Agent({ connect: { rejectUnauthorized: false } });
      try {
        expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const response = await request(`${server.url}/api/v2.0/systeminfo`, { headers: { authorization: authorization('admin')! }, dispatcher: agent });
        expect(response.statusCode).toBe(200);
        expect(((await response.body.json()) as { external_url: string }).external_url).toBe(server.url);
      } finally {
        await agent.close();
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validateResponse', () => {
  const json = { 'content-type': 'application/json', 'X-Total-Count': '1' };

  it('accepts a well-formed answer, by template or by concrete path', () => {
    const body = [{ id: 1, name: 'v1', immutable: true, push_time: '2026-01-01T00:00:00.000Z', pull_time: '0001-01-01T00:00:00.000Z' }];
    const template = '/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}/tags';
    expect(validateResponse('GET', template, 200, body, json)).toEqual([]);
    expect(validateResponse('GET', `/api/v2.0/projects/p/repositories/a%252Fb/artifacts/${digest(1)}/tags?page=1`, 200, body, json)).toEqual([]);
  });

  it('reports schema breaches, missing documented headers, unknown paths and undocumented success statuses', () => {
    const rulesPath = '/projects/{project_name_or_id}/immutabletagrules';
    expect(validateResponse('GET', rulesPath, 200, [{ id: '1', disabled: null, extra: 1 }], json)).toEqual([
      expect.stringContaining('body/0 must NOT have additional properties (extra)'),
      expect.stringContaining('body/0/id must be integer'),
      expect.stringContaining('body/0/disabled must be boolean'),
    ]);
    expect(validateResponse('GET', rulesPath, 200, [], { 'content-type': 'application/json' })).toEqual([expect.stringContaining('X-Total-Count missing')]);
    expect(validateResponse('GET', rulesPath, 200, [], { ...json, Link: 'page=2' })).toEqual([expect.stringContaining('malformed Link')]);
    expect(validateResponse('POST', rulesPath, 201, undefined, {})).toEqual([expect.stringContaining('X-Request-Id missing'), expect.stringContaining('Location missing')]);
    expect(validateResponse('GET', '/nowhere', 200, {}, json)).toEqual([expect.stringContaining('no path of the swagger matches')]);
    expect(validateResponse('GET', rulesPath, 204, undefined, {})).toEqual([expect.stringContaining('status 204 is not documented')]);
    expect(validateResponse('GET', '/systeminfo', 200, { harbor_version: 2 }, json)).toEqual([expect.stringContaining('harbor_version must be string')]);
  });

  it('accepts undocumented error statuses only with Harbor\'s Errors body, unless told to be strict', () => {
    const errors = { errors: [{ code: 'PRECONDITION', message: 'robot' }] };
    expect(validateResponse('GET', '/users/current', 412, errors, {})).toEqual([]);
    expect(validateResponse('GET', '/users/current', 412, { message: 'robot' }, {})).toEqual([expect.stringContaining('without an "errors" list')]);
    expect(validateResponse('GET', '/users/current', 412, errors, {}, { allowUndocumentedErrors: false })).toEqual([expect.stringContaining('status 412 is not documented')]);
    expect(validateResponse('GET', '/projects', 200, [{ name: 'x', surprise: true }], json, { strictProperties: false })).toEqual([]);
  });
});
