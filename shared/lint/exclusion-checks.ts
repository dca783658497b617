// Runs anywhere (pure).
/**
 * What a rule's exclusion really does to one project of a snapshot:
 * - `excludes-nothing`: the tag exclusion matches no tag of the repositories the rule selects, or the
 *   repository exclusion no repository of the project (a typo such as `*buxybox*`): the rule then locks
 *   everything it selects.
 * - `exclusion-overridden-in-snapshot`: tags the exclusion leaves out that other rules lock anyway. Rules
 *   are OR'ed, so an exclusion never subtracts from another rule (harbor#19490); counted here with the
 *   digests those tags keep locked and their size.
 * Only rules whose repository selector reads the repository name and whose tag selector reads the tags
 * (the shapes Harbor's UI writes); crossed decorations are left to their own finding.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { CompiledSelector } from '../engine/selector.js';
import { SELECTED, SELECTOR_ERROR } from '../engine/selector.js';
import type { SimulationResult } from '../engine/simulate.js';
import { keptPerIndex } from '../snapshot/per-index.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { firstLockAll, inaction } from './rule-acts.js';
import { artifactBytesText } from './storage.js';

const MAX_EXAMPLES = 3;

/** A selector answered with an error for some name: syntax-error and error-stops-tags speak for it. */
class Broken extends Error {}

interface Excluded {
  /** How many names (tags, or repositories) the exclusion was tried on. */
  tried: number;
  /** Tags (indexes into the snapshot) the exclusion keeps out of this rule. */
  tags: number[];
  what: 'tag' | 'repository';
  pattern: string;
  /** Repositories in scope (for the message). */
  repositories: number;
}

function tagRange(result: SimulationResult, r: number): [number, number] {
  const { index } = result;
  return [index.artifactTagStart[index.repositoryArtifactStart[r]!]!, index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!];
}

function answer(outcome: number): boolean {
  if (outcome === SELECTOR_ERROR) throw new Broken();
  return outcome === SELECTED;
}

/** The tags a tag exclusion leaves out, among the repositories the rule selects. */
function byTagExclusion(rule: CompiledRule, result: SimulationResult, project: number): Excluded {
  const { index } = result;
  const tag = rule.tag!;
  const out: Excluded = { tried: 0, tags: [], what: 'tag', pattern: tag.selector.pattern, repositories: 0 };
  // Tag names repeat across repositories (latest, v1.0.0): each distinct name is matched once
  // (per name id: 0 not matched yet, 1 not selected, 2 selected).
  const kept = new Uint8Array(index.distinctTagNames.length);
  const one = [''];
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project || !answer(rule.repository!.selectRepository(index.repositoryNames[r]!))) continue;
    out.repositories++;
    const [start, end] = tagRange(result, r);
    for (let t = start; t < end; t++) {
      const id = index.tagNameIds[t]!;
      if (kept[id] === 0) {
        one[0] = index.tagNames[t]!;
        kept[id] = answer(tag.selectTags(one, false)) ? 2 : 1;
      }
      out.tried++;
      if (kept[id] === 1) out.tags.push(t);
    }
  }
  return out;
}

/** The tags the rule's tag selector picks in the repositories its repository exclusion leaves out. */
function byRepositoryExclusion(rule: CompiledRule, result: SimulationResult, project: number): Excluded & { excludedRepositories: number } {
  const { index } = result;
  const out = { tried: 0, tags: [] as number[], what: 'repository' as const, pattern: rule.repository!.selector.pattern, repositories: 0, excludedRepositories: 0 };
  // Per name id: 0 not matched yet, 1 not picked, 2 picked.
  const picked = new Uint8Array(index.distinctTagNames.length);
  const one = [''];
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    out.repositories++;
    out.tried++;
    if (index.repositoryNames[r] === '') continue; // Harbor never selects an empty name, excluded or not
    if (answer(rule.repository!.selectRepository(index.repositoryNames[r]!))) continue; // not excluded
    out.excludedRepositories++;
    const [start, end] = tagRange(result, r);
    for (let t = start; t < end; t++) {
      const id = index.tagNameIds[t]!;
      if (picked[id] === 0) {
        one[0] = index.tagNames[t]!;
        picked[id] = answer(rule.tag!.selectTags(one, false)) ? 2 : 1;
      }
      if (picked[id] === 2) out.tags.push(t);
    }
  }
  return out;
}


function overriddenFinding(set: CompiledRuleSet, rule: CompiledRule, excluded: Excluded, result: SimulationResult, where: string): LintFinding | null {
  const { index, tagVerdict } = result;
  const locked = excluded.tags.filter((t) => tagVerdict[t]! >= 0);
  if (locked.length === 0) return null;
  const by = [...new Set(locked.map((t) => tagVerdict[t]!))].sort((a, b) => a - b).map((position) => set.rules[position]!.label);
  const digests = new Set(locked.map((t) => index.tagArtifact[t]!));
  const bytes = artifactBytesText(index, digests);
  const examples = locked.slice(0, MAX_EXAMPLES).map((t) => `${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`);
  return {
    severity: 'warning',
    code: 'exclusion-overridden-in-snapshot',
    ruleIndex: rule.index,
    rule: rule.label,
    message:
      `Of the ${countOf(excluded.tags.length, 'tag', 'tags')} its ${excluded.what} exclusion ${JSON.stringify(excluded.pattern)} leaves out in ${where}, ` +
      `${locked.length.toLocaleString('en-US')} ${locked.length === 1 ? 'is' : 'are'} made immutable anyway by ${by.join(', ')} ` +
      `(rules are OR'ed: an exclusion never subtracts, harbor#19490), e.g. ${examples.join(', ')}; ` +
      `they lock ${countOf(digests.size, 'digest', 'digests')}${bytes ? ` (${bytes})` : ''}.`,
  };
}

/**
 * What `scan` found for this rule's selectors in this project, kept per snapshot: it reads only the
 * snapshot's names and the rule's two selectors, and the editor lints again on every keystroke, when
 * all but one rule are as they were (a scan is a pass over every tag of the project).
 */
const KEPT_SCANS = 64;
const keptScans = keptPerIndex<Excluded | Broken>(KEPT_SCANS);

function keptScan<T extends Excluded>(what: 'tag' | 'repository', set: CompiledRuleSet, rule: CompiledRule, result: SimulationResult, project: number, scan: () => T): T {
  const selector = (s: CompiledSelector) => [s.selector.kind, s.selector.decoration, s.selector.pattern];
  const key = JSON.stringify([what, project, set.dialect, selector(rule.repository!), selector(rule.tag!)]);
  const found = keptScans(result.index, key, () => {
    try {
      return scan();
    } catch (error) {
      if (!(error instanceof Broken)) throw error;
      return error;
    }
  });
  if (found instanceof Broken) throw found;
  return found as T;
}

export function exclusionFindings(set: CompiledRuleSet, result: SimulationResult, project: number, where: string): LintFinding[] {
  const out: LintFinding[] = [];
  // A rule that locks everything is reported statically for every exclusion (lock-all.ts).
  const counting = firstLockAll(set) === null;
  for (const rule of set.rules) {
    if (inaction(rule, set.dialect) !== null || rule.repository!.target !== 'repository' || rule.tag!.target !== 'tags') continue;
    const add = (finding: LintFinding | null) => finding && out.push(finding);
    try {
      if (rule.tag!.selector.decoration === 'excludes') {
        const excluded = keptScan('tag', set, rule, result, project, () => byTagExclusion(rule, result, project));
        if (excluded.tried > 0 && excluded.tags.length === 0) {
          add({
            severity: 'warning',
            code: 'excludes-nothing',
            ruleIndex: rule.index,
            rule: rule.label,
            message:
              `Its tag exclusion ${JSON.stringify(excluded.pattern)} matches none of the ${countOf(excluded.tried, 'tag', 'tags')} of the ` +
              `${countOf(excluded.repositories, 'repository', 'repositories')} it selects in ${where}: it excludes nothing there, so the rule locks all of them (check the pattern for a typo).`,
          });
        }
        if (counting) add(overriddenFinding(set, rule, excluded, result, where));
      }
      if (rule.repository!.selector.decoration === 'repoExcludes') {
        const excluded = keptScan('repository', set, rule, result, project, () => byRepositoryExclusion(rule, result, project));
        if (excluded.repositories > 0 && excluded.excludedRepositories === 0) {
          add({
            severity: 'warning',
            code: 'excludes-nothing',
            ruleIndex: rule.index,
            rule: rule.label,
            message:
              `Its repository exclusion ${JSON.stringify(excluded.pattern)} matches none of the ${countOf(excluded.repositories, 'repository', 'repositories')} in ${where}: ` +
              `it excludes nothing there, so the rule applies to all of them (check the pattern for a typo).`,
          });
        }
        if (counting) add(overriddenFinding(set, rule, excluded, result, where));
      }
    } catch (error) {
      if (!(error instanceof Broken)) throw error;
    }
  }
  return out;
}
