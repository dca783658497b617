// Runs anywhere (pure).
/**
 * Lint of a rule list: each finding has a severity, a stable code and one plain sentence. Static checks
 * need only the rules and the dialect; with a simulation of a snapshot, lint also reports rules that
 * match nothing there, rules shadowed by earlier ones and how many tags an error really stops. An error
 * is reserved for what Harbor really fails on, or does against the rule's shape for some name a registry
 * can hold; findings about what a rule does are dropped for rules that never act (rule-acts.ts).
 */
import type { Dialect } from '../glob/dialect.js';
import type { ImmutableRule } from '../rules/model.js';
import { HARBOR_UI_RULE_LIMIT, ruleLabel } from '../rules/model.js';
import { portalRefusesRepositoryPattern } from '../rules/portal.js';
import { storedBlobKey } from '../rules/wire.js';
import type { HarborProfile } from '../engine/harbor-profile.js';
import type { CompiledRuleSet } from '../engine/rule-set.js';
import { compileRuleSet } from '../engine/rule-set.js';
import { SELECTED, select } from '../engine/selector.js';
import type { SimulationResult } from '../engine/simulate.js';
import { expandBraces, hasSlashInBraces } from './braces.js';
import { CI_MOVING_TAG_SAMPLES } from './ci-tags.js';
import type { LintFinding } from './finding.js';
import { sortFindings } from './finding.js';
import { checkSelector } from './selector-checks.js';
import { globCostFindings } from './glob-cost.js';
import { lockAllFindings } from './lock-all.js';
import type { ProjectScope } from './project-scope.js';
import { repositoriesOfProject } from './project-scope.js';
import { repositoryPrefixFindings } from './repository-prefix.js';
import { withoutCoveredMovingFindings } from './locks-moving-tags.js';
import { lintRetentionForecast } from './retention-forecast.js';
import { retentionNameFindings } from './retention-name.js';
import { onIdleRules } from './rule-acts.js';
import { checkAgainstSnapshot } from './snapshot-checks.js';

export interface LintContext extends ProjectScope {
  dialect: Dialect;
  /** The Harbor release whose behaviour outside the glob is judged (default: the newest release). */
  profile?: HarborProfile;
  /**
   * A simulation of exactly these rules on a snapshot, with the project to look at. It also gives the
   * rules' own project and its repositories, unless `project` and `repositories` say otherwise.
   */
  simulation?: { result: SimulationResult; project: number };
  /**
   * When the project's retention policy (recorded in the snapshot) is judged to run, epoch ms; default
   * the snapshot's fetch time. Only the findings across both policies read it.
   */
  retentionRunAt?: number;
}

function scopeOf(context: LintContext): ProjectScope {
  const simulation = context.simulation;
  if (!simulation) return { project: context.project, repositories: context.repositories };
  const index = simulation.result.index;
  return {
    project: context.project ?? index.projects[simulation.project]?.name,
    repositories: context.repositories ?? repositoriesOfProject(index, simulation.project),
  };
}

export { CI_MOVING_TAG_PATTERN, CI_MOVING_TAG_SAMPLES } from './ci-tags.js';

export function lintRules(rules: readonly ImmutableRule[], context: LintContext): LintFinding[] {
  const findings: LintFinding[] = [];
  const ruleSet = compileRuleSet(rules, context.dialect, context.profile);
  const failing = new Set<number>();

  rules.forEach((rule, index) => {
    const label = ruleLabel(rule, index);
    const add = (severity: LintFinding['severity'], code: string, message: string) =>
      findings.push({ severity, code, ruleIndex: index, rule: label, message });
    const repository = rule.repositorySelectors[0];
    const tag = rule.tagSelectors[0];
    if (!repository) add('warning', 'no-repository-selector', 'It has no repository selector: Harbor skips the rule.');
    if (!tag) add('warning', 'no-tag-selector', 'It has no tag selector: Harbor skips the rule.');
    if (rule.repositorySelectors.length > 1 || rule.tagSelectors.length > 1) {
      add('info', 'extra-selectors', 'Only the first repository and tag selectors count; Harbor ignores the others.');
    }
    for (const [selector, slot] of [
      [repository, 'repository'],
      [tag, 'tag'],
    ] as const) {
      if (!selector) continue;
      for (const finding of checkSelector(selector, slot, context.dialect)) {
        add(finding.severity, finding.code, finding.message);
        if (finding.canFail && !rule.disabled) failing.add(index);
      }
    }
    // The UI's check is on "not repoMatches"; only repoExcludes can be written there, and only it excludes.
    if (repository?.decoration === 'repoExcludes' && portalRefusesRepositoryPattern(repository.decoration, repository.pattern)) {
      // Only the bare pattern excludes everything: "a,**" sent through the API is one literal name.
      const effect = repository.pattern === '**' ? ', and it excludes every repository' : '';
      add('warning', 'ui-refuses', `Harbor's web UI refuses "excluding **" ("Invalid rule"); the API accepts it${effect}.`);
    }
    if (tag?.decoration === 'excludes' && !rule.disabled) {
      add('info', 'untagged-retained', 'Tag retention will also treat untagged artifacts of the selected repositories as immutable (an excludes rule selects "no tags").');
    }
    const compiled = ruleSet.rules.find((r) => r.index === index)!;
    if (!rule.disabled && compiled.tag !== null && compiled.tag.target === 'tags') {
      const moving = CI_MOVING_TAG_SAMPLES.filter(
        (sample) => select(compiled.tag!, '', [sample], compiled.tag!.selector.decoration === 'excludes') === SELECTED,
      );
      if (moving.length > 0) {
        add('warning', 'ci-moving-tags', `It makes tags that CI usually moves immutable (${moving.join(', ')}): the next push to them will be refused.`);
      }
    }
  });

  findings.push(...stoppedRuleFindings(ruleSet, failing));
  findings.push(...repositoryPrefixFindings(ruleSet, scopeOf(context)));
  findings.push(...lockAllFindings(ruleSet));
  findings.push(...retentionNameFindings(ruleSet, context.simulation));
  findings.push(...globCostFindings(ruleSet, context.simulation));
  findings.push(...listFindings(rules));
  if (context.simulation) {
    const { result, project } = context.simulation;
    findings.push(...checkAgainstSnapshot(ruleSet, result, project, lintRetentionForecast(result, project, context.retentionRunAt)));
  }
  return sortFindings(withoutCoveredMovingFindings(onIdleRules(findings, ruleSet)));
}

function stoppedRuleFindings(ruleSet: CompiledRuleSet, failing: ReadonlySet<number>): LintFinding[] {
  const out: LintFinding[] = [];
  ruleSet.rules.forEach((rule, position) => {
    if (!failing.has(rule.index)) return;
    const later = ruleSet.rules.slice(position + 1).filter((r) => !r.disabled);
    const names = later.map((r) => r.label).join(', ');
    out.push({
      severity: 'error',
      code: 'stops-later-rules',
      ruleIndex: rule.index,
      rule: rule.label,
      message:
        'When Harbor hits this error it stops: the tag counts as mutable' +
        (later.length > 0 ? ` and ${names} ${later.length === 1 ? 'is' : 'are'} never consulted for it.` : '.'),
    });
  });
  return out;
}

function listFindings(rules: readonly ImmutableRule[]): LintFinding[] {
  const out: LintFinding[] = [];
  if (rules.length > HARBOR_UI_RULE_LIMIT) {
    out.push({
      severity: 'warning',
      code: 'over-ui-limit',
      ruleIndex: null,
      rule: null,
      message: `${rules.length} rules: the server accepts them, but Harbor's web UI shows and edits only ${HARBOR_UI_RULE_LIMIT}.`,
    });
  }
  const blobs = new Map<string, number>();
  const meanings = new Map<string, number>();
  rules.forEach((rule, index) => {
    const label = ruleLabel(rule, index);
    const blob = storedBlobKey(rule);
    const sameBlob = blobs.get(blob);
    if (sameBlob !== undefined) {
      out.push({
        severity: 'error',
        code: 'duplicate-409',
        ruleIndex: index,
        rule: label,
        message: `It is identical to ${ruleLabel(rules[sameBlob]!, sameBlob)}: creating it fails with 409 "immutable rule already exists".`,
      });
      return;
    }
    blobs.set(blob, index);
    const meaning = meaningKey(rule);
    const sameMeaning = meaning === null ? undefined : meanings.get(meaning);
    if (sameMeaning !== undefined) {
      out.push({
        severity: 'warning',
        code: 'duplicate-meaning',
        ruleIndex: index,
        rule: label,
        message: `It selects exactly what ${ruleLabel(rules[sameMeaning]!, sameMeaning)} selects: one of them is redundant.`,
      });
    } else if (meaning !== null) {
      meanings.set(meaning, index);
    }
  });
  return out;
}

/** Same decorations and the same set of brace alternatives in both patterns (order and repeats ignored). */
function meaningKey(rule: ImmutableRule): string | null {
  const repository = rule.repositorySelectors[0];
  const tag = rule.tagSelectors[0];
  if (!repository || !tag || rule.disabled) return null;
  // With "/" inside braces v1.3.4 does not honour the alternatives, so only the literal text compares.
  const alternatives = (pattern: string) => {
    const expanded = hasSlashInBraces(pattern) ? null : expandBraces(pattern);
    return expanded === null ? [pattern] : [...new Set(expanded)].sort();
  };
  return JSON.stringify([
    repository.kind,
    repository.decoration,
    alternatives(repository.pattern),
    tag.kind,
    tag.decoration,
    alternatives(tag.pattern),
  ]);
}
