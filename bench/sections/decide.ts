// Decide 1,000,000 single-tag candidates against 15 varied rules: Taglock's engine vs Harbor's own way
// (the Go program evaluating with the real doublestar library, no caching, as the server does).
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { createDecider } from '../../shared/engine/decide.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildGoOracle, goOracleUnavailableReason, runOracleBenchDecide } from '../../test/support/go-oracle.js';
import { bestOf, report } from '../measure.js';
import { candidatesOf, FIFTEEN_RULES, largeSnapshot } from '../workloads.js';

const candidates = candidatesOf(largeSnapshot(1_060_000)).slice(0, 1_000_000);
const set = compileRuleSet(parseWireRules(FIFTEEN_RULES), 'v1.3.4');
const decideFast = createDecider(set);

const run = bestOf(2, () => {
  let immutable = 0;
  for (const candidate of candidates) if (decideFast(candidate.repository, candidate.tags).immutable) immutable++;
  return immutable;
});
const bin = await buildGoOracle();
const go = bin === null ? null : await runOracleBenchDecide(bin, FIFTEEN_RULES, candidates);
report('decide', {
  candidates: candidates.length,
  taglockMs: run.ms,
  taglockImmutable: run.value,
  goMs: go === null ? null : go.seconds * 1000,
  goImmutable: go?.immutable ?? null,
  goUnavailable: go === null ? goOracleUnavailableReason() : null,
});
