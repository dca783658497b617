// The project's tag-retention policy in a Harbor snapshot, through the Harbor-faithful test server: read
// where the account may, recorded as null where the project has none, left out (not read) where the
// account may not, and kept whole by the snapshot's writer and both of its readers.
import { afterEach, describe, expect, it } from 'vitest';
import { fetchHarborSnapshot } from '../../../../../electron/services/registry/harbor/harbor-snapshot.js';
import { compileRuleSet } from '../../../../../shared/engine/rule-set.js';
import { simulate } from '../../../../../shared/engine/simulate.js';
import { lintRules } from '../../../../../shared/lint/lint.js';
import { parseWireRules } from '../../../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../../../shared/snapshot/snapshot-index.js';
import type { Snapshot, SnapshotProject } from '../../../../../shared/snapshot/schema.js';
import { validateSnapshot } from '../../../../../shared/snapshot/validate.js';
import type { HarborServer, HarborServerOptions } from '../../../../support/harbor-server/index.js';
import { startHarborServer } from '../../../../support/harbor-server/index.js';
import { ADMIN, DEVELOPER, harborClient, ROBOT, shopProject } from '../../../../support/harbor-fixture.js';
import { referenceOutcome, streamedOutcome } from '../../../../support/snapshot-bytes.js';
import { closeCheckedServer } from '../../../../support/checked-server.js';

const GUEST = { username: 'guest-gus', password: 'Gus-Pass-789' };

/** shop (with the fixture's policy) and tools (none); a guest in shop, and the fixture's robot without tag-retention. */
function retentionHarbor(): HarborServerOptions {
  return {
    users: [
      { ...ADMIN, roles: { shop: 'projectAdmin', tools: 'projectAdmin' } },
      { ...DEVELOPER, roles: { shop: 'developer' } },
      { ...GUEST, roles: { shop: 'guest' } },
    ],
    robots: [{ ...ROBOT, permissions: { shop: ['project:read', 'immutable-tag:list', 'repository:list', 'artifact:list', 'tag:list'] } }],
    projects: [shopProject(), { name: 'tools', repositories: [{ name: 'lint', artifacts: [{ digest: `sha256:${'c'.repeat(64)}`, tags: ['v1'] }] }] }],
  };
}

let server: HarborServer | null = null;
afterEach(async () => {
  await closeCheckedServer(server);
  server = null;
});

const byName = (snapshot: Snapshot) => Object.fromEntries(snapshot.projects.map((p) => [p.name, p])) as Record<string, SnapshotProject>;
const retentionReads = (harbor: HarborServer) => harbor.requests.filter((r) => r.path.startsWith('/api/v2.0/retentions/')).map((r) => [r.principal, r.path, r.status]);

describe('the retention policy in a Harbor snapshot', () => {
  it('records the policy of a project that has one, and null for a project that has none', async () => {
    server = await startHarborServer(retentionHarbor());
    const client = harborClient(server.url, ADMIN);
    const snapshot = await fetchHarborSnapshot(client);
    await client.http.close();
    const { shop, tools } = byName(snapshot);
    expect(shop!.retention).toEqual({
      id: 1,
      algorithm: 'or',
      rules: [
        {
          action: 'retain',
          template: 'latestPushedK',
          params: { latestPushedK: 1 },
          tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
          scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
        },
      ],
      trigger: { kind: 'Schedule', settings: { cron: '' } },
      scope: { level: 'project', ref: shop!.id },
    });
    expect(tools!.retention).toBeNull();
    // One policy read: a project without retention_id costs no request.
    expect(retentionReads(server)).toEqual([[ADMIN.username, '/api/v2.0/retentions/1', 200]]);
  });

  it('reads the policy as a developer (Harbor 2.15 grants developers tag-retention)', async () => {
    server = await startHarborServer(retentionHarbor());
    const client = harborClient(server.url, DEVELOPER);
    const [shop] = (await fetchHarborSnapshot(client, { projects: ['shop'] })).projects;
    await client.http.close();
    expect(shop!.retention?.rules?.[0]?.template).toBe('latestPushedK');
  });

  it('leaves the policy out (not read) for a guest and a robot without the permission, and still fetches everything else', async () => {
    server = await startHarborServer(retentionHarbor());
    const guest = harborClient(server.url, GUEST);
    const [asGuest] = (await fetchHarborSnapshot(guest, { projects: ['shop'] })).projects;
    await guest.http.close();
    const robot = harborClient(server.url, { username: `robot$${ROBOT.name}`, password: ROBOT.secret });
    const [asRobot] = (await fetchHarborSnapshot(robot, { projects: ['shop'] })).projects;
    await robot.http.close();
    for (const shop of [asGuest!, asRobot!]) {
      expect('retention' in shop).toBe(false);
      expect(shop.repositories.map((r) => r.name).sort()).toEqual(['nginx', 'team/app', 'team/sub/deep']);
    }
    expect(asRobot!.rules).toHaveLength(2);
    expect(retentionReads(server)).toEqual([
      [GUEST.username, '/api/v2.0/retentions/1', 403],
      [`robot$${ROBOT.name}`, '/api/v2.0/retentions/1', 403],
    ]);
  });

  it('leaves the policy out for an anonymous caller of a public project (401)', async () => {
    const options = retentionHarbor();
    options.projects![0] = { ...shopProject(), public: true };
    server = await startHarborServer(options);
    const anonymous = harborClient(server.url, null);
    const [shop] = (await fetchHarborSnapshot(anonymous, { projects: ['shop'] })).projects;
    await anonymous.http.close();
    expect('retention' in shop!).toBe(false);
    expect(retentionReads(server)).toEqual([[null, '/api/v2.0/retentions/1', 401]]);
  });

  it('fails the fetch when the policy read fails for another reason than permission', async () => {
    server = await startHarborServer(retentionHarbor());
    server.faults.add({ kind: 'status', status: 500, pathPattern: /\/retentions\/\d+$/, times: Infinity });
    const client = harborClient(server.url, ADMIN, { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10 } });
    await expect(fetchHarborSnapshot(client)).rejects.toMatchObject({ code: 'server' });
    await client.http.close();
  });

  it('keeps the policy, null and "not read" apart through the writer, validate.ts and the streaming reader', async () => {
    server = await startHarborServer(retentionHarbor());
    const admin = harborClient(server.url, ADMIN);
    const read = await fetchHarborSnapshot(admin);
    await admin.http.close();
    const guest = harborClient(server.url, GUEST);
    const [notRead] = (await fetchHarborSnapshot(guest, { projects: ['shop'] })).projects;
    await guest.http.close();
    const snapshot: Snapshot = { ...read, projects: [...read.projects, { ...notRead!, name: 'shop-as-guest' }] };

    const bytes = Buffer.from(JSON.stringify(snapshot));
    expect(validateSnapshot(JSON.parse(bytes.toString('utf8')))).toEqual(snapshot);
    const expected = snapshot.projects.map((p) => ('retention' in p ? p.retention : 'absent'));
    expect(expected).toEqual([snapshot.projects[0]!.retention, null, 'absent']);
    for (const outcome of [referenceOutcome(bytes), streamedOutcome(bytes, 7)]) {
      if (typeof outcome === 'string') throw new Error(outcome);
      expect(outcome.projects.map((p) => ('retention' in p ? p.retention : 'absent'))).toEqual(expected);
    }
  });

  it('lets lint weigh the fetched policy against the project\'s immutability rules', async () => {
    server = await startHarborServer(retentionHarbor());
    const client = harborClient(server.url, ADMIN);
    const snapshot = await fetchHarborSnapshot(client, { projects: ['shop'] });
    await client.http.close();
    const rules = parseWireRules(snapshot.projects[0]!.rules!);
    const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, snapshot.registry.dialect)]);
    const blocked = lintRules(rules, { dialect: snapshot.registry.dialect, simulation: { result, project: 0 } }).filter((f) => f.code === 'retention-blocked-by-immutability');
    // Keeping only the newest artifact of team/app would delete v1.0.0's, which rule 1 locks.
    expect(blocked.map((f) => f.rule)).toEqual(['rule 1']);
    expect(blocked[0]!.message).toContain("The project's retention policy would delete 1 tagged artifact (1.0 KiB) in 1 repository of project shop of the snapshot");
    expect(blocked[0]!.message).toContain('(e.g. team/app:v1.0.0)');
  });
});
