// Runs anywhere (pure).
/**
 * A retention policy compiled for forecasting: every rule's template and parameter read as the job reads
 * them, its selectors compiled, and every refusal Harbor would meet recorded where Harbor meets it
 * (docs/harbor-retention.md §2, §5): at launch (the whole run does nothing), or when a repository's job
 * builds its rules (that repository is left alone).
 */
import type { Dialect } from '../glob/dialect.js';
import type { RetentionPolicy, RetentionRule, RetentionSelector } from './policy.js';
import type { CompiledRetentionSelector } from './selector.js';
import { compileRetentionSelector } from './selector.js';
import type { RetentionTemplate } from './templates.js';
import { readParameter, retentionTemplate } from './templates.js';

export const RETAIN_ACTION = 'retain';
export const OR_ALGORITHM = 'or';
/** Harbor's API refuses a policy with more rules (CreateRetention, UpdateRetention). */
export const HARBOR_RETENTION_RULE_LIMIT = 15;

export interface CompiledRetentionRule {
  readonly rule: RetentionRule;
  /** Position in `policy.rules`. */
  readonly position: number;
  /** `retention rule 2`: stable for drafts, as Harbor numbers rules in its list. */
  readonly label: string;
  /** `latestPushedK 10, repositories repoMatches "**", tags matches "**" (untagged too)`. */
  readonly summary: string;
  readonly disabled: boolean;
  readonly template: RetentionTemplate | null;
  /** The count or number of days the evaluator works with (the template's default when unreadable). */
  readonly parameter: number;
  readonly usedDefault: boolean;
  /** Why the repository's job fails when this rule is part of it (template, parameter, action, tag selector), or null. */
  readonly buildError: string | null;
  /** `scope_selectors.repository`, applied one after the other; none selects every repository. */
  readonly scope: readonly CompiledRetentionSelector[];
  readonly tagSelectors: readonly CompiledRetentionSelector[];
  /** Same key, same evaluation on the same snapshot and "run at": what a forecast may reuse. */
  readonly evaluationKey: string;
  /** Same key, same candidates kept by the tag selectors, whatever the template and "run at". */
  readonly selectionKey: string;
}

export interface CompiledRetentionPolicy {
  readonly policy: RetentionPolicy;
  readonly dialect: Dialect;
  readonly rules: readonly CompiledRetentionRule[];
  /** Why no repository gets a job at all (launch refuses), or null. Scope-selector errors are found per repository. */
  readonly launchError: string | null;
  /** Why every job fails (the algorithm), or null. */
  readonly jobError: string | null;
  /** What Harbor would do differently from a plain reading, said once (too many rules, default parameters). */
  readonly notes: readonly string[];
}

function selectorText(selector: RetentionSelector | undefined): string {
  if (selector === undefined) return 'none';
  return `${selector.decoration ?? '?'} ${JSON.stringify(selector.pattern ?? '')}`;
}

function ruleSummary(rule: RetentionRule, template: RetentionTemplate | null, parameter: number, tagSelectors: readonly CompiledRetentionSelector[]): string {
  const what = template === null ? `template ${JSON.stringify(rule.template ?? '')}` : template.unit === null ? template.id : `${template.id} ${parameter}`;
  const repositories = (rule.scope_selectors?.repository ?? []).map(selectorText).join(' and ') || 'all';
  const tags = tagSelectors.map((s) => `${selectorText(s.selector)}${s.selector.decoration === 'matches' || s.selector.decoration === 'excludes' ? (s.untagged ? ' (untagged too)' : '') : ''}`);
  return `${what}, repositories ${repositories}, tags ${tags.join(' and ') || 'none'}`;
}

function compileRule(rule: RetentionRule, position: number, dialect: Dialect): CompiledRetentionRule {
  const label = `retention rule ${position + 1}`;
  const templateId = rule.template ?? '';
  const template = retentionTemplate(templateId) ?? null;
  const scope = (rule.scope_selectors?.repository ?? []).map((s, i) => compileRetentionSelector(s, dialect, `${label}, repository selector ${i + 1}`));
  const tagSelectors = (rule.tag_selectors ?? []).map((s, i) => compileRetentionSelector(s, dialect, `${label}, tag selector ${i + 1}`));
  // The builder's order: template (index.Get), action, then each tag selector.
  let buildError: string | null = null;
  let parameter = 0;
  let usedDefault = false;
  if (templateId === '') buildError = 'empty rule template ID';
  else if (template === null) buildError = `rule evaluator ${templateId} is not registered`;
  else {
    const reading = readParameter(template, rule.params);
    if (!reading.ok) buildError = reading.error;
    else {
      parameter = reading.value;
      usedDefault = reading.usedDefault;
    }
  }
  const action = rule.action ?? '';
  if (buildError === null && action === '') buildError = 'get action performer by metadata: empty action';
  else if (buildError === null && action !== RETAIN_ACTION) buildError = `get action performer by metadata: action ${action} is not registered`;
  const badSelector = tagSelectors.find((s) => s.invalid !== null);
  if (buildError === null && badSelector) buildError = `get selector by metadata: ${badSelector.invalid}`;
  const selectorsKey = (rule.tag_selectors ?? []).map((s) => [s.kind, s.decoration, s.pattern, s.extras ?? '']);
  const evaluationKey = JSON.stringify([templateId, parameter, dialect, selectorsKey]);
  const selectionKey = JSON.stringify([dialect, selectorsKey]);
  return {
    rule,
    position,
    label,
    summary: ruleSummary(rule, template, parameter, tagSelectors),
    disabled: rule.disabled === true,
    template,
    parameter,
    usedDefault,
    buildError: buildError === null ? null : `${label}: ${buildError}`,
    scope,
    tagSelectors,
    evaluationKey,
    selectionKey,
  };
}

export function compileRetentionPolicy(policy: RetentionPolicy, dialect: Dialect): CompiledRetentionPolicy {
  const rules = (policy.rules ?? []).map((rule, position) => compileRule(rule, position, dialect));
  const notes: string[] = [];
  let launchError: string | null = null;
  const level = policy.scope?.level;
  // The launcher's checks, in its order: no rules means no job (forecastRetention says so), then the scope.
  if (rules.length > 0 && policy.scope === undefined) launchError = 'the scope of policy is nil';
  else if (rules.length > 0 && level !== 'project') launchError = `scope level ${JSON.stringify(level ?? '')}: Harbor runs project policies only`;
  if (rules.length > HARBOR_RETENTION_RULE_LIMIT) notes.push(`the policy has ${rules.length} rules; Harbor's API refuses more than ${HARBOR_RETENTION_RULE_LIMIT}`);
  const algorithm = policy.algorithm ?? '';
  const jobError = algorithm === OR_ALGORITHM ? null : `get processor for algorithm: ${algorithm}: no processor registered with algorithm: ${algorithm}`;
  for (const rule of rules) if (rule.usedDefault) notes.push(`${rule.label}: its parameter is not a whole number >= 0, so the job uses the default ${rule.parameter}`);
  return { policy, dialect, rules, launchError, jobError, notes };
}
