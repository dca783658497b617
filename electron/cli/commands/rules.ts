// Runs in Node.
/** `taglock rules pull`: the rules of a Harbor project, written as RULES.json (the list endpoint's format). */
import type { Readable, Writable } from 'node:stream';
import { badInput } from '../../../shared/errors.js';
import { exportHarborJson } from '../../../shared/export/terraform.js';
import { openOutput } from '../../services/files/output-file.js';
import { openHarbor } from '../../services/registry/connect.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { parseCommandArgs, requireOption } from '../options.js';

export async function rulesCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'pull') throw badInput(`rules: unknown subcommand ${JSON.stringify(sub ?? '')} (try 'taglock rules pull')`);
  const values = parseCommandArgs('rules pull', rest, { ...CONNECTION_OPTIONS, project: { type: 'string' }, out: { type: 'string' } });
  const project = requireOption('rules pull', values.project, '--project');
  const out = requireOption('rules pull', values.out, '--out');
  const output = await openOutput(out, 'rules file'); // before any network work
  const client = await openHarbor(await connectionSettings('rules pull', values, stdin, stderr));
  try {
    const rules = await client.listRules(project);
    await output.write(exportHarborJson(rules));
    stdout.write(`Wrote ${rules.length} rule(s) of project ${project} to ${out}.\n`);
    return 0;
  } finally {
    await client.http.close();
  }
}
