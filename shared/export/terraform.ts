// Runs anywhere (pure).
/**
 * Export of a rule list as Terraform `harbor_immutable_tag_rule` resources (provider goharbor/harbor),
 * in `terraform fmt` layout, written so that applying it reproduces the rules exactly: one field of
 * each pair, patterns verbatim (the provider adds no braces, and a stored pattern already has the ones
 * it means), `/projects/<id>` as project_id (what the provider reads back), and an `import` block for
 * every rule that exists on the server, so Terraform adopts it instead of creating a copy (409).
 *
 * Warnings are given only where the provider really loses information (docs/terraform-provider.md).
 */
import type { ImmutableRule, Selector } from '../rules/model.js';
import { IMMUTABLE_ACTION, IMMUTABLE_TEMPLATE, SELECTOR_KIND, ruleLabel } from '../rules/model.js';
import { toWireRules } from '../rules/wire.js';
import { ruleResourceId } from '../terraform/provider-rule.js';
import type { HclBlock } from './hcl-writer.js';
import { formatFile, hclString } from './hcl-writer.js';

export interface ExportResult {
  text: string;
  warnings: string[];
}

export interface TerraformExportOptions {
  /** An HCL expression for project_id, written as given (e.g. `harbor_project.main.id`). */
  projectIdExpression?: string;
  /** Harbor's numeric project id, for rules that do not carry their own. */
  harborProjectId?: number;
}

const PAIRS = {
  repository: { matching: ['repoMatches', 'repo_matching'], excluding: ['repoExcludes', 'repo_excluding'] },
  tag: { matching: ['matches', 'tag_matching'], excluding: ['excludes', 'tag_excluding'] },
} as const;

/** The attribute for one selector, or why there is none. */
function selectorAttribute(selector: Selector | undefined, slot: 'repository' | 'tag', warn: (message: string) => void): [string, string] | null {
  if (!selector) {
    warn(`it has no ${slot} selector; the provider always sends one, so the rule cannot be written.`);
    return null;
  }
  if (selector.kind !== SELECTOR_KIND) warn(`${slot} selector kind ${JSON.stringify(selector.kind)} becomes "doublestar" (the provider sends no other).`);
  const pair = PAIRS[slot];
  const field = selector.decoration === pair.matching[0] ? pair.matching[1] : selector.decoration === pair.excluding[0] ? pair.excluding[1] : null;
  if (field === null) {
    warn(`${slot} decoration ${JSON.stringify(selector.decoration)} has no Terraform field; it is left out, and the provider would send an empty decoration instead.`);
    return null;
  }
  if (selector.pattern === '') {
    warn(`an empty ${slot} pattern cannot be written: the provider treats "" as not set and sends an empty decoration instead.`);
    return null;
  }
  if (selector.extras) warn(`${slot} selector extras ${JSON.stringify(selector.extras)} are dropped (the provider sends none).`);
  if (field === 'repo_excluding') {
    warn('the provider never reads repo_excluding back from Harbor: after import the first plan updates it in place (sending the same rule), and later changes made in Harbor to its repository pattern are not seen by Terraform.');
  }
  return [field, hclString(selector.pattern)];
}

function resourceName(rule: ImmutableRule, index: number): string {
  return rule.id !== null ? `rule_${rule.id}` : `draft_${index + 1}`;
}

export function exportTerraform(rules: readonly ImmutableRule[], options: TerraformExportOptions = {}): ExportResult {
  const warnings: string[] = [];
  const blocks: HclBlock[] = [];
  rules.forEach((rule, index) => {
    const warn = (message: string) => warnings.push(`${ruleLabel(rule, index)}: ${message}`);
    const name = resourceName(rule, index);
    const harborProjectId = rule.projectId ?? options.harborProjectId;
    const projectId = options.projectIdExpression ?? (harborProjectId !== undefined ? hclString(`/projects/${harborProjectId}`) : 'harbor_project.main.id');
    const attributes: [string, string][] = [['project_id', projectId]];
    if (rule.disabled) attributes.push(['disabled', 'true']);
    const repository = selectorAttribute(rule.repositorySelectors[0], 'repository', warn);
    const tag = selectorAttribute(rule.tagSelectors[0], 'tag', warn);
    if (repository) attributes.push(repository);
    if (tag) attributes.push(tag);
    if (rule.repositorySelectors.length > 1 || rule.tagSelectors.length > 1) warn('only the first repository and tag selectors are written (Harbor reads only those anyway).');
    if (rule.otherScopes && Object.keys(rule.otherScopes).length > 0) warn(`scope selectors ${Object.keys(rule.otherScopes).join(', ')} are dropped.`);
    if (rule.priority !== 0) warn(`priority ${rule.priority} is dropped (Harbor ignores it for matching).`);
    if (rule.action !== IMMUTABLE_ACTION || rule.template !== IMMUTABLE_TEMPLATE) warn('a non-standard action or template becomes immutable / immutable_template.');
    if (rule.id !== null) {
      if (harborProjectId === undefined) warn('no import block: the project\'s numeric id is unknown (give it with --harbor-project-id), so applying creates a second copy, which Harbor refuses (409).');
      else blocks.push({ header: 'import', attributes: [['to', `harbor_immutable_tag_rule.${name}`], ['id', hclString(ruleResourceId(harborProjectId, rule.id))]] });
    }
    blocks.push({ header: `resource "harbor_immutable_tag_rule" "${name}"`, attributes });
  });
  const comments = ['Generated by Taglock: each rule of the project as a harbor_immutable_tag_rule resource.'];
  if (blocks.some((b) => b.header === 'import')) comments.push('The import blocks (Terraform 1.5 or later) adopt the rules that already exist in Harbor.');
  if (rules.some((r) => r.disabled)) comments.push('disabled = true needs provider v3.10.17 or later; older ones create the rule enabled.');
  return { text: formatFile(comments, blocks), warnings };
}

/** Plain Harbor JSON: the list endpoint's format, canonical. */
export function exportHarborJson(rules: readonly ImmutableRule[]): string {
  return JSON.stringify(toWireRules(rules), null, 2) + '\n';
}
