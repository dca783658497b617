// glob-cost: patterns whose matching can explode are flagged, with the cost estimated on real names.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { combinations, starsPerSegment } from '../../../shared/lint/glob-cost.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { artifact, snapshotOf, wireRule } from '../../support/snapshots.js';

const pathological = `${'*a'.repeat(11)}b`;

describe('glob-cost', () => {
  it('counts the stars that backtrack against each other, per segment and brace alternative', () => {
    expect(starsPerSegment(pathological)).toBe(11);
    expect(starsPerSegment('**/team/*')).toBe(1);
    expect(starsPerSegment('{*a*b,*c*d*e*f}')).toBe(4);
    expect(starsPerSegment('\\*\\*\\*')).toBe(0);
    expect(combinations(40, 11)).toBeCloseTo(2311801440, -3);
  });

  it('flags the pattern that froze the UI, with the cost on the snapshot\'s longest tag, and not everyday patterns', () => {
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', pathological]), wireRule(2, ['repoMatches', '**'], ['matches', 'v*.*.*'])]);
    // A 40-character tag without "a": the estimate needs its length only, and matching it stays quick.
    const snapshot = snapshotOf({ app: [artifact(['x'.repeat(40)]), artifact(['v1.2.3'])] }, null);
    const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(rules, 'v1.3.4')]);
    const findings = lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } }).filter((f) => f.code === 'glob-cost');
    expect(findings.map((f) => f.ruleIndex)).toEqual([0]);
    expect(findings[0]!.message).toMatch(/11 "\*" in one segment: matching it can take about 2\.3e\+9 steps on the snapshot's longest tag \(.*40 characters\)/);
    expect(lintRules(rules, { dialect: 'v1.3.4' }).filter((f) => f.code === 'glob-cost').map((f) => f.ruleIndex)).toEqual([0]);
  });
});
