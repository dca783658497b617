// Runs in Node.
/**
 * `--terraform PATH` for the commands that read rules from Terraform (import, plan, apply, check): the
 * rules per project, with the provider's changes of meaning and what could not be worked out on stderr.
 */
import { badInput } from '../../shared/errors.js';
import type { ImmutableRule } from '../../shared/rules/model.js';
import type { TerraformImport } from '../../shared/terraform/imported-rule.js';
import type { KnownProject, ProjectRules } from '../../shared/terraform/project-rules.js';
import { groupByProject, importMessages } from '../../shared/terraform/project-rules.js';
import { readRulesFile } from '../services/files/json-file.js';
import { readTerraform } from '../services/terraform/read-terraform.js';
import { shown } from './terminal.js';
import type { OptionSpec } from './options.js';
import { requireOption } from './options.js';

export const TERRAFORM_OPTIONS = {
  terraform: { type: 'string' },
  'var-file': { type: 'string', multiple: true },
} satisfies OptionSpec;

/** Said whenever a plan or check takes a Terraform input as a project's desired rules. */
export const SCOPE_NOTE =
  "taglock: note: the configuration's rules are taken as the project's whole rule list; Terraform itself leaves rules it does not manage (not in its state) in place\n";

export interface TerraformRules {
  /** What was read, to group again once more projects are known (a registry names its project's id). */
  result: TerraformImport;
  projects: ProjectRules[];
  /** False when some rule could not be converted or placed in a project. */
  complete: boolean;
}

export async function loadTerraformRules(path: string, varFiles: readonly string[], known: readonly KnownProject[], stderr: NodeJS.WritableStream): Promise<TerraformRules> {
  const { result } = await readTerraform(path, varFiles);
  for (const line of importMessages(result, known)) stderr.write(`taglock: ${shown(line)}\n`);
  return groupWith(result, known);
}

/** The rules grouped by project, naming projects the input gives only by number after `known`. */
export function groupWith(result: TerraformImport, known: readonly KnownProject[]): TerraformRules {
  const projects = groupByProject(result, known);
  const placed = projects.reduce((sum, p) => sum + p.rules.length, 0);
  return { result, projects, complete: placed === result.rules.length && result.problems.length === 0 };
}

/**
 * The rules one project would have: --project, else the only project the input names. A named project
 * the input has no rule for has none (an empty list: a configuration without rules means no rules),
 * unless the input has rules for other projects only: then the name more likely fails to match how the
 * input names the project, and planning deletions from that would be wrong, so it is refused.
 */
export function rulesOfProject(command: string, loaded: TerraformRules, project: string | undefined): { project: string; projectId: number | null; rules: ImmutableRule[] } {
  const names = loaded.projects.map((p) => p.project).join(', ');
  if (project !== undefined) {
    const found = loaded.projects.find((p) => p.project === project);
    if (!found && loaded.projects.length > 0) throw badInput(`${command}: the Terraform input has no rule for project ${project}, only for ${names}`);
    return { project, projectId: found?.projectId ?? null, rules: found?.rules ?? [] };
  }
  if (loaded.projects.length === 1) {
    const only = loaded.projects[0]!;
    return { project: only.project, projectId: only.projectId, rules: only.rules };
  }
  throw badInput(`${command}: the Terraform input has rules for ${loaded.projects.length === 0 ? 'no project' : `several projects (${names})`}: choose one with --project`);
}

/**
 * The desired rules of RULES.json, or of a Terraform input, read before any network work; `forProject`
 * picks the project's rules once its id is known (a Terraform input may name it only by number).
 */
export async function desiredRulesSource(
  command: string,
  values: { rules?: string; terraform?: string; 'var-file'?: string[] },
  stderr: NodeJS.WritableStream,
  known: readonly KnownProject[] = [],
): Promise<{ forProject(project: KnownProject): ImmutableRule[] }> {
  if (values.terraform !== undefined) {
    if (values.rules !== undefined) throw badInput(`${command}: give the desired rules with --rules or --terraform, not both`);
    const loaded = await loadTerraformRules(values.terraform, values['var-file'] ?? [], known, stderr);
    if (!loaded.complete) throw badInput(`${command}: the Terraform input could not be converted completely (see above); nothing was planned`);
    stderr.write(SCOPE_NOTE);
    return { forProject: (project) => rulesOfProject(command, groupWith(loaded.result, [...known, project]), project.name).rules };
  }
  const rules = await readRulesFile(requireOption(command, values.rules, '--rules'));
  return { forProject: () => rules };
}
