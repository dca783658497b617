// Runs in Node.
/**
 * `openTerraform`: the files of a Terraform folder as the page read them, turned into the rules the
 * provider would send per project, with its changes of meaning per rule. The same reading as
 * `taglock import --terraform` (read-terraform.ts), on texts instead of a folder on disk. What the page
 * sends is refused here whatever the page checked: names that are no Terraform file, two files of one
 * name, more text than the bounds, state JSON mixed with configuration.
 */
import type { KnownProjectView, TerraformFileInput, TerraformRulesView } from '../../../shared/contract/api.js';
import { TERRAFORM_INPUT_LIMITS, terraformFileRole } from '../../../shared/contract/terraform-input.js';
import { badInput } from '../../../shared/errors.js';
import { toWireRules } from '../../../shared/rules/wire.js';
import type { TerraformImport } from '../../../shared/terraform/imported-rule.js';
import { groupByProject, projectKey } from '../../../shared/terraform/project-rules.js';
import { rulesFromTerraformJson } from '../../../shared/terraform/state-rules.js';
import { parseJsonText } from '../files/json-file.js';
import type { TerraformText } from './read-terraform.js';
import { automaticVariableFiles, rulesFromConfigurationTexts } from './read-terraform.js';

const WHERE = 'the chosen files';

function checkFiles(files: readonly TerraformFileInput[]): void {
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  if (total > TERRAFORM_INPUT_LIMITS.totalChars) {
    throw badInput(`the Terraform files hold ${total} characters together, more than the ${TERRAFORM_INPUT_LIMITS.totalChars} Taglock reads at once`);
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (terraformFileRole(file.name) === null) throw badInput(`${JSON.stringify(file.name)} is not a Terraform file (.tf, .tf.json, .tfvars, .tfvars.json, or the JSON of terraform show -json)`);
    if (seen.has(file.name)) throw badInput(`two files are named ${JSON.stringify(file.name)}: choose the files of one folder`);
    seen.add(file.name);
  }
}

async function readFiles(files: readonly TerraformFileInput[]): Promise<{ kind: TerraformRulesView['kind']; result: TerraformImport }> {
  const byRole = (role: string) => files.filter((f) => terraformFileRole(f.name) === role);
  const json = byRole('json');
  if (json.length > 0) {
    if (files.length > 1) throw badInput('give either the files of a Terraform folder or one state or plan JSON file (terraform show -json), not both');
    const file = json[0]!;
    return { kind: 'json', result: rulesFromTerraformJson(parseJsonText(file.text, file.name, 'Terraform state or plan'), file.name) };
  }
  const text = (what: string) => (f: TerraformFileInput): TerraformText => ({ name: f.name, shownAs: f.name, what, text: f.text });
  const config = byRole('configuration').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(text('Terraform file'));
  const variables = byRole('variables');
  const applied = automaticVariableFiles(variables.map((v) => v.name));
  const result = await rulesFromConfigurationTexts(WHERE, config, applied.map((name) => text('variables file')(variables.find((v) => v.name === name)!)));
  const skipped = variables.filter((v) => !applied.includes(v.name)).map((v) => v.name);
  if (skipped.length > 0) result.problems.push(`not applied: ${skipped.join(', ')} (Terraform reads a variables file of another name only when given with -var-file)`);
  return { kind: 'configuration', result };
}

/** Groups and explains what was read, in the contract's words. */
export function terraformRulesView(kind: TerraformRulesView['kind'], result: TerraformImport, knownProjects: readonly KnownProjectView[]): TerraformRulesView {
  const projects = groupByProject(result, knownProjects).map((group) => ({
    project: group.project,
    projectId: group.projectId,
    rules: toWireRules(group.rules),
    sources: group.sources.map((s) => ({ address: s.address, file: s.file, notes: s.notes.map((n) => ({ code: n.code, message: n.message })) })),
  }));
  const leftOut = result.rules
    .filter((r) => r.rule === null || projectKey(r, knownProjects) === null)
    .map((r) => ({ address: r.address, file: r.file, reasons: r.unresolved.length > 0 ? [...r.unresolved] : ['its project is unknown'] }));
  return { kind, projects, leftOut, problems: [...result.problems] };
}

export async function openTerraformFiles(files: readonly TerraformFileInput[], knownProjects: readonly KnownProjectView[]): Promise<TerraformRulesView> {
  checkFiles(files);
  const { kind, result } = await readFiles(files);
  return terraformRulesView(kind, result, knownProjects);
}
