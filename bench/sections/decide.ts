// Decide 1,000,000 single-tag candidates against 15 varied rules, in-process on both sides: Taglock's
// engine vs Harbor's own way (the Go program evaluating with the real doublestar library, no caching, as
// the server does). Both are timed the same way: the decision loop only, the fastest of the same number
// of passes, input already in memory, each order in a process of its own (the Go program is one process
// per order; measured after the other order in the same Node process, the shuffled passes ran about 1.7x
// slower, from what the first million candidates left in the heap). Grouped (repository by repository)
// and shuffled input.
// The two sides take turns, in rounds (Taglock, Go, Taglock, Go), and each side's fastest pass of all
// its rounds counts: a slow spell of this shared machine then weighs on both sides rather than on
// whichever happened to run in it (one run had Taglock's grouped passes at 124 ms, where the runs around
// it had 67 to 84, with the Go program's as in those runs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { createDecider } from '../../shared/engine/decide.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildGoOracle, goOracleUnavailableReason, runOracleBenchDecide } from '../../test/support/go-oracle.js';
import { bestOf, report } from '../measure.js';
import { decisionCandidates, FIFTEEN_RULES } from '../workloads.js';

/**
 * Timed passes on each side; the fastest counts on both. Five, not three: on a shared machine the best
 * of three moved by 2x between runs on both sides.
 */
const PASSES = 5;
/** Turns each side takes, one process of PASSES passes per turn. */
const ROUNDS = 2;
type Order = 'grouped' | 'shuffled';
/** What one Taglock process prints for its passes. */
interface TaglockTurn {
  candidates: number;
  repositories: number;
  taglockMs: number;
  taglockImmutable: number;
}

/** Read back from JSON, as `taglock eval` and the Go program get them: objects laid out in input order, strings not shared with the generator. */
function candidatesOf(order: Order): { repository: string; tags: string[] }[] {
  return JSON.parse(JSON.stringify(decisionCandidates(1_000_000, order))) as { repository: string; tags: string[] }[];
}

/** Taglock's side for one order, in this process: prints its figures as one JSON line. */
function measureTaglock(order: Order): void {
  const set = compileRuleSet(parseWireRules(FIFTEEN_RULES), 'v1.3.4');
  const candidates = candidatesOf(order);
  // A fresh decider per pass: every pass starts with empty caches, as a new `taglock eval` would.
  const run = bestOf(PASSES - 1, () => {
    const decide = createDecider(set);
    let immutable = 0;
    // Indexed, as the Go program's loop is: `for…of` here made an iterator result per candidate (40 MB a
    // pass, a scavenge every 70 ms), which cost the shuffled passes about 15% (167-202 ms against 146-167,
    // alternating processes).
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i]!;
      if (decide(candidate.repository, candidate.tags).immutable) immutable++;
    }
    return immutable;
  });
  process.stdout.write(JSON.stringify({ candidates: candidates.length, repositories: new Set(candidates.map((c) => c.repository)).size, taglockMs: run.ms, taglockImmutable: run.value }) + '\n');
}

const only = process.argv[2] as Order | undefined;
if (only !== undefined) measureTaglock(only);
else {
  const bin = await buildGoOracle();
  const orders = {} as Record<string, unknown>;
  for (const order of ['grouped', 'shuffled'] as const) {
    let taglock: TaglockTurn | null = null;
    let go: { immutable: number; seconds: number } | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), order], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`the ${order} passes failed:\n${child.stderr}`);
      const turn = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as TaglockTurn;
      if (taglock === null || turn.taglockMs < taglock.taglockMs) taglock = turn;
      const goTurn = bin === null ? null : await runOracleBenchDecide(bin, FIFTEEN_RULES, candidatesOf(order), PASSES);
      if (goTurn !== null && (go === null || goTurn.seconds < go.seconds)) go = goTurn;
    }
    orders[order] = { ...taglock, goMs: go === null ? null : go.seconds * 1000, goImmutable: go?.immutable ?? null };
  }
  report('decide', { passes: PASSES * ROUNDS, ...orders, goUnavailable: bin === null ? goOracleUnavailableReason() : null });
}
