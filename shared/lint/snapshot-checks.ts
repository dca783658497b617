// Runs anywhere (pure).
/** Lint that needs real tags: what each rule actually does to one project of a simulated snapshot. */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import { SELECTED, select } from '../engine/selector.js';
import type { SimulationResult } from '../engine/simulate.js';
import { CI_MOVING_TAG_PATTERN } from './ci-tags.js';
import type { LintFinding } from './finding.js';


/** Whether the rule, alone, selects any tag of the project (ignoring the rules before it). */
function selectsAnyTag(rule: CompiledRule, result: SimulationResult, project: number): boolean {
  const { index } = result;
  const oneTag = [''];
  const repositorySelector = rule.repository!;
  const tagSelector = rule.tag!;
  const untaggedAnswer = tagSelector.selector.decoration === 'excludes';
  // A selector that reads only the repository name is judged once per repository, not once per tag.
  const perRepository = repositorySelector.target !== 'tags';
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const repository = index.repositoryNames[r]!;
    if (perRepository && select(repositorySelector, repository, oneTag, true) !== SELECTED) continue;
    const tagStart = index.artifactTagStart[index.repositoryArtifactStart[r]!]!;
    const tagEnd = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = tagStart; t < tagEnd; t++) {
      oneTag[0] = index.tagNames[t]!;
      if (!perRepository && select(repositorySelector, repository, oneTag, true) !== SELECTED) continue;
      if (select(tagSelector, repository, oneTag, untaggedAnswer) === SELECTED) return true;
    }
  }
  return false;
}

export function checkAgainstSnapshot(
  ruleSet: CompiledRuleSet,
  result: SimulationResult,
  project: number,
): LintFinding[] {
  const out: LintFinding[] = [];
  const stats = result.ruleStats[project];
  if (!stats || result.ruleSets[project]!.rules.length !== ruleSet.rules.length) return out;
  const projectName = result.index.projects[project]?.name ?? '';
  const where = projectName === '' ? 'the snapshot' : `project ${projectName} of the snapshot`;

  // Tags each rule decided whose names CI usually moves.
  const moving = new Map<number, string[]>();
  const { tagVerdict, index } = result;
  for (let t = 0; t < tagVerdict.length; t++) {
    const verdict = tagVerdict[t]!;
    if (verdict < 0) continue;
    const repository = index.artifactRepository[index.tagArtifact[t]!]!;
    if (index.repositoryProject[repository] !== project) continue;
    const name = index.tagNames[t]!;
    if (!CI_MOVING_TAG_PATTERN.test(name)) continue;
    const list = moving.get(verdict) ?? [];
    list.push(`${index.repositoryNames[repository]}:${name}`);
    moving.set(verdict, list);
  }

  stats.forEach((stat, position) => {
    const rule = stat.rule;
    if (rule.disabled || rule.repository === null || rule.tag === null) return;
    const add = (severity: LintFinding['severity'], code: string, message: string) =>
      out.push({ severity, code, ruleIndex: rule.index, rule: rule.label, message });
    if (stat.stoppedTags > 0) {
      add('error', 'error-stops-tags', `In ${where} its error stops the evaluation of ${stat.stoppedTags.toLocaleString('en-US')} tag(s): they stay mutable whatever later rules say.`);
    }
    if (stat.decidedTags === 0 && stat.stoppedTags === 0) {
      if (!selectsAnyTag(rule, result, project)) {
        add('warning', 'matches-nothing', `It matches no tag in ${where}.`);
      } else {
        add('info', 'shadowed', `Every tag it selects in ${where} is already made immutable by an earlier rule.`);
      }
    }
    const ciTags = moving.get(position);
    if (ciTags && ciTags.length > 0) {
      const examples = ciTags.slice(0, 3).join(', ');
      add('warning', 'ci-moving-tags-in-snapshot', `It makes ${ciTags.length.toLocaleString('en-US')} tag(s) in ${where} that CI usually moves immutable, e.g. ${examples}.`);
    }
  });
  return out;
}
