// Runs anywhere (pure).
/**
 * Simulation of rule sets over a snapshot: every tag judged alone (the push/delete/listing path), every
 * artifact judged with all its tags (the retention path), and the totals an admin needs.
 *
 * Verdicts are stored in typed arrays indexed like the SnapshotIndex, encoded as in judge.ts.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { CompiledRule, CompiledRuleSet } from './rule-set.js';
import { storedBlobKey } from '../rules/wire.js';
import { judgedName } from './decide.js';
import { judge, judgeTag, judgeTagRange, repositoryStates } from './judge.js';
import { tagAnswersFor } from './tag-outcomes.js';
import type { HeldArtifacts } from './held-artifacts.js';
import { heldArtifactsFor, openArtifactsOf, rememberRun, stillHolds, totalsWithout, worthPartitioning } from './held-artifacts.js';

export { VERDICT_MUTABLE, errorRulePosition, isImmutableVerdict } from './judge.js';

export interface Totals {
  repositories: number;
  artifacts: number;
  tags: number;
  immutableTags: number;
  /** Artifacts with at least one immutable tag: undeletable, retention-proof, their layers kept by GC. */
  lockedDigests: number;
  /** Mutable tags that sit on a locked digest (deletable one by one, but the digest stays). */
  mutableTagsOnLockedDigests: number;
  untaggedArtifacts: number;
  /** Untagged artifacts that tag retention treats as immutable (a matching `excludes` rule). */
  untaggedRetained: number;
  /** Artifacts that tag retention skips as immutable (judged with all their tags). */
  retentionProtected: number;
  /** Tags whose evaluation stopped on a broken rule (counted as mutable, as Harbor does). */
  tagsStoppedByError: number;
  /**
   * Locked digests tag retention's own immutability check misses (it judges another name; harbor-profile.ts).
   * A run that would remove one tries to delete it and the delete refuses it (412, logged ERR): it stays.
   */
  lockedNotRetained: number;
  /** Tagged artifacts with no immutable tag that tag retention skips as immutable all the same. */
  retainedNotLocked: number;
}

export interface RuleStats {
  rule: CompiledRule;
  /** Tags this rule made immutable (it was the first to decide). */
  decidedTags: number;
  /** Tags whose evaluation this rule stopped with an error. */
  stoppedTags: number;
}

export interface SimulationResult {
  readonly index: SnapshotIndex;
  /** The rule set judging each project (index as in snapshot.projects). */
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly tagVerdict: Int32Array;
  readonly artifactRetentionVerdict: Int32Array;
  /** Count of immutable tags per artifact; > 0 means the digest is locked. */
  readonly artifactImmutableTags: Int32Array;
  readonly totals: Totals;
  readonly repositoryTotals: readonly Totals[];
  readonly projectTotals: readonly Totals[];
  /** Per project, per rule in evaluation order. */
  readonly ruleStats: readonly (readonly RuleStats[])[];
}

function emptyTotals(): Totals {
  return {
    repositories: 0,
    artifacts: 0,
    tags: 0,
    immutableTags: 0,
    lockedDigests: 0,
    mutableTagsOnLockedDigests: 0,
    untaggedArtifacts: 0,
    untaggedRetained: 0,
    retentionProtected: 0,
    tagsStoppedByError: 0,
    lockedNotRetained: 0,
    retainedNotLocked: 0,
  };
}

const EMPTY_TOTALS: Readonly<Totals> = Object.freeze(emptyTotals());

function addTotals(into: Totals, from: Totals): void {
  for (const key of Object.keys(into) as (keyof Totals)[]) into[key] += from[key];
}

/** Same rule at the same place: same id, enabled state and stored content. */
function ruleKey(rule: CompiledRule): string {
  return `${rule.rule.id}|${rule.disabled}|${storedBlobKey(rule.rule)}`;
}

/**
 * How many leading rules of each project's set are unchanged since `previous`: a candidate that those
 * rules neither decided nor stopped keeps getting the same outcome from them, so judging it can start
 * after them, and candidates they did decide keep their verdict. 0 when nothing can be reused.
 */
function unchangedPrefixes(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: SimulationResult | null | undefined): number[] {
  return ruleSets.map((set, p) => {
    const before = previous?.ruleSets[p];
    if (!previous || previous.index !== index || !before || before.dialect !== set.dialect) return 0;
    if (JSON.stringify(before.profile.behaviour.retention) !== JSON.stringify(set.profile.behaviour.retention)) return 0;
    let k = 0;
    while (k < set.rules.length && k < before.rules.length && ruleKey(set.rules[k]!) === ruleKey(before.rules[k]!)) k++;
    return k;
  });
}

/**
 * How many rules, over all projects, `ruleSets` can take over unchanged from `previous` (0 when it is of
 * another snapshot): of two earlier results, the one sharing more is the cheaper start.
 */
export function reusableRules(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: SimulationResult | null | undefined): number {
  return unchangedPrefixes(index, ruleSets, previous).reduce((sum, k) => sum + k, 0);
}

function statesEqual(a: Uint8Array, b: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A tag slot holding a repository decoration (crossed) reads the name per candidate, outside the states. */
function readsRepositoryPerCandidate(ruleSet: CompiledRuleSet): boolean {
  return ruleSet.rules.some((rule) => rule.tag?.target === 'repository');
}

/**
 * Judge every tag and artifact of the snapshot. `ruleSets[p]` judges project p (pass the same set for
 * every project to try one rule list everywhere). With the `previous` result on the same snapshot, only
 * what the edited rules can change is judged again (the editor re-simulates on every keystroke); from
 * the second keystroke into the same rule on, the artifacts that cannot change are not even visited
 * (held-artifacts.ts).
 */
export function simulate(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous?: SimulationResult | null): SimulationResult {
  const work = startSimulation(index, ruleSets, previous, null);
  judgeRepositories(work, 0, index.counts.repositories);
  return finishSimulation(work);
}

/** The per-tag and per-artifact arrays of a result nobody reads any more, to be written over. */
export type ReusableVerdicts = Pick<SimulationResult, 'tagVerdict' | 'artifactRetentionVerdict' | 'artifactImmutableTags'>;

/**
 * `simulate`, pausing after every few repositories (it yields how many are done): a caller without a
 * worker can give the thread back in between, so a costly rule never holds a page for the whole run.
 * With `reuse` (arrays of a result of the same snapshot that no one reads any more, nor `previous`'s own),
 * the result is written into them instead of new arrays: at a million tags, fresh ones on every keystroke
 * cost a full garbage collection each.
 */
export function* simulateStepwise(
  index: SnapshotIndex,
  ruleSets: readonly CompiledRuleSet[],
  previous?: SimulationResult | null,
  repositoriesPerStep = 1,
  reuse: ReusableVerdicts | null = null,
): Generator<number, SimulationResult, void> {
  const work = startSimulation(index, ruleSets, previous, reuse);
  const { repositories } = index.counts;
  for (let from = 0; from < repositories; from += repositoriesPerStep) {
    const to = Math.min(repositories, from + repositoriesPerStep);
    judgeRepositories(work, from, to);
    yield to;
  }
  return finishSimulation(work);
}

/** A simulation under way: the result's arrays and totals, filled repository by repository. */
interface SimulationWork {
  index: SnapshotIndex;
  ruleSets: readonly CompiledRuleSet[];
  previous: SimulationResult | null | undefined;
  prefixes: number[];
  tagVerdict: Int32Array;
  artifactRetentionVerdict: Int32Array;
  artifactImmutableTags: Int32Array;
  repositoryTotals: Totals[];
  projectTotals: Totals[];
  /** Per project, per rule: the tags it decided, and those it stopped (folded into RuleStats at the end). */
  decidedCounts: Int32Array[];
  stoppedCounts: Int32Array[];
  states: Uint8Array;
  retentionStates: Uint8Array;
  /** The previous result's held artifacts, when they serve: then only the open ones are visited. */
  held: HeldArtifacts | null;
  /** Per repository: whether retention judges the name the push path judges (1) or another (0). */
  sameName: Uint8Array;
}

/** `reuse`'s arrays when they fit this snapshot and are not the ones `previous` is read from. */
function reusable(index: SnapshotIndex, previous: SimulationResult | null | undefined, reuse: ReusableVerdicts | null): ReusableVerdicts | null {
  if (reuse === null) return null;
  const { tags, artifacts } = index.counts;
  const fits =
    reuse.tagVerdict.length === tags && reuse.artifactRetentionVerdict.length === artifacts && reuse.artifactImmutableTags.length === artifacts;
  const shared =
    previous != null &&
    (reuse.tagVerdict.buffer === previous.tagVerdict.buffer ||
      reuse.artifactRetentionVerdict.buffer === previous.artifactRetentionVerdict.buffer ||
      reuse.artifactImmutableTags.buffer === previous.artifactImmutableTags.buffer);
  return fits && !shared ? reuse : null;
}

function startSimulation(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: SimulationResult | null | undefined, reuse: ReusableVerdicts | null): SimulationWork {
  const maxRules = ruleSets.reduce((most, set) => Math.max(most, set.rules.length), 0);
  const prefixes = unchangedPrefixes(index, ruleSets, previous);
  const held = heldArtifactsFor(previous, prefixes);
  // Every tag and artifact is written by judgeRepositories, so reused arrays need no clearing; but with
  // held artifacts, which it does not visit, they start as the previous result's.
  const into = reusable(index, previous, reuse);
  const verdicts = (length: number, reused: Int32Array | undefined, from: Int32Array | undefined): Int32Array => {
    if (held === null || from === undefined) return reused ?? new Int32Array(length);
    if (reused === undefined) return from.slice();
    reused.set(from);
    return reused;
  };
  // The held artifacts' counts, for the rules of the prefix (they decide or stop every held tag).
  const counts = (kept: readonly Int32Array[] | undefined) =>
    ruleSets.map((set, p) => {
      const out = new Int32Array(set.rules.length);
      if (held !== null && kept !== undefined) out.set(kept[p]!.subarray(0, held.prefixes[p]));
      return out;
    });
  return {
    index,
    ruleSets,
    previous,
    prefixes,
    tagVerdict: verdicts(index.counts.tags, into?.tagVerdict, previous?.tagVerdict),
    artifactRetentionVerdict: verdicts(index.counts.artifacts, into?.artifactRetentionVerdict, previous?.artifactRetentionVerdict),
    artifactImmutableTags: verdicts(index.counts.artifacts, into?.artifactImmutableTags, previous?.artifactImmutableTags),
    repositoryTotals: [],
    projectTotals: index.projects.map(() => emptyTotals()),
    decidedCounts: counts(held?.decided),
    stoppedCounts: counts(held?.stopped),
    states: new Uint8Array(maxRules),
    retentionStates: new Uint8Array(maxRules),
    held,
    sameName: new Uint8Array(index.counts.repositories),
  };
}

/** Judges repositories `from` up to (not including) `to`, in order. */
function judgeRepositories(work: SimulationWork, from: number, to: number): void {
  const { index, ruleSets, previous, prefixes, tagVerdict, artifactRetentionVerdict, artifactImmutableTags, repositoryTotals, projectTotals, decidedCounts, stoppedCounts, states, retentionStates } = work;
  const { tagNames, tagNameIds, artifactTagStart, repositoryArtifactStart } = index;
  // Imports read once (some module loaders turn every read of an imported binding into a call).
  const [judgeOne, judgeRange] = [judgeTag, judgeTagRange];
  const answersPerProject = ruleSets.map((set) => tagAnswersFor(index, set));
  // Read once: the loop below runs once per tag of the snapshot. Without a previous result, nothing holds.
  const previousTagVerdict = previous?.tagVerdict ?? tagVerdict;
  const previousRetentionVerdict = previous?.artifactRetentionVerdict ?? artifactRetentionVerdict;
  const held = work.held;
  const open = held === null ? null : held.openArtifacts;

  for (let r = from; r < to; r++) {
    const project = index.repositoryProject[r]!;
    const ruleSet = ruleSets[project];
    if (ruleSet === undefined) throw new Error(`no rule set for project ${project}`);
    const decided = decidedCounts[project]!;
    const stopped = stoppedCounts[project]!;
    const prefix = prefixes[project]!;
    const answers = answersPerProject[project]!;
    const repository = index.repositoryNames[r]!;
    repositoryStates(ruleSet, repository, states);
    // Tag retention may judge another name than pushes and deletes do (harbor-profile.ts).
    const retentionRepository = judgedName(ruleSet, repository, 'retention');
    let sameName = retentionRepository === repository;
    if (!sameName) {
      repositoryStates(ruleSet, retentionRepository, retentionStates);
      // When every rule treats both names alike, retention judges exactly as the push path does.
      sameName = statesEqual(states, retentionStates, ruleSet.rules.length) && !readsRepositoryPerCandidate(ruleSet);
    }
    const retentionStatesHere = sameName ? states : retentionStates;
    work.sameName[r] = sameName ? 1 : 0;
    // Counted in locals, written to the totals once per repository: the loops below run per tag and
    // artifact. With held artifacts, counting starts from theirs and visits the open ones only.
    const base = held === null ? EMPTY_TOTALS : held.totals[r]!;
    let artifacts = base.artifacts;
    let tags = base.tags;
    let immutableTagCount = base.immutableTags;
    let lockedDigests = base.lockedDigests;
    let mutableTagsOnLockedDigests = base.mutableTagsOnLockedDigests;
    let untaggedArtifacts = base.untaggedArtifacts;
    let untaggedRetained = base.untaggedRetained;
    let retentionProtected = base.retentionProtected;
    let tagsStoppedByError = base.tagsStoppedByError;
    let lockedNotRetained = base.lockedNotRetained;
    let retainedNotLocked = base.retainedNotLocked;
    const visitEnd = open === null ? repositoryArtifactStart[r + 1]! : held!.openStart[r + 1]!;
    for (let visit = open === null ? repositoryArtifactStart[r]! : held!.openStart[r]!; visit < visitEnd; visit++) {
      const a = open === null ? visit : open[visit]!;
      const tagStart = artifactTagStart[a]!;
      const tagEnd = artifactTagStart[a + 1]!;
      let immutableTags = 0;
      for (let t = tagStart; t < tagEnd; t++) {
        let verdict = previousTagVerdict[t]!;
        if (!stillHolds(verdict, prefix)) verdict = judgeOne(ruleSet, states, repository, tagNames[t]!, tagNameIds[t]!, answers, prefix);
        tagVerdict[t] = verdict;
        if (verdict >= 0) {
          immutableTags++;
          decided[verdict]!++;
        } else if (verdict <= -2) {
          tagsStoppedByError++;
          stopped[-verdict - 2]!++;
        }
      }
      const tagCount = tagEnd - tagStart;
      // Retention judges the artifact with all its tags at once; with one tag it is the tag's verdict.
      let retention: number;
      if (tagCount === 1 && sameName) retention = tagVerdict[tagStart]!;
      else {
        retention = previousRetentionVerdict[a]!;
        if (!stillHolds(retention, prefix)) {
          retention =
            tagCount === 0
              ? judge(ruleSet, retentionStatesHere, sameName ? repository : retentionRepository, [], prefix)
              : judgeRange(ruleSet, retentionStatesHere, sameName ? repository : retentionRepository, tagNames, tagNameIds, tagStart, tagEnd, answers, prefix);
        }
      }
      artifactRetentionVerdict[a] = retention;
      artifactImmutableTags[a] = immutableTags;
      artifacts++;
      tags += tagCount;
      immutableTagCount += immutableTags;
      const retained = retention >= 0;
      if (immutableTags > 0) {
        lockedDigests++;
        mutableTagsOnLockedDigests += tagCount - immutableTags;
        if (!retained) lockedNotRetained++;
      } else if (tagCount > 0 && retained) retainedNotLocked++;
      if (tagCount === 0) {
        untaggedArtifacts++;
        if (retained) untaggedRetained++;
      }
      if (retained) retentionProtected++;
    }
    const totals: Totals = {
      repositories: 1,
      artifacts,
      tags,
      immutableTags: immutableTagCount,
      lockedDigests,
      mutableTagsOnLockedDigests,
      untaggedArtifacts,
      untaggedRetained,
      retentionProtected,
      tagsStoppedByError,
      lockedNotRetained,
      retainedNotLocked,
    };
    repositoryTotals.push(totals);
    addTotals(projectTotals[project]!, totals);
  }
}

function finishSimulation(work: SimulationWork): SimulationResult {
  const { index, ruleSets, tagVerdict, artifactRetentionVerdict, artifactImmutableTags, repositoryTotals, projectTotals, decidedCounts, stoppedCounts } = work;
  const ruleStats = ruleSets.map((set, p) =>
    set.rules.map((rule, position): RuleStats => ({ rule, decidedTags: decidedCounts[p]![position]!, stoppedTags: stoppedCounts[p]![position]! })),
  );
  const overall = emptyTotals();
  for (const totals of projectTotals) addTotals(overall, totals);
  const result: SimulationResult = {
    index,
    ruleSets,
    tagVerdict,
    artifactRetentionVerdict,
    artifactImmutableTags,
    totals: overall,
    repositoryTotals,
    projectTotals,
    ruleStats,
  };
  if (work.previous != null) {
    const partition = work.held ?? (worthPartitioning(work.previous, work.prefixes) ? heldArtifactsOf(work, result) : null);
    rememberRun(result, work.prefixes, partition);
  }
  return result;
}

/**
 * The artifacts of `result` held under its prefixes, and what they add to the totals: the whole result
 * less what one more pass over the open artifacts alone counts (judged with every rule unchanged, that
 * pass copies their verdicts as they are).
 */
function heldArtifactsOf(work: SimulationWork, result: SimulationResult): HeldArtifacts {
  const { index, ruleSets, prefixes, sameName } = work;
  const { openArtifacts, openStart } = openArtifactsOf(result, prefixes, (r, tagCount) => tagCount !== 1 || sameName[r] === 0);
  const zeros = (): Int32Array[] => ruleSets.map((set) => new Int32Array(set.rules.length));
  const everyRule = ruleSets.map((set) => set.rules.length);
  const none: HeldArtifacts = { prefixes, openArtifacts, openStart, totals: result.repositoryTotals.map(() => EMPTY_TOTALS), decided: zeros(), stopped: zeros() };
  const openOnly: SimulationWork = {
    index,
    ruleSets,
    previous: result,
    prefixes: everyRule,
    // Written over with the values they hold: every verdict holds when no rule changed.
    tagVerdict: result.tagVerdict,
    artifactRetentionVerdict: result.artifactRetentionVerdict,
    artifactImmutableTags: result.artifactImmutableTags,
    repositoryTotals: [],
    projectTotals: index.projects.map(() => emptyTotals()),
    decidedCounts: zeros(),
    stoppedCounts: zeros(),
    states: new Uint8Array(work.states.length),
    retentionStates: new Uint8Array(work.states.length),
    held: none,
    sameName: new Uint8Array(index.counts.repositories),
  };
  judgeRepositories(openOnly, 0, index.counts.repositories);
  return {
    prefixes,
    openArtifacts,
    openStart,
    totals: result.repositoryTotals.map((whole, r) => totalsWithout(whole, openOnly.repositoryTotals[r]!)),
    decided: work.decidedCounts.map((counts, p) => counts.map((n, position) => n - openOnly.decidedCounts[p]![position]!)),
    stopped: work.stoppedCounts.map((counts, p) => counts.map((n, position) => n - openOnly.stoppedCounts[p]![position]!)),
  };
}

export function ruleSetForTag(result: SimulationResult, tag: number): CompiledRuleSet {
  const artifact = result.index.tagArtifact[tag]!;
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}

export function ruleSetForArtifact(result: SimulationResult, artifact: number): CompiledRuleSet {
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}
