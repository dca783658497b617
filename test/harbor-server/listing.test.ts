// The test server reads a registry like Harbor (spec §6): paging, double-encoded repository names,
// tags' live immutable flag, embedded-tag limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { call, digest, errorOf, rule, standardOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

let server: HarborServer;
beforeEach(async () => {
  server = await startHarborServer(standardOptions());
});
afterEach(async () => {
  await closeCheckedServer(server);
});

type Tag = { name: string; immutable: boolean; pull_time: string; push_time: string };
type Artifact = { digest: string; tags?: Tag[]; pull_time: string; references?: unknown[] };

const ARTIFACTS = '/projects/library/repositories/team%252Fapp/artifacts';

function tagsOf(artifacts: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const artifact of artifacts as Artifact[]) for (const tag of artifact.tags ?? []) out[tag.name] = tag.immutable;
  return out;
}

describe('projects and repositories', () => {
  it('lists projects with paging and Link, and one project by name or id', async () => {
    for (let i = 0; i < 11; i++) server.state.addProject({ name: `p${String(i).padStart(2, '0')}` });
    const first = await call(server, 'GET', '/projects?page_size=5');
    expect(first.headers['x-total-count']).toBe('14');
    expect(first.headers.link).toBe('</api/v2.0/projects?page=2&page_size=5>; rel="next"');
    const last = await call(server, 'GET', '/projects?page=3&page_size=5');
    expect(last.json).toHaveLength(4);
    expect(last.headers.link).toBe('</api/v2.0/projects?page=2&page_size=5>; rel="prev"');
    expect((await call(server, 'GET', '/projects?page_size=101')).status).toBe(422);

    const library = await call(server, 'GET', '/projects/library');
    expect(library.json).toMatchObject({ name: 'library', project_id: 1, metadata: { public: 'false' }, repo_count: 2 });
    expect((await call(server, 'GET', '/projects/1')).json).toMatchObject({ name: 'library' });
    expect((await call(server, 'GET', '/projects/999')).status).toBe(404);
  });

  it('shows anonymous callers only public projects, members their own', async () => {
    const names = async (as: 'anonymous' | 'dev' | 'admin') =>
      ((await call(server, 'GET', '/projects', { as })).json as Array<{ name: string }>).map((p) => p.name);
    expect(await names('anonymous')).toEqual(['team']);
    expect(await names('dev')).toEqual(['library', 'team']);
    expect(await names('admin')).toEqual(['library', 'secret', 'team']);
  });

  it('names repositories WITH their project', async () => {
    const repositories = await call(server, 'GET', '/projects/library/repositories?page_size=100');
    expect((repositories.json as Array<{ name: string }>).map((r) => r.name)).toEqual(['library/nginx', 'library/team/app']);
    expect(repositories.headers['x-total-count']).toBe('2');
    expect((await call(server, 'GET', '/projects/library/repositories/team%252Fapp')).json).toMatchObject({ name: 'library/team/app', artifact_count: 3 });
  });
});

describe('repository names in paths', () => {
  it('decodes a double-encoded slash; a single-encoded or raw one matches no route', async () => {
    const ok = await call(server, 'GET', ARTIFACTS);
    expect(ok.status).toBe(200);
    expect((ok.json as Artifact[]).map((a) => a.digest).sort()).toEqual([digest(1), digest(2), digest(3)]);

    for (const path of ['/projects/library/repositories/team%2Fapp/artifacts', '/projects/library/repositories/team/app/artifacts']) {
      const result = await call(server, 'GET', path);
      expect(result.status).toBe(404);
      expect(errorOf(result)).toEqual({ code: 'NOT_FOUND', message: `path /api/v2.0${path} was not found` });
    }
    // Encoded once more, the name is "team%2Fapp": an unknown repository lists as empty, as in Harbor.
    const triple = await call(server, 'GET', '/projects/library/repositories/team%25252Fapp/artifacts');
    expect(triple.status).toBe(200);
    expect(triple.json).toEqual([]);
    expect(triple.headers['x-total-count']).toBe('0');
  });

  it('keeps the encoded path in Link and writes the query sorted, as Go does', async () => {
    const page = await call(server, 'GET', `${ARTIFACTS}?with_tag=true&with_immutable_status=true&page_size=2`);
    expect(page.headers.link).toBe(
      '</api/v2.0/projects/library/repositories/team%252Fapp/artifacts?page=2&page_size=2&with_immutable_status=true&with_tag=true>; rel="next"',
    );
    const next = await call(server, 'GET', (page.headers.link as string).slice(1, (page.headers.link as string).indexOf('>')));
    expect(next.json).toHaveLength(1);
  });
});

describe('artifacts and tags', () => {
  it('computes tags[].immutable live from the current rules, one tag at a time', async () => {
    const url = `${ARTIFACTS}?with_tag=true&with_immutable_status=true`;
    expect(tagsOf((await call(server, 'GET', url)).json)).toEqual({ 'v1.0.0': true, latest: false, 'v0.9.0': true, rc1: false });

    // Someone else rewrites the rules: the very next listing follows.
    server.state.setRules('library', [rule('{latest,rc*}', { decoration: 'excludes' })]);
    expect(tagsOf((await call(server, 'GET', url)).json)).toEqual({ 'v1.0.0': true, latest: false, 'v0.9.0': true, rc1: false });
    server.state.setRules('library', [rule('latest', { repository: 'nginx' })]);
    expect(tagsOf((await call(server, 'GET', url)).json)).toEqual({ 'v1.0.0': false, latest: false, 'v0.9.0': false, rc1: false });
    // A repository pattern with the project prefix matches nothing; a disabled rule counts for nothing.
    server.state.setRules('library', [rule('**', { repository: 'library/**' }), rule('latest', { disabled: true })]);
    expect(Object.values(tagsOf((await call(server, 'GET', url)).json))).toEqual([false, false, false, false]);
  });

  it('judges with the glob dialect of harborVersion', async () => {
    // doublestar v1.1.1 (Harbor before 2.9.5) refuses a "/" inside braces: the rule errors, fail-open.
    server.state.setRules('library', [rule('**', { repository: '{team/app,nginx}' })]);
    const url = `${ARTIFACTS}?with_immutable_status=true`;
    expect(tagsOf((await call(server, 'GET', url)).json).latest).toBe(true);
    server.state.harborVersion = 'v2.9.4-x';
    expect(tagsOf((await call(server, 'GET', url)).json).latest).toBe(false);
    expect((await call(server, 'GET', '/systeminfo')).json).toMatchObject({ harbor_version: 'v2.9.4-x' });
  });

  it('writes immutable: false unless with_immutable_status=true', async () => {
    const plain = await call(server, 'GET', ARTIFACTS);
    expect(Object.values(tagsOf(plain.json))).toEqual([false, false, false, false]);
  });

  it('fails open on a rule error: later rules are not consulted', async () => {
    server.state.setRules('library', [rule('v[', { repository: '**' }), rule('**')]);
    const tags = tagsOf((await call(server, 'GET', `${ARTIFACTS}?with_immutable_status=true`)).json);
    expect(tags).toEqual({ 'v1.0.0': false, latest: true, 'v0.9.0': false, rc1: true });
  });

  it('uses a custom judge when given one', async () => {
    const custom = await startHarborServer({ ...standardOptions(), judge: (_p, _rules, repository, tags) => repository === 'team/app' && tags[0] === 'latest' });
    try {
      const tags = tagsOf((await call(custom, 'GET', `${ARTIFACTS}?with_immutable_status=true`)).json);
      expect(tags).toEqual({ 'v1.0.0': false, latest: true, 'v0.9.0': false, rc1: false });
    } finally {
      await custom.close();
    }
  });

  it('embeds at most inlineTagLimit tags; the rest only via /artifacts/{reference}/tags', async () => {
    server.state.addRepository('library', { name: 'many', artifacts: [{ digest: digest(9), tags: Array.from({ length: 13 }, (_, i) => `v${i}`) }] });
    const listed = (await call(server, 'GET', '/projects/library/repositories/many/artifacts')).json as Artifact[];
    expect(listed[0]!.tags).toHaveLength(10);

    const tagsPath = `/projects/library/repositories/many/artifacts/${digest(9)}/tags`;
    const first = await call(server, 'GET', `${tagsPath}?with_immutable_status=true`);
    expect(first.headers['x-total-count']).toBe('13');
    expect(first.json).toHaveLength(10);
    expect(first.headers.link).toBe(`</api/v2.0${tagsPath}?page=2&page_size=10&with_immutable_status=true>; rel="next"`);
    const second = await call(server, 'GET', `${tagsPath}?with_immutable_status=true&page=2`);
    const names = [...(first.json as Tag[]), ...(second.json as Tag[])].map((t) => t.name);
    expect(new Set(names).size).toBe(13);
    expect((second.json as Tag[]).every((t) => t.immutable)).toBe(true);
    // By tag name too; an unknown reference is 404.
    expect((await call(server, 'GET', '/projects/library/repositories/many/artifacts/v3/tags?page_size=100')).json).toHaveLength(13);
    expect((await call(server, 'GET', '/projects/library/repositories/many/artifacts/nope/tags')).status).toBe(404);

    const small = await startHarborServer({ ...standardOptions(), inlineTagLimit: 1 });
    try {
      expect(((await call(small, 'GET', ARTIFACTS)).json as Artifact[]).every((a) => (a.tags?.length ?? 0) <= 1)).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('writes the zero time for never-pulled, and hides index children', async () => {
    const artifacts = (await call(server, 'GET', ARTIFACTS)).json as Artifact[];
    const byDigest = new Map(artifacts.map((a) => [a.digest, a]));
    expect(byDigest.get(digest(1))!.pull_time).toBe('0001-01-01T00:00:00.000Z');
    expect(byDigest.get(digest(1))!.tags![0]!.pull_time).toBe('0001-01-01T00:00:00.000Z');
    expect(byDigest.get(digest(2))!.pull_time).toBe('2026-02-01T10:00:00.000Z');
    expect(byDigest.get(digest(3))).not.toHaveProperty('tags');

    server.state.addRepository('library', {
      name: 'multi',
      artifacts: [
        { digest: digest(21), type: 'IMAGE' },
        { digest: digest(20), references: [digest(21), { digest: digest(22), platform: { architecture: 'arm64', os: 'linux' } }], tags: ['1.0'] },
      ],
    });
    const multi = await call(server, 'GET', '/projects/library/repositories/multi/artifacts');
    expect((multi.json as Artifact[]).map((a) => a.digest)).toEqual([digest(20)]);
    expect(multi.headers['x-total-count']).toBe('1');
    expect((multi.json as Artifact[])[0]!.references).toEqual([
      { child_digest: digest(21), child_id: expect.any(Number), parent_id: expect.any(Number) },
      { child_digest: digest(22), parent_id: expect.any(Number), platform: { architecture: 'arm64', os: 'linux' } },
    ]);
  });

  it('follows direct changes to the state (pushed tags, new artifacts)', async () => {
    server.state.addTag('library', 'team/app', digest(3), 'v3.0.0');
    server.state.addArtifact('library', 'team/app', { digest: digest(30), tags: ['v4'] });
    const tags = tagsOf((await call(server, 'GET', `${ARTIFACTS}?with_immutable_status=true&page_size=100`)).json);
    expect(tags).toMatchObject({ 'v3.0.0': true, v4: true });
  });
});
