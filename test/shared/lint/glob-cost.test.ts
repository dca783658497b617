// glob-cost: patterns whose matching can explode are flagged, with the cost estimated on real names.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { backtrackingSteps } from '../../../shared/lint/backtracking-steps.js';
import { MEASURE_CAP, combinations, starsPerSegment } from '../../../shared/lint/glob-cost.js';
import { compileGlob } from '../../../shared/glob/index.js';
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
    // Counted on the real name: it has no "a", so every try fails at once.
    expect(findings[0]!.message).toMatch(/Counted on "x{40}": \d{2,3} steps\./);
    expect(lintRules(rules, { dialect: 'v1.3.4' }).filter((f) => f.code === 'glob-cost').map((f) => f.ruleIndex)).toEqual([0]);
  });

  it('counts the steps on the longest names, stopping at the cap on a name that would take minutes', () => {
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', pathological])]);
    const snapshot = snapshotOf({ app: [artifact(['a'.repeat(40)]), artifact(['a'.repeat(12)])] }, null);
    const result = simulate(buildSnapshotIndex(snapshot), [compileRuleSet([], 'v1.3.4')]);
    const started = Date.now();
    const [finding] = lintRules(rules, { dialect: 'v1.3.4', simulation: { result, project: 0 } }).filter((f) => f.code === 'glob-cost');
    expect(Date.now() - started).toBeLessThan(5_000); // the uncapped count would run for minutes
    expect(finding!.message).toContain(`Counted on "${'a'.repeat(40)}": more than 1,000,000 steps before Taglock stopped counting.`);
  });
});

describe('backtracking step count', () => {
  it('grows with the stars that backtrack, and stops at the cap', () => {
    const name = 'a'.repeat(24);
    const steps = [3, 4, 5].map((k) => backtrackingSteps(`${'*a'.repeat(k)}b`, name, MEASURE_CAP).steps);
    expect(steps[1]!).toBeGreaterThan(steps[0]! * 3);
    expect(steps[2]!).toBeGreaterThan(steps[1]! * 3);
    expect(backtrackingSteps(`${'*a'.repeat(11)}b`, 'a'.repeat(40), MEASURE_CAP)).toEqual({ steps: MEASURE_CAP, capped: true, matched: false });
    expect(backtrackingSteps('v*.*.*', 'v1.2.3', MEASURE_CAP)).toMatchObject({ capped: false, matched: true });
  });

  it('agrees with the real matcher on which names match', () => {
    const patterns = ['*a*b*c', 'v*.*.*', '[0-9]*-*-*', '[^0-9]*x*y*', 'a?c*d*e*', '\\**a*b', 'rel*[a-c]*z*'];
    const names = ['abc', 'xaxbxc', 'v1.2.3', 'v1.2', '1-2-3', 'x-2-3', 'qxzy', '1xzy', 'abcdee', 'a*cdxe', '*ab', 'release-b-z', 'rel-z', 'cab'];
    for (const pattern of patterns) {
      const glob = compileGlob(pattern, 'v1.3.4');
      for (const name of names) expect([pattern, name, backtrackingSteps(pattern, name, MEASURE_CAP).matched]).toEqual([pattern, name, glob.match(name) === 'match']);
    }
  });
});
