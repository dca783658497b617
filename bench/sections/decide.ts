// Decide 1,000,000 single-tag candidates against 15 varied rules, in-process on both sides: Taglock's
// engine vs Harbor's own way (the Go program evaluating with the real doublestar library, no caching, as
// the server does). Both are timed the same way: the decision loop only, the fastest of the same number
// of passes, input already in memory. Grouped (repository by repository) and shuffled input.
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { createDecider } from '../../shared/engine/decide.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildGoOracle, goOracleUnavailableReason, runOracleBenchDecide } from '../../test/support/go-oracle.js';
import { bestOf, report } from '../measure.js';
import { decisionCandidates, FIFTEEN_RULES } from '../workloads.js';

/** Timed passes on each side; the fastest counts on both. */
const PASSES = 3;
const set = compileRuleSet(parseWireRules(FIFTEEN_RULES), 'v1.3.4');
const bin = await buildGoOracle();
const orders = {} as Record<string, unknown>;
for (const order of ['grouped', 'shuffled'] as const) {
  // Read back from JSON, as `taglock eval` and the Go program get them: objects laid out in input order,
  // strings not shared with the generator (each repository name hashed afresh).
  const candidates = JSON.parse(JSON.stringify(decisionCandidates(1_000_000, order))) as { repository: string; tags: string[] }[];
  // A fresh decider per pass: every pass starts with empty caches, as a new `taglock eval` would.
  const run = bestOf(PASSES - 1, () => {
    const decide = createDecider(set);
    let immutable = 0;
    for (const candidate of candidates) if (decide(candidate.repository, candidate.tags).immutable) immutable++;
    return immutable;
  });
  const go = bin === null ? null : await runOracleBenchDecide(bin, FIFTEEN_RULES, candidates, PASSES);
  orders[order] = {
    candidates: candidates.length,
    repositories: new Set(candidates.map((c) => c.repository)).size,
    taglockMs: run.ms,
    taglockImmutable: run.value,
    goMs: go === null ? null : go.seconds * 1000,
    goImmutable: go?.immutable ?? null,
  };
}
report('decide', { passes: PASSES, ...orders, goUnavailable: bin === null ? goOracleUnavailableReason() : null });
