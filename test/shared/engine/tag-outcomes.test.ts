// Kept answers of tag selectors (tag-outcomes.ts): a simulation, and the lint that reads the snapshot,
// must give on an index that has answered many rule lists before exactly what they give on a fresh one.
import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import type { SimulationResult } from '../../../shared/engine/simulate.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { keptTagAnswers, NOT_ASKED, OUTCOME_OFFSET } from '../../../shared/engine/tag-outcomes.js';
import { SELECTED } from '../../../shared/engine/selector.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { checkAgainstSnapshot } from '../../../shared/lint/snapshot-checks.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { generateDecisionCases } from '../glob/generate-cases.js';
import { wireRule } from '../../support/snapshots.js';

const snapshot = demoSnapshot();
/** Answers pile up on this one across every rule list of a test. */
const shared = buildSnapshotIndex(snapshot);

function essence(result: SimulationResult) {
  return {
    tagVerdict: Array.from(result.tagVerdict),
    retention: Array.from(result.artifactRetentionVerdict),
    totals: result.totals,
    ruleStats: result.ruleStats.map((s) => s.map((r) => [r.decidedTags, r.stoppedTags])),
  };
}

/** One keystroke after another in the last rule's tag pattern, as the editor re-simulates them. */
function typed(rules: ImmutableRule[], text: string): ImmutableRule[][] {
  if (rules.length === 0) return [];
  const last = rules.at(-1)!;
  return Array.from({ length: text.length }, (_, i) => [...rules.slice(0, -1), { ...last, tagSelectors: [{ kind: 'doublestar', decoration: last.tagSelectors[0]?.decoration ?? 'matches', pattern: text.slice(0, i + 1) }] }]);
}

describe('kept answers of tag selectors', () => {
  it('leave simulations and snapshot lint as on a fresh index, across 80 generated rule lists, typing and both glob libraries', () => {
    let compared = 0;
    for (const dialect of ['v1.3.4', 'v1.1.1'] as Dialect[]) {
      for (const c of generateDecisionCases(40, 0x7a9 + dialect.length)) {
        const rules = parseWireRules(c.rules.map((r, i) => ({ ...r, id: i + 1 })));
        let previous: SimulationResult | null = null;
        for (const list of [rules, ...typed(rules, 'v1.[0-9]*')]) {
          const set = compileRuleSet(list, dialect);
          const kept = simulate(shared, [set], previous);
          const fresh = simulate(buildSnapshotIndex(snapshot), [compileRuleSet(list, dialect)]);
          expect(essence(kept)).toEqual(essence(fresh));
          expect(checkAgainstSnapshot(set, kept, 0)).toEqual(checkAgainstSnapshot(fresh.ruleSets[0]!, fresh, 0));
          previous = kept;
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('are asked once per tag: a simulation again with the same rules finds them all answered', () => {
    const index = buildSnapshotIndex(snapshot);
    const set = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]), 'v1.3.4');
    const answers = keptTagAnswers(index, 'v1.3.4', set.rules[0]!.tag!)!;
    // Names not starting with "v" are answered up front (a plain miss); the others wait to be asked.
    const startsWithV = index.distinctTagNames.map((name) => name.startsWith('v'));
    expect(startsWithV.some((v) => v) && startsWithV.some((v) => !v)).toBe(true);
    expect(Array.from(answers, (a, nameId) => (a === NOT_ASKED) === startsWithV[nameId])).not.toContain(false);
    expect(Array.from(answers).filter((a) => a !== NOT_ASKED)).not.toContain(SELECTED + OUTCOME_OFFSET);
    const result = simulate(index, [set]);
    // Every tag reached the only rule, so every tag has its answer now, and they agree with the verdicts.
    expect(answers.every((a) => a !== NOT_ASKED)).toBe(true);
    const matched = Array.from(result.tagVerdict).filter((v) => v === 0).length;
    expect(matched).toBeGreaterThan(0);
    expect(keptTagAnswers(index, 'v1.3.4', set.rules[0]!.tag!)).toBe(answers);
  });
});
