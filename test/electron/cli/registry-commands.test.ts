// The registry commands as scripts run them: the built CLI against the Harbor-faithful server and the
// real docker-registry, secrets only through stdin or the environment.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { ADMIN, startShop } from '../../support/harbor-fixture.js';
import { taglock } from '../../support/cli.js';
import { wireRule } from '../../support/snapshots.js';

let server: HarborServer;
let dir: string;
const auth = () => ['--url', server.url, '--username', ADMIN.username, '--password-stdin'];

beforeAll(async () => {
  server = await startShop();
  dir = mkdtempSync(join(tmpdir(), 'taglock-cli-registry-'));
});
afterAll(async () => {
  expect(server.contractProblems).toEqual([]);
  await server.close();
});

describe('taglock snapshot / rules pull / plan / apply / export against Harbor', () => {
  it('snapshots a project, checks Harbor verdicts, and never prints the secret', async () => {
    const out = join(dir, 'shop.json');
    const { status, stdout, stderr } = await taglock(['snapshot', ...auth(), '--project', 'shop', '--out', out], { stdin: `${ADMIN.password}\n` });
    expect(stderr + stdout).not.toContain(ADMIN.password);
    expect(status).toBe(0);
    expect(stdout).toMatch(/3 repositories, 5 artifacts, 20 tags/);
    expect(stdout).toContain("agree on all 20 tags");
    expect(JSON.parse(readFileSync(out, 'utf8')).projects[0].name).toBe('shop');
  });

  it('snapshots the project\'s retention policy, which taglock retention then forecasts with', async () => {
    const out = join(dir, 'shop-retention.json');
    expect((await taglock(['snapshot', ...auth(), '--project', 'shop', '--out', out], { stdin: ADMIN.password })).status).toBe(0);
    const [shop] = JSON.parse(readFileSync(out, 'utf8')).projects;
    expect(shop.retention).toMatchObject({ algorithm: 'or', rules: [{ template: 'latestPushedK', params: { latestPushedK: 1 } }], scope: { level: 'project', ref: shop.id } });

    const forecast = await taglock(['retention', '--snapshot', out, '--at', '2026-06-01', '--format', 'json']);
    expect(forecast.stderr).toBe('');
    expect(forecast.status).toBe(0);
    const json = JSON.parse(forecast.stdout);
    // Each repository keeps its newest artifact; in team/app the older two go, but v1.0.0's is immutable.
    expect(json.summary).toMatchObject({ artifacts: 5, retained: 3, deleted: 1, keptByImmutability: 1 });
    const teamApp = json.artifacts.filter((a: { repository: string }) => a.repository === 'team/app');
    const named = (tags: string[]) => (tags.includes('v1.0.0') ? 'v1.0.0' : [...tags].sort().join(','));
    expect(teamApp.map((a: { tags: string[]; outcome: string; rule: string | null }) => [named(a.tags), a.outcome, a.rule])).toEqual([
      ['', 'retained', 'retention rule 1'],
      ['latest,main', 'deleted', null],
      ['v1.0.0', 'immutable', 'rule 1'],
    ]);
  });

  it('leaves no file behind, and keeps the good one, when a fetch fails', async () => {
    const out = join(dir, 'keep.json');
    writeFileSync(out, 'previous good snapshot');
    server.faults.add({ kind: 'status', status: 500, pathPattern: /\/artifacts$/, times: Infinity });
    try {
      const { status, stderr } = await taglock(['snapshot', ...auth(), '--out', out], { stdin: ADMIN.password });
      expect(status).toBe(1);
      expect(stderr).toMatch(/taglock: server: GET .*artifacts.*: the server failed/);
      expect(readFileSync(out, 'utf8')).toBe('previous good snapshot');
      expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    } finally {
      server.faults.clear();
    }
  });

  it('pulls rules, plans with the effect on a snapshot, applies with --yes, and exports', async () => {
    const rules = join(dir, 'rules.json');
    expect((await taglock(['rules', 'pull', ...auth(), '--project', 'shop', '--out', rules], { stdin: ADMIN.password })).status).toBe(0);
    const pulled = JSON.parse(readFileSync(rules, 'utf8'));
    expect(pulled.map((r: { id: number }) => r.id)).toEqual([1, 2]);

    const desired = join(dir, 'desired.json');
    writeFileSync(desired, JSON.stringify([pulled[0], wireRule(undefined, ['repoMatches', '**'], ['matches', 'latest'])]));
    // Its own snapshot, so this test passes alone too (not the one the first test writes).
    const snapshot = join(dir, 'plan-shop.json');
    expect((await taglock(['snapshot', ...auth(), '--project', 'shop', '--out', snapshot], { stdin: ADMIN.password })).status).toBe(0);
    const plan = await taglock(['plan', ...auth(), '--project', 'shop', '--rules', desired, '--snapshot', snapshot, '--format', 'json'], { stdin: ADMIN.password });
    expect(plan.status).toBe(0);
    const planned = JSON.parse(plan.stdout);
    expect(planned.steps.map((s: { kind: string }) => s.kind)).toEqual(['create', 'delete']);
    expect(planned.effect.newlyImmutableTags).toBe(1); // team/app:latest
    expect(planned.effect.freedTags).toBe(1); // nginx:1.25 loses rule 2

    const history = join(dir, 'history.jsonl');
    const apply = await taglock(['apply', ...auth(), '--project', 'shop', '--rules', desired, '--yes', '--history', history], { stdin: ADMIN.password });
    expect(apply.stdout).toContain('verified: the server has exactly the desired rules');
    expect(apply.status).toBe(0);
    expect(JSON.parse(readFileSync(history, 'utf8').trim())).toMatchObject({ project: 'shop', outcome: 'applied', actor: ADMIN.username });
    expect(readFileSync(history, 'utf8')).not.toContain(ADMIN.password);

    const again = await taglock(['apply', ...auth(), '--project', 'shop', '--rules', desired, '--yes', '--history', history], { stdin: ADMIN.password });
    expect(again.stdout).toContain('Verified: nothing to do.');

    const tf = await taglock(['export', '--rules', desired, '--format', 'terraform']);
    expect(tf.stdout).toContain('resource "harbor_immutable_tag_rule"');
    expect(tf.stdout).toContain('tag_matching  = "latest"');

    // The rules as the server now has them, exported to Terraform and planned from there: nothing to do.
    const live = join(dir, 'live.json');
    expect((await taglock(['rules', 'pull', ...auth(), '--project', 'shop', '--out', live], { stdin: ADMIN.password })).status).toBe(0);
    const folder = join(dir, 'terraform');
    mkdirSync(folder);
    // Harbor's rule list names no project: its number comes from the snapshot.
    const exported = await taglock(['export', '--rules', live, '--snapshot', snapshot, '--project', 'shop', '--format', 'terraform']);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/import \{\n {2}to = harbor_immutable_tag_rule\.rule_\d+\n {2}id = "\/projects\/\d+\/immutabletagrules\/\d+"\n\}/);
    writeFileSync(join(folder, 'rules.tf'), exported.stdout);
    const fromTerraform = await taglock(['plan', ...auth(), '--project', 'shop', '--terraform', folder, '--format', 'json'], { stdin: ADMIN.password });
    expect(fromTerraform.status).toBe(0);
    expect(JSON.parse(fromTerraform.stdout).steps).toEqual([]);
  });

  it('asks for --yes when it cannot prompt, and refuses a wrong password clearly', async () => {
    const desired = join(dir, 'desired2.json');
    writeFileSync(desired, JSON.stringify([wireRule(undefined, ['repoMatches', '**'], ['matches', 'x'])]));
    const noYes = await taglock(['apply', ...auth(), '--project', 'shop', '--rules', desired], { stdin: ADMIN.password });
    expect(noYes.status).toBe(2);
    expect(noYes.stderr).toContain('confirm with --yes');
    const wrong = await taglock(['rules', 'pull', '--url', server.url, '--username', ADMIN.username, '--project', 'shop', '--out', join(dir, 'x.json')], {
      env: { TAGLOCK_PASSWORD: 'not-the-password' },
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/taglock: (auth|forbidden): /);
    expect(wrong.stderr).not.toContain('not-the-password');
  });

  it('refuses a secret on the command line and an unreachable registry, with one line each', async () => {
    const flag = await taglock(['snapshot', '--url', server.url, '--password', 'x', '--out', join(dir, 'y.json')]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--password'");
    const down = await taglock(['snapshot', '--url', 'http://127.0.0.1:9', '--out', join(dir, 'z.json')]);
    expect(down.status).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain('connection refused');
  });
});

describe('taglock snapshot against the real docker-registry (read-only OCI)', () => {
  it('groups repositories by project as Harbor does, with token auth, and simulates them', async (ctx) => {
    const { skipWithoutDockerRegistry, startDockerRegistry, pushImage, DEFAULT_USERS } = await import('../../support/docker-registry/index.js');
    skipWithoutDockerRegistry(ctx);
    const registry = await startDockerRegistry({ auth: 'token' });
    try {
      const user = DEFAULT_USERS[0]!;
      await pushImage(registry.url, 'shop/team/app', { tags: ['v1.0.0', 'latest'], credentials: user });
      await pushImage(registry.url, 'shop/team/app', { tags: ['rc'], credentials: user });
      await pushImage(registry.url, 'shop/base', { tags: ['3.20'], index: true, credentials: user });
      await pushImage(registry.url, 'nginx', { tags: ['1.25'], credentials: user });
      const out = join(dir, 'oci.json');
      // The token service listens on another port: the credentials go there only when allowed, and over
      // plain http only on a connection marked insecure.
      const realm = new URL(registry.tokenServer!.realm).origin;
      const refused = await taglock(['snapshot', '--url', registry.url, '--username', user.username, '--password-stdin', '--out', out], { stdin: user.password });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`--token-realm ${realm}`);
      const fetched = await taglock(['snapshot', '--url', registry.url, '--username', user.username, '--password-stdin', '--token-realm', realm, '--insecure', '--out', out], { stdin: user.password });
      expect(fetched.stderr).not.toContain(user.password);
      expect(fetched.status).toBe(0);
      const snapshot = JSON.parse(readFileSync(out, 'utf8'));
      expect(snapshot.registry).toMatchObject({ kind: 'oci', harborVersion: null });
      const byProject = Object.fromEntries(snapshot.projects.map((p: { name: string; repositories: { name: string }[] }) => [p.name, p.repositories.map((r) => r.name).sort()]));
      expect(byProject).toEqual({ '': ['nginx'], shop: ['base', 'team/app'] });
      const base = snapshot.projects.find((p: { name: string }) => p.name === 'shop').repositories.find((r: { name: string }) => r.name === 'base');
      expect(base.artifacts[0].references).toHaveLength(2);

      const rules = join(dir, 'oci-rules.json');
      writeFileSync(rules, JSON.stringify([wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])]));
      const simulated = await taglock(['simulate', '--snapshot', out, '--rules', rules, '--format', 'json']);
      expect(JSON.parse(simulated.stdout).summary).toMatchObject({ tags: 5, immutableTags: 1, lockedDigests: 1 });
      // A plain registry has no rules to compare with: simulate without --rules says so.
      expect((await taglock(['simulate', '--snapshot', out])).stderr).toContain('pass --rules');
    } finally {
      await registry.close();
    }
  });
});
