// The fast decider (repository outcomes computed once per repository) must answer exactly as the plain
// reference `decide`, which the differential test holds equal to Harbor's procedure in Go.
import { describe, expect, it } from 'vitest';
import { createDecider, decide } from '../../../shared/engine/decide.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { DIALECTS } from '../../../shared/glob/dialect.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { generateDecisionCases } from '../glob/generate-cases.js';

describe.each(DIALECTS)('createDecider equals decide (%s)', (dialect) => {
  it('on 2,000 generated rule sets, candidates asked in shuffled repository order', () => {
    let compared = 0;
    for (const c of generateDecisionCases(2_000, 0x5eed)) {
      const set = compileRuleSet(parseWireRules(c.rules), dialect);
      const fast = createDecider(set);
      // Ask twice so the second pass reads the cached repository outcomes.
      for (const candidate of [...c.candidates, ...[...c.candidates].reverse()]) {
        const slow = decide(set, candidate.repository, candidate.tags);
        const quick = fast(candidate.repository, candidate.tags);
        expect({ immutable: quick.immutable, rule: quick.rule?.index ?? null, error: quick.error?.message ?? null }).toEqual({
          immutable: slow.immutable,
          rule: slow.rule?.index ?? null,
          error: slow.error?.message ?? null,
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});
