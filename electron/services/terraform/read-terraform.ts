// Runs in Node.
/**
 * Reading Terraform from disk: a folder is a root module (its `.tf` and `.tf.json` files, with the
 * `.tfvars` files Terraform loads by itself and those given explicitly), a file is the JSON of
 * `terraform show -json` (state or plan) or a `.tfstate` file.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
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

interface ReadFile {
  /** Shown in messages. */
  name: string;
  path: string;
  what: string;
}

/** JSON files are read as JSON; HCL files all go to the parser at once (it starts once per call). */
async function readHclOrJson(files: readonly ReadFile[]): Promise<Record<string, unknown>[]> {
  const texts = await Promise.all(files.map((f) => readTextFile(f.path, f.what)));
  const hcl = files.flatMap((f, i) => (f.name.endsWith('.json') ? [] : [{ name: f.name, contents: texts[i]! }]));
  const parsed = await parseHclFiles(hcl);
  return files.map((f, i) => {
    if (!f.name.endsWith('.json')) return parsed.shift()!;
    const value = parseJsonText(texts[i]!, f.path, f.what);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(`${f.what} ${f.path} is not a JSON object`);
    return value as Record<string, unknown>;
  });
}

/** The variable files Terraform loads without being asked, in its order: later ones win. */
export function automaticVariableFiles(names: readonly string[]): string[] {
  const fixed = ['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n));
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort();
  return [...fixed, ...auto];
}

async function readConfiguration(folder: string, varFiles: readonly string[]): Promise<TerraformImport> {
  const names = (await readdir(folder)).sort();
  const configNames = names.filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'));
  const varNames = [...automaticVariableFiles(names).map((name) => ({ name, path: join(folder, name) })), ...varFiles.map((path) => ({ name: basename(path), path }))];
  const bodies = await readHclOrJson([
    ...configNames.map((name) => ({ name, path: join(folder, name), what: 'Terraform file' })),
    ...varNames.map((v) => ({ ...v, what: 'variables file' })),
  ]);
  const files: ConfigFile[] = configNames.map((name, i) => ({ path: name, body: bodies[i]! }));
  const tfvars: VariableValues[] = varNames.map((v, i) => ({ file: v.name, values: bodies[configNames.length + i]! }));
  const result = rulesFromConfig(readConfig(files), tfvars);
  if (configNames.length === 0) result.problems.unshift(`${folder} has no .tf or .tf.json files`);
  const overrides = configNames.filter((n) => /(^|_)override\.tf(\.json)?$/.test(n));
  if (overrides.length > 0) result.problems.push(`override files are read as ordinary files, not merged: ${overrides.join(', ')}`);
  return result;
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
