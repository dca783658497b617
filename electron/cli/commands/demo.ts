// Runs in Node.
/** `taglock demo-snapshot --out FILE`: write the embedded demo snapshot, e.g. to try the other commands. */
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import { openOutput } from '../../services/files/output-file.js';
import { parseCommandArgs, requireOption } from '../options.js';

export async function demoSnapshotCommand(args: readonly string[]): Promise<number> {
  const values = parseCommandArgs('demo-snapshot', args, { out: { type: 'string' } });
  const out = requireOption('demo-snapshot', values.out, '--out');
  await (await openOutput(out, 'snapshot file')).write(JSON.stringify(demoSnapshot(), null, 1) + '\n');
  return 0;
}
