// Re-simulating after one rule changes on a 100,000-tag snapshot (what the editor does on each keystroke).
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { simulate } from '../../shared/engine/simulate.js';
import { diffSimulations } from '../../shared/engine/diff.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { bestOf, report } from '../measure.js';
import { FIFTEEN_RULES, largeSnapshotIndex } from '../workloads.js';

const index = largeSnapshotIndex(100_000);
const before = simulate(index, [compileRuleSet(parseWireRules(FIFTEEN_RULES), 'v1.3.4')]);
const edited = FIFTEEN_RULES.map((rule) =>
  rule.id === 6 ? { ...rule, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: '{stable,latest}' }] } : rule,
);
let keystroke = 0;
const run = bestOf(10, () => {
  // A different pattern each time, as typing produces, and no previous result: only the answers the
  // index keeps per tag selector (tag-outcomes.ts) for the 14 rules that stay as they were are reused.
  const typed = edited.map((rule) =>
    rule.id === 6 ? { ...rule, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: `{stable,latest,x${keystroke++}}` }] } : rule,
  );
  const after = simulate(index, [compileRuleSet(parseWireRules(typed), 'v1.3.4')]);
  return diffSimulations(before, after);
});
// As the editor does it: the previous result lets only what the edited rule (the 6th of 15) can change be judged again.
const incremental = bestOf(10, () => {
  const typed = edited.map((rule) =>
    rule.id === 6 ? { ...rule, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: `{stable,latest,x${keystroke++}}` }] } : rule,
  );
  return diffSimulations(before, simulate(index, [compileRuleSet(parseWireRules(typed), 'v1.3.4')], before));
});
report('resimulate', { tags: index.counts.tags, ms: run.ms, incrementalMs: incremental.ms, newlyImmutable: run.value.newlyImmutableTags.length });
