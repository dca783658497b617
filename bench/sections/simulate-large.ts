// A full simulation of a 1,000,000-tag snapshot, and the peak memory of the process holding it in
// Taglock's compact in-memory form (generated repository by repository, as a fetch streams it in).
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { simulate } from '../../shared/engine/simulate.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { bestOf, peakRssMb, report, time } from '../measure.js';
import { FIFTEEN_RULES, largeSnapshotIndex } from '../workloads.js';

const indexed = time(() => largeSnapshotIndex(1_030_000));
const rules = parseWireRules(FIFTEEN_RULES);
const run = bestOf(2, () => simulate(indexed.value, [compileRuleSet(rules, 'v1.3.4')]));
report('simulate-large', {
  tags: indexed.value.counts.tags,
  artifacts: indexed.value.counts.artifacts,
  repositories: indexed.value.counts.repositories,
  generateMs: indexed.ms,
  simulateMs: run.ms,
  immutableTags: run.value.totals.immutableTags,
  peakRssMb: peakRssMb(),
});
