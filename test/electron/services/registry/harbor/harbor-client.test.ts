import { afterEach, describe, expect, it } from 'vitest';
import { checkHarborConnection } from '../../../../../electron/services/registry/harbor/connection-check.js';
import { fetchHarborSnapshot } from '../../../../../electron/services/registry/harbor/harbor-snapshot.js';
import type { FetchProgress } from '../../../../../electron/services/snapshots/fetch-progress.js';
import { compileRuleSet } from '../../../../../shared/engine/rule-set.js';
import { serverDisagreements } from '../../../../../shared/engine/report.js';
import { simulate } from '../../../../../shared/engine/simulate.js';
import { parseWireRules } from '../../../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../../../shared/snapshot/snapshot-index.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import type { HarborServer } from '../../../../support/harbor-server/index.js';
import { ADMIN, DEVELOPER, ROBOT, harborClient, startShop } from '../../../../support/harbor-fixture.js';
import { wireRule } from '../../../../support/snapshots.js';
import { closeCheckedServer } from '../../../../support/checked-server.js';

let server: HarborServer | null = null;
afterEach(async () => {
  await closeCheckedServer(server);
  server = null;
});

describe('Harbor snapshot', () => {
  it('reads every repository, artifact and tag, with Harbor verdicts that match the simulation', async () => {
    server = await startShop();
    const progress: FetchProgress[] = [];
    const client = harborClient(server.url);
    const snapshot = await fetchHarborSnapshot(client, { onProgress: (p) => progress.push(p) });
    // The snapshot is valid by Taglock's own format check.
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(snapshot.registry).toMatchObject({ kind: 'harbor', harborVersion: 'v2.15.2-abc', dialect: 'v1.3.4' });
    const project = snapshot.projects[0]!;
    expect(project.name).toBe('shop');
    expect(project.repositories.map((r) => r.name).sort()).toEqual(['nginx', 'team/app', 'team/sub/deep']);
    const app = project.repositories.find((r) => r.name === 'team/app')!;
    expect(app.artifacts.find((a) => a.tags.some((t) => t.name === 'v1.0.0'))!.tags).toHaveLength(15);
    expect(app.artifacts.some((a) => a.tags.length === 0)).toBe(true);
    expect(project.rules).toHaveLength(2);
    const index = buildSnapshotIndex(snapshot);
    const agreement = serverDisagreements(simulate(index, [compileRuleSet(parseWireRules(project.rules), 'v1.3.4')]));
    expect(agreement.compared).toBe(index.counts.tags);
    expect(agreement.disagreements).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ phase: 'fetching', done: 3, total: 3 });
    expect(progress.at(-1)!.requests).toBeGreaterThan(5);
    await client.http.close();
  });

  it('reports each tag where Harbor and the simulation disagree', async () => {
    // A server whose verdicts are deliberately off for one tag.
    server = await startShop({ judge: (_p, _rules, repository, tags) => repository === 'nginx' && tags[0] === 'rc' });
    const client = harborClient(server.url);
    const snapshot = await fetchHarborSnapshot(client);
    const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(parseWireRules(snapshot.projects[0]!.rules), 'v1.3.4')]);
    const { disagreements } = serverDisagreements(result);
    expect(disagreements.find((d) => d.tag === 'rc')).toMatchObject({ repository: 'nginx', server: true, simulated: false });
    expect(disagreements.find((d) => d.tag === '1.25')).toMatchObject({ server: false, simulated: true });
    await client.http.close();
  });

  it('pages through more than 100 repositories and projects lists', async () => {
    server = await startShop({
      projects: [{ name: 'big', public: true, repositories: Array.from({ length: 230 }, (_, i) => ({ name: `svc/r${i}`, artifacts: [] })) }],
    });
    const client = harborClient(server.url, null);
    const names = await client.listRepositories('big');
    expect(names).toHaveLength(230);
    expect(names).toContain('svc/r229');
    expect(server.requests.filter((r) => r.path.endsWith('/repositories')).map((r) => r.query.page_size)).toEqual(['100', '100', '100']);
    await client.http.close();
  });

  it('reports a project the account cannot see as such, although its repositories are listed beside it', async () => {
    server = await startShop();
    // The project's own answer comes last: the listing beside it has failed by then.
    server.faults.add({ kind: 'slow', delayMs: 300, pathPattern: /^\/api\/v2\.0\/projects\/gone$/ });
    const failure = await fetchHarborSnapshot(harborClient(server.url), { projects: ['shop', 'gone'] }).catch((error: unknown) => error);
    // Harbor answers 403 for a project that does not exist or that the account may not see.
    expect(failure).toMatchObject({ code: 'forbidden' });
    expect((failure as Error).message).toMatch(/^GET \S+\/api\/v2\.0\/projects\/gone: not allowed/);
    // Both reads of that project were sent side by side, and both refused.
    const reads = server.requests.filter((r) => r.path.startsWith('/api/v2.0/projects/gone'));
    expect(reads.map((r) => [r.path, r.status]).sort()).toEqual([
      ['/api/v2.0/projects/gone', 403],
      ['/api/v2.0/projects/gone/repositories', 403],
    ]);
  });

  it('records unknown rules for an account that may not list them, and still fetches the tags', async () => {
    server = await startShop();
    const client = harborClient(server.url, DEVELOPER);
    const snapshot = await fetchHarborSnapshot(client, { projects: ['shop'] });
    expect(snapshot.projects[0]!.rules).toBeNull();
    expect(snapshot.projects[0]!.repositories).toHaveLength(3);
    await client.http.close();
  });
});

describe('cancelling a fetch', () => {
  it('stops every request and ends with a cancelled error', async () => {
    server = await startShop({ latencyMs: 30 });
    const client = harborClient(server.url);
    const controller = new AbortController();
    const fetching = fetchHarborSnapshot(client, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'fetching' && p.done === 1) controller.abort();
      },
    });
    await expect(fetching).rejects.toMatchObject({ code: 'cancelled' });
    const artifactRequests = server.requests.filter((r) => r.path.endsWith('/artifacts')).length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.filter((r) => r.path.endsWith('/artifacts')).length).toBe(artifactRequests);
    expect(artifactRequests).toBeLessThan(3);
    await client.http.close();
  });
});

describe('connection check', () => {
  it('tells version, dialect, identity and the rights per project', async () => {
    server = await startShop({ harborVersion: 'v2.9.4-xyz' });
    const client = harborClient(server.url);
    const report = await checkHarborConnection(client, { credentialsGiven: true });
    expect(report).toMatchObject({ harborVersion: 'v2.9.4-xyz', dialect: 'v1.1.1', credentialsRejected: false });
    expect(report.identity).toMatchObject({ kind: 'user', username: ADMIN.username });
    expect(report.projects[0]).toMatchObject({ project: 'shop', immutableTag: { list: true, create: true, update: true, delete: true } });
    await client.http.close();
  });

  it('detects a wrong password, which Harbor silently treats as anonymous', async () => {
    server = await startShop();
    const client = harborClient(server.url, { username: ADMIN.username, password: 'wrong' });
    const report = await checkHarborConnection(client, { credentialsGiven: true, projects: ['shop'] });
    expect(report.credentialsRejected).toBe(true);
    expect(report.identity.kind).toBe('anonymous');
    expect(report.harborVersion).toBeNull(); // Harbor tells its version only to signed-in callers
    expect(report.warnings[0]).toContain('did not accept the credentials');
    expect(report.projects).toEqual([]);
    await client.http.close();
  });

  it('recognises a robot with a configured prefix, never assuming robot$', async () => {
    server = await startShop({ robotPrefix: 'bot+' });
    const client = harborClient(server.url, { username: `bot+${ROBOT.name}`, password: ROBOT.secret });
    const report = await checkHarborConnection(client, { credentialsGiven: true, projects: ['shop'] });
    expect(report.identity.kind).toBe('robot');
    expect(report.projects[0]!.immutableTag).toEqual({ list: true, create: true, update: true, delete: true });
    await client.http.close();
  });
});

describe('a read-only robot (it may list repositories, artifacts and tags, not the rules)', () => {
  const READER = { name: 'reader', secret: 'Reader-Secret-246' };
  const startWithReader = () =>
    startShop({ robots: [{ ...READER, permissions: { shop: ['project:read', 'repository:list', 'artifact:list', 'tag:list'] } }] });

  it('passes the connection test, which names the right it lacks and who has it', async () => {
    server = await startWithReader();
    const client = harborClient(server.url, { username: `robot$${READER.name}`, password: READER.secret });
    const report = await checkHarborConnection(client, { credentialsGiven: true, projects: ['shop'] });
    expect(report.credentialsRejected).toBe(false);
    expect(report.identity.kind).toBe('robot');
    expect(report.projects[0]!.immutableTag).toEqual({ list: false, create: false, update: false, delete: false });
    expect(report.warnings).toContain('In project shop this account cannot read immutability rules (needs project admin, maintainer or a robot with immutable-tag list).');
    await client.http.close();
  });

  it('fetches every tag, with the rules recorded as unknown', async () => {
    server = await startWithReader();
    const client = harborClient(server.url, { username: `robot$${READER.name}`, password: READER.secret });
    const snapshot = validateSnapshot(await fetchHarborSnapshot(client, { projects: ['shop'] }));
    expect(snapshot.projects[0]!.rules).toBeNull();
    const admin = harborClient(server.url);
    const full = await fetchHarborSnapshot(admin, { projects: ['shop'] });
    const tags = (s: typeof full) => s.projects[0]!.repositories.flatMap((r) => r.artifacts.flatMap((a) => a.tags.map((t) => `${r.name}:${t.name}`))).sort();
    expect(tags(snapshot)).toEqual(tags(full));
    expect(tags(snapshot).length).toBeGreaterThan(0);
    await Promise.all([client.http.close(), admin.http.close()]);
  });
});

describe('rule calls and their quirks', () => {
  it('creates enabled, reads the id from Location, edits and toggles in separate PUTs, without a cookie jar', async () => {
    server = await startShop();
    const client = harborClient(server.url);
    const [rule] = parseWireRules([wireRule(undefined, ['repoMatches', 'team/**'], ['matches', 'release-*'], true)]);
    const id = await client.createRule('shop', rule!);
    let stored = (await client.listRules('shop')).find((r) => r.id === id)!;
    expect(stored.disabled).toBe(false); // Harbor creates enabled whatever the body says
    const edited = { ...stored, tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'rel-*' }] };
    await client.updateRule('shop', id, edited, false);
    await client.setRuleDisabled('shop', id, edited, true);
    stored = (await client.listRules('shop')).find((r) => r.id === id)!;
    expect(stored.tagSelectors[0]!.pattern).toBe('rel-*');
    expect(stored.disabled).toBe(true);
    // The server handed out sid cookies; none was ever sent back (else Harbor demands CSRF tokens).
    expect(server.requests.every((r) => r.headers.cookie === undefined)).toBe(true);
    await client.deleteRule('shop', id);
    await client.deleteRule('shop', id); // already gone counts as deleted
    expect((await client.listRules('shop')).map((r) => r.id)).toEqual([1, 2]);
    await client.http.close();
  });

  it('turns the 409 for a byte-identical rule into a conflict error', async () => {
    server = await startShop();
    const client = harborClient(server.url);
    const [rule] = parseWireRules([wireRule(undefined, ['repoMatches', 'x'], ['matches', 'y'])]);
    await client.createRule('shop', rule!);
    await expect(client.createRule('shop', rule!)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });
    await client.http.close();
  });
});
