// Runs anywhere (pure).
/**
 * The rules a Terraform configuration would create: every `harbor_immutable_tag_rule` instance
 * (`for_each` and `count` expanded where their collections can be worked out), its attributes evaluated
 * with the variable values Terraform would use (tfvars over defaults), its project found through the
 * `harbor_project` resource or data source it refers to, and converted as the provider converts it.
 */
import type { Body, LabelledBlock, TerraformConfig } from './config-model.js';
import type { EvaluationScope, Evaluated, PathStep, TfValue } from './expressions.js';
import { ProjectReference, Unresolved, evaluateTemplate, evaluateValue, isObject, isUnresolved, walk } from './expressions.js';
import type { ImportedRule, ProjectOfRule, TerraformImport } from './imported-rule.js';
import { RULE_RESOURCE_TYPE, instanceAddress, normalizeAddress } from './imported-rule.js';
import { parseProjectIdValue, parseRuleResourceId, ruleFromProviderFields } from './provider-rule.js';

/** Variable values from `.tfvars` files, in Terraform's order of precedence (later wins). */
export interface VariableValues {
  file: string;
  values: Readonly<Record<string, unknown>>;
}

interface Instance {
  key: string | number | null;
  each: { key: string; value: TfValue } | null;
  countIndex: number | null;
}

const PROJECT_TYPE = 'harbor_project';

/** An attribute as written, for messages: a template as its text, anything else as JSON. */
function writtenText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? typeof value;
}

class ConfigEvaluator {
  private readonly localsInProgress = new Set<string>();

  constructor(
    private readonly config: TerraformConfig,
    private readonly tfvars: readonly VariableValues[],
  ) {}

  scope(instance: Instance | null): EvaluationScope {
    return {
      variable: (name) => this.variable(name),
      local: (name) => this.local(name),
      each: instance?.each ?? null,
      countIndex: instance?.countIndex ?? null,
      reference: (root, path, expression) => this.reference(root, path, expression),
    };
  }

  private variable(name: string): Evaluated {
    for (let i = this.tfvars.length - 1; i >= 0; i--) {
      const values = this.tfvars[i]!.values;
      if (Object.hasOwn(values, name)) return evaluateValue(values[name], this.scope(null));
    }
    const block = this.config.variables.find((v) => v.name === name);
    if (!block) return new Unresolved(`var.${name}`, `var.${name} is not declared`);
    if (!Object.hasOwn(block.body, 'default')) {
      return new Unresolved(`var.${name}`, `var.${name} has no default and no value in the .tfvars files read (give one with --var-file)`);
    }
    return evaluateValue(block.body.default, this.scope(null));
  }

  private local(name: string): Evaluated {
    const entry = this.config.locals.get(name);
    if (!entry) return new Unresolved(`local.${name}`, `local.${name} is not defined`);
    if (this.localsInProgress.has(name)) return new Unresolved(`local.${name}`, `local.${name} refers to itself`);
    this.localsInProgress.add(name);
    try {
      return evaluateValue(entry.value, this.scope(null));
    } finally {
      this.localsInProgress.delete(name);
    }
  }

  /** `harbor_project.x[k].id`, `data.harbor_project.x.id`: a project; other resources are unknown before apply. */
  private reference(root: string, path: readonly PathStep[], expression: string): Evaluated {
    const isData = root === 'data';
    const type = isData ? (path[0]?.kind === 'attribute' ? path[0].name : '') : root;
    const rest = isData ? path.slice(1) : path;
    const nameStep = rest[0];
    if (type !== PROJECT_TYPE || nameStep?.kind !== 'attribute') {
      return new Unresolved(expression, `${expression} refers to ${isData ? 'a data source' : 'a resource'} whose value is known only to Terraform`);
    }
    const block = (isData ? this.config.data : this.config.resources).find((b) => b.type === PROJECT_TYPE && b.name === nameStep.name);
    if (!block) return new Unresolved(expression, `${expression} refers to ${isData ? 'data.' : ''}${PROJECT_TYPE}.${nameStep.name}, which is not in the configuration`);
    let steps = rest.slice(1);
    let instance: Instance | null = null;
    const instances = this.instances(block);
    if (isUnresolved(instances)) return instances;
    const many = instances.length !== 1 || instances[0]!.key !== null;
    if (many && steps.length === 0) {
      // `for_each = harbor_project.teams`: every instance by key, with the attributes a rule uses.
      const byKey: Record<string, TfValue> = {};
      for (const each of instances) {
        const attributes = this.projectAttributes(block, each, `${expression}[${JSON.stringify(each.key)}]`);
        if (isUnresolved(attributes)) return attributes;
        byKey[String(each.key)] = attributes;
      }
      return byKey;
    }
    if (many) {
      const index = steps[0];
      if (index?.kind !== 'index') return new Unresolved(expression, `${expression} does not say which instance of ${PROJECT_TYPE}.${nameStep.name} it means`);
      instance = instances.find((i) => i.key === index.key) ?? null;
      if (!instance) return new Unresolved(expression, `${expression}: ${PROJECT_TYPE}.${nameStep.name} has no instance ${JSON.stringify(index.key)}`);
      steps = steps.slice(1);
    }
    const attributes = this.projectAttributes(block, instance, expression);
    if (isUnresolved(attributes)) return attributes;
    if (steps.length === 0) return attributes;
    const value = walk(attributes, steps, expression);
    return isUnresolved(value) ? new Unresolved(expression, `${expression} is an attribute known only to Terraform`) : value;
  }

  /** A project's `name`, and `id`/`project_id` as references to it (their numbers are Terraform's). */
  private projectAttributes(block: LabelledBlock, instance: Instance | null, expression: string): { readonly [key: string]: TfValue } | Unresolved {
    if (block.body.name === undefined) return new Unresolved(expression, `${block.type}.${block.name} has no name`);
    const name = evaluateValue(block.body.name, this.scope(instance));
    if (isUnresolved(name)) return name;
    if (typeof name !== 'string') return new Unresolved(expression, `${block.type}.${block.name} has a name that is not a string`);
    const reference = new ProjectReference(name, null, expression);
    return { name, id: reference, project_id: reference };
  }

  /** The instances of a block: one, or one per `for_each` element or `count` index. */
  instances(block: LabelledBlock): Instance[] | Unresolved {
    if (block.body.for_each !== undefined) {
      const collection = evaluateValue(block.body.for_each, this.scope(null));
      if (isUnresolved(collection)) return collection;
      if (Array.isArray(collection)) {
        const keys: string[] = [];
        for (const item of collection) {
          if (typeof item !== 'string') return new Unresolved(writtenText(block.body.for_each), 'for_each over a list needs a set of strings');
          keys.push(item);
        }
        return [...new Set(keys)].sort().map((key) => ({ key, each: { key, value: key }, countIndex: null }));
      }
      if (isObject(collection)) {
        return Object.keys(collection)
          .sort()
          .map((key) => ({ key, each: { key, value: collection[key]! }, countIndex: null }));
      }
      return new Unresolved(writtenText(block.body.for_each), 'for_each is neither a map nor a set of strings');
    }
    if (block.body.count !== undefined) {
      const count = evaluateValue(block.body.count, this.scope(null));
      if (isUnresolved(count)) return count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return new Unresolved(writtenText(block.body.count), 'count is not a whole number');
      return Array.from({ length: count }, (_, index) => ({ key: index, each: null, countIndex: index }));
    }
    return [{ key: null, each: null, countIndex: null }];
  }

  /** A string attribute of the rule: "" when absent (the provider's "not set"). */
  stringAttribute(body: Body, name: string, instance: Instance): string | Unresolved {
    if (body[name] === undefined || body[name] === null) return '';
    const value = evaluateValue(body[name], this.scope(instance));
    if (isUnresolved(value)) return value;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return new Unresolved(writtenText(body[name]), `${name} is not a string`);
  }

  booleanAttribute(body: Body, name: string, instance: Instance): boolean | Unresolved {
    if (body[name] === undefined || body[name] === null) return false;
    const value = evaluateValue(body[name], this.scope(instance));
    if (isUnresolved(value)) return value;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return new Unresolved(writtenText(body[name]), `${name} is not true or false`);
  }

  project(body: Body, instance: Instance): ProjectOfRule | Unresolved {
    const written = writtenText(body.project_id);
    if (body.project_id === undefined) return new Unresolved('project_id', 'project_id is missing (the provider requires it)');
    const value = evaluateValue(body.project_id, this.scope(instance));
    if (isUnresolved(value)) return value;
    if (value instanceof ProjectReference) return { name: value.name, id: value.id, expression: value.expression };
    if (typeof value === 'string' || typeof value === 'number') {
      const id = parseProjectIdValue(value);
      if (id !== null) return { name: null, id, expression: written };
    }
    return new Unresolved(written, `project_id ${written} is not a project id`);
  }
}

/** `import` blocks: Terraform address → Harbor project and rule id. */
function importedIds(config: TerraformConfig, evaluator: ConfigEvaluator, problems: string[]): Map<string, { projectId: number; ruleId: number }> {
  const ids = new Map<string, { projectId: number; ruleId: number }>();
  for (const block of config.imports) {
    if (typeof block.to !== 'string' || typeof block.id !== 'string') continue;
    const to = normalizeAddress(block.to.replace(/^\$\{([\s\S]*)\}$/, '$1'));
    if (!to.startsWith(`${RULE_RESOURCE_TYPE}.`)) continue;
    const id = evaluateTemplate(block.id, evaluator.scope(null));
    const parsed = typeof id === 'string' ? parseRuleResourceId(id) : null;
    if (parsed === null) problems.push(`${block.file}: import block for ${to}: id ${JSON.stringify(block.id)} is not /projects/<id>/immutabletagrules/<id>`);
    else ids.set(to, parsed);
  }
  return ids;
}

function convertInstance(evaluator: ConfigEvaluator, block: LabelledBlock, instance: Instance, ids: ReturnType<typeof importedIds>): ImportedRule {
  const address = instanceAddress(block.type, block.name, instance.key);
  const unresolved: string[] = [];
  const take = <T>(value: T | Unresolved): T | null => {
    if (value instanceof Unresolved) {
      unresolved.push(value.reason);
      return null;
    }
    return value;
  };
  const body = block.body;
  const imported = ids.get(normalizeAddress(address)) ?? null;
  // An import block's id names the project by number: it completes what project_id says.
  const projectValue = evaluator.project(body, instance);
  let project: ProjectOfRule | null = null;
  if (!isUnresolved(projectValue)) project = { ...projectValue, id: projectValue.id ?? imported?.projectId ?? null };
  else if (imported !== null) project = { name: null, id: imported.projectId, expression: 'the import block' };
  else unresolved.push(projectValue.reason);
  const disabled = take(evaluator.booleanAttribute(body, 'disabled', instance));
  const fields = {
    repoMatching: take(evaluator.stringAttribute(body, 'repo_matching', instance)),
    repoExcluding: take(evaluator.stringAttribute(body, 'repo_excluding', instance)),
    tagMatching: take(evaluator.stringAttribute(body, 'tag_matching', instance)),
    tagExcluding: take(evaluator.stringAttribute(body, 'tag_excluding', instance)),
  };
  const complete = disabled !== null && Object.values(fields).every((v) => v !== null);
  if (!complete) return { address, file: block.file, project, rule: null, notes: [], unresolved };
  const converted = ruleFromProviderFields(
    { disabled, repoMatching: fields.repoMatching!, repoExcluding: fields.repoExcluding!, tagMatching: fields.tagMatching!, tagExcluding: fields.tagExcluding! },
    { id: imported?.ruleId ?? null, ...(project?.id != null ? { projectId: project.id } : {}) },
  );
  return { address, file: block.file, project, rule: converted.rule, notes: converted.notes, unresolved };
}

export function rulesFromConfig(config: TerraformConfig, tfvars: readonly VariableValues[] = []): TerraformImport {
  const evaluator = new ConfigEvaluator(config, tfvars);
  const problems: string[] = [];
  for (const module of config.modules) {
    problems.push(`${module.file}: module "${module.name}" is not followed: rules inside modules are not read (import its folder, or the state or plan JSON)`);
  }
  const ids = importedIds(config, evaluator, problems);
  const rules: ImportedRule[] = [];
  const blocks = config.resources.filter((b) => b.type === RULE_RESOURCE_TYPE).sort((a, b) => a.name.localeCompare(b.name));
  for (const block of blocks) {
    const instances = evaluator.instances(block);
    if (isUnresolved(instances)) {
      rules.push({
        address: instanceAddress(block.type, block.name, null),
        file: block.file,
        project: null,
        rule: null,
        notes: [],
        unresolved: [`its instances cannot be listed: ${instances.reason}`],
      });
      continue;
    }
    for (const instance of instances) rules.push(convertInstance(evaluator, block, instance, ids));
  }
  return { rules, problems };
}

