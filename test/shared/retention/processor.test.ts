// How rules combine and which repositories a run reaches: Harbor's OR processor, its launcher and its
// job builder, on cases from Harbor's tests (v2.15.2: src/pkg/retention/policy/alg/or/processor_test.go,
// src/pkg/retention/launcher_test.go, dep/client_test.go; file:line at each case) and from
// docs/harbor-retention.md §2, §5.
import { describe, expect, it } from 'vitest';
import { art, forecast, outcomes, policy, rule, sel, snapshot, withOutcome } from './helpers.js';
import { parseRetentionPolicy } from '../../../shared/retention/policy.js';

/** processor_test.go:57-76: library/harbor with `latest` and `dev`, both pushed now. */
const harbor = () => snapshot({ harbor: [art(['latest'], { pushed: 2000 }), art(['dev'], { pushed: 2000 })] });

describe('the OR algorithm', () => {
  it('TestProcess (processor_test.go:88-128): a rule that keeps nothing still runs; the other keeps dev; latest is deleted', () => {
    // Harbor's test narrows with label selectors, which the job's selector index does not register (§4);
    // tag selectors that select the same candidates stand in for them: rule 1 selects nothing, rule 2 dev.
    const result = forecast(
      harbor(),
      policy(
        rule('lastXDays', 10, { tag_selectors: [sel('matches', '*dev*'), sel('matches', 'latest')] }),
        rule('latestPushedK', 10, { tag_selectors: [sel('matches', 'dev')] }),
      ),
    );
    expect(outcomes(result)).toEqual({ latest: 'deleted', dev: 'retained' });
    expect(result.totals.deleted).toBe(1);
  });

  it('TestProcess2 (processor_test.go:131-165): always on "latest" keeps latest, so dev is the one result, deleted', () => {
    const result = forecast(harbor(), policy(rule('always', undefined, { tag_selectors: [sel('matches', 'latest'), sel('matches', '')] })));
    expect(outcomes(result)).toEqual({ latest: 'retained', dev: 'deleted' });
  });

  it('retained by any rule; the first retaining rule in policy order is named, and the count of rules kept', () => {
    const snap = snapshot({ app: [art(['v2'], { pushed: 300 }), art(['v1'], { pushed: 200 }), art(['dev'], { pushed: 100 })] });
    const result = forecast(snap, policy(rule('latestPushedK', 1), rule('always', undefined, { tag_selectors: [sel('matches', 'v*')] })));
    const byTag = Object.fromEntries([...Array(3).keys()].map((i) => [result.index.tagNames[result.index.artifactTagStart[i]!]!, i]));
    expect(outcomes(result)).toEqual({ v2: 'retained', v1: 'retained', dev: 'deleted' });
    expect(result.decidedBy[byTag.v2!]).toBe(0);
    expect(result.decidedBy[byTag.v1!]).toBe(1);
    expect(result.retainingRules[byTag.v2!]).toBe(2);
    expect(result.ruleStats.map((s) => [s.retained, s.retainedOnly])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('counts the rules that retain an artifact up to 255, where a file holds more rules than that', () => {
    const snap = snapshot({ app: [art(['v1'])] });
    const result = forecast(snap, policy(...Array.from({ length: 300 }, () => rule('always', undefined))));
    expect(outcomes(result)).toEqual({ v1: 'retained' });
    expect(result.retainingRules[0]).toBe(255);
    expect(result.decidedBy[0]).toBe(0);
    expect(result.ruleStats[0]!.retained).toBe(1);
    expect(result.ruleStats[0]!.retainedOnly).toBe(0);
  });

  it('several tag selectors on one rule narrow one after the other (processor.go:142-151)', () => {
    const snap = snapshot({ app: [art(['v1-rc'], { pushed: 3 }), art(['v1'], { pushed: 2 }), art(['rc'], { pushed: 1 })] });
    const result = forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('matches', 'v*'), sel('matches', '*rc')] })));
    expect(withOutcome(result, 'retained')).toEqual(['v1-rc']);
  });

  it('an artifact with several tags is one candidate: any tag can select it, for matches and for excludes alike', () => {
    const snap = snapshot({ app: [art(['latest', 'v1'], { pushed: 3 }), art(['latest-1'], { pushed: 2 })] });
    // excludes "latest*" still selects the artifact tagged latest, because its tag v1 is not excluded.
    const result = forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('excludes', 'latest*')] })));
    expect(outcomes(result)).toEqual({ latest: 'retained', 'latest-1': 'deleted' });
  });

  it('a rule without tag selectors never joins: if no rule of the job has one, nothing is deleted (processor.go:48)', () => {
    const result = forecast(harbor(), policy(rule('latestPushedK', 0, { tag_selectors: [] })));
    expect(result.repositories[0]!.status).toBe('no-tag-selector');
    expect(result.totals.untouched).toBe(2);
    // With another rule in the job, that rule alone decides.
    const both = forecast(harbor(), policy(rule('always', undefined, { tag_selectors: [] }), rule('latestPushedK', 0)));
    expect(both.totals.deleted).toBe(2);
  });
});

describe('which repositories a run reaches', () => {
  const two = () => snapshot({ image: [art(['a'], { pushed: 2 })], other: [art(['b'], { pushed: 1 })] });

  it('no rules: no job at all (launcher_test.go:193-197)', () => {
    const result = forecast(two(), policy());
    expect(result.repositories.map((r) => r.status)).toEqual(['not-selected', 'not-selected']);
    expect(result.totals.untouched).toBe(2);
    expect(result.notes.join()).toContain('no rules');
  });

  it('no scope: the launch fails (launcher_test.go:199-206)', () => {
    const result = forecast(two(), parseRetentionPolicy({ algorithm: 'or', rules: [rule('latestPushedK', 0)] }));
    expect(result.launchError).toBe('the scope of policy is nil');
    expect(result.repositories.map((r) => r.status)).toEqual(['not-launched', 'not-launched']);
  });

  it('disabled rules are skipped; only repositories an enabled rule selects get a job (launcher_test.go:216-263)', () => {
    const result = forecast(
      two(),
      policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('repoMatches', 'image')] } }), rule('latestPushedK', 0, { disabled: true })),
    );
    expect(result.repositories.map((r) => [r.name, r.status, r.rules])).toEqual([
      ['image', 'runs', [0]],
      ['other', 'not-selected', []],
    ]);
    expect(outcomes(result)).toEqual({ a: 'deleted', b: 'untouched' });
  });

  it('every repository selector of a rule applies in turn; none at all selects every repository', () => {
    const snap = snapshot({ 'team/app': [art(['a'])], 'team/lib': [art(['b'])], web: [art(['c'])] });
    const narrowed = forecast(snap, policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('repoMatches', 'team/**'), sel('repoExcludes', '*/lib')] } })));
    expect(outcomes(narrowed)).toEqual({ a: 'deleted', b: 'untouched', c: 'untouched' });
    const everywhere = forecast(snap, policy(rule('latestPushedK', 0, { scope_selectors: {} })));
    expect(everywhere.totals.deleted).toBe(3);
  });

  it('the repository name is judged without the project, and nsMatches reads the project (dep/client_test.go:78-88)', () => {
    const snap = snapshot({ 'hello-world': [art(['latest'])] }, { project: 'library' });
    expect(forecast(snap, policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('repoMatches', 'hello-world')] } }))).totals.deleted).toBe(1);
    expect(forecast(snap, policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('repoMatches', 'library/**')] } }))).totals.untouched).toBe(1);
    expect(forecast(snap, policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('nsMatches', 'lib*')] } }))).totals.deleted).toBe(1);
  });

  it('a repository selector Harbor cannot build, or whose glob fails, fails the whole launch', () => {
    const label = forecast(two(), policy(rule('latestPushedK', 0, { scope_selectors: { repository: [{ kind: 'label', decoration: 'withLabels', pattern: 'x' }] } })));
    expect(label.launchError).toBe('retention rule 1: selector label is not registered');
    const broken = forecast(two(), policy(rule('latestPushedK', 0, { scope_selectors: { repository: [sel('repoMatches', 'oth[')] } })));
    expect(broken.launchError).toContain('syntax error in pattern');
    expect(broken.totals.untouched).toBe(2);
  });
});

describe('jobs that fail', () => {
  it('a broken rule fails only the jobs it is part of: nothing there is deleted (builder.go:65-92)', () => {
    const snap = snapshot({ image: [art(['a'])], other: [art(['b'])] });
    const result = forecast(
      snap,
      policy(rule('latestPushedK', 0), rule('latestPushedK', 0, { tag_selectors: [{ kind: 'label', decoration: 'withLabels', pattern: 'L1' }], scope_selectors: { repository: [sel('repoMatches', 'image')] } })),
    );
    expect(result.repositories.map((r) => [r.name, r.status, r.error])).toEqual([
      ['image', 'fails', 'retention rule 2: get selector by metadata: selector label is not registered'],
      ['other', 'runs', null],
    ]);
    expect(outcomes(result)).toEqual({ a: 'untouched', b: 'deleted' });
  });

  it('missing parameter, unknown action and another algorithm fail the job', () => {
    const snap = snapshot({ app: [art(['a'])] });
    expect(forecast(snap, policy({ ...rule('latestPushedK', 1), params: {} })).repositories[0]!.error).toBe('retention rule 1: missing required parameter latestPushedK for rule latestPushedK');
    expect(forecast(snap, policy({ ...rule('latestPushedK', 1), action: 'delete' })).repositories[0]!.error).toContain('action delete is not registered');
    const and = parseRetentionPolicy({ ...policy(rule('latestPushedK', 1)), algorithm: 'and' });
    expect(forecast(snap, and).repositories[0]!.status).toBe('fails');
  });

  it('a tag glob error fails the job when a tag reaches the broken part', () => {
    const snap = snapshot({ reached: [art(['ab'])], missed: [art(['b'])] });
    const result = forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('matches', 'a[')] })));
    expect(result.repositories.map((r) => r.status)).toEqual(['fails', 'runs']);
    expect(outcomes(result)).toEqual({ ab: 'untouched', b: 'deleted' });
  });
});
