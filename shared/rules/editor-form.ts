// Runs anywhere (pure).
/**
 * The editor's form of a rule (what an admin sees in Harbor's "Add rule" dialog) and its conversion to
 * and from the stored rule, exactly as Harbor's web UI converts them.
 */
import type { ImmutableRule } from './model.js';
import { makeRule, repositorySelectorOf, tagSelectorOf } from './model.js';
import {
  portalAddDisabled,
  portalRefusesRepositoryPattern,
  portalShownPattern,
  portalStoredPattern,
} from './portal.js';

export interface RuleForm {
  id: number | null;
  disabled: boolean;
  repositoryDecoration: string;
  /** As typed: `nginx, redis` or `team/**`. */
  repositoryText: string;
  tagDecoration: string;
  tagText: string;
}

export type FormProblem =
  | { code: 'empty-repository'; message: string }
  | { code: 'empty-tag'; message: string }
  | { code: 'invalid-rule'; message: string }
  | { code: 'existing-rule'; message: string; existingIndex: number };

export function formFromRule(rule: ImmutableRule): RuleForm {
  const repository = repositorySelectorOf(rule);
  const tag = tagSelectorOf(rule);
  return {
    id: rule.id,
    disabled: rule.disabled,
    repositoryDecoration: repository?.decoration ?? 'repoMatches',
    repositoryText: portalShownPattern(repository?.pattern ?? ''),
    tagDecoration: tag?.decoration ?? 'matches',
    tagText: portalShownPattern(tag?.pattern ?? ''),
  };
}

/** The rule Harbor's UI would send for this form. */
export function ruleFromForm(form: RuleForm): ImmutableRule {
  return makeRule({
    id: form.id,
    disabled: form.disabled,
    repository: { decoration: form.repositoryDecoration, pattern: portalStoredPattern(form.repositoryText) },
    tag: { decoration: form.tagDecoration, pattern: portalStoredPattern(form.tagText) },
  });
}

/**
 * What Harbor's UI would refuse for this form, given the other rules of the project (the rule being
 * edited excluded by the caller). Empty when the UI would accept it.
 */
export function formProblems(form: RuleForm, otherRules: readonly ImmutableRule[]): FormProblem[] {
  const problems: FormProblem[] = [];
  if (portalAddDisabled(form.repositoryText)) {
    problems.push({ code: 'empty-repository', message: 'Enter at least one repository pattern (braces alone are empty).' });
  }
  if (portalAddDisabled(form.tagText)) {
    problems.push({ code: 'empty-tag', message: 'Enter at least one tag pattern (braces alone are empty).' });
  }
  const rule = ruleFromForm(form);
  const repository = repositorySelectorOf(rule)!;
  const tag = tagSelectorOf(rule)!;
  if (portalRefusesRepositoryPattern(repository.decoration, repository.pattern)) {
    problems.push({
      code: 'invalid-rule',
      message: 'Harbor refuses "excluding **": it would exclude every repository. Name the repositories to exclude instead.',
    });
  }
  const existingIndex = otherRules.findIndex((other) => {
    const r = repositorySelectorOf(other);
    const t = tagSelectorOf(other);
    return (
      r?.decoration === repository.decoration &&
      r.pattern === repository.pattern &&
      t?.decoration === tag.decoration &&
      t.pattern === tag.pattern
    );
  });
  if (existingIndex >= 0) {
    problems.push({
      code: 'existing-rule',
      message: 'A rule with the same repositories and tags already exists; Harbor refuses it as "Existing rule".',
      existingIndex,
    });
  }
  return problems;
}
