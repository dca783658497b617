// Runs in Node.
/**
 * `taglock export`: a rule list as Terraform resources (with import blocks for the rules that exist in
 * Harbor) or plain Harbor JSON. Harbor's rule list does not say which project its rules belong to, so
 * the project's number comes from --harbor-project-id or from a snapshot (--snapshot with --project),
 * which can also supply the rules it recorded.
 */
import type { Writable } from 'node:stream';
import { badInput } from '../../../shared/errors.js';
import { exportHarborJson, exportTerraform } from '../../../shared/export/terraform.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { readRulesFile } from '../../services/files/json-file.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { parseCommandArgs, parseFormat } from '../options.js';

interface ExportSource {
  rules: ImmutableRule[];
  harborProjectId: number | undefined;
}

async function exportSource(values: { rules?: string; snapshot?: string; project?: string; 'harbor-project-id'?: string }): Promise<ExportSource> {
  const given = values['harbor-project-id'];
  if (given !== undefined && !/^[1-9]\d*$/.test(given)) throw badInput(`--harbor-project-id must be a project's number, not ${JSON.stringify(given)}`);
  let harborProjectId = given === undefined ? undefined : Number(given);
  let recorded: ImmutableRule[] | null = null;
  if (values.snapshot !== undefined) {
    if (values.project === undefined) throw badInput('export: --snapshot goes with --project (the project whose number and rules to take)');
    const snapshot = readSnapshotIndexFile(values.snapshot);
    const project = snapshot.projects.find((p) => p.name === values.project);
    if (!project) throw badInput(`export: the snapshot has no project ${JSON.stringify(values.project)}`);
    harborProjectId ??= project.id ?? undefined;
    recorded = project.rules === null ? null : parseWireRules(project.rules, `snapshot project ${project.name} rules`);
  }
  if (values.rules !== undefined) return { rules: await readRulesFile(values.rules), harborProjectId };
  if (recorded === null) throw badInput(values.snapshot === undefined ? "export: --rules is required (see 'taglock help')" : `export: the snapshot recorded no rules for project ${values.project}: give them with --rules`);
  return { rules: recorded, harborProjectId };
}

export async function exportCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('export', args, {
    rules: { type: 'string' },
    snapshot: { type: 'string' },
    project: { type: 'string' },
    format: { type: 'string' },
    'project-id': { type: 'string' },
    'harbor-project-id': { type: 'string' },
  });
  const format = parseFormat(values.format, ['terraform', 'json'] as const, 'terraform');
  const { rules, harborProjectId } = await exportSource(values);
  if (format === 'json') {
    stdout.write(exportHarborJson(rules));
    return 0;
  }
  const result = exportTerraform(rules, {
    ...(values['project-id'] ? { projectIdExpression: values['project-id'] } : {}),
    ...(harborProjectId !== undefined ? { harborProjectId } : {}),
  });
  stdout.write(result.text);
  for (const warning of result.warnings) stderr.write(`taglock: warning: ${warning}\n`);
  return 0;
}
