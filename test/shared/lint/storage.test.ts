// Storage in findings: sizes as people read them, and the untagged artifacts retention keeps per rule.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { artifactBytesText, formatBytes } from '../../../shared/lint/storage.js';
import type { WireRule } from '../../../shared/rules/wire.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const GiB = 1024 ** 3;

function untaggedFindings(wire: WireRule[], snapshot: Snapshot) {
  const rules = parseWireRules(wire);
  const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, 'v1.3.4')]);
  return lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } }).filter((f) => f.code === 'untagged-retained-in-snapshot');
}

describe('formatBytes', () => {
  it('uses binary units, one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(34 * 1024 ** 2)).toBe('34 MiB');
    expect(formatBytes(1.2 * GiB)).toBe('1.2 GiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
  });

  it('says "at least" when some sizes are unknown, and nothing when none is known', () => {
    const index = buildSnapshotIndex(snapshotOf({ a: [artifact([], { size: GiB }), artifact([], { size: null }), artifact([], { size: null })] }));
    expect(artifactBytesText(index, [0])).toBe('1.0 GiB');
    expect(artifactBytesText(index, [0, 1])).toBe('at least 1.0 GiB');
    expect(artifactBytesText(index, [1, 2])).toBeNull();
  });
});

describe('untagged-retained-in-snapshot (harbor#22051)', () => {
  // "For the repositories matching **, tags excluding *SNAPSHOT*": every untagged artifact is retained.
  const snapshot = snapshotOf({
    'team/api': [artifact(['1.0.0', '1.1.0-SNAPSHOT']), artifact([], { size: 0.75 * GiB }), artifact([], { size: 0.45 * GiB })],
    web: [artifact(['2.0.0']), artifact([], { size: 20 * 1024 ** 2 })],
  });

  it('counts the untagged artifacts each rule keeps from retention, with their size', () => {
    const [finding, ...rest] = untaggedFindings([wireRule(1, ['repoMatches', '**'], ['excludes', '*SNAPSHOT*'])], snapshot);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', rule: 'rule 1' });
    expect(finding!.message).toContain('3 untagged artifacts (1.2 GiB) in project library of the snapshot');
  });

  it('only in the repositories the rule selects on the retention path, and never for a matching rule (Harbor 2.5 and later)', () => {
    const [web] = untaggedFindings([wireRule(1, ['repoMatches', 'web'], ['excludes', '*SNAPSHOT*'])], snapshot);
    expect(web!.message).toContain('1 untagged artifact (20 MiB)');
    // Retention in Harbor 2.15.2 judges team/api as "api", which team/* does not match: nothing kept there.
    expect(untaggedFindings([wireRule(1, ['repoMatches', 'team/*'], ['excludes', '*SNAPSHOT*'])], snapshot)).toEqual([]);
    expect(untaggedFindings([wireRule(1, ['repoMatches', '**'], ['matches', '**'])], snapshot)).toEqual([]);
  });

  it('the first rule that decides an artifact is the one that keeps it', () => {
    const findings = untaggedFindings([wireRule(1, ['repoMatches', 'web'], ['excludes', 'x']), wireRule(2, ['repoMatches', '**'], ['excludes', 'y'])], snapshot);
    expect(findings.map((f) => [f.rule, f.message.match(/(\d+) untagged/)![1]])).toEqual([
      ['rule 1', '1'],
      ['rule 2', '2'],
    ]);
  });
});
