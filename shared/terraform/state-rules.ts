// Runs anywhere (pure).
/**
 * The rules in Terraform state or a plan, as `terraform show -json` writes them (or a raw `.tfstate`):
 * each `harbor_immutable_tag_rule` instance's attribute values, converted as the provider converts them.
 * A plan's planned values are the rules after apply; values Terraform knows only after apply are
 * reported as unresolved, except a project_id that refers to a `harbor_project` the plan names.
 */
import type { ImportedRule, ProjectOfRule, TerraformImport } from './imported-rule.js';
import { RULE_RESOURCE_TYPE } from './imported-rule.js';
import { parseProjectIdValue, parseRuleResourceId, ruleFromProviderFields } from './provider-rule.js';

interface StateResource {
  address: string;
  mode: string;
  type: string;
  /** The address without the instance key, e.g. `harbor_project.teams`. */
  base: string;
  index: string | number | null;
  values: Readonly<Record<string, unknown>>;
}

type Json = Readonly<Record<string, unknown>>;

/** A string or number as text (ids, modes), anything else as "". */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isJson) : [];
}

/** `values.root_module` of `terraform show -json`, child modules included. */
function moduleResources(module: unknown): StateResource[] {
  if (!isJson(module)) return [];
  const own = listOf(module.resources).flatMap((r): StateResource[] => {
    if (typeof r.address !== 'string' || typeof r.type !== 'string' || !isJson(r.values)) return [];
    const index = typeof r.index === 'string' || typeof r.index === 'number' ? r.index : null;
    const base = index === null ? r.address : r.address.slice(0, r.address.lastIndexOf('['));
    return [{ address: r.address, mode: scalarText(r.mode) || 'managed', type: r.type, base, index, values: r.values }];
  });
  return [...own, ...listOf(module.child_modules).flatMap(moduleResources)];
}

/** A raw state file (format version 4): `resources[].instances[].attributes`. */
function rawStateResources(state: Json): StateResource[] {
  return listOf(state.resources).flatMap((r) => {
    if (typeof r.type !== 'string' || typeof r.name !== 'string') return [];
    const mode = scalarText(r.mode) || 'managed';
    const base = `${typeof r.module === 'string' ? `${r.module}.` : ''}${mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
    return listOf(r.instances).flatMap((instance): StateResource[] => {
      if (!isJson(instance.attributes)) return [];
      const index = typeof instance.index_key === 'string' || typeof instance.index_key === 'number' ? instance.index_key : null;
      const address = index === null ? base : `${base}[${typeof index === 'number' ? index : JSON.stringify(index)}]`;
      return [{ address, mode, type: r.type as string, base, index, values: instance.attributes }];
    });
  });
}

export type TerraformJsonKind = 'state' | 'plan' | 'raw-state';

export function terraformJsonKind(json: unknown): TerraformJsonKind | null {
  if (!isJson(json)) return null;
  if (isJson(json.planned_values)) return 'plan';
  if (isJson(json.values) && typeof json.format_version === 'string') return 'state';
  if (typeof json.version === 'number' && Array.isArray(json.resources)) return 'raw-state';
  if (typeof json.format_version === 'string' && json.values === undefined) return 'state'; // an empty state
  return null;
}

/** Plan only: attributes Terraform knows after apply, per address. */
function unknownAttributes(plan: Json): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const change of listOf(plan.resource_changes)) {
    const unknown = isJson(change.change) && isJson(change.change.after_unknown) ? change.change.after_unknown : {};
    if (typeof change.address === 'string') out.set(change.address, new Set(Object.entries(unknown).filter(([, v]) => v === true).map(([k]) => k)));
  }
  return out;
}

/** Plan only: what each rule's project_id refers to (`harbor_project.main`), from the configuration. */
function projectReferences(plan: Json): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const visit = (module: unknown, prefix: string) => {
    if (!isJson(module)) return;
    for (const resource of listOf(module.resources)) {
      const expressions = isJson(resource.expressions) ? resource.expressions : {};
      const projectId = isJson(expressions.project_id) ? expressions.project_id : {};
      if (typeof resource.address === 'string' && Array.isArray(projectId.references)) {
        out.set(prefix + resource.address, projectId.references.filter((r): r is string => typeof r === 'string'));
      }
    }
    const calls = isJson(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls)) if (isJson(call)) visit(call.module, `${prefix}module.${name}.`);
  };
  visit(isJson(plan.configuration) ? plan.configuration.root_module : null, '');
  return out;
}

function projectName(resources: readonly StateResource[], id: number): string | null {
  for (const r of resources) {
    if (r.type !== 'harbor_project') continue;
    const matches = r.mode === 'data' ? parseProjectIdValue(scalarText(r.values.project_id)) === id : parseProjectIdValue(scalarText(r.values.id)) === id;
    if (matches && typeof r.values.name === 'string') return r.values.name;
  }
  return null;
}

function projectFromReference(resources: readonly StateResource[], references: readonly string[], rule: StateResource): ProjectOfRule | null {
  const target = references.find((r) => /^(data\.)?harbor_project\./.test(r) || /\.(data\.)?harbor_project\./.test(r));
  if (!target) return null;
  const base = target.replace(/\[[^\]]*\]/g, '').replace(/\.(id|project_id)$/, '');
  const candidates = resources.filter((r) => r.base === base);
  const chosen = candidates.length === 1 ? candidates[0] : candidates.find((r) => r.index !== null && r.index === rule.index);
  if (!chosen || typeof chosen.values.name !== 'string') return null;
  const id = parseProjectIdValue(scalarText(chosen.mode === 'data' ? chosen.values.project_id : chosen.values.id));
  return { name: chosen.values.name, id, expression: target };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function convertResource(resource: StateResource, all: readonly StateResource[], file: string, unknown: ReadonlySet<string>, references: readonly string[]): ImportedRule {
  const unresolved: string[] = [];
  for (const field of ['project_id', 'disabled', 'repo_matching', 'repo_excluding', 'tag_matching', 'tag_excluding']) {
    if (unknown.has(field)) unresolved.push(`${field} is known only after apply`);
  }
  const ids = typeof resource.values.id === 'string' ? parseRuleResourceId(resource.values.id) : null;
  let project: ProjectOfRule | null = null;
  const projectIdText = resource.values.project_id;
  const projectId = typeof projectIdText === 'string' || typeof projectIdText === 'number' ? parseProjectIdValue(projectIdText) : (ids?.projectId ?? null);
  if (projectId !== null) project = { name: projectName(all, projectId), id: projectId, expression: String(projectIdText ?? resource.values.id) };
  else project = projectFromReference(all, references, resource);
  const projectUnknown = unresolved.indexOf('project_id is known only after apply');
  if (project !== null && projectUnknown >= 0) unresolved.splice(projectUnknown, 1); // the project it refers to is in the plan
  else if (project === null && projectUnknown >= 0) unresolved[projectUnknown] = 'project_id is known only after apply and refers to no harbor_project in the plan';
  else if (project === null) unresolved.push('project_id is missing');
  if (unresolved.some((u) => !u.startsWith('project_id'))) return { address: resource.address, file, project, rule: null, notes: [], unresolved };
  const converted = ruleFromProviderFields(
    {
      disabled: resource.values.disabled === true,
      repoMatching: text(resource.values.repo_matching),
      repoExcluding: text(resource.values.repo_excluding),
      tagMatching: text(resource.values.tag_matching),
      tagExcluding: text(resource.values.tag_excluding),
    },
    { id: ids?.ruleId ?? null, ...(project?.id != null ? { projectId: project.id } : {}) },
  );
  return { address: resource.address, file, project, rule: converted.rule, notes: converted.notes, unresolved };
}

export function rulesFromTerraformJson(json: unknown, file: string): TerraformImport {
  const kind = terraformJsonKind(json);
  if (kind === null || !isJson(json)) {
    return { rules: [], problems: [`${file} is neither Terraform state nor a plan (expected the output of terraform show -json, or a .tfstate file)`] };
  }
  let resources: StateResource[];
  let context: StateResource[];
  if (kind === 'raw-state') {
    resources = rawStateResources(json);
    context = resources;
  } else if (kind === 'plan') {
    resources = moduleResources(isJson(json.planned_values) ? json.planned_values.root_module : null);
    const prior = isJson(json.prior_state) && isJson(json.prior_state.values) ? moduleResources(json.prior_state.values.root_module) : [];
    context = [...resources, ...prior];
  } else {
    resources = isJson(json.values) ? moduleResources(json.values.root_module) : [];
    context = resources;
  }
  const unknown = kind === 'plan' ? unknownAttributes(json) : new Map<string, Set<string>>();
  const references = kind === 'plan' ? projectReferences(json) : new Map<string, string[]>();
  const rules = resources
    .filter((r) => r.type === RULE_RESOURCE_TYPE && r.mode === 'managed')
    .map((r) => convertResource(r, context, file, unknown.get(r.address) ?? new Set(), references.get(r.base) ?? references.get(r.address) ?? []));
  return { rules, problems: [] };
}
