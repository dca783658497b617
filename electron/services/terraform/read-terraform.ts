// Runs in Node.
/**
 * Reading Terraform from disk: a folder is a root module (its `.tf` and `.tf.json` files, with the
 * `.tfvars` files Terraform loads by itself and those given explicitly), a file is the JSON of
 * `terraform show -json` (state or plan) or a `.tfstate` file.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isAutomaticVariableFile, terraformFileRole } from '../../../shared/contract/terraform-input.js';
import { badInput } from '../../../shared/errors.js';
import type { ConfigFile } from '../../../shared/terraform/config-model.js';
import { readConfig } from '../../../shared/terraform/config-model.js';
import type { VariableValues } from '../../../shared/terraform/config-rules.js';
import { rulesFromConfig } from '../../../shared/terraform/config-rules.js';
import type { TerraformImport } from '../../../shared/terraform/imported-rule.js';
import { rulesFromTerraformJson } from '../../../shared/terraform/state-rules.js';
import { parseJsonText, readTextFile } from '../files/json-file.js';
import { parseHclFiles } from './hcl-parser.js';

export interface TerraformSource {
  /** What was read: a configuration folder, or state or plan JSON. */
  kind: 'configuration' | 'json';
  result: TerraformImport;
}

/** A file's text, with how messages name it. */
export interface TerraformText {
  /** The file name (no folder): what Terraform goes by (`.json` or not, automatic variable files). */
  name: string;
  /** Shown in messages: the path on disk, or the name when the file came from the page. */
  shownAs: string;
  what: string;
  text: string;
}

/** JSON files are read as JSON; HCL files all go to the parser at once (it starts once per call). */
async function parseBodies(files: readonly TerraformText[]): Promise<Record<string, unknown>[]> {
  const hcl = files.flatMap((f) => (f.name.endsWith('.json') ? [] : [{ name: f.name, contents: f.text }]));
  const parsed = await parseHclFiles(hcl);
  return files.map((f) => {
    if (!f.name.endsWith('.json')) return parsed.shift()!;
    const value = parseJsonText(f.text, f.shownAs, f.what);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(`${f.what} ${f.shownAs} is not a JSON object`);
    return value as Record<string, unknown>;
  });
}

/** The variable files Terraform loads without being asked, in its order: later ones win. */
export function automaticVariableFiles(names: readonly string[]): string[] {
  const fixed = ['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n));
  const auto = names.filter((n) => isAutomaticVariableFile(n) && !fixed.includes(n)).sort();
  return [...fixed, ...auto];
}

/**
 * The rules of a root module: its configuration files (sorted by name, as Terraform reads them) and
 * the variable files to apply, in order (later ones win).
 */
export async function rulesFromConfigurationTexts(where: string, config: readonly TerraformText[], variables: readonly TerraformText[]): Promise<TerraformImport> {
  const bodies = await parseBodies([...config, ...variables]);
  const files: ConfigFile[] = config.map((f, i) => ({ path: f.name, body: bodies[i]! }));
  const tfvars: VariableValues[] = variables.map((v, i) => ({ file: v.name, values: bodies[config.length + i]! }));
  const result = rulesFromConfig(readConfig(files), tfvars);
  if (config.length === 0) result.problems.unshift(`${where} has no .tf or .tf.json files`);
  const overrides = config.map((f) => f.name).filter((n) => /(^|_)override\.tf(\.json)?$/.test(n));
  if (overrides.length > 0) result.problems.push(`override files are read as ordinary files, not merged: ${overrides.join(', ')}`);
  return result;
}

async function readTexts(files: readonly { name: string; path: string; what: string }[]): Promise<TerraformText[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, shownAs: f.path, what: f.what, text: await readTextFile(f.path, f.what) })));
}

async function readConfiguration(folder: string, varFiles: readonly string[]): Promise<TerraformImport> {
  const names = (await readdir(folder)).sort();
  const configNames = names.filter((n) => terraformFileRole(n) === 'configuration');
  const varNames = [...automaticVariableFiles(names).map((name) => ({ name, path: join(folder, name) })), ...varFiles.map((path) => ({ name: basename(path), path }))];
  const config = await readTexts(configNames.map((name) => ({ name, path: join(folder, name), what: 'Terraform file' })));
  const variables = await readTexts(varNames.map((v) => ({ ...v, what: 'variables file' })));
  return rulesFromConfigurationTexts(folder, config, variables);
}

export async function readTerraform(path: string, varFiles: readonly string[] = []): Promise<TerraformSource> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch {
    throw badInput(`cannot read Terraform at ${path}: no such file or folder`);
  }
  if (isFolder) return { kind: 'configuration', result: await readConfiguration(path, varFiles) };
  if (varFiles.length > 0) throw badInput('--var-file goes with a configuration folder, not with state or plan JSON (their values are already resolved)');
  const json = parseJsonText(await readTextFile(path, 'Terraform state or plan'), path, 'Terraform state or plan');
  return { kind: 'json', result: rulesFromTerraformJson(json, basename(path)) };
}
