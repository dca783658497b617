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
import type { EditedWindow } from './inert-edit.js';
import { editTurnsNothing, recordVerdictFacts, retentionDecidersOf } from './inert-edit.js';

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

function addTotals(into: Totals, from: Totals): void {
  for (const key of Object.keys(into) as (keyof Totals)[]) into[key] += from[key];
}

/** Same rule at the same place: same id, enabled state and stored content. */
function ruleKey(rule: CompiledRule): string {
  return `${rule.rule.id}|${rule.disabled}|${storedBlobKey(rule.rule)}`;
}

/** Whether `previous` judged project p the way `set` would judge it, rule for rule (same snapshot, dialect and retention behaviour). */
function comparable(index: SnapshotIndex, set: CompiledRuleSet, previous: SimulationResult | null | undefined, p: number): boolean {
  const before = previous?.ruleSets[p];
  if (!previous || previous.index !== index || !before || before.dialect !== set.dialect) return false;
  return JSON.stringify(before.profile.behaviour.retention) === JSON.stringify(set.profile.behaviour.retention);
}

/**
 * How many leading rules of each project's set are unchanged since `previous`: a candidate that those
 * rules neither decided nor stopped keeps getting the same outcome from them, so judging it can start
 * after them, and candidates they did decide keep their verdict. 0 when nothing can be reused.
 */
function unchangedPrefixes(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: SimulationResult | null | undefined): number[] {
  return ruleSets.map((set, p) => {
    if (!comparable(index, set, previous, p)) return 0;
    const before = previous!.ruleSets[p]!;
    let k = 0;
    while (k < set.rules.length && k < before.rules.length && ruleKey(set.rules[k]!) === ruleKey(before.rules[k]!)) k++;
    return k;
  });
}

/** Per project, the rules the edit replaced: after the unchanged prefix, up to the unchanged rules that end both lists. */
function editedWindows(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: SimulationResult | null | undefined, prefixes: readonly number[]): EditedWindow[] {
  return ruleSets.map((set, p) => {
    const from = prefixes[p]!;
    const rules = set.rules;
    if (!comparable(index, set, previous, p)) return { from, to: rules.length, previousTo: previous?.ruleSets[p]?.rules.length ?? 0 };
    const before = previous!.ruleSets[p]!.rules;
    let same = 0;
    while (from + same < rules.length && from + same < before.length && ruleKey(rules[rules.length - 1 - same]!) === ruleKey(before[before.length - 1 - same]!)) same++;
    return { from, to: rules.length - same, previousTo: before.length - same };
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

/** A previous verdict still holds when a rule among the unchanged first `prefix` decided or stopped it. */
function stillHolds(verdict: number, prefix: number): boolean {
  return verdict >= 0 ? verdict < prefix : verdict <= -2 && -verdict - 2 < prefix;
}

/**
 * Judge every tag and artifact of the snapshot. `ruleSets[p]` judges project p (pass the same set for
 * every project to try one rule list everywhere). With the `previous` result on the same snapshot, only
 * what the edited rules can change is judged again (the editor re-simulates on every keystroke), and an
 * edit proven to turn no verdict (inert-edit.ts) takes the previous verdicts without a pass.
 */
export function simulate(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous?: SimulationResult | null): SimulationResult {
  const work = startSimulation(index, ruleSets, previous, null);
  const same = sameAsPrevious(work);
  if (same !== null) return same;
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
  const same = sameAsPrevious(work);
  if (same !== null) return same;
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
  /** Per project, per rule position: 1 where it decided an artifact's own retention verdict (inert-edit.ts). */
  retentionDeciders: Uint8Array[];
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
  // Every tag and artifact is written by judgeRepositories, so reused arrays need no clearing.
  const into = reusable(index, previous, reuse);
  return {
    index,
    ruleSets,
    previous,
    prefixes: unchangedPrefixes(index, ruleSets, previous),
    tagVerdict: into?.tagVerdict ?? new Int32Array(index.counts.tags),
    artifactRetentionVerdict: into?.artifactRetentionVerdict ?? new Int32Array(index.counts.artifacts),
    artifactImmutableTags: into?.artifactImmutableTags ?? new Int32Array(index.counts.artifacts),
    repositoryTotals: [],
    projectTotals: index.projects.map(() => emptyTotals()),
    decidedCounts: ruleSets.map((set) => new Int32Array(set.rules.length)),
    stoppedCounts: ruleSets.map((set) => new Int32Array(set.rules.length)),
    states: new Uint8Array(maxRules),
    retentionStates: new Uint8Array(maxRules),
    retentionDeciders: index.projects.map((_, p) => new Uint8Array(ruleSets[p]?.rules.length ?? 0)),
  };
}

/** Judges repositories `from` up to (not including) `to`, in order. */
function judgeRepositories(work: SimulationWork, from: number, to: number): void {
  const { index, ruleSets, previous, prefixes, tagVerdict, artifactRetentionVerdict, artifactImmutableTags, repositoryTotals, projectTotals, decidedCounts, stoppedCounts, states, retentionStates, retentionDeciders } = work;
  const { tagNames, tagNameIds, artifactTagStart, repositoryArtifactStart } = index;
  // Imports read once (some module loaders turn every read of an imported binding into a call).
  const [judgeOne, judgeRange] = [judgeTag, judgeTagRange];
  const answersPerProject = ruleSets.map((set) => tagAnswersFor(index, set));
  // Read once: the loop below runs once per tag of the snapshot. Without a previous result, nothing holds.
  const previousTagVerdict = previous?.tagVerdict ?? tagVerdict;
  const previousRetentionVerdict = previous?.artifactRetentionVerdict ?? artifactRetentionVerdict;

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
    // Counted in locals, written to the totals once per repository: the loops below run per tag and artifact.
    let artifacts = 0;
    let tags = 0;
    let immutableTagCount = 0;
    let lockedDigests = 0;
    let mutableTagsOnLockedDigests = 0;
    let untaggedArtifacts = 0;
    let untaggedRetained = 0;
    let retentionProtected = 0;
    let tagsStoppedByError = 0;
    let lockedNotRetained = 0;
    let retainedNotLocked = 0;
    const deciders = retentionDeciders[project]!;
    const artifactEnd = repositoryArtifactStart[r + 1]!;
    for (let a = repositoryArtifactStart[r]!; a < artifactEnd; a++) {
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
        if (retention !== -1) deciders[retention >= 0 ? retention : -retention - 2] = 1;
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
  recordVerdictFacts(result, work.retentionDeciders);
  return result;
}

/**
 * The previous result's verdicts under the new rule sets, when the edit provably turns none
 * (inert-edit.ts): copied into the result's own arrays, the counts of the unchanged rules taken over.
 */
function sameAsPrevious(work: SimulationWork): SimulationResult | null {
  const { index, ruleSets, previous, prefixes } = work;
  if (!previous) return null;
  const windows = editedWindows(index, ruleSets, previous, prefixes);
  if (!editTurnsNothing(index, ruleSets, previous, windows)) return null;
  work.tagVerdict.set(previous.tagVerdict);
  work.artifactRetentionVerdict.set(previous.artifactRetentionVerdict);
  work.artifactImmutableTags.set(previous.artifactImmutableTags);
  const deciders = retentionDecidersOf(previous)!;
  // The window's rules decided and stopped nothing (that is what was proven); the rules after it are the
  // previous list's, moved by the window's change in length (they then decided nothing either).
  const previousPosition = (p: number, position: number): number => {
    const { from, to, previousTo } = windows[p]!;
    return position < from ? position : position < to ? -1 : position - to + previousTo;
  };
  const ruleStats = ruleSets.map((set, p) =>
    set.rules.map((rule, position): RuleStats => {
      const before = previousPosition(p, position);
      const stats = before < 0 ? null : previous.ruleStats[p]![before]!;
      return { rule, decidedTags: stats?.decidedTags ?? 0, stoppedTags: stats?.stoppedTags ?? 0 };
    }),
  );
  const retentionDeciders = ruleSets.map((set, p) => Uint8Array.from(set.rules, (_, position) => {
    const before = previousPosition(p, position);
    return before < 0 ? 0 : deciders[p]![before]!;
  }));
  const result: SimulationResult = {
    index,
    ruleSets,
    tagVerdict: work.tagVerdict,
    artifactRetentionVerdict: work.artifactRetentionVerdict,
    artifactImmutableTags: work.artifactImmutableTags,
    totals: previous.totals,
    repositoryTotals: previous.repositoryTotals,
    projectTotals: previous.projectTotals,
    ruleStats,
  };
  recordVerdictFacts(result, retentionDeciders, previous);
  return result;
}

export function ruleSetForTag(result: SimulationResult, tag: number): CompiledRuleSet {
  const artifact = result.index.tagArtifact[tag]!;
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}

export function ruleSetForArtifact(result: SimulationResult, artifact: number): CompiledRuleSet {
  return result.ruleSets[result.index.repositoryProject[result.index.artifactRepository[artifact]!]!]!;
}
