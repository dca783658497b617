// Runs in the browser (pure, no DOM).
/**
 * A retention rule as the Cleanup screen's editor shows it, in Harbor's own model and the shape Harbor's
 * web UI gives a rule: one template with its parameter, one repository selector (repoMatches or
 * repoExcludes a pattern), one tag selector (matches or excludes a pattern) with the untagged choice.
 * Reading a rule made elsewhere keeps what the form does not show (other selectors, ids).
 */
import type { RetentionPolicy, RetentionRule, RetentionSelector } from '../../../shared/retention/policy.js';
import { untaggedSetting } from '../../../shared/retention/selector.js';
import { retentionTemplate } from '../../../shared/retention/templates.js';

export interface RetentionRuleForm {
  template: string;
  /** The count or number of days; ignored by `always`. */
  parameter: number;
  repositoryDecoration: 'repoMatches' | 'repoExcludes';
  repositoryPattern: string;
  tagDecoration: 'matches' | 'excludes';
  tagPattern: string;
  /** Whether untagged artifacts count as matching (`extras: {"untagged": true}`). */
  untagged: boolean;
  disabled: boolean;
}

export const NEW_RULE_FORM: RetentionRuleForm = {
  template: 'latestPushedK',
  parameter: 10,
  repositoryDecoration: 'repoMatches',
  repositoryPattern: '**',
  tagDecoration: 'matches',
  tagPattern: '**',
  untagged: true,
  disabled: false,
};

export function ruleForm(rule: RetentionRule): RetentionRuleForm {
  const template = rule.template ?? '';
  const raw = rule.params?.[template];
  const repository = rule.scope_selectors?.repository?.[0];
  const tag = rule.tag_selectors?.[0];
  return {
    template,
    parameter: typeof raw === 'number' ? raw : (retentionTemplate(template)?.defaultValue ?? 0),
    repositoryDecoration: repository?.decoration === 'repoExcludes' ? 'repoExcludes' : 'repoMatches',
    repositoryPattern: repository?.pattern ?? '**',
    tagDecoration: tag?.decoration === 'excludes' ? 'excludes' : 'matches',
    tagPattern: tag?.pattern ?? '**',
    untagged: tag === undefined ? true : untaggedSetting(tag),
    disabled: rule.disabled === true,
  };
}

/** The rule with the form's fields written in (the first selectors replaced, any others kept). */
export function applyRuleForm(rule: RetentionRule, form: RetentionRuleForm): RetentionRule {
  const template = retentionTemplate(form.template);
  const repository: RetentionSelector = { kind: 'doublestar', decoration: form.repositoryDecoration, pattern: form.repositoryPattern };
  const tag: RetentionSelector = { kind: 'doublestar', decoration: form.tagDecoration, pattern: form.tagPattern, extras: JSON.stringify({ untagged: form.untagged }) };
  return {
    ...rule,
    disabled: form.disabled,
    action: 'retain',
    template: form.template,
    params: template?.unit === null || template === undefined ? {} : { [form.template]: form.parameter },
    tag_selectors: [tag, ...(rule.tag_selectors ?? []).slice(1)],
    scope_selectors: { ...rule.scope_selectors, repository: [repository, ...(rule.scope_selectors?.repository ?? []).slice(1)] },
  };
}

export function newRetentionRule(): RetentionRule {
  return applyRuleForm({ priority: 0 }, NEW_RULE_FORM);
}

/** The policy with its rules replaced (a new object, so forecasts see the change). */
export function withRules(policy: RetentionPolicy, rules: RetentionRule[]): RetentionPolicy {
  return { ...policy, algorithm: policy.algorithm ?? 'or', rules };
}
