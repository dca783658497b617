// Runs anywhere (pure).
/**
 * The cleanup forecast: what the next tag-retention run does to every artifact of one project, under a
 * retention policy and the project's immutability rules, at a given "run at" time
 * (docs/harbor-retention.md). Per artifact one outcome:
 *
 *   retained    a retention rule keeps it (which one: `decidedBy`, the first in the policy that does)
 *   untouched   retention never gets to it: no enabled rule selects its repository, or the repository's
 *               job fails, or no rule there has a tag selector (`repositories[].status` says which)
 *   deleted     deleted (with the index children that only it references)
 *   immutable   retention would delete it, immutability keeps it: retention's own check skips it
 *               (Harbor's log: IMMUTABLE), or the delete refuses because one of its tags is immutable
 *               (log: ERR, 412); `immutableCheck` says which, `decidedBy` which immutability rule
 *   referenced  retention would delete it, but an index that stays references it, so the delete is
 *               refused (log: ERR); `via` is that index
 *
 * Arrays are per artifact of the project, at `a - firstArtifact`. An index child Harbor does not list
 * (untagged and referenced) shares the fate of its index (`via`) and adds no bytes: the index's size
 * includes it.
 */
import type { CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { RetentionCandidates } from './candidates.js';
import { retentionCandidates } from './candidates.js';
import type { CompiledRetentionPolicy, CompiledRetentionRule } from './compile.js';
import type { RepositoryContext, RuleEvaluation, TagSelection } from './evaluate.js';
import { EvaluationScratch, evaluateRule, evaluationKey, isDated, newRuleEvaluation, newTagSelection } from './evaluate.js';
import { ImmutabilityVerdicts } from './immutability.js';
import type { RetentionTotals } from './outcomes.js';
import { DELETED, RETAINED, UNTOUCHED, addRetentionTotals, countOutcome, emptyRetentionTotals } from './outcomes.js';
import { followIndexes, performDeletes } from './performer.js';

export type RepositoryStatus =
  /** A job runs and deletes what no rule retains. */
  | 'runs'
  /** No enabled rule's repository selectors select it: no job. */
  | 'not-selected'
  /** A job runs, but no rule there has a tag selector, so it deletes nothing. */
  | 'no-tag-selector'
  /** The job fails before deleting anything (`error`). */
  | 'fails'
  /** The whole run does nothing (`RetentionForecast.launchError`). */
  | 'not-launched';

export interface RepositoryForecast {
  /** Global repository index. */
  readonly repository: number;
  readonly name: string;
  readonly status: RepositoryStatus;
  readonly error: string | null;
  /** Positions of the enabled rules whose repository selectors select it, in policy order. */
  readonly rules: readonly number[];
  readonly totals: RetentionTotals;
}

export interface RetentionRuleStats {
  readonly rule: CompiledRetentionRule;
  /** Repositories whose job the rule is part of. */
  readonly repositories: number;
  /** Artifacts it retains where the job runs (others may retain them too). */
  readonly retained: number;
  /** Artifacts only it retains: without it they would be deleted or kept only by immutability. */
  readonly retainedOnly: number;
  readonly bytesRetainedOnly: number;
}

export interface RetentionForecast {
  readonly index: SnapshotIndex;
  /** What retention sees of the snapshot: listing order, candidate times, which artifacts are listed. */
  readonly candidates: RetentionCandidates;
  readonly project: number;
  readonly policy: CompiledRetentionPolicy;
  readonly immutability: CompiledRuleSet | null;
  readonly runAt: number;
  readonly firstArtifact: number;
  readonly firstRepository: number;
  /** Per artifact of the project: one of the outcome codes of outcomes.ts (RETAINED … REFERENCED). */
  readonly outcome: Uint8Array;
  /** retained: the retention rule's position; immutable: the immutability rule's position in `immutability.rules`; else -1. */
  readonly decidedBy: Int32Array;
  /** immutable: CHECK_RETENTION or CHECK_DELETE; else 0. */
  readonly immutableCheck: Uint8Array;
  /** referenced: the index that stays; an index child Harbor does not list: the index whose fate it shares; else -1. */
  readonly via: Int32Array;
  /** How many rules retain it. */
  readonly retainingRules: Uint8Array;
  readonly repositories: readonly RepositoryForecast[];
  readonly totals: RetentionTotals;
  readonly ruleStats: readonly RetentionRuleStats[];
  /** Why the run does nothing at all, or null. */
  readonly launchError: string | null;
  readonly notes: readonly string[];
  /** Reused by the next forecast of the same snapshot and project (see `previous`). */
  readonly reuse: ForecastReuse;
}

/** What a later forecast may take over: rule evaluations and dated rules' tag selections by key, immutability verdicts by rule set. */
export interface ForecastReuse {
  readonly evaluations: ReadonlyMap<string, RuleEvaluation>;
  readonly selections: ReadonlyMap<string, TagSelection>;
  readonly verdicts: ImmutabilityVerdicts | null;
}

export interface RetentionForecastInput {
  readonly index: SnapshotIndex;
  /** Index into `index.projects`. */
  readonly project: number;
  readonly policy: CompiledRetentionPolicy;
  /** The project's immutability rules (compiled for the Harbor version), or null for none. */
  readonly immutability: CompiledRuleSet | null;
  /** Epoch milliseconds: the time the run starts ("now" of the day-counting templates). */
  readonly runAt: number;
  /** A simulation of this snapshot whose rule set for the project is `immutability`: its verdicts are taken as they are. */
  readonly simulation?: SimulationResult | null;
  /** The previous forecast of the same snapshot and project, after an edit: what did not change is reused. */
  readonly previous?: RetentionForecast | null;
}

/** The project's repositories: [first, end). Projects' repositories are contiguous in a SnapshotIndex. */
function projectRepositories(index: SnapshotIndex, project: number): [number, number] {
  let first = -1;
  let end = -1;
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] === project) {
      if (first < 0) first = r;
      end = r + 1;
    }
  }
  return first < 0 ? [0, 0] : [first, end];
}

/** Which enabled rules select the repository (launcher: scope selectors one after the other), or the launch error. */
function selectingRules(policy: CompiledRetentionPolicy, namespace: string, name: string): { rules: number[]; error: string | null } {
  const rules: number[] = [];
  for (const rule of policy.rules) {
    if (rule.disabled) continue;
    let selected = true;
    for (const selector of rule.scope) {
      if (selector.invalid !== null) return { rules, error: `${rule.label}: ${selector.invalid}` };
      if (!selected) continue;
      const outcome = selector.select(namespace, name, [], 0, 0);
      if (outcome === -1) return { rules, error: `${rule.label}: repository ${selector.error}` };
      selected = outcome === 1;
    }
    if (selected) rules.push(rule.position);
  }
  return { rules, error: null };
}

export function forecastRetention(input: RetentionForecastInput): RetentionForecast {
  const steps = forecastRetentionInSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * forecastRetention one repository at a time: it pauses after each, so that a caller on a page can stop
 * when its time for a task is up and go on in the next (at a million tags, a forecast from scratch is
 * about 0.4 s). Work done before it is given up is kept in `previous`'s evaluations for whoever reuses them.
 */
export function* forecastRetentionInSteps(input: RetentionForecastInput): Generator<void, RetentionForecast, void> {
  const { index, project, policy, immutability, runAt } = input;
  const candidates = retentionCandidates(index);
  const [firstRepository, endRepository] = projectRepositories(index, project);
  const firstArtifact = index.repositoryArtifactStart[firstRepository]!;
  const endArtifact = index.repositoryArtifactStart[endRepository]!;
  const artifactCount = endArtifact - firstArtifact;
  const repositoryCount = endRepository - firstRepository;
  const namespace = index.projects[project]?.name ?? '';

  const outcome = new Uint8Array(artifactCount);
  const decidedBy = new Int32Array(artifactCount).fill(-1);
  const immutableCheck = new Uint8Array(artifactCount);
  const via = new Int32Array(artifactCount).fill(-1);
  const retainingRules = new Uint8Array(artifactCount);

  const previous = input.previous && input.previous.index === index && input.previous.project === project ? input.previous : null;
  const evaluations = new Map<string, RuleEvaluation>();
  const evaluationOf = (rule: CompiledRetentionRule): RuleEvaluation => {
    const key = evaluationKey(rule, runAt);
    let evaluation = evaluations.get(key) ?? previous?.reuse.evaluations.get(key);
    if (evaluation === undefined) evaluation = newRuleEvaluation(key, artifactCount, repositoryCount);
    evaluations.set(key, evaluation);
    return evaluation;
  };
  const selections = new Map<string, TagSelection>();
  const selectionOf = (rule: CompiledRetentionRule): TagSelection | null => {
    if (!isDated(rule)) return null;
    let selection = selections.get(rule.selectionKey) ?? previous?.reuse.selections.get(rule.selectionKey);
    if (selection === undefined) selection = newTagSelection(rule.selectionKey, artifactCount, repositoryCount);
    selections.set(rule.selectionKey, selection);
    return selection;
  };
  const previousVerdicts = previous?.reuse.verdicts;
  const verdicts =
    immutability === null
      ? null
      : previousVerdicts && previousVerdicts.reusableFor(immutability, index, input.simulation)
        ? previousVerdicts
        : new ImmutabilityVerdicts(immutability, index, input.simulation ?? null, project, previousVerdicts ?? null);

  // Launch: a refused scope selector anywhere means no job at all.
  let launchError = policy.launchError;
  const selecting: number[][] = [];
  if (launchError === null) {
    for (let r = firstRepository; r < endRepository && launchError === null; r++) {
      const found = selectingRules(policy, namespace, index.repositoryNames[r]!);
      launchError = found.error;
      selecting.push(found.rules);
    }
  }

  const scratch = new EvaluationScratch();
  const repositories: RepositoryForecast[] = [];
  const totals = emptyRetentionTotals();
  const ruleRetained = new Int32Array(policy.rules.length);
  const ruleRetainedOnly = new Int32Array(policy.rules.length);
  const ruleBytesOnly = new Float64Array(policy.rules.length);
  const ruleRepositories = new Int32Array(policy.rules.length);

  for (let r = firstRepository; r < endRepository; r++) {
    const name = index.repositoryNames[r]!;
    const rules = launchError === null ? selecting[r - firstRepository]! : [];
    let status: RepositoryStatus = launchError !== null ? 'not-launched' : rules.length === 0 ? 'not-selected' : 'runs';
    let error: string | null = null;
    if (status === 'runs') {
      for (const position of rules) ruleRepositories[position] = ruleRepositories[position]! + 1;
      // The job builds its rules in policy order, then the algorithm's processor.
      error = rules.map((p) => policy.rules[p]!.buildError).find((e) => e !== null) ?? policy.jobError;
      if (error !== null) status = 'fails';
    }
    // A rule without tag selectors never joins the processor: it neither retains nor triggers deletes.
    const evaluated = status === 'runs' ? rules.map((p) => policy.rules[p]!).filter((rule) => rule.tagSelectors.length > 0) : [];
    if (status === 'runs' && evaluated.length === 0) status = 'no-tag-selector';
    const from = index.repositoryArtifactStart[r]!;
    const candidateEnd = candidates.candidateEnd[r]!;
    const to = index.repositoryArtifactStart[r + 1]!;
    let results: RuleEvaluation[] = [];
    if (status === 'runs' && candidateEnd > from) {
      const context: RepositoryContext = { index, candidates, repository: r, name, namespace, firstArtifact, firstRepository, runAt };
      results = evaluated.map((rule) => {
        const evaluation = evaluationOf(rule);
        evaluateRule(rule, evaluation, context, scratch, selectionOf(rule));
        return evaluation;
      });
      error = results.map((e) => e.errors.get(r)).find((e) => e !== undefined) ?? null;
      if (error !== null) status = 'fails';
      else combine(evaluated, results, candidates, from, candidateEnd, to, firstArtifact, decidedBy, retainingRules, outcome, ruleRetained);
    }
    if (status !== 'runs') for (let i = from; i < candidateEnd; i++) outcome[candidates.order[i]! - firstArtifact] = UNTOUCHED;
    else if (candidateEnd > from) performDeletes(candidates, verdicts, r, from, candidateEnd, firstArtifact, outcome, decidedBy, immutableCheck, via);
    if (candidateEnd < to) followIndexes(candidates, candidateEnd, to, firstArtifact, outcome, decidedBy, immutableCheck, via);

    const repositoryTotals = emptyRetentionTotals();
    for (let i = from; i < to; i++) {
      const a = candidates.order[i]!;
      const slot = a - firstArtifact;
      const listed = candidates.isCandidate[a] === 1;
      countOutcome(repositoryTotals, outcome[slot]!, listed ? index.artifactSize[a]! : 0);
      if (outcome[slot] === RETAINED && listed && retainingRules[slot] === 1 && status === 'runs') {
        const only = decidedBy[slot]!;
        const size = index.artifactSize[a]!;
        ruleRetainedOnly[only] = ruleRetainedOnly[only]! + 1;
        ruleBytesOnly[only] = ruleBytesOnly[only]! + (Number.isNaN(size) ? 0 : size);
      }
    }
    addRetentionTotals(totals, repositoryTotals);
    repositories.push({ repository: r, name, status, error, rules, totals: repositoryTotals });
    yield;
  }
  // Evaluations of rules not used this time (disabled, or selecting nothing) stay for the next edit.
  for (const rule of policy.rules) {
    const key = evaluationKey(rule, runAt);
    const kept = previous?.reuse.evaluations.get(key);
    if (kept !== undefined && !evaluations.has(key)) evaluations.set(key, kept);
    const selection = previous?.reuse.selections.get(rule.selectionKey);
    if (selection !== undefined && !selections.has(rule.selectionKey)) selections.set(rule.selectionKey, selection);
  }

  const notes = [...policy.notes];
  if (policy.rules.length === 0) notes.push('the policy has no rules: Harbor starts no job and deletes nothing');
  const ref = policy.policy.scope?.ref;
  const projectId = index.projects[project]?.id ?? null;
  if (ref !== undefined && projectId !== null && ref !== projectId) {
    notes.push(`the policy's scope is project id ${ref}; it is forecast on project ${JSON.stringify(namespace)} (id ${projectId})`);
  }
  return {
    index,
    candidates,
    project,
    policy,
    immutability,
    runAt,
    firstArtifact,
    firstRepository,
    outcome,
    decidedBy,
    immutableCheck,
    via,
    retainingRules,
    repositories,
    totals,
    ruleStats: policy.rules.map((rule) => ({
      rule,
      repositories: ruleRepositories[rule.position]!,
      retained: ruleRetained[rule.position]!,
      retainedOnly: ruleRetainedOnly[rule.position]!,
      bytesRetainedOnly: ruleBytesOnly[rule.position]!,
    })),
    launchError,
    notes,
    reuse: { evaluations, selections, verdicts },
  };
}

/**
 * The OR of the rules: retained when any rule retains it; `decidedBy` is the first such rule in policy
 * order. Read a word of each rule's bits at a time, over the repository's artifacts [from, to), so the
 * artifacts a rule does not retain cost nothing (`decidedBy` and `retainingRules` start at -1 and 0).
 */
function combine(
  rules: readonly CompiledRetentionRule[],
  results: readonly RuleEvaluation[],
  candidates: RetentionCandidates,
  from: number,
  candidateEnd: number,
  to: number,
  firstArtifact: number,
  decidedBy: Int32Array,
  retainingRules: Uint8Array,
  outcome: Uint8Array,
  ruleRetained: Int32Array,
): void {
  for (let i = from; i < candidateEnd; i++) outcome[candidates.order[i]! - firstArtifact] = DELETED;
  const lo = from - firstArtifact;
  const hi = to - firstArtifact;
  for (let k = 0; k < results.length; k++) {
    const retained = results[k]!.retained;
    const position = rules[k]!.position;
    let count = 0;
    for (let w = lo >> 5; w <= (hi - 1) >> 5; w++) {
      let word = retained[w]!;
      if (word === 0) continue;
      // Words at either end also hold the neighbouring repositories' artifacts.
      const base = w << 5;
      if (base < lo) word &= -1 << (lo - base);
      if (hi - base < 32) word &= (1 << (hi - base)) - 1;
      while (word !== 0) {
        const lowest = word & -word;
        word ^= lowest;
        const slot = base + 31 - Math.clz32(lowest);
        count++;
        const before = retainingRules[slot]!;
        // A count past 255 stays at 255 (the array is bytes; Harbor's API allows 15 rules, a file may hold more).
        if (before < 255) retainingRules[slot] = before + 1;
        if (before === 0) {
          decidedBy[slot] = position;
          outcome[slot] = RETAINED;
        }
      }
    }
    ruleRetained[position] = ruleRetained[position]! + count;
  }
}
