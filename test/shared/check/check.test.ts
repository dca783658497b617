// Runs in Node (test).
/** Each condition of the CI check, alone, on the fixture snapshot (project library, rules #11 and #12). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRuleChange } from '../../../shared/check/check.js';
import { checkMarkdown } from '../../../shared/check/markdown.js';
import { ruleChanges } from '../../../shared/check/rule-changes.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { FIXTURES_ROOT, REPO_ROOT, readFixtureJson } from '../../support/repo-files.js';
import { wireRule } from '../../support/snapshots.js';

const snapshot = readFixtureJson<Snapshot>('terraform', 'ci-change', 'snapshot.json');
const index = buildSnapshotIndex(snapshot);
const base = parseWireRules(snapshot.projects[0]!.rules);
const profile = harborProfile('v2.15.2');

function check(proposed: readonly ImmutableRule[], maxFreedDigests = 0) {
  return checkRuleChange({ index, project: 'library', base, proposed, dialect: 'v1.3.4', profile, maxFreedDigests });
}

const added = (repository: string, tag: [string, string]) => parseWireRules([wireRule(undefined, ['repoMatches', repository], tag)]);

describe('taglock check conditions', () => {
  it('passes an unchanged rule list, even written without ids', () => {
    const report = check(base.map((rule) => ({ ...rule, id: null })));
    expect(report.changes).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(report.newlyImmutableTags).toEqual([]);
    expect(report.freedDigests).toEqual([]);
  });

  it('fails when CI-moving tags of the snapshot become immutable', () => {
    const report = check([...base, ...added('web', ['matches', 'latest'])]);
    expect(report.newlyImmutableTags.map((t) => `${t.repository}:${t.tag}`)).toEqual(['web:latest']);
    expect(report.failures.map((f) => f.code)).toEqual(['ci-tags-immutable']);
    expect(report.failures[0]!.message).toContain('web:latest');
  });

  it('fails when a new rule makes CI-moving tags immutable that the snapshot does not have yet', () => {
    const report = check([...base, ...added('newservice', ['matches', '**'])]);
    expect(report.newlyImmutableTags).toEqual([]);
    expect(report.failures.map((f) => f.code)).toEqual(['ci-tags-immutable']);
    expect(report.failures[0]!.message).toContain('draft rule 3 makes tags that CI usually moves immutable');
  });

  it('fails on a lint error the change adds, not on one the base already had', () => {
    const broken = added('web', ['matches', 'build-[0-9']);
    const report = check([...base, ...broken]);
    expect(report.failures.map((f) => f.code)).toEqual(['new-lint-error']);
    expect(report.newFindings.filter((f) => f.severity === 'error').map((f) => f.code).sort()).toEqual(['stops-later-rules', 'syntax-error']);
    // The same broken rule on both sides adds nothing.
    const same = checkRuleChange({ index, project: 'library', base: [...base, ...broken], proposed: [...base, ...broken], dialect: 'v1.3.4', profile, maxFreedDigests: 0 });
    expect(same.failures).toEqual([]);
  });

  it('fails when more protected digests are freed than allowed', () => {
    const withoutLegacy = base.filter((rule) => rule.id !== 12);
    const strict = check(withoutLegacy);
    expect(strict.freedDigests.map((d) => d.tags)).toEqual([['1.0'], ['old']]);
    expect(strict.failures.map((f) => f.code)).toEqual(['too-many-freed-digests']);
    expect(check(withoutLegacy, 2).failures).toEqual([]);
    expect(check(withoutLegacy, 1).failures.map((f) => f.code)).toEqual(['too-many-freed-digests']);
    expect(strict.resolvedFindings.map((f) => f.code)).toContain('ci-moving-tags');
  });

  it('names rules as their source does, in the report and in Markdown', () => {
    const proposed = [...base, ...added('web', ['matches', 'build-[0-9'])];
    const report = checkRuleChange({ index, project: 'library', base, proposed, dialect: 'v1.3.4', profile, maxFreedDigests: 0, proposedLabels: ['a', 'b', 'harbor_immutable_tag_rule.web'] });
    expect(report.changes).toEqual([expect.objectContaining({ kind: 'added', label: 'harbor_immutable_tag_rule.web' })]);
    const markdown = checkMarkdown(report, 'the rules recorded in snapshot.json');
    expect(markdown).toContain('- added `harbor_immutable_tag_rule.web`: `repositories repoMatches "web", tags matches "build-[0-9"`');
    expect(markdown).toContain('| error | `harbor_immutable_tag_rule.web` | syntax-error:');
    expect(markdown.startsWith('### Tag immutability: project `library` failed (1 of 3 checks)\n')).toBe(true);
  });
});

describe('rule changes', () => {
  it('pairs by id, then by content; reports edits, additions and removals', () => {
    const [a, b] = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*']), wireRule(2, ['repoMatches', 'x'], ['matches', '**'])]);
    const edited = { ...a!, tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*.*' }] };
    expect(ruleChanges([a!, b!], [edited, { ...b!, id: null }])).toEqual([{ kind: 'changed', before: a, after: edited, afterIndex: 0 }]);
    expect(ruleChanges([a!, b!], [{ ...b!, disabled: true, id: null }])).toEqual([
      { kind: 'added', after: { ...b!, disabled: true, id: null }, afterIndex: 0 },
      { kind: 'removed', before: a },
      { kind: 'removed', before: b },
    ]);
  });
});

describe('the README', () => {
  it('quotes the golden pull-request comment as it is', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const golden = readFileSync(join(FIXTURES_ROOT, 'terraform', 'ci-change', 'check.golden.md'), 'utf8').trimEnd();
    const quoted = golden
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n');
    expect(readme).toContain(quoted);
  });
});
