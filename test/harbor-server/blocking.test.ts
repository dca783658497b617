// What an immutable tag blocks (spec §4), judged live from the current rules.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { call, digest, errorOf, rule, standardOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

const REPO = '/projects/library/repositories/team%252Fapp';

let server: HarborServer;
beforeEach(async () => {
  // Rule: tags matching v* are immutable in every repository of library.
  server = await startHarborServer(standardOptions());
});
afterEach(async () => {
  await closeCheckedServer(server);
});

function tagNames(s: HarborServer, repository = 'team/app'): string[] {
  return s.state.repository('library', repository)!.artifacts.flatMap((a) => a.tags.map((t) => t.name)).sort();
}

describe('API writes', () => {
  it('refuses to delete an immutable tag (412) but deletes a mutable tag of the same locked digest', async () => {
    const locked = await call(server, 'DELETE', `${REPO}/artifacts/${digest(1)}/tags/v1.0.0`);
    expect(locked.status).toBe(412);
    expect(errorOf(locked)).toEqual({ code: 'PRECONDITION', message: 'the tag v1.0.0 configured as immutable, cannot be deleted' });
    expect((await call(server, 'DELETE', `${REPO}/artifacts/${digest(1)}/tags/latest`)).status).toBe(200);
    expect(tagNames(server)).toEqual(['rc1', 'v0.9.0', 'v1.0.0']);
    expect((await call(server, 'DELETE', `${REPO}/artifacts/${digest(1)}/tags/nope`)).status).toBe(404);
    // Rules change, the verdict follows.
    server.state.setRules('library', []);
    expect((await call(server, 'DELETE', `${REPO}/artifacts/${digest(1)}/tags/v1.0.0`)).status).toBe(200);
  });

  it('refuses to delete an artifact or a repository holding any immutable tag, changing nothing', async () => {
    const artifact = await call(server, 'DELETE', `${REPO}/artifacts/${digest(2)}`);
    expect(artifact.status).toBe(412);
    expect(errorOf(artifact).message).toBe('the tag v0.9.0 configured as immutable, cannot be deleted');
    expect(tagNames(server)).toEqual(['latest', 'rc1', 'v0.9.0', 'v1.0.0']);
    expect((await call(server, 'DELETE', `${REPO}/artifacts/${digest(3)}`)).status).toBe(200); // untagged: never protected
    const repository = await call(server, 'DELETE', REPO);
    expect(repository.status).toBe(412);
    expect(server.state.repository('library', 'team/app')!.artifacts).toHaveLength(2);
    server.state.setRules('library', [rule('v*', { repository: 'other' })]);
    expect((await call(server, 'DELETE', REPO)).status).toBe(200);
    expect(server.state.repository('library', 'team/app')).toBeUndefined();
  });

  it('copies onto an existing immutable tag only with the same digest; creating an existing tag is 409', async () => {
    server.state.addRepository('library', { name: 'mirror', artifacts: [{ digest: digest(7), tags: ['v1.0.0'] }] });
    const blocked = await call(server, 'POST', `/projects/library/repositories/mirror/artifacts?from=library/team/app:v1.0.0`);
    expect(blocked.status).toBe(412);
    expect(errorOf(blocked).message).toBe('the tag v1.0.0 configured as immutable, cannot be updated');
    expect(server.state.repository('library', 'mirror')!.artifacts).toHaveLength(1);

    const fresh = await call(server, 'POST', `/projects/library/repositories/copy/artifacts?from=library/team/app@${digest(1)}`);
    expect(fresh.status).toBe(201);
    expect(fresh.headers.location).toBe(`/api/v2.0/projects/library/repositories/copy/artifacts/${digest(1)}`);
    expect(tagNames(server, 'copy')).toEqual(['latest', 'v1.0.0']);
    expect((await call(server, 'POST', `/projects/library/repositories/copy/artifacts?from=library/team/app:latest`)).status).toBe(201);

    const tag = await call(server, 'POST', `${REPO}/artifacts/${digest(3)}/tags`, { body: { name: 'v9' } });
    expect(tag.status).toBe(201);
    const again = await call(server, 'POST', `${REPO}/artifacts/${digest(3)}/tags`, { body: { name: 'latest' } });
    expect(again.status).toBe(409);
  });
});

describe('registry pushes', () => {
  const manifest = (n: number) => JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: digest(n) }, layers: [] });
  const push = (s: HarborServer, name: string, reference: string, body: string, as: 'maint' | 'anonymous' | 'guest' = 'maint') =>
    call(s, 'PUT', `/v2/${name}/manifests/${reference}`, { as, body, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });

  it('refuses a push to an existing immutable tag, even of the same digest; new tags and digests pass', async () => {
    expect((await push(server, 'library/team/app', 'v5', manifest(50))).status).toBe(201); // new tag
    const again = await push(server, 'library/team/app', 'v5', manifest(50));
    expect(again.status).toBe(412);
    expect(errorOf(again)).toEqual({ code: 'PRECONDITION', message: "Failed to process request due to 'team/app:v5' configured as immutable." });
    expect((await push(server, 'library/team/app', 'v5', manifest(51))).status).toBe(412);
    expect((await push(server, 'library/team/app', 'latest', manifest(51))).status).toBe(201); // mutable tag moves
    const body = manifest(52);
    const byDigest = await push(server, 'library/team/app', 'sha256:' + createHash('sha256').update(body).digest('hex'), body);
    expect(byDigest.status).toBe(201);
    expect(byDigest.headers['docker-content-digest']).toMatch(/^sha256:/);
    // A push creates the repository.
    expect((await push(server, 'library/brand/new', 'v1', manifest(53))).status).toBe(201);
    expect(server.state.repository('library', 'brand/new')).toBeDefined();
  });

  it('refuses to delete a manifest whose digest carries an immutable tag', async () => {
    const locked = await call(server, 'DELETE', `/v2/library/team/app/manifests/${digest(1)}`, { as: 'maint' });
    expect(locked.status).toBe(412);
    expect(errorOf(locked).message).toBe("Failed to process request due to 'team/app:v1.0.0' configured as immutable.");
    expect((await call(server, 'DELETE', `/v2/library/team/app/manifests/${digest(3)}`, { as: 'maint' })).status).toBe(202);
  });

  it('challenges anonymous callers and denies those without push permission', async () => {
    const anonymous = await push(server, 'library/team/app', 'x', manifest(60), 'anonymous');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/service\/token",service="harbor-registry",scope="repository:library\/team\/app:pull,push"$/);
    expect((await push(server, 'library/team/app', 'x', manifest(60), 'guest')).status).toBe(403);
    expect((await call(server, 'GET', '/v2/', { as: 'anonymous' })).status).toBe(401);
    expect((await call(server, 'GET', '/v2/', { as: 'guest' })).status).toBe(200);
  });
});
