// Runs anywhere (pure).
/**
 * An edit whose changed rules turn no verdict, told without a pass over every tag. While an admin types a
 * tag pattern, most keystrokes leave every verdict as it was: the pattern matches no name yet, or only
 * tags an earlier rule already holds. A re-simulation then only has to prove that, and can hand out the
 * previous verdicts.
 *
 * An edit replaces a window of rules (simulate.ts's `EditedWindow`: the rules before it and after it are
 * the same in both lists). The proof, per project:
 *   1. no verdict of the previous result, of a tag or of an artifact's retention, names a rule of the old
 *      window (and none names a rule after it either when the window changes length, as every such
 *      verdict would name another position);
 *   2. no rule of the new window selects or fails on a candidate that reaches it: one whose previous
 *      verdict is mutable (-1) or names a rule after the window. Only the shapes Harbor's UI writes are
 *      reasoned about (a repository pattern, a `matches` tag pattern); for any other shape, or a
 *      repository name the pattern fails on, the proof is not attempted.
 * Then a candidate either is held by the same earlier rules, or meets only window rules that do not
 * select it and then the same later rules as before: every verdict stays.
 * For 2, a tag pattern is asked once per distinct tag name (answers kept per snapshot, tag-outcomes.ts),
 * and only the tags of the names it selects or fails on are looked at, through an index of the tags by
 * name. The first candidate that reaches the window ends the proof: the caller simulates as usual.
 *
 * What a result needs for 1 is kept beside it (a WeakMap: results made elsewhere, such as the page's
 * copies, simply never take this path), with a token shared by results whose verdicts are the same, so
 * a caller can tell two results alike without comparing a million verdicts.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { keptPerIndex, perIndex } from '../snapshot/per-index.js';
import type { CompiledRuleSet } from './rule-set.js';
import { SELECTED, SELECTOR_ERROR } from './selector.js';
import { untaggedAnswer } from './judge.js';
import { NOT_ASKED, OUTCOME_OFFSET, keptTagAnswers } from './tag-outcomes.js';
import { retentionName } from './harbor-profile.js';

/** The simulation result's parts this module reads (simulate.ts's SimulationResult has them all). */
export interface VerdictsOf {
  readonly index: SnapshotIndex;
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly tagVerdict: Int32Array;
  readonly artifactRetentionVerdict: Int32Array;
  readonly ruleStats: readonly (readonly { readonly decidedTags: number; readonly stoppedTags: number }[])[];
  readonly repositoryTotals: readonly { readonly untaggedArtifacts: number }[];
}

interface VerdictFacts {
  /** Shared by results whose verdict arrays hold the same values. */
  readonly token: object;
  /**
   * Per project, per rule position: 1 where the position decided or stopped an artifact's retention
   * verdict judged on its own (not taken from its single tag, which the rule's tag counts cover).
   */
  readonly retentionDeciders: readonly Uint8Array[];
}

const facts = new WeakMap<VerdictsOf, VerdictFacts>();

/** Records what a simulation worked out; `sameAs` when its verdicts are those of that earlier result. */
export function recordVerdictFacts(result: VerdictsOf, retentionDeciders: readonly Uint8Array[], sameAs: VerdictsOf | null = null): void {
  facts.set(result, { token: (sameAs !== null ? facts.get(sameAs)?.token : undefined) ?? {}, retentionDeciders });
}

/** True when both results are known to hold the same verdicts (false says nothing). */
export function knownSameVerdicts(a: VerdictsOf, b: VerdictsOf): boolean {
  const tokenA = facts.get(a)?.token;
  return tokenA !== undefined && tokenA === facts.get(b)?.token;
}

/** The retention deciders recorded for a result (for a result built from it). */
export function retentionDecidersOf(result: VerdictsOf): readonly Uint8Array[] | null {
  return facts.get(result)?.retentionDeciders ?? null;
}

/** Per project: the rules an edit replaced, `[from, to)` of the new list for `[from, previousTo)` of the old. */
export interface EditedWindow {
  readonly from: number;
  readonly to: number;
  readonly previousTo: number;
}

/** Whether a candidate with this previous verdict meets a window whose old rules end at `after` (their verdicts ruled out). */
function reaches(verdict: number, after: number): boolean {
  return verdict === -1 || (verdict >= 0 ? verdict : -verdict - 2) >= after;
}

/** Per distinct tag name (its id), the tags of that name, in index order: `tags[start[id]..start[id + 1]]`. */
const tagsByName = perIndex((index: SnapshotIndex): { start: Int32Array; tags: Int32Array } => {
  const start = new Int32Array(index.distinctTagNames.length + 1);
  const ids = index.tagNameIds;
  for (let t = 0; t < ids.length; t++) start[ids[t]! + 1]!++;
  for (let id = 0; id < index.distinctTagNames.length; id++) start[id + 1]! += start[id]!;
  const next = start.slice(0, -1);
  const tags = new Int32Array(ids.length);
  for (let t = 0; t < ids.length; t++) tags[next[ids[t]!]!++] = t;
  return { start, tags };
});

/** Repositories of a project whose name (push path) and retention name a repository pattern selects. */
interface Selection {
  readonly push: Uint8Array;
  readonly retention: Uint8Array;
  readonly any: boolean;
}

/** Selections worked out per snapshot, by project and pattern: a repository pattern stays while its tag pattern is typed. */
const keptSelections = keptPerIndex<Selection | null>(16);

/** Null when the pattern fails on a name of the project (every open candidate there would stop). */
function selectedRepositories(index: SnapshotIndex, set: CompiledRuleSet, project: number, position: number): Selection | null {
  const selector = set.rules[position]!.repository!;
  const behaviour = set.profile.behaviour.retention;
  const { kind, decoration, pattern } = selector.selector;
  const key = `${project}|${set.dialect}|${behaviour.stripsFirstComponent}|${kind}|${decoration}|${pattern}`;
  return keptSelections(index, key, () => workOutSelection(index, set, project, position));
}

function workOutSelection(index: SnapshotIndex, set: CompiledRuleSet, project: number, position: number): Selection | null {
  const selector = set.rules[position]!.repository!;
  const behaviour = set.profile.behaviour.retention;
  const push = new Uint8Array(index.counts.repositories);
  const retention = new Uint8Array(index.counts.repositories);
  let any = false;
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const name = index.repositoryNames[r]!;
    const pushed = selector.selectRepository(name);
    const retained = behaviour.stripsFirstComponent ? selector.selectRepository(retentionName(behaviour, name)) : pushed;
    if (pushed === SELECTOR_ERROR || retained === SELECTOR_ERROR) return null;
    push[r] = pushed === SELECTED ? 1 : 0;
    retention[r] = retained === SELECTED ? 1 : 0;
    any ||= pushed === SELECTED || retained === SELECTED;
  }
  return { push, retention, any };
}

/** Whether the window rule at `position` selects or fails on no candidate of the project that reaches the window. */
function turnsNothing(index: SnapshotIndex, set: CompiledRuleSet, project: number, position: number, previous: VerdictsOf, after: number): boolean {
  const rule = set.rules[position]!;
  if (rule.disabled || rule.repository === null || rule.repository.target === 'nothing') return true;
  if (rule.repository.target !== 'repository') return false;
  const selection = selectedRepositories(index, set, project, position);
  if (selection === null) return false;
  const tag = rule.tag;
  if (!selection.any || tag === null || tag.target === 'nothing') return true;
  if (tag.target !== 'tags' || tag.selector.decoration !== 'matches') return false;
  if (untaggedAnswer(set, 'matches') && selectsUntagged(index, selection, previous, after)) return false;
  const answers = keptTagAnswers(index, set.dialect, tag)!;
  const names = index.distinctTagNames;
  const { start, tags } = tagsByName(index);
  const { tagArtifact, artifactRepository } = index;
  const oneTag = [''];
  for (let nameId = 0; nameId < names.length; nameId++) {
    if (answers[nameId] === NOT_ASKED) {
      oneTag[0] = names[nameId]!;
      answers[nameId] = tag.selectTags(oneTag, false) + OUTCOME_OFFSET;
    }
    const outcome = answers[nameId]! - OUTCOME_OFFSET;
    if (outcome !== SELECTED && outcome !== SELECTOR_ERROR) continue;
    // A `matches` selector over an artifact's tags selects or fails as soon as one of them does.
    for (let i = start[nameId]!; i < start[nameId + 1]!; i++) {
      const t = tags[i]!;
      const artifact = tagArtifact[t]!;
      const r = artifactRepository[artifact]!;
      if (selection.push[r] === 1 && reaches(previous.tagVerdict[t]!, after)) return false;
      if (selection.retention[r] === 1 && reaches(previous.artifactRetentionVerdict[artifact]!, after)) return false;
    }
  }
  return true;
}

/** Whether a `matches` rule that selects untagged artifacts (Harbor before 2.5.0) meets one in the repositories it selects. */
function selectsUntagged(index: SnapshotIndex, selection: Selection, previous: VerdictsOf, after: number): boolean {
  const { repositoryArtifactStart, artifactTagStart } = index;
  for (let r = 0; r < index.counts.repositories; r++) {
    if (selection.retention[r] !== 1 || previous.repositoryTotals[r]!.untaggedArtifacts === 0) continue;
    for (let a = repositoryArtifactStart[r]!; a < repositoryArtifactStart[r + 1]!; a++) {
      if (artifactTagStart[a] === artifactTagStart[a + 1] && reaches(previous.artifactRetentionVerdict[a]!, after)) return true;
    }
  }
  return false;
}

/** Whether no verdict of the project in `previous` names a rule at a position from `from` up to `to`. */
function noVerdictNames(previous: VerdictsOf, deciders: Uint8Array | undefined, project: number, from: number, to: number): boolean {
  const stats = previous.ruleStats[project] ?? [];
  for (let position = from; position < to; position++) {
    const stat = stats[position];
    if (stat === undefined || deciders === undefined || position >= deciders.length) return false;
    if (stat.decidedTags > 0 || stat.stoppedTags > 0 || deciders[position] !== 0) return false;
  }
  return true;
}

/**
 * True when judging `index` with `ruleSets` gives exactly `previous`'s verdicts, proven as above;
 * `windows[p]` is what the edit changed in project p's rules (simulate.ts). False when that could not be
 * proven (the verdicts may still be the same).
 */
export function editTurnsNothing(index: SnapshotIndex, ruleSets: readonly CompiledRuleSet[], previous: VerdictsOf | null | undefined, windows: readonly EditedWindow[]): boolean {
  if (!previous || previous.index !== index || previous.ruleSets.length !== ruleSets.length) return false;
  const deciders = retentionDecidersOf(previous);
  if (deciders === null) return false;
  for (let project = 0; project < ruleSets.length; project++) {
    const set = ruleSets[project]!;
    const { from, to, previousTo } = windows[project]!;
    if (from === to && from === previousTo) continue;
    // A window that changes length moves the rules after it: a verdict naming one would change its number.
    const checkedTo = to - from === previousTo - from ? previousTo : previous.ruleSets[project]!.rules.length;
    if (!noVerdictNames(previous, deciders[project], project, from, checkedTo)) return false;
    for (let position = from; position < to; position++) {
      if (!turnsNothing(index, set, project, position, previous, previousTo)) return false;
    }
  }
  return true;
}
