// Runs in Node.
/**
 * `--terraform PATH` for the commands that read rules from Terraform (import, plan, apply, check): the
 * rules per project, with the provider's changes of meaning and what could not be worked out on stderr.
 */
import { badInput } from '../../shared/errors.js';
import type { ImmutableRule } from '../../shared/rules/model.js';
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

export interface TerraformRules {
  projects: ProjectRules[];
  /** False when some rule could not be converted or placed in a project. */
  complete: boolean;
}

export async function loadTerraformRules(path: string, varFiles: readonly string[], known: readonly KnownProject[], stderr: NodeJS.WritableStream): Promise<TerraformRules> {
  const { result } = await readTerraform(path, varFiles);
  for (const line of importMessages(result, known)) stderr.write(`taglock: ${shown(line)}\n`);
  const projects = groupByProject(result, known);
  const placed = projects.reduce((sum, p) => sum + p.rules.length, 0);
  return { projects, complete: placed === result.rules.length && result.problems.length === 0 };
}

/**
 * The rules one project would have: --project, else the only project the input names. A project the
 * input has no rule for has none (an empty list), which is a meaningful desired state.
 */
export function rulesOfProject(command: string, loaded: TerraformRules, project: string | undefined): { project: string; projectId: number | null; rules: ImmutableRule[] } {
  if (project !== undefined) {
    const found = loaded.projects.find((p) => p.project === project);
    return { project, projectId: found?.projectId ?? null, rules: found?.rules ?? [] };
  }
  if (loaded.projects.length === 1) {
    const only = loaded.projects[0]!;
    return { project: only.project, projectId: only.projectId, rules: only.rules };
  }
  const names = loaded.projects.map((p) => p.project).join(', ');
  throw badInput(`${command}: the Terraform input has rules for ${loaded.projects.length === 0 ? 'no project' : `several projects (${names})`}: choose one with --project`);
}

/** The desired rules: RULES.json, or what a Terraform configuration, state or plan gives the project. */
export async function desiredRules(
  command: string,
  values: { rules?: string; terraform?: string; 'var-file'?: string[] },
  project: string,
  stderr: NodeJS.WritableStream,
  known: readonly KnownProject[] = [],
): Promise<ImmutableRule[]> {
  if (values.terraform !== undefined) {
    if (values.rules !== undefined) throw badInput(`${command}: give the desired rules with --rules or --terraform, not both`);
    const loaded = await loadTerraformRules(values.terraform, values['var-file'] ?? [], known, stderr);
    if (!loaded.complete) throw badInput(`${command}: the Terraform input could not be converted completely (see above); nothing was planned`);
    return rulesOfProject(command, loaded, project).rules;
  }
  return readRulesFile(requireOption(command, values.rules, '--rules'));
}
