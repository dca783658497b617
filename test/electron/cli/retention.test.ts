// `taglock retention` through the built command line: the cleanup forecast in JSON for scripts and as a
// per-repository table, its inputs (a policy file, or the one the snapshot recorded; --at; --project;
// --harbor-version) and its refusals (exit 2, one line); and `taglock lint` judging the recorded policy at --at.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taglock } from '../../support/cli.js';
import { wireRule } from '../../support/snapshots.js';
import { art, digestOf, policy, rule, sel, snapshot } from '../../shared/retention/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'taglock-retention-'));
function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const DAY = 86_400;
const AT = Date.parse('2026-11-01T00:00:00Z') / 1000;

/**
 * team/app: v2 (new), v1 (old, immutable by rule 7 on the push path: team/** is judged as "app" by
 * retention in 2.15.2), an untagged leftover; web: one old build.
 */
const SNAPSHOT = snapshot(
  {
    'team/app': [
      art(['v2', 'latest'], { pushed: AT - 1 * DAY, size: 300, digest: digestOf(0xa2) }),
      art(['v1'], { pushed: AT - 40 * DAY, size: 200, digest: digestOf(0xa1) }),
      art([], { pushed: AT - 50 * DAY, size: 100, digest: digestOf(0xa0) }),
    ],
    web: [art(['build-1'], { pushed: AT - 45 * DAY, size: 50, digest: digestOf(0xb1) })],
  },
  { project: 'shop', rules: [wireRule(7, ['repoMatches', 'team/**'], ['matches', 'v*'])] },
);
const POLICY = policy(rule('nDaysSinceLastPush', 30, { tag_selectors: [sel('matches', '**', '{"untagged":false}')] }));

const snapshotFile = file('snapshot.json', SNAPSHOT);
const policyFile = file('policy.json', POLICY);

async function json(args: string[], stderr = '') {
  const result = await taglock(['retention', ...args, '--format', 'json']);
  expect(result.stderr).toBe(stderr);
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as {
    runAt: string;
    summary: Record<string, number>;
    repositories: { project: string; repository: string; status: string; deleted: number }[];
    artifacts: { project: string; repository: string; digest: string; tags: string[]; outcome: string; rule: string | null; ruleId: number | null; check: string | null; size: number | null }[];
  };
}

describe('taglock retention --format json', () => {
  it('holds the summary and one line per artifact with repository, digest, outcome and the deciding rule', async () => {
    const out = await json(['--snapshot', snapshotFile, '--retention', policyFile, '--at', '2026-11-01']);
    expect(out.runAt).toBe('2026-11-01T00:00:00.000Z');
    expect(out.summary).toMatchObject({ artifacts: 4, retained: 1, deleted: 2, keptByImmutability: 1, bytesDeleted: 150, bytesKeptByImmutability: 200 });
    expect(out.artifacts.map((a) => [a.repository, a.digest, a.outcome, a.rule, a.check])).toEqual([
      ['team/app', digestOf(0xa2), 'retained', 'retention rule 1', null],
      ['team/app', digestOf(0xa1), 'immutable', 'rule 7', 'delete'],
      ['team/app', digestOf(0xa0), 'deleted', null, null],
      ['web', digestOf(0xb1), 'deleted', null, null],
    ]);
    expect(out.artifacts[1]).toMatchObject({ project: 'shop', ruleId: 7, tags: ['v1'], size: 200 });
    expect(out.repositories.map((r) => [r.repository, r.status, r.deleted])).toEqual([
      ['team/app', 'runs', 1],
      ['web', 'runs', 1],
    ]);
  });

  it('--harbor-version picks the check that keeps it: 2.16 judges team/app by its own name', async () => {
    const assumed = "taglock: The retention repository-name fix (#23546) was merged on Harbor's main branch on 2026-07-15 and in no release up to 2.15.2; Taglock assumes it ships in 2.16.0.\n";
    const out = await json(['--snapshot', snapshotFile, '--retention', policyFile, '--at', '2026-11-01', '--harbor-version', '2.16.0'], assumed);
    expect(out.artifacts.find((a) => a.digest === digestOf(0xa1))).toMatchObject({ outcome: 'immutable', check: 'retention' });
  });

  it('--at moves "now": 25 days later v2 (1 day old) is still kept; 17 days earlier the 45-day-old build is kept too', async () => {
    const later = await json(['--snapshot', snapshotFile, '--retention', policyFile, '--at', '2026-11-26T00:00:00Z']);
    expect(later.artifacts.map((a) => a.outcome)).toEqual(['retained', 'immutable', 'deleted', 'deleted']);
    const earlier = await json(['--snapshot', snapshotFile, '--retention', policyFile, '--at', '2026-10-15']);
    expect(earlier.artifacts.find((a) => a.repository === 'web')!.outcome).toBe('retained');
  });

  it('without --retention, forecasts the policy the snapshot recorded for the project', async () => {
    const recorded = file('recorded.json', { ...SNAPSHOT, projects: [{ ...SNAPSHOT.projects[0]!, retention: policy(rule('always', undefined)) }] });
    const out = await json(['--snapshot', recorded, '--at', '2026-11-01']);
    expect(out.summary).toMatchObject({ retained: 4, deleted: 0 });
  });
});

describe('taglock retention (table)', () => {
  it('prints totals with sizes and one row per repository', async () => {
    const { status, stdout, stderr } = await taglock(['retention', '--snapshot', snapshotFile, '--retention', policyFile, '--at', '2026-11-01']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('Cleanup forecast for a retention run at 2026-11-01T00:00:00.000Z (Harbor 2.15.2, doublestar v1.3.4): 4 artifacts.');
    expect(stdout).toMatch(/^Deleted: +2 {2}\(150 B\)$/m);
    expect(stdout).toMatch(/^Kept by immutability: +1 {2}\(200 B; retention would delete them\)$/m);
    expect(stdout).toMatch(/^shop\/team\/app +3 +1 +1 +1 +0 +100 B +200 B/m);
    expect(stdout).toMatch(/^shop\/web +1 +1 +0 +0 +0 +50 B +0 B/m);
  });

  it('says why a job does nothing, with names and patterns from files shown as text, never as terminal commands', async () => {
    const hostile = 'web\u001b]0;pwned\u0007';
    const snap = file('hostile.json', snapshot({ [hostile]: [art(['xa'])] }, { project: 'shop' }));
    // A tag reaches the broken class of the pattern, so the job fails and the message quotes the pattern.
    const broken = file('broken.json', policy(rule('always', undefined, { tag_selectors: [sel('matches', 'x[\u001b[2J')] })));
    const { status, stdout } = await taglock(['retention', '--snapshot', snap, '--retention', broken]);
    expect(status).toBe(0);
    expect(stdout).not.toMatch(/\u001b/);
    expect(stdout).toContain('shop/web\\u001b]0;pwned\\u0007: the job fails: retention rule 1: pattern "x[\\u001b[2J": syntax error in pattern');
    expect(stdout).toMatch(/job fails$/m);
    const label = file('label.json', policy(rule('always', undefined, { tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'L1' }] })));
    const failing = await taglock(['retention', '--snapshot', snap, '--retention', label]);
    expect(failing.stdout).toContain('the job fails: retention rule 1: get selector by metadata: selector label is not registered');
  });
});

describe('taglock retention refuses unusable input with exit 2 and one line', () => {
  const noPolicy = file('none.json', { ...SNAPSHOT, projects: [{ ...SNAPSHOT.projects[0]!, retention: null }] });
  it.each([
    [['--snapshot', 'SNAP'], 'the snapshot does not record the retention policy of project "shop": pass --retention POLICY.json'],
    [['--snapshot', 'NOPOLICY'], 'project "shop" has no retention policy: pass --retention POLICY.json'],
    [['--snapshot', 'SNAP', '--retention', 'POLICY', '--project', 'nope'], 'the snapshot has no project "nope" (it has "shop")'],
    [['--snapshot', 'SNAP', '--retention', 'POLICY', '--at', 'tomorrow'], '--at must be a date (2026-11-01) or an ISO 8601 time'],
    [['--snapshot', 'SNAP', '--retention', 'BADPOLICY'], 'policy.rules[0].params: expected an object, got a list'],
    [['--retention', 'POLICY'], 'retention: --snapshot is required'],
  ])('%j', async (args, message) => {
    const bad = file('bad-policy.json', { rules: [{ params: [] }] });
    const resolved = args.map((a) => ({ SNAP: snapshotFile, NOPOLICY: noPolicy, POLICY: policyFile, BADPOLICY: bad })[a] ?? a);
    const { status, stderr } = await taglock(['retention', ...resolved]);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('taglock lint with a snapshot that recorded the retention policy', () => {
  const recorded = file('recorded-30-days.json', { ...SNAPSHOT, projects: [{ ...SNAPSHOT.projects[0]!, retention: POLICY }] });
  const rules = file('lint-rules.json', SNAPSHOT.projects[0]!.rules);
  const codes = async (extra: string[]) => {
    // Harbor 2.16 judges team/app by its own name on the retention path, so rule 7 protects v1 there
    // (2.15.2 would judge `app`: the delete refused with 412, the retention-name-quirk finding instead).
    const result = await taglock(['lint', '--rules', rules, '--snapshot', recorded, '--harbor-version', '2.16.0', '--format', 'json', ...extra]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/2\.16/);
    return (JSON.parse(result.stdout) as { findings: { code: string; message: string }[] }).findings;
  };

  it('judges the run at the fetch time, or at --at: v1 is old enough to be deleted only by November', async () => {
    const atFetch = (await codes([])).filter((f) => f.code === 'retention-blocked-by-immutability');
    expect(atFetch).toHaveLength(1);
    expect(atFetch[0]!.message).toMatch(/delete 1 tagged artifact \(200 B\).*team\/app:v1/);
    expect((await codes(['--at', '2026-11-01'])).map((f) => f.code)).toContain('retention-blocked-by-immutability');
    // On 1 October v1 was pushed 9 days before: retention keeps it by its own rule, nothing collides.
    expect((await codes(['--at', '2026-10-01'])).map((f) => f.code)).not.toContain('retention-blocked-by-immutability');
  });

  it('refuses --at without a snapshot, and a date it cannot read (exit 2, one line)', async () => {
    for (const args of [['--at', '2026-11-01'], ['--snapshot', recorded, '--at', 'tomorrow']]) {
      const result = await taglock(['lint', '--rules', rules, ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/--at/);
    }
  });
});
