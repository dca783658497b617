// planPublish and applyPublish over the browser host's wire, against the Harbor-faithful server: the
// plan names the project's Harbor id and where each created rule sits in the published list, and a
// change on the server between plan and apply is refused as `drift` with nothing written. Also the
// project list a fetch is offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, PlanView } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { ADMIN, startShop } from '../../support/harbor-fixture.js';
import { wireRule } from '../../support/snapshots.js';
import { call, value } from './http.js';
import { startTestHost } from './test-host.js';

let host: RunningHost;
let harbor: Awaited<ReturnType<typeof startShop>>;
let connection: Connection;

beforeAll(async () => {
  harbor = await startShop();
  host = await startTestHost();
  connection = await value<Connection>(host.origin, host.token, 'saveConnection', [
    { name: 'Shop', url: harbor.url, kind: 'harbor', username: ADMIN.username, caFile: null, insecure: false, projects: ['shop'], secret: ADMIN.password },
  ]);
});
afterAll(async () => {
  await host?.close();
  await harbor?.close();
});

const ALL: [string, string] = ['repoMatches', '**'];
const desired = () => [...(harbor.state.rulesOf('shop') as unknown[]), wireRule(undefined, ALL, ['matches', 'release-*'])];

describe('publish calls', () => {
  it('a plan names the Harbor project id and the list position of each rule it creates', async () => {
    const plan = await value<PlanView>(host.origin, host.token, 'planPublish', [{ connectionId: connection.id, project: 'shop', rules: desired() }]);
    expect(plan.projectId).toBe(harbor.state.requireProject('shop').id);
    expect(plan.steps).toEqual([{ kind: 'create', id: null, desiredIndex: 2, description: expect.stringMatching(/^create a rule/) }]);
  });

  it('an apply after someone else changed the rules is refused as drift, and writes nothing', async () => {
    const plan = await value<PlanView>(host.origin, host.token, 'planPublish', [{ connectionId: connection.id, project: 'shop', rules: desired() }]);
    harbor.state.addRule('shop', wireRule(undefined, ALL, ['matches', 'hotfix-*']));
    const writes = harbor.requests.filter((r) => r.method !== 'GET').length;
    const answer = await call(host.origin, host.token, 'applyPublish', [
      { connectionId: connection.id, project: 'shop', rules: plan.remoteRules.concat([wireRule(undefined, ALL, ['matches', 'release-*'])]), remoteFingerprint: plan.remoteFingerprint, force: false },
    ]);
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'drift' } });
    expect(harbor.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });
});

describe('the project list', () => {
  it("names the projects the account sees, sorted, for the fetch form to offer", async () => {
    harbor.state.addProject({ name: 'alpha-team', public: true });
    // A private project the account is no member of is not Harbor's answer to it, so not offered.
    harbor.state.addProject({ name: 'hidden-team', public: false });
    const projects = await value<string[]>(host.origin, host.token, 'listProjects', [{ connectionId: connection.id }]);
    expect(projects).toEqual(['alpha-team', 'shop']);
  });
});
