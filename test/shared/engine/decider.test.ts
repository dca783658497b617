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

describe('decision cache', () => {
  it('answers as judge does while its generations roll over, in any order', async () => {
    const { DecisionCache } = await import('../../../shared/engine/decision-cache.js');
    const { judge, repositoryStates } = await import('../../../shared/engine/judge.js');
    for (const c of generateDecisionCases(300, 0xcac4e)) {
      const set = compileRuleSet(parseWireRules(c.rules), 'v1.3.4');
      const cache = new DecisionCache(set, 2, 2);
      const states = new Uint8Array(set.rules.length);
      for (const candidate of [...c.candidates, ...[...c.candidates].reverse(), ...c.candidates]) {
        repositoryStates(set, candidate.repository, states);
        expect(cache.verdict(candidate.repository, candidate.tags)).toBe(judge(set, states, candidate.repository, candidate.tags));
      }
    }
  });

  it('works out each repository once when they fit in a generation, whatever the order (no thrashing)', async () => {
    const { DecisionCache } = await import('../../../shared/engine/decision-cache.js');
    const set = compileRuleSet(parseWireRules([{ id: 1, disabled: false, action: 'immutable', template: 'immutable_template', tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v*' }], scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] } }]), 'v1.3.4');
    const cache = new DecisionCache(set, 100);
    const candidates = Array.from({ length: 10_000 }, (_, i) => [`team/app-${(i * 7919) % 90}`, `v${(i * 104729) % 80}`] as const);
    for (const [repository, tag] of candidates) cache.verdict(repository, [tag]);
    expect(cache.computed).toBe(90);
  });
});
