// Runs anywhere (pure).
/**
 * One retention rule evaluated on one repository, as a rule's goroutine in Harbor's OR processor does it
 * (docs/harbor-retention.md §2, §3): the repository's candidates in listing order, narrowed by each tag
 * selector in turn, then the template keeps some of what is left. Results are kept per rule and filled in
 * repository by repository, so a forecast redone after an edit evaluates only what the edit changed.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { RetentionCandidates } from './candidates.js';
import type { CompiledRetentionRule } from './compile.js';
import { goSortDescending } from './go-sort.js';
import { earliestRetainedSecond, lastDaysCutoffNanos, lastSecondNotAfter } from './go-time.js';

/** A rule's results on the repositories of one project evaluated so far. */
export interface RuleEvaluation {
  readonly key: string;
  /** One bit per artifact of the project (offset by its first artifact): set when the rule retains it. */
  readonly retained: Uint32Array;
  /** Per repository of the project: 1 once evaluated there. */
  readonly evaluated: Uint8Array;
  /** The selector error that fails the job, by repository (global index). */
  readonly errors: Map<number, string>;
}

/** The evaluation's identity: the rule's own key, plus "run at" for templates that count days. */
export function evaluationKey(rule: CompiledRetentionRule, runAt: number): string {
  const dated = rule.template?.kind === 'within-days' || rule.template?.kind === 'after-days';
  return dated ? `${rule.evaluationKey}@${runAt}` : rule.evaluationKey;
}

export function newRuleEvaluation(key: string, artifacts: number, repositories: number): RuleEvaluation {
  return { key, retained: new Uint32Array((artifacts + 31) >>> 5), evaluated: new Uint8Array(repositories), errors: new Map() };
}

/** Whether the rule retains the artifact at `slot` (its offset in the project). */
export function retains(evaluation: RuleEvaluation, slot: number): boolean {
  return ((evaluation.retained[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
}

function retain(retained: Uint32Array, slot: number): void {
  retained[slot >>> 5] = retained[slot >>> 5]! | (1 << (slot & 31));
}

/** Scratch space reused across repositories: candidate lists and their keys. */
export class EvaluationScratch {
  list = new Int32Array(64);
  next = new Int32Array(64);
  keys = new Float64Array(64);

  ensure(size: number): void {
    if (this.list.length >= size) return;
    const capacity = Math.max(size, this.list.length * 2);
    this.list = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }
}

export interface RepositoryContext {
  readonly index: SnapshotIndex;
  readonly candidates: RetentionCandidates;
  /** Global repository index, its name (without the project) and the project's name. */
  readonly repository: number;
  readonly name: string;
  readonly namespace: string;
  /** The project's first artifact and first repository (offsets of the per-project arrays). */
  readonly firstArtifact: number;
  readonly firstRepository: number;
  readonly runAt: number;
}

/** Evaluates `rule` on the context's repository into `evaluation` (once; later calls return at once). */
export function evaluateRule(rule: CompiledRetentionRule, evaluation: RuleEvaluation, context: RepositoryContext, scratch: EvaluationScratch): void {
  const slot = context.repository - context.firstRepository;
  // A rule without tag selectors never runs in Harbor (forecast.ts leaves it out); the list below would
  // otherwise still be the shared listing order, which the count templates sort in place.
  if (evaluation.evaluated[slot] === 1 || rule.tagSelectors.length === 0) return;
  evaluation.evaluated[slot] = 1;
  const { index, candidates } = context;
  const from = index.repositoryArtifactStart[context.repository]!;
  const to = candidates.candidateEnd[context.repository]!;
  scratch.ensure(to - from);
  // The candidates are read in place (listing order); each selector writes what it keeps for the next.
  let list: Int32Array = candidates.order;
  let at = from;
  let length = to - from;
  let next = scratch.list;
  let spare = scratch.next;

  // Each selector narrows what the previous one kept; the first glob error fails the job.
  const { tagNames, artifactTagStart } = index;
  for (const selector of rule.tagSelectors) {
    let kept = 0;
    for (let i = at; i < at + length; i++) {
      const a = list[i]!;
      const outcome = selector.select(context.namespace, context.name, tagNames, artifactTagStart[a]!, artifactTagStart[a + 1]!);
      if (outcome === -1) {
        evaluation.errors.set(context.repository, `${rule.label}: ${selector.error}`);
        return;
      }
      if (outcome === 1) next[kept++] = a;
    }
    list = next;
    at = 0;
    length = kept;
    [next, spare] = [spare, next];
  }
  keep(rule, list, length, context, scratch, evaluation.retained);
}

function mark(retained: Uint32Array, firstArtifact: number, list: Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) retain(retained, list[i]! - firstArtifact);
}

/** The template's part: which of the selected candidates it retains. */
function keep(rule: CompiledRetentionRule, list: Int32Array, length: number, context: RepositoryContext, scratch: EvaluationScratch, retained: Uint32Array): void {
  const template = rule.template!;
  const { candidates, firstArtifact } = context;
  const time = template.time === 'pulled' ? candidates.pulled : template.time === 'active' ? candidates.active() : candidates.pushed;
  switch (template.kind) {
    case 'always':
      mark(retained, firstArtifact, list, 0, length);
      return;
    case 'within-days': {
      const earliest = earliestRetainedSecond(context.runAt, rule.parameter);
      for (let i = 0; i < length; i++) if (time[list[i]!]! >= earliest) retain(retained, list[i]! - firstArtifact);
      return;
    }
    case 'after-days': {
      const last = lastSecondNotAfter(lastDaysCutoffNanos(context.runAt, rule.parameter));
      for (let i = 0; i < length; i++) if (time[list[i]!]! > last) retain(retained, list[i]! - firstArtifact);
      return;
    }
    case 'latest':
      keepLatest(rule.parameter, list, length, time, firstArtifact, scratch, retained);
      return;
  }
}

/**
 * The first k after Go's sort.Slice by time, newest first. Only a tie across the k-th place makes the
 * sort's exact order matter; otherwise the k-th greatest time alone says who stays.
 */
function keepLatest(k: number, list: Int32Array, length: number, time: Float64Array, firstArtifact: number, scratch: EvaluationScratch, retained: Uint32Array): void {
  if (k >= length) {
    mark(retained, firstArtifact, list, 0, length);
    return;
  }
  if (k === 0) return;
  const keys = scratch.keys.subarray(0, length);
  for (let i = 0; i < length; i++) keys[i] = time[list[i]!]!;
  keys.sort();
  const threshold = keys[length - k]!;
  let above = 0;
  let equal = 0;
  for (let i = 0; i < length; i++) {
    const t = time[list[i]!]!;
    if (t > threshold) above++;
    else if (t === threshold) equal++;
  }
  if (above + equal === k) {
    for (let i = 0; i < length; i++) if (time[list[i]!]! >= threshold) retain(retained, list[i]! - firstArtifact);
    return;
  }
  goSortDescending(list, 0, length, time);
  mark(retained, firstArtifact, list, 0, k);
}
