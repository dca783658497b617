// Lint across both policies: with the retention policy a snapshot recorded for the project, what
// immutability keeps from it (tagged: retention-blocked-by-immutability; untagged: the excludes quirk of
// untagged-retained-in-snapshot, now with what the policy would delete) and the repositories it empties.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { LintContext } from '../../../shared/lint/lint.js';
import { lintRules } from '../../../shared/lint/lint.js';
import type { RetentionPolicy } from '../../../shared/retention/policy.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot, SnapshotArtifact } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const MiB = 1024 ** 2;

/** One retention rule over every repository and tag, untagged artifacts too, as the web UI writes it. */
function policyOf(template: string, parameter: number | null): RetentionPolicy {
  return {
    algorithm: 'or',
    rules: [
      {
        action: 'retain',
        template,
        ...(parameter === null ? {} : { params: { [template]: parameter } }),
        tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '**', extras: '{"untagged":true}' }],
        scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] },
      },
    ],
    trigger: { kind: 'Schedule', settings: { cron: '' } },
    scope: { level: 'project', ref: 1 },
  };
}

/** An artifact pushed (with its tags) on `day` of 2026, `mib` MiB. */
function pushed(day: string, tags: string[], mib: number): SnapshotArtifact {
  const time = `2026-${day}T00:00:00Z`;
  const made = artifact(tags, { pushTime: time, size: mib * MiB });
  return { ...made, tags: made.tags.map((t) => ({ ...t, pushTime: time })) };
}

function lint(wire: WireRule[], snapshot: Snapshot, policy: RetentionPolicy | null | undefined, extra: Partial<LintContext> = {}) {
  const withPolicy: Snapshot = { ...snapshot, projects: snapshot.projects.map((p) => (policy === undefined ? p : { ...p, retention: policy })) };
  const rules = parseWireRules(wire);
  const result = simulate(buildSnapshotIndex(withPolicy), [compileRuleSet(rules, 'v1.3.4')]);
  return lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 }, ...extra });
}

const codes = (findings: ReturnType<typeof lint>, code: string) => findings.filter((f) => f.code === code);

describe('retention-blocked-by-immutability', () => {
  // Listing order is newest first: latest (March), 1.1.0 (February), 1.0.0 (January).
  const snapshot = snapshotOf({
    'team/api': [pushed('01-10', ['1.0.0'], 30), pushed('02-10', ['1.1.0', 'stable'], 40), pushed('03-10', ['latest'], 50)],
    web: [pushed('03-01', ['2.0.0'], 5)],
  });
  const releases = wireRule(1, ['repoMatches', '**'], ['matches', '1.*']);

  it('counts per immutability rule the tagged artifacts retention would delete but cannot, with their size', () => {
    const [finding, ...rest] = codes(lint([releases, wireRule(2, ['repoMatches', 'web'], ['matches', 'nightly'])], snapshot, policyOf('latestPushedK', 1)), 'retention-blocked-by-immutability');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', rule: 'rule 1', ruleIndex: 0 });
    expect(finding!.message).toBe(
      "The project's retention policy would delete 2 tagged artifacts (70 MiB) in 1 repository of project library of the snapshot that this rule keeps immutable " +
        '(e.g. team/api:1.1.0, team/api:1.0.0): retention skips them (IMMUTABLE), so that storage is never freed. If they may go, narrow this rule; if they must stay, let a retention rule keep them.',
    );
  });

  it('says when retention\'s own check misses them and the delete is what refuses (Harbor 2.15.2 judges team/api as "api")', () => {
    const [finding] = codes(lint([wireRule(1, ['repoMatches', 'team/*'], ['matches', '1.*'])], snapshot, policyOf('latestPushedK', 1)), 'retention-blocked-by-immutability');
    expect(finding!.message).toContain("that this rule keeps immutable (e.g. team/api:1.1.0, team/api:1.0.0): retention's own check misses them, but the delete it then tries is refused (412, ERR), so that storage is never freed.");
  });

  it('says nothing without a recorded policy, with a project that has none, or when the policy keeps them anyway', () => {
    expect(codes(lint([releases], snapshot, undefined), 'retention-blocked-by-immutability')).toEqual([]);
    expect(codes(lint([releases], snapshot, null), 'retention-blocked-by-immutability')).toEqual([]);
    expect(codes(lint([releases], snapshot, policyOf('latestPushedK', 3)), 'retention-blocked-by-immutability')).toEqual([]);
  });
});

describe('untagged-retained-in-snapshot with a retention policy (the excludes quirk)', () => {
  const snapshot = snapshotOf({
    'team/api': [pushed('01-10', [], 100), pushed('02-10', [], 200), pushed('03-10', ['1.1.0-SNAPSHOT'], 10)],
  });
  const snapshots = wireRule(1, ['repoMatches', '**'], ['excludes', '*SNAPSHOT*']);

  it('adds how many of the untagged artifacts the policy would delete but for the rule, and their size', () => {
    const [finding] = codes(lint([snapshots], snapshot, policyOf('latestPushedK', 1)), 'untagged-retained-in-snapshot');
    expect(finding!.message).toBe(
      'Tag retention treats 2 untagged artifacts (300 MiB) in project library of the snapshot as immutable because of it, so retention never cleans them up. ' +
        "The project's retention policy would delete 2 of them (300 MiB) but for this rule.",
    );
  });

  it('says when the policy would keep them anyway, and nothing more without a policy', () => {
    const [kept] = codes(lint([snapshots], snapshot, policyOf('always', null)), 'untagged-retained-in-snapshot');
    expect(kept!.message).toContain("The project's retention policy would not delete them at the moment anyway.");
    const [alone] = codes(lint([snapshots], snapshot, undefined), 'untagged-retained-in-snapshot');
    expect(alone!.message).not.toContain('retention policy');
  });
});

describe('retention-deletes-last-artifact', () => {
  // Nothing was pushed in the week before the snapshot was fetched (2026-11-01).
  const snapshot = snapshotOf({
    'team/api': [pushed('01-10', ['1.0.0'], 30), pushed('02-10', ['latest'], 40)],
    web: [pushed('01-20', ['main'], 1), pushed('02-20', ['latest'], 2)],
    docs: [pushed('03-01', ['site'], 3)],
  });
  const releases = wireRule(1, ['repoMatches', '**'], ['matches', '1.*']);

  it('names the repositories the policy empties, sparing those immutability keeps an artifact of', () => {
    const [finding, ...rest] = codes(lint([releases], snapshot, policyOf('nDaysSinceLastPush', 7)), 'retention-deletes-last-artifact');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', ruleIndex: null, rule: null });
    expect(finding!.message).toBe(
      "The project's retention policy would delete every artifact of 2 repositories in project library of the snapshot: web (2 artifacts, 3.0 MiB), docs (1 artifact, 3.0 MiB). " +
        "No retention rule keeps any of them at the run's time and no immutability rule protects one, so the next run empties them and every pull from them fails.",
    );
  });

  it('judges the policy at the time the context gives (default: the fetch time)', () => {
    const early = Date.parse('2026-03-02T00:00:00Z');
    const [finding] = codes(lint([releases], snapshot, policyOf('nDaysSinceLastPush', 7), { retentionRunAt: early }), 'retention-deletes-last-artifact');
    expect(finding!.message).toContain('every artifact of 1 repository in project library of the snapshot: web (2 artifacts');
    expect(codes(lint([releases], snapshot, policyOf('latestPushedK', 1)), 'retention-deletes-last-artifact')).toEqual([]);
  });
});
