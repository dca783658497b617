// Publishing against the Harbor-faithful server: plan, apply, verify, and nothing lost on failure.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../../electron/services/publish/apply-plan.js';
import { PublishHistory, recordOf } from '../../../../electron/services/publish/history-store.js';
import { planRules } from '../../../../shared/publish/plan.js';
import { parseWireRules } from '../../../../shared/rules/wire.js';
import type { HarborServer } from '../../../support/harbor-server/index.js';
import { harborClient, startShop } from '../../../support/harbor-fixture.js';
import { wireRule } from '../../../support/snapshots.js';

let server: HarborServer | null = null;
afterEach(async () => {
  if (server) expect(server.contractProblems).toEqual([]);
  await server?.close();
  server = null;
});

const ALL: [string, string] = ['repoMatches', '**'];
const writes = (s: HarborServer) => s.requests.filter((r) => r.method !== 'GET').length;
const desiredRules = () =>
  parseWireRules([
    wireRule(1, ALL, ['matches', 'v*.*.*']), // kept
    // rule 2 (nginx excludes rc) is dropped
    wireRule(undefined, ['repoMatches', 'team/**'], ['matches', 'release-*']), // new
    wireRule(undefined, ALL, ['matches', 'hotfix-*'], true), // new, disabled
  ]);

async function publish(desired = desiredRules(), force = false) {
  const client = harborClient(server!.url);
  const plan = planRules(desired, await client.listRules('shop'));
  const report = await applyPlan(client, 'shop', desired, plan, { force });
  await client.http.close();
  return { plan, report };
}

describe('apply', () => {
  it('converges to exactly the desired list, verifies, and a second apply writes nothing', async () => {
    server = await startShop();
    const { plan, report } = await publish();
    expect(plan.steps.map((s) => s.kind)).toEqual(['create', 'create', 'delete']);
    expect(report.verified).toBe(true);
    expect(report.steps.every((s) => s.status === 'done')).toBe(true);
    const rules = server.state.rulesOf('shop');
    expect(rules.map((r) => [r.tag_selectors?.[0]?.pattern, r.disabled ?? false])).toEqual([
      ['v*.*.*', false],
      ['release-*', false],
      ['hotfix-*', true], // created, then disabled: Harbor creates rules enabled
    ]);
    const before = writes(server);
    const again = await publish();
    expect(again.plan.steps).toEqual([]);
    expect(again.report.verified).toBe(true);
    expect(writes(server)).toBe(before);
  });

  it('creates before it deletes, so protection never lapses', async () => {
    server = await startShop();
    await publish();
    const order = server.requests.filter((r) => r.method !== 'GET').map((r) => r.method);
    expect(order.lastIndexOf('POST')).toBeLessThan(order.indexOf('DELETE'));
  });

  it('edits and re-enables a rule in two PUTs, in the order Harbor needs', async () => {
    server = await startShop({ projects: [{ name: 'shop', rules: [wireRule(5, ALL, ['matches', 'v*'], true)] }] });
    const desired = parseWireRules([wireRule(5, ALL, ['matches', 'v*.*.*'])]);
    const { report } = await publish(desired);
    expect(report.verified).toBe(true);
    expect(server.state.rulesOf('shop')).toMatchObject([{ id: 5, tag_selectors: [{ pattern: 'v*.*.*' }] }]);
    expect(server.state.rulesOf('shop')[0]!.disabled).toBeUndefined();
  });

  it('refuses when someone else changed the rules after the plan, and overwrites only when forced', async () => {
    server = await startShop();
    const client = harborClient(server.url);
    const desired = desiredRules();
    const plan = planRules(desired, await client.listRules('shop'));
    server.state.addRule('shop', wireRule(undefined, ['repoMatches', 'other/*'], ['matches', 'x']));
    await expect(applyPlan(client, 'shop', desired, plan)).rejects.toMatchObject({ code: 'drift' });
    expect(writes(server)).toBe(0);
    const forced = await applyPlan(client, 'shop', desired, plan, { force: true });
    expect(forced.replanned).toBe(true);
    expect(forced.verified).toBe(true);
    expect(server.state.rulesOf('shop')).toHaveLength(3);
    await client.http.close();
  });

  it('reports precisely what was and was not applied when a call fails half way, loses no rule, and converges on rerun', async () => {
    server = await startShop();
    server.faults.add({ kind: 'status', status: 500, method: 'DELETE', times: Infinity });
    const { report } = await publish();
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'done', 'failed']);
    expect(report.steps[2]!.error).toMatchObject({ code: 'server' });
    expect(report.verified).toBe(false);
    expect(report.remaining).toHaveLength(1);
    // The rule that was to go is still there; the new ones exist: protection only grew.
    expect(server.state.rulesOf('shop').map((r) => r.id)).toEqual([1, 2, 3, 4]);
    const history = new PublishHistory(join(mkdtempSync(join(tmpdir(), 'taglock-history-')), 'h.jsonl'));
    await history.append(recordOf(report, server.url, 'admin-alice'));
    expect((await history.list())[0]).toMatchObject({ outcome: 'partial', verified: false, project: 'shop' });
    server.faults.clear();
    const rerun = await publish();
    expect(rerun.plan.steps.map((s) => s.kind)).toEqual(['delete']);
    expect(rerun.report.verified).toBe(true);
  });

  it('resolves a lost creation answer by reading the server: the rule is adopted as done, never created twice', async () => {
    server = await startShop();
    // The POST reaches the server and creates the rule, but the connection drops before the answer.
    server.faults.add({ kind: 'reset', method: 'POST', when: 'after', times: 1 });
    const first = await publish();
    expect(first.report.steps[0]!.status).toBe('done');
    expect(first.report.steps[0]!.createdId).toBe(3);
    expect(first.report.verified).toBe(true);
    const second = await publish();
    expect(second.plan.steps).toEqual([]);
    const patterns = server.state.rulesOf('shop').map((r) => r.tag_selectors?.[0]?.pattern);
    expect(patterns.filter((p) => p === 'release-*')).toHaveLength(1);
  });
});

describe('one writer at a time', () => {
  it('stops before its next write when another writer changed the rules during the apply, and says what it did', async () => {
    server = await startShop();
    let posts = 0;
    server.observe((entry) => {
      if (entry.method === 'POST' && ++posts === 1) server!.state.addRule('shop', wireRule(undefined, ['repoMatches', 'theirs/**'], ['matches', '**']));
    });
    const { report } = await publish();
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'not-attempted', 'not-attempted']);
    expect(report.stopped).toMatchObject({ code: 'drift' });
    expect(report.verified).toBe(false);
    // Their rule and every rule that was there stay; nothing was deleted.
    expect(server.state.rulesOf('shop').map((r) => r.tag_selectors?.[0]?.pattern)).toEqual(['v*.*.*', 'rc', 'release-*', '**']);
  });
});
