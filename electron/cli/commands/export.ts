// Runs in Node.
/**
 * `taglock export`: a rule list as Terraform resources (with import blocks for the rules that exist in
 * Harbor) or plain Harbor JSON.
 */
import type { Writable } from 'node:stream';
import { badInput } from '../../../shared/errors.js';
import { exportHarborJson, exportTerraform } from '../../../shared/export/terraform.js';
import { readRulesFile } from '../../services/files/json-file.js';
import { parseCommandArgs, parseFormat, requireOption } from '../options.js';

export async function exportCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('export', args, {
    rules: { type: 'string' },
    format: { type: 'string' },
    'project-id': { type: 'string' },
    'harbor-project-id': { type: 'string' },
  });
  const format = parseFormat(values.format, ['terraform', 'json'] as const, 'terraform');
  const rules = await readRulesFile(requireOption('export', values.rules, '--rules'));
  if (format === 'json') {
    stdout.write(exportHarborJson(rules));
    return 0;
  }
  const harborProjectId = values['harbor-project-id'];
  if (harborProjectId !== undefined && !/^[1-9]\d*$/.test(harborProjectId)) throw badInput(`--harbor-project-id must be a project's number, not ${JSON.stringify(harborProjectId)}`);
  const result = exportTerraform(rules, {
    ...(values['project-id'] ? { projectIdExpression: values['project-id'] } : {}),
    ...(harborProjectId !== undefined ? { harborProjectId: Number(harborProjectId) } : {}),
  });
  stdout.write(result.text);
  for (const warning of result.warnings) stderr.write(`taglock: warning: ${warning}\n`);
  return 0;
}
