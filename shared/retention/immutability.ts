// Runs anywhere (pure).
/**
 * The two immutability checks an artifact meets on its way out (docs/harbor-retention.md §6): retention's
 * own, on the artifact with all its tags and the name the retention path judges (harbor-profile.ts), and
 * the delete's, on each tag alone and the repository's own name. Verdicts are encoded as in judge.ts and
 * judged only for the artifacts retention would delete; they are kept for the next forecast with the
 * same rule set, or taken from a simulation of that rule set.
 */
import { judgedName } from '../engine/decide.js';
import { judge, repositoryStates, VERDICT_MUTABLE } from '../engine/judge.js';
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import { storedBlobKey } from '../rules/wire.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';

const NOT_JUDGED = -2147483648;
/** Judged under an earlier rule set whose first rules are unchanged: judging resumes after them. */
const RESUME = -2147483647;

/** Same rule at the same place: same id, enabled state and stored content. */
function ruleKey(rule: CompiledRule): string {
  return `${rule.rule.id}|${rule.disabled}|${storedBlobKey(rule.rule)}`;
}

/**
 * How many leading rules two rule sets share, when everything else that judging reads is the same;
 * -1 when nothing can be reused.
 */
function sharedPrefix(before: CompiledRuleSet, after: CompiledRuleSet): number {
  if (before.dialect !== after.dialect) return -1;
  if (JSON.stringify(before.profile.behaviour.retention) !== JSON.stringify(after.profile.behaviour.retention)) return -1;
  let k = 0;
  while (k < before.rules.length && k < after.rules.length && ruleKey(before.rules[k]!) === ruleKey(after.rules[k]!)) k++;
  return k;
}

/**
 * Verdicts of the earlier rule set that still hold: decided or stopped by one of the shared rules. The
 * others resume after those rules (they neither decided nor stopped there).
 */
function carriedOver(verdicts: Int32Array, prefix: number, previousResumeAt: number): Int32Array {
  // A verdict that was itself waiting to resume may only resume where both edits left rules unchanged.
  const waiting = previousResumeAt >= prefix ? RESUME : NOT_JUDGED;
  const out = new Int32Array(verdicts.length);
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    if (v === NOT_JUDGED) out[i] = NOT_JUDGED;
    else if (v === RESUME) out[i] = waiting;
    else out[i] = (v >= 0 ? v < prefix : v <= -2 && -v - 2 < prefix) ? v : RESUME;
  }
  return out;
}

export class ImmutabilityVerdicts {
  private readonly retention: Int32Array;
  private readonly tags: Int32Array;
  private readonly simulation: SimulationResult | null;
  private readonly states: Uint8Array;
  private readonly retentionStates: Uint8Array;
  private statesFor = -1;
  private name = '';
  private retentionName = '';
  /** Both checks judge the repository alike (same name, or every rule answers both names the same). */
  private alike = false;
  /** Reused tag lists, one per length (judge reads `tags.length`), so judging allocates nothing. */
  private readonly tagLists: string[][] = [];
  /** A tag slot holding a repository decoration reads the name per candidate, past the states. */
  private readonly readsNamePerCandidate: boolean;

  /** Rules before this position are shared with the rule set the carried-over verdicts came from. */
  private readonly resumeAt: number;

  constructor(
    readonly ruleSet: CompiledRuleSet,
    readonly index: SnapshotIndex,
    simulation: SimulationResult | null,
    project: number,
    previous: ImmutabilityVerdicts | null = null,
  ) {
    // A simulation of this snapshot under this very rule set already holds every verdict.
    const usable = simulation !== null && simulation.index === index && simulation.ruleSets[project] === ruleSet;
    this.simulation = usable ? simulation : null;
    // After an edit, what the unchanged leading rules decided is kept (as simulate does).
    const prefix = !usable && previous !== null && previous.index === index && previous.simulation === null ? sharedPrefix(previous.ruleSet, ruleSet) : -1;
    this.resumeAt = Math.max(prefix, 0);
    this.retention = usable
      ? simulation.artifactRetentionVerdict
      : prefix > 0
        ? carriedOver(previous!.retention, prefix, previous!.resumeAt)
        : new Int32Array(index.counts.artifacts).fill(NOT_JUDGED);
    this.tags = usable ? simulation.tagVerdict : prefix > 0 ? carriedOver(previous!.tags, prefix, previous!.resumeAt) : new Int32Array(index.counts.tags).fill(NOT_JUDGED);
    this.states = new Uint8Array(ruleSet.rules.length);
    this.retentionStates = new Uint8Array(ruleSet.rules.length);
    this.readsNamePerCandidate = ruleSet.rules.some((rule) => rule.tag?.target === 'repository');
  }

  reusableFor(ruleSet: CompiledRuleSet, index: SnapshotIndex, simulation: SimulationResult | null | undefined): boolean {
    return this.ruleSet === ruleSet && this.index === index && (this.simulation === null || this.simulation === (simulation ?? null));
  }

  private prepare(repository: number): void {
    if (this.statesFor === repository) return;
    this.name = this.index.repositoryNames[repository]!;
    this.retentionName = judgedName(this.ruleSet, this.name, 'retention');
    repositoryStates(this.ruleSet, this.name, this.states);
    repositoryStates(this.ruleSet, this.retentionName, this.retentionStates);
    this.alike = this.retentionName === this.name || (!this.readsNamePerCandidate && this.states.every((state, i) => state === this.retentionStates[i]));
    this.statesFor = repository;
  }

  private tagList(length: number): string[] {
    let list = this.tagLists[length];
    if (list === undefined) {
      list = new Array<string>(length).fill('');
      this.tagLists[length] = list;
    }
    return list;
  }

  /** Retention's own check: the artifact with all its tags, on the name the retention path judges. */
  retentionVerdict(repository: number, a: number): number {
    let verdict = this.retention[a]!;
    if (verdict === NOT_JUDGED || verdict === RESUME) {
      const from = verdict === RESUME ? this.resumeAt : 0;
      this.prepare(repository);
      const { artifactTagStart, tagNames } = this.index;
      const first = artifactTagStart[a]!;
      const tags = this.tagList(artifactTagStart[a + 1]! - first);
      for (let i = 0; i < tags.length; i++) tags[i] = tagNames[first + i]!;
      verdict = judge(this.ruleSet, this.retentionStates, this.retentionName, tags, from);
      this.retention[a] = verdict;
    }
    return verdict;
  }

  /**
   * The delete's check: the verdict of the first immutable tag, or VERDICT_MUTABLE. When both checks
   * judge the repository alike and retention's found nothing and no error, no tag alone can be immutable
   * (every selector's answer for all tags is the OR of its answers per tag), so the tags are not judged.
   */
  deleteVerdict(repository: number, a: number): number {
    const { artifactTagStart, tagNames } = this.index;
    const from = artifactTagStart[a]!;
    const to = artifactTagStart[a + 1]!;
    if (from === to) return VERDICT_MUTABLE;
    if (this.simulation === null) {
      this.prepare(repository);
      if (this.alike && this.retentionVerdict(repository, a) === VERDICT_MUTABLE) return VERDICT_MUTABLE;
    }
    const one = this.tagList(1);
    for (let t = from; t < to; t++) {
      let verdict = this.tags[t]!;
      if (verdict === NOT_JUDGED || verdict === RESUME) {
        const resume = verdict === RESUME ? this.resumeAt : 0;
        this.prepare(repository);
        one[0] = tagNames[t]!;
        verdict = judge(this.ruleSet, this.states, this.name, one, resume);
        this.tags[t] = verdict;
      }
      if (verdict >= 0) return verdict;
    }
    return VERDICT_MUTABLE;
  }
}
