// Runs anywhere (pure).
/**
 * Harbor's decision (spec §2): is this candidate immutable, which rule decided, or which error stopped
 * the evaluation (fail-open: the candidate counts as NOT immutable and later rules are never read).
 *
 * A candidate is a repository name WITHOUT its project and a list of tags: one tag for pushes, deletes
 * and listings; all of an artifact's tags (possibly none) for tag retention.
 */
import type { Dialect } from '../glob/dialect.js';
import { parseWireRules } from '../rules/wire.js';
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import { compileRuleSet } from './rule-set.js';
import { SELECTED, SELECTOR_ERROR, select } from './selector.js';
import { judge, RepositoryStateCache, VERDICT_MUTABLE } from './judge.js';

export interface DecisionError {
  /** The rule whose selector failed. */
  readonly rule: CompiledRule;
  readonly message: string;
  /** Enabled rules after it that were never consulted because of it. */
  readonly silenced: readonly CompiledRule[];
}

export interface Decision {
  readonly immutable: boolean;
  /** The rule that made the candidate immutable. */
  readonly rule: CompiledRule | null;
  readonly error: DecisionError | null;
}

/** Why one rule did or did not decide, for the "why" view. */
export type RuleOutcome =
  | 'disabled'
  | 'no-repository-selector'
  | 'repository-not-selected'
  | 'no-tag-selector'
  | 'tags-not-selected'
  | 'decided'
  | 'repository-error'
  | 'tag-error'
  | 'not-reached';

export interface RuleTrace {
  readonly rule: CompiledRule;
  readonly outcome: RuleOutcome;
  readonly message: string | null;
}

const MUTABLE: Decision = Object.freeze({ immutable: false, rule: null, error: null });

function failure(set: CompiledRuleSet, position: number, message: string): Decision {
  const silenced = set.rules.slice(position + 1).filter((rule) => !rule.disabled && rule.repository !== null);
  return { immutable: false, rule: null, error: { rule: set.rules[position]!, message, silenced } };
}

/** The decision, evaluated rule by rule in Harbor's order. */
export function decide(set: CompiledRuleSet, repository: string, tags: readonly string[]): Decision {
  const rules = set.rules;
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!;
    if (rule.disabled || rule.repository === null) continue;
    const repositoryOutcome = select(rule.repository, repository, tags, true);
    if (repositoryOutcome === SELECTOR_ERROR) return failure(set, position, `${rule.label}: repository ${rule.repository.error}`);
    if (repositoryOutcome !== SELECTED) continue;
    if (rule.tag === null) continue;
    const tagOutcome = select(rule.tag, repository, tags, rule.tag.selector.decoration === 'excludes');
    if (tagOutcome === SELECTOR_ERROR) return failure(set, position, `${rule.label}: tag ${rule.tag.error}`);
    if (tagOutcome === SELECTED) return { immutable: true, rule, error: null };
  }
  return MUTABLE;
}

/** Every rule's outcome for one candidate, in evaluation order. */
export function explain(set: CompiledRuleSet, repository: string, tags: readonly string[]): RuleTrace[] {
  const traces: RuleTrace[] = [];
  let stopped = false;
  for (const rule of set.rules) {
    const trace = (outcome: RuleOutcome, message: string | null = null) => traces.push({ rule, outcome, message });
    if (rule.disabled) trace('disabled');
    else if (stopped) trace('not-reached');
    else if (rule.repository === null) trace('no-repository-selector');
    else {
      const repositoryOutcome = select(rule.repository, repository, tags, true);
      if (repositoryOutcome === SELECTOR_ERROR) {
        trace('repository-error', `repository ${rule.repository.error}`);
        stopped = true;
      } else if (repositoryOutcome !== SELECTED) trace('repository-not-selected');
      else if (rule.tag === null) trace('no-tag-selector');
      else {
        const tagOutcome = select(rule.tag, repository, tags, rule.tag.selector.decoration === 'excludes');
        if (tagOutcome === SELECTOR_ERROR) {
          trace('tag-error', `tag ${rule.tag.error}`);
          stopped = true;
        } else if (tagOutcome === SELECTED) {
          trace('decided');
          stopped = true;
        } else trace('tags-not-selected');
      }
    }
  }
  return traces;
}

/**
 * A decision function for streams of candidates (the `eval` command, benchmarks): the fast path of
 * judge.ts, with the full `decide` rerun only to word an error.
 */
export function createDecider(set: CompiledRuleSet): (repository: string, tags: readonly string[]) => Decision {
  const states = new RepositoryStateCache(set);
  const decided: Decision[] = set.rules.map((rule) => Object.freeze({ immutable: true, rule, error: null }));
  return (repository, tags) => {
    const verdict = judge(set, states.get(repository), repository, tags);
    if (verdict >= 0) return decided[verdict]!;
    return verdict === VERDICT_MUTABLE ? MUTABLE : decide(set, repository, tags);
  };
}

/** Plain-JSON decision for scripts: the `eval` command's line format. */
export interface DecisionRecord {
  immutable: boolean;
  rule: number | null;
  error: string | null;
}

export function toDecisionRecord(decision: Decision): DecisionRecord {
  return {
    immutable: decision.immutable,
    rule: decision.rule?.rule.id ?? null,
    error: decision.error?.message ?? null,
  };
}

/** One-shot decision over wire rule objects (compiles each call: for tests and one-off use). */
export function decideRules(
  wireRules: readonly unknown[],
  repository: string,
  tags: readonly string[],
  dialect: Dialect,
): DecisionRecord {
  return toDecisionRecord(decide(compileRuleSet(parseWireRules(wireRules), dialect), repository, tags));
}

