// Re-simulating with the previous result must give exactly what a full simulation gives.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { generateDecisionCases } from '../glob/generate-cases.js';
import { wireRule } from '../../support/snapshots.js';
import { simulationEssence } from '../../support/simulation-essence.js';

const index = buildSnapshotIndex(demoSnapshot());


/** Edits an admin makes while typing: append a rule, change the last, the first or a middle one, toggle. */
function edits(rules: ImmutableRule[]): ImmutableRule[][] {
  const extra = parseWireRules([wireRule(undefined, ['repoMatches', '**'], ['matches', 'v*'])])[0]!;
  const retag = (rule: ImmutableRule, pattern: string): ImmutableRule => ({ ...rule, tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern }] });
  const out = [[...rules, extra]];
  if (rules.length > 0) {
    out.push([...rules.slice(0, -1), retag(rules.at(-1)!, 'latest')]);
    out.push([retag(rules[0]!, '{sha-*,pr-*}'), ...rules.slice(1)]);
    const middle = Math.floor(rules.length / 2);
    out.push(rules.map((rule, i) => (i === middle ? { ...rule, disabled: !rule.disabled } : rule)));
    out.push(rules.slice(0, -1));
  }
  return out;
}

describe('incremental simulation', () => {
  it('equals a full simulation after every kind of edit, on 300 generated rule lists', () => {
    let compared = 0;
    let reused = 0;
    for (const c of generateDecisionCases(300, 0x1ac)) {
      const rules = parseWireRules(c.rules.map((r, i) => ({ ...r, id: i + 1 })));
      const before = simulate(index, [compileRuleSet(rules, 'v1.3.4')]);
      for (const edited of edits(rules)) {
        const set = compileRuleSet(edited, 'v1.3.4');
        const incremental = simulate(index, [set], before);
        expect(simulationEssence(incremental)).toEqual(simulationEssence(simulate(index, [set])));
        compared++;
        if (set.rules.length > 0 && before.ruleSets[0]!.rules[0]?.rule === set.rules[0]?.rule) reused++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(reused).toBeGreaterThan(300);
  });

  it('equals a full simulation at every keystroke of typing into one rule, then into another, on 150 generated rule lists', () => {
    // Each keystroke re-simulates from the result of the one before, as the editor's worker does.
    const patterns = ['v', 'v1', 'v1.', 'v1.*', '*', '', 'l', 'la*', '{latest,main}', 'x[', '[0-9]*'];
    const retag = (rule: ImmutableRule, pattern: string): ImmutableRule => ({ ...rule, tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern }] });
    let compared = 0;
    for (const c of generateDecisionCases(150, 0x7e5)) {
      const rules = parseWireRules(c.rules.map((r, i) => ({ ...r, id: i + 1 })));
      if (rules.length === 0) continue;
      let previous = simulate(index, [compileRuleSet(rules, 'v1.3.4')]);
      // The last rule, then the first, then the last again (a shorter unchanged prefix, then a longer one).
      for (const position of [rules.length - 1, 0, rules.length - 1]) {
        let current = rules;
        for (const pattern of patterns) {
          current = current.map((rule, i) => (i === position ? retag(rule, pattern) : rule));
          const set = compileRuleSet(current, 'v1.3.4');
          const incremental = simulate(index, [set], previous);
          expect(simulationEssence(incremental), `rule ${position + 1} typed as ${JSON.stringify(pattern)}`).toEqual(simulationEssence(simulate(index, [set])));
          previous = incremental;
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('ignores a previous result from another snapshot or dialect', () => {
    const rules = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', '{v,}[0-9]*'])]);
    const other = buildSnapshotIndex(demoSnapshot());
    const before = simulate(other, [compileRuleSet(rules, 'v1.3.4')]);
    const set = compileRuleSet(rules, 'v1.1.1');
    expect(simulationEssence(simulate(index, [set], before))).toEqual(simulationEssence(simulate(index, [set])));
  });
});
