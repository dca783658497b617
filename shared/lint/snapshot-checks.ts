// Runs anywhere (pure).
/** Lint that needs real tags: what each rule actually does to one project of a simulated snapshot. */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { CompiledSelector } from '../engine/selector.js';
import { SELECTED, select } from '../engine/selector.js';
import type { SimulationResult } from '../engine/simulate.js';
import { NOT_ASKED, OUTCOME_OFFSET, keptTagAnswers } from '../engine/tag-outcomes.js';
import type { RetentionForecast } from '../retention/forecast.js';
import { crossPolicyFindings, snapshotPlace } from './cross-policy.js';
import { exclusionFindings } from './exclusion-checks.js';
import type { LintFinding } from './finding.js';
import { movingTagFindings } from './locks-moving-tags.js';
import { onIdleRules } from './rule-acts.js';

/** Whether a selector that reads only the tag selects any of `names`, filling its kept `answers` (by name id) as it asks. */
function selectsAnyName(tagSelector: CompiledSelector, names: readonly string[], answers: Int8Array, untaggedAnswer: boolean): boolean {
  const oneTag = [''];
  const [notAsked, offset] = [NOT_ASKED, OUTCOME_OFFSET];
  for (let nameId = 0; nameId < names.length; nameId++) {
    if (answers[nameId] === notAsked) {
      oneTag[0] = names[nameId]!;
      // The repository is not read by a selector of the tag (tag-outcomes.ts).
      answers[nameId] = select(tagSelector, '', oneTag, untaggedAnswer) + offset;
    }
    if (answers[nameId]! - offset === SELECTED) return true;
  }
  return false;
}

/** Whether the rule, alone, selects any tag of the project (ignoring the rules before it). */
function selectsAnyTag(rule: CompiledRule, result: SimulationResult, project: number): boolean {
  const { index } = result;
  const oneTag = [''];
  const repositorySelector = rule.repository!;
  const tagSelector = rule.tag!;
  const untaggedAnswer = tagSelector.selector.decoration === 'excludes';
  // A selector that reads only the repository name is judged once per repository, not once per tag.
  const perRepository = repositorySelector.target !== 'tags';
  const answers = keptTagAnswers(index, result.ruleSets[project]!.dialect, tagSelector);
  const [notAsked, offset] = [NOT_ASKED, OUTCOME_OFFSET]; // read once: some module loaders make each read a call
  // A selector that reads only the tag answers per distinct name: when it selects no name of the
  // snapshot, no tag can be selected whatever the repositories, and the scan over every tag is skipped.
  if (answers !== null && !selectsAnyName(tagSelector, index.distinctTagNames, answers, untaggedAnswer)) return false;
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const repository = index.repositoryNames[r]!;
    if (perRepository && select(repositorySelector, repository, oneTag, true) !== SELECTED) continue;
    const tagStart = index.artifactTagStart[index.repositoryArtifactStart[r]!]!;
    const tagEnd = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = tagStart; t < tagEnd; t++) {
      oneTag[0] = index.tagNames[t]!;
      if (!perRepository && select(repositorySelector, repository, oneTag, true) !== SELECTED) continue;
      if (answers === null) {
        if (select(tagSelector, repository, oneTag, untaggedAnswer) === SELECTED) return true;
        continue;
      }
      // The simulation kept this selector's answer for the names that reached the rule; the rest are asked now.
      const nameId = index.tagNameIds[t]!;
      if (answers[nameId] === notAsked) answers[nameId] = select(tagSelector, repository, oneTag, untaggedAnswer) + offset;
      if (answers[nameId]! - offset === SELECTED) return true;
    }
  }
  return false;
}

/**
 * `retention`: the forecast of the project's retention policy under these rules (retention-forecast.ts),
 * when the snapshot recorded one; it adds the findings across both policies.
 */
export function checkAgainstSnapshot(
  ruleSet: CompiledRuleSet,
  result: SimulationResult,
  project: number,
  retention: RetentionForecast | null = null,
): LintFinding[] {
  const out: LintFinding[] = [];
  const stats = result.ruleStats[project];
  if (!stats || result.ruleSets[project]!.rules.length !== ruleSet.rules.length) return out;
  const where = snapshotPlace(result, project);

  stats.forEach((stat) => {
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
  });
  out.push(...exclusionFindings(ruleSet, result, project, where));
  out.push(...crossPolicyFindings(ruleSet, result, project, retention));
  // The moving tags each rule locks (names CI moves among them), with the mirror they break.
  out.push(...movingTagFindings(ruleSet, result, project));
  return onIdleRules(out, ruleSet);
}
