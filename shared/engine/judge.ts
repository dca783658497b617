// Runs anywhere (pure).
/**
 * The fast form of Harbor's decision, for evaluating many candidates: a rule's repository selector reads
 * only the repository name (unless a tag decoration sits in its slot), so its outcome is computed once
 * per repository and reused for every tag there. Same answers as `decide`, which stays the plain
 * reference; tests hold the two equal.
 *
 * Verdict encoding (also used by simulation results):
 *   >= 0   immutable, decided by ruleSet.rules[v]
 *   -1     mutable, no rule selected it
 *   <= -2  mutable because ruleSet.rules[-v - 2] failed and stopped evaluation (fail-open)
 */
import type { CompiledRuleSet } from './rule-set.js';
import { SELECTED, SELECTOR_ERROR, select } from './selector.js';

export const VERDICT_MUTABLE = -1;

/** Per-repository state of a rule. */
const SKIP = 0;
const CHECK_TAGS = 1;
const STOP = 2;
const PER_CANDIDATE = 3;

/** Fill `states` (one byte per rule in evaluation order) for one repository. */
export function repositoryStates(ruleSet: CompiledRuleSet, repository: string, states: Uint8Array): void {
  const rules = ruleSet.rules;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    if (rule.disabled || rule.repository === null) {
      states[position] = SKIP;
    } else if (rule.repository.target === 'tags') {
      states[position] = PER_CANDIDATE; // a tag decoration in the repository slot reads the tags
    } else {
      const outcome = select(rule.repository, repository, [], true);
      states[position] = outcome === SELECTOR_ERROR ? STOP : outcome === SELECTED && rule.tag !== null ? CHECK_TAGS : SKIP;
    }
  }
}

/**
 * The verdict for one candidate of a repository whose states were computed by `repositoryStates`.
 * `from` skips rules already known not to decide or fail for this candidate (incremental simulation).
 */
export function judge(ruleSet: CompiledRuleSet, states: Uint8Array, repository: string, tags: readonly string[], from = 0): number {
  const rules = ruleSet.rules;
  for (let position = from; position < rules.length; position++) {
    const state = states[position];
    if (state === SKIP) continue;
    if (state === STOP) return -position - 2;
    const rule = rules[position]!;
    if (state === PER_CANDIDATE) {
      const outcome = select(rule.repository!, repository, tags, true);
      if (outcome === SELECTOR_ERROR) return -position - 2;
      if (outcome !== SELECTED || rule.tag === null) continue;
    }
    const tag = rule.tag!;
    const outcome = select(tag, repository, tags, untaggedAnswer(ruleSet, tag.selector.decoration));
    if (outcome === SELECTOR_ERROR) return -position - 2;
    if (outcome === SELECTED) return position;
  }
  return VERDICT_MUTABLE;
}

/**
 * What a tag selector answers for an artifact without tags (only the retention path has those): since
 * Harbor 2.5.0 only `excludes` selects it; before, `matches` did too (harbor-profile.ts).
 */
export function untaggedAnswer(ruleSet: CompiledRuleSet, decoration: string): boolean {
  return decoration === 'excludes' || ruleSet.profile.behaviour.retention.untaggedMatchesSelect;
}

export function isImmutableVerdict(verdict: number): boolean {
  return verdict >= 0;
}

export function errorRulePosition(verdict: number): number | null {
  return verdict <= -2 ? -verdict - 2 : null;
}
