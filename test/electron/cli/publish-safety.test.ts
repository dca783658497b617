// Publishing never touches a rule it was not meant to: the built CLI against the Harbor-faithful server,
// each case of the apply engine's known failures reproduced and shown fixed.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HarborServer } from '../../support/harbor-server/index.js';
import { startHarborServer } from '../../support/harbor-server/index.js';
import { engineJudge } from '../../support/harbor-server/judge.js';
import { startTaglock, taglock } from '../../support/cli.js';
import { wireRule } from '../../support/snapshots.js';

const ADMIN = { username: 'root-admin', password: 'Root-Pass-1' };
const judge = engineJudge(() => 'v2.15.2');
const decideTag = (rules: Parameters<typeof judge>[1], repository: string, tag: string) => judge('', rules, repository, [tag]);
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, 'c')}`;

let server: HarborServer | null = null;
afterEach(async () => {
  if (server) {
    expect(server.contractProblems).toEqual([]);
    expect(server.serverErrors).toEqual([]);
  }
  await server?.close();
  server = null;
});

async function start(latencyMs = 0) {
  server = await startHarborServer({
    latencyMs,
    users: [{ ...ADMIN, sysadmin: true }],
    projects: [
      {
        name: 'shop',
        repositories: [{ name: 'payments/api', artifacts: [{ digest: digest(1), tags: ['v3.0.0', 'v3.0.1'] }, { digest: digest(2), tags: ['release-1'] }] }],
        rules: [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'v*'])],
      },
      { name: 'library', rules: [wireRule(10, ['repoMatches', '**'], ['matches', 'v*']), wireRule(11, ['repoMatches', 'web/**'], ['matches', '**'])] },
      { name: '2024', rules: [wireRule(20, ['repoMatches', '**'], ['matches', 'prod'])] },
      { name: 'infra', repositories: [{ name: 'tools', artifacts: [{ digest: digest(3), tags: ['latest', 'v1', 'v2'] }] }] },
    ],
  });
  return server;
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'taglock-publish-'));
const writes = (s: HarborServer) => s.requests.filter((r) => r.method !== 'GET').length;
const rulesFile = (dir: string, rules: unknown[]) => {
  const file = join(dir, `rules-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(rules));
  return file;
};
function run(args: string[], dir: string) {
  return taglock([...args, '--url', server!.url, '--username', ADMIN.username, '--password-stdin'], { stdin: ADMIN.password, env: { TAGLOCK_DATA_DIR: dir } });
}
const patterns = (project: string) => server!.state.rulesOf(project).map((r) => `${r.id}:${r.tag_selectors?.[0]?.pattern}${r.disabled ? ':off' : ''}`);

describe('the right project, always by name', () => {
  it('never reads an all-digit project name as an id: --project 2 does not touch the project whose id is 2', async () => {
    const s = await start();
    const libraryId = s.state.project('library')!.id;
    expect(libraryId).toBe(2); // the project an id-reading of "2" would hit
    const dir = dataDir();
    const result = await run(['apply', '--project', '2', '--rules', rulesFile(dir, []), '--yes'], dir);
    expect(result.status).toBe(1);
    expect(patterns('library')).toEqual(['10:v*', '11:**']);
    expect(writes(s)).toBe(0);
  });

  it('publishes to project "2024" by name, and every project-scoped call says so', async () => {
    const s = await start();
    const dir = dataDir();
    const desired = [wireRule(20, ['repoMatches', '**'], ['matches', 'prod']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'v*'])];
    const result = await run(['apply', '--project', '2024', '--rules', rulesFile(dir, desired), '--yes'], dir);
    expect(result.stdout).toContain('verified');
    expect(result.status).toBe(0);
    expect(patterns('2024')).toEqual(['20:prod', `${s.state.rulesOf('2024')[1]!.id}:v*`]);
    const scoped = s.requests.filter((r) => r.path.startsWith('/api/v2.0/projects/2024'));
    expect(scoped.length).toBeGreaterThan(2);
    expect(scoped.every((r) => r.headers['x-is-resource-name'] === 'true')).toBe(true);
    const pulled = join(dir, 'pulled.json');
    expect((await run(['rules', 'pull', '--project', '2024', '--out', pulled], dir)).status).toBe(0);
    expect(JSON.parse(readFileSync(pulled, 'utf8'))).toHaveLength(2);
  });

  it('refuses a project name Harbor could never have, before any request', async () => {
    const s = await start();
    const dir = dataDir();
    for (const name of ['shop/../library', 'Shop', 'shop%2f..', '']) {
      const result = await run(['apply', '--project', name, '--rules', rulesFile(dir, []), '--yes'], dir);
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(s.requests).toEqual([]);
    expect(patterns('library')).toEqual(['10:v*', '11:**']);
  });
});

describe('no protection gap, every outcome accounted for', () => {
  it('edits rule 4 while keeping its old content as a new rule: v3.0.0 stays immutable in every state the server passes through', async () => {
    const s = await start();
    const dir = dataDir();
    const states: string[][] = [];
    s.observe((entry) => {
      if (entry.method !== 'GET') states.push(patterns('shop'));
    });
    const protectedTag = () => decideTag(s.state.rulesOf('shop'), 'payments/api', 'v3.0.0');
    const unprotected: string[][] = [];
    s.observe((entry) => {
      if (entry.method !== 'GET' && !protectedTag()) unprotected.push(patterns('shop'));
    });
    const desired = [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'release-*']), wireRule(undefined, ['repoMatches', 'payments/**'], ['matches', 'v*'])];
    const result = await run(['apply', '--project', 'shop', '--rules', rulesFile(dir, desired), '--yes'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('verified');
    expect(states.length).toBeGreaterThan(0);
    expect(unprotected).toEqual([]);
    expect(protectedTag()).toBe(true);
    expect(decideTag(s.state.rulesOf('shop'), 'payments/api', 'release-1')).toBe(true);
  });

  it('deletes a created rule again when it cannot be disabled, and says so; nothing is left enabled that was meant off', async () => {
    const s = await start();
    const dir = dataDir();
    s.faults.add({ kind: 'status', status: 500, method: 'PUT', times: Infinity });
    const desired = [wireRule(undefined, ['repoMatches', '**'], ['matches', '**'], true)];
    const result = await run(['apply', '--project', 'infra', '--rules', rulesFile(dir, desired), '--yes'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/could not be disabled .*so it was deleted again/);
    expect(result.stdout).toMatch(/Applied: nothing\./);
    expect(s.state.rulesOf('infra')).toEqual([]);
    const history = readFileSync(join(dir, 'publish-history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(history.at(-1)).toMatchObject({ project: 'infra', outcome: 'failed', verified: false });
  });

  it('accounts for every step when the server goes away half way, and records the publish', async () => {
    const s = await start();
    const dir = dataDir();
    let posts = 0;
    s.observe((entry) => {
      if (entry.method === 'POST' && ++posts === 1) s.faults.add({ kind: 'reset', times: Infinity });
    });
    const desired = [wireRule(undefined, ['repoMatches', '**'], ['matches', 'a*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'b*'])];
    const result = await run(['apply', '--project', 'shop', '--rules', rulesFile(dir, desired), '--yes'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/Stopped: /);
    expect(result.stdout).toMatch(/Applied: create a rule \(repositories repoMatches "\*\*", tags matches "a\*"\)\./);
    expect(result.stdout).toMatch(/Not applied: .*"b\*".*delete rule #4/);
    expect(result.stdout).toContain('could not be read afterwards');
    const record = JSON.parse(readFileSync(join(dir, 'publish-history.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(record).toMatchObject({ project: 'shop', outcome: 'partial' });
    s.faults.clear();
    expect(patterns('shop').map((p) => p.replace(/^\d+:/, ''))).toEqual(['v*', 'a*']); // protection only grew
  });

  it('stops at a step boundary on Ctrl-C, prints the account and records it', async () => {
    const s = await start(150);
    const dir = dataDir();
    const desired = [1, 2, 3, 4].map((n) => wireRule(undefined, ['repoMatches', '**'], ['matches', `x${n}*`]));
    const cli = startTaglock(
      ['apply', '--project', 'shop', '--rules', rulesFile(dir, desired), '--yes', '--url', s.url, '--username', ADMIN.username, '--password-stdin'],
      { stdin: ADMIN.password, env: { TAGLOCK_DATA_DIR: dir } },
    );
    await cli.waitFor(/\[1\/5\] done/);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Stopped: apply was interrupted');
    expect(result.stdout).toMatch(/Not applied: .*delete rule #4/);
    const done = result.stdout.match(/\] done:/g)?.length ?? 0;
    expect(s.state.rulesOf('shop')).toHaveLength(1 + done);
    expect(JSON.parse(readFileSync(join(dir, 'publish-history.jsonl'), 'utf8').trim())).toMatchObject({ outcome: 'partial' });
  });

  it('a history that cannot be written is a warning after the result, not a failure of the apply', async () => {
    await start();
    const dir = dataDir();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const desired = [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'stable'])];
    const result = await run(['apply', '--project', 'shop', '--rules', rulesFile(dir, desired), '--yes', '--history', join(blocker, 'h.jsonl')], dir);
    expect(result.stdout).toContain('verified');
    expect(result.stderr).toMatch(/warning: the publish was not recorded/);
    expect(result.status).toBe(0);
  });

  it('refuses while another apply to the same project runs on this machine, with no write', async () => {
    const s = await start();
    const dir = dataDir();
    const lockDir = join(dir, 'locks');
    mkdirSync(lockDir, { recursive: true });
    const registry = new URL(s.url).href;
    const name = `apply-${createHash('sha256').update(`${registry}\nshop`).digest('hex').slice(0, 32)}.lock`;
    writeFileSync(join(lockDir, name), `${process.pid}\n`); // a live process holds it
    const result = await run(['apply', '--project', 'shop', '--rules', rulesFile(dir, []), '--yes'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/another apply to project shop .* is running/);
    expect(writes(s)).toBe(0);
  });
});

describe('two admins applying at once from two machines', () => {
  it('never loses what both parties protect: each either finishes verified or stops before its next write and says why', async () => {
    const s = await start(40);
    s.state.setRules('library', [
      wireRule(undefined, ['repoMatches', 'web/**'], ['matches', '**']),
      wireRule(undefined, ['repoMatches', '**'], ['matches', 'v*']),
      wireRule(undefined, ['repoMatches', 'api/**'], ['matches', 'release-*']),
    ]);
    const [web, v, api] = s.state.rulesOf('library').map((r) => r.id);
    // Mine narrows the web rule and drops the api rule; theirs drops the web rule for one of its own.
    const mine = [wireRule(web, ['repoMatches', 'web/**'], ['matches', '{latest,v*}']), wireRule(v, ['repoMatches', '**'], ['matches', 'v*']), ...[1, 2, 3].map((n) => wireRule(undefined, ['repoMatches', `a${n}/**`], ['matches', '**']))];
    const theirs = [wireRule(undefined, ['repoMatches', 'web/**'], ['matches', 'v*']), wireRule(api, ['repoMatches', 'api/**'], ['matches', 'release-*']), ...[1, 2, 3].map((n) => wireRule(undefined, ['repoMatches', `b${n}/**`], ['matches', '**']))];
    const universe = ['web/shop', 'api', 'a1/x', 'b2/y'].flatMap((repository) => ['v1', 'latest', 'release-1', 'x'].map((tag) => [repository, tag] as const));
    const protectedIn = (rules: Parameters<typeof judge>[1]) => universe.filter(([r, t]) => decideTag(rules, r, t)).map(([r, t]) => `${r}:${t}`);
    const listed = (wire: typeof mine) => wire.map((rule, i) => ({ ...rule, id: rule.id ?? 1000 + i }));
    const required = protectedIn(s.state.rulesOf('library')).filter((k) => protectedIn(listed(mine)).includes(k) && protectedIn(listed(theirs)).includes(k));
    expect(required).toContain('web/shop:v1');
    const lost: string[] = [];
    s.observe((entry) => {
      if (entry.method === 'GET') return;
      const now = protectedIn(s.state.rulesOf('library'));
      for (const key of required) if (!now.includes(key)) lost.push(key);
    });
    const [a, b] = await Promise.all([mine, theirs].map((rules) => {
      const dir = dataDir(); // another machine: its own data folder, so no shared lock
      return run(['apply', '--project', 'library', '--rules', rulesFile(dir, rules), '--yes'], dir);
    }));
    expect(lost).toEqual([]);
    const outcomes = [a!, b!].map((r) => (r.status === 0 ? 'verified' : /another writer changed the rules|changed on the server since the plan/.test(r.stdout) ? 'stopped' : r.stdout + r.stderr));
    // Overlapping, both stop after their first write (each sees the other's); one after the other, both verify.
    expect(outcomes.every((o) => o === 'verified' || o === 'stopped'), outcomes.join('\n----\n')).toBe(true);
  });
});

describe('saved plans', () => {
  it('apply --plan carries out exactly the reviewed plan, and refuses with no write when the server changed since', async () => {
    const s = await start();
    const dir = dataDir();
    const planFile = join(dir, 'plan.json');
    const desired = [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'latest'])];
    const planned = await run(['plan', '--project', 'shop', '--rules', rulesFile(dir, desired), '--out', planFile], dir);
    expect(planned.status).toBe(0);
    expect(JSON.parse(readFileSync(planFile, 'utf8'))).toMatchObject({ format: 'taglock-plan', project: { name: 'shop', id: 1 } });

    const theirs = s.state.addRule('shop', wireRule(undefined, ['repoMatches', 'other/**'], ['matches', 'x'])); // a colleague's rule
    const refused = await taglock(['apply', '--plan', planFile, '--username', ADMIN.username, '--password-stdin', '--yes'], { stdin: ADMIN.password, env: { TAGLOCK_DATA_DIR: dir } });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain(`changed on the server since the plan; nothing was changed:\n  - rule #${theirs} was added`);
    expect(writes(s)).toBe(0);
    expect(patterns('shop')).toEqual(['4:v*', `${theirs}:x`]);

    expect((await run(['plan', '--project', 'shop', '--rules', rulesFile(dir, desired), '--out', planFile], dir)).status).toBe(0);
    const applied = await taglock(['apply', '--plan', planFile, '--username', ADMIN.username, '--password-stdin', '--yes'], { stdin: ADMIN.password, env: { TAGLOCK_DATA_DIR: dir } });
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain(`delete rule #${theirs}`); // the reviewed new plan, carried out
    expect(patterns('shop').map((p) => p.replace(/^\d+:/, ''))).toEqual(['v*', 'latest']);
  });

  it('--force overwrites a change made during review and prints what it reverts', async () => {
    const s = await start(100);
    const dir = dataDir();
    let once = true;
    s.observe((entry) => {
      // Another admin deletes rule 4 right after our plan read the rules.
      if (once && entry.method === 'GET' && entry.path.endsWith('/systeminfo') && s.requests.some((r) => r.path.endsWith('/immutabletagrules'))) {
        once = false;
        s.state.deleteRule(4);
      }
    });
    const desired = [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'v*'])];
    const result = await run(['apply', '--project', 'shop', '--rules', rulesFile(dir, desired), '--yes', '--force'], dir);
    expect(result.stdout).toMatch(/--force: overwriting these changes made on the server since the plan:\n {2}- rule #4 was deleted/);
    expect(result.stdout).toMatch(/The overwrite reverts:\n {2}- creates rule #4 again under a new id/);
    expect(result.status).toBe(0);
  });

  it('--rebase re-plans on top of a change made since the saved plan: their rule stays, mine is added', async () => {
    const s = await start();
    const dir = dataDir();
    const planFile = join(dir, 'plan.json');
    const desired = [wireRule(4, ['repoMatches', 'payments/**'], ['matches', 'v*']), wireRule(undefined, ['repoMatches', '**'], ['matches', 'latest'])];
    expect((await run(['plan', '--project', 'shop', '--rules', rulesFile(dir, desired), '--out', planFile], dir)).status).toBe(0);
    const theirs = s.state.addRule('shop', wireRule(undefined, ['repoMatches', 'other/**'], ['matches', 'x']));
    const result = await taglock(['apply', '--plan', planFile, '--rebase', '--username', ADMIN.username, '--password-stdin', '--yes'], { stdin: ADMIN.password, env: { TAGLOCK_DATA_DIR: dir } });
    expect(result.stdout, result.stderr).toContain(`  - rule #${theirs} was added`);
    expect(result.stdout).toContain('--rebase: re-planned on top of their change:');
    expect(result.status).toBe(0);
    expect(patterns('shop').map((p) => p.replace(/^\d+:/, ''))).toEqual(['v*', 'x', 'latest']);
  });
});

describe('the Harbor probe says what it saw', () => {
  it('a failing or HTML /systeminfo is an error naming the URL, never a silent switch to the plain-registry path', async () => {
    const s = await start();
    const dir = dataDir();
    s.faults.add({ kind: 'status', status: 503, pathPattern: /systeminfo$/, times: Infinity });
    const failing = await run(['snapshot', '--project', 'shop', '--out', join(dir, 's.json')], dir);
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/api\/v2\.0\/systeminfo answered HTTP 503/);
    s.faults.clear();
    s.faults.add({ kind: 'contentType', pathPattern: /systeminfo$/, times: Infinity });
    const html = await run(['plan', '--project', 'shop', '--rules', rulesFile(dir, [])], dir);
    expect(html.status).toBe(1);
    expect(html.stderr).toMatch(/systeminfo answered a text\/html.* page instead of Harbor's JSON/);
    expect(s.requests.some((r) => r.path.startsWith('/v2/'))).toBe(false);
  });
});
