// Runs in Node.
/**
 * `taglock import --terraform PATH`: the rules a Terraform configuration (or state, or plan) gives
 * Harbor, converted as the provider converts them, in Harbor's list format: a JSON array for one
 * project, an object of arrays by project name when there are several.
 */
import type { Writable } from 'node:stream';
import { exportHarborJson } from '../../../shared/export/terraform.js';
import { toWireRules } from '../../../shared/rules/wire.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { parseCommandArgs, requireOption } from '../options.js';
import { TERRAFORM_OPTIONS, loadTerraformRules } from '../terraform-input.js';

export async function importCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('import', args, { ...TERRAFORM_OPTIONS, project: { type: 'string' }, snapshot: { type: 'string' } });
  const path = requireOption('import', values.terraform, '--terraform');
  // A snapshot names the projects that Terraform gives only by number.
  const snapshot = values.snapshot === undefined ? null : readSnapshotIndexFile(values.snapshot);
  const known = snapshot?.projects.map((p) => ({ name: p.name, id: p.id })) ?? [];
  const loaded = await loadTerraformRules(path, values['var-file'] ?? [], known, stderr);
  if (values.project !== undefined) {
    const found = loaded.projects.find((p) => p.project === values.project);
    if (!found) stderr.write(`taglock: no rule of the Terraform input is for project ${values.project} (found: ${loaded.projects.map((p) => p.project).join(', ') || 'none'})\n`);
    stdout.write(exportHarborJson(found?.rules ?? []));
  } else if (loaded.projects.length <= 1) {
    stdout.write(exportHarborJson(loaded.projects[0]?.rules ?? []));
  } else {
    const byProject = Object.fromEntries(loaded.projects.map((p) => [p.project, toWireRules(p.rules)]));
    stdout.write(JSON.stringify(byProject, null, 2) + '\n');
  }
  if (!loaded.complete) stderr.write('taglock: the output is incomplete: some rules could not be converted (see above)\n');
  return loaded.complete ? 0 : 1;
}
