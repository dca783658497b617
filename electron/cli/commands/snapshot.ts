// Runs in Node.
/**
 * `taglock snapshot`: fetch real tag listings into a snapshot file that works offline. Harbor when the
 * URL serves /api/v2.0, otherwise the plain OCI API. The file is written atomically: a failed or
 * interrupted fetch never leaves half a file or replaces a good one. From Harbor, Harbor's own verdict
 * on every tag is compared with Taglock's simulation of the rules in force.
 */
import type { Readable, Writable } from 'node:stream';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { serverDisagreements } from '../../../shared/engine/report.js';
import { TaglockError, badInput } from '../../../shared/errors.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { openOutput } from '../../services/files/output-file.js';
import { httpClientFor } from '../../services/registry/connect.js';
import { fetchSnapshot } from '../../services/snapshots/fetch-snapshot.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { parseChoice, parseCommandArgs, requireOption } from '../options.js';
import { progressPrinter } from '../progress-line.js';
import { shown } from '../terminal.js';

export async function snapshotCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const values = parseCommandArgs('snapshot', args, {
    ...CONNECTION_OPTIONS,
    project: { type: 'string', multiple: true },
    out: { type: 'string' },
    concurrency: { type: 'string' },
    kind: { type: 'string' },
  });
  // Harbor is detected from /api/v2.0/systeminfo; an answer that is neither Harbor's JSON nor a plain
  // "not found" is an error, so the plain-registry path is taken on purpose (--kind oci), never by accident.
  const kind = parseChoice('--kind', values.kind, ['auto', 'harbor', 'oci'] as const, 'auto');
  const out = requireOption('snapshot', values.out, '--out');
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
    throw badInput('--concurrency must be a whole number from 1 to 64');
  }
  const output = await openOutput(out, 'snapshot file'); // before any network work
  const settings = await connectionSettings('snapshot', values, stdin, stderr);
  const http = httpClientFor(settings, {
    onRetry: (r) => stderr.write(`retrying ${r.url} in ${Math.round(r.delayMs)} ms (${r.reason})\n`),
    // As many connections as requests in flight: --concurrency 32 means 32 at once, not a queue at 16.
    ...(concurrency !== undefined && concurrency > 16 ? { connections: concurrency } : {}),
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const onProgress = progressPrinter(stderr);
  const projects = values.project ?? [];
  try {
    const snapshot = await fetchSnapshot(http, {
      projects,
      kind,
      signal: controller.signal,
      onProgress,
      ...(concurrency ? { concurrency } : {}),
    });
    if (controller.signal.aborted) throw new TaglockError('cancelled', 'cancelled: nothing was written');
    onProgress({ phase: 'writing', done: 0, total: null, requests: http.stats.requests, retries: http.stats.retries, bytes: http.stats.bytes, etaSeconds: null });
    await output.write(JSON.stringify(snapshot) + '\n');
    if (controller.signal.aborted) throw new TaglockError('cancelled', `cancelled after ${out} was written`);
    stdout.write(describe(snapshot, out));
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await http.close();
  }
}

function describe(snapshot: Snapshot, out: string): string {
  const index = buildSnapshotIndex(snapshot);
  const lines = [
    `Wrote ${out}: ${index.counts.projects} project(s), ${index.counts.repositories} repositories, ${index.counts.artifacts} artifacts, ${index.counts.tags} tags ` +
      `(${snapshot.registry.kind}${snapshot.registry.harborVersion ? ` ${snapshot.registry.harborVersion}` : ''}, doublestar ${snapshot.registry.dialect}).`,
  ];
  if (snapshot.projects.every((p) => p.rules !== null) && snapshot.registry.kind === 'harbor') {
    const sets = snapshot.projects.map((p) => compileRuleSet(parseWireRules(p.rules), snapshot.registry.dialect));
    const agreement = serverDisagreements(simulate(index, sets));
    if (agreement.compared > 0) {
      lines.push(
        agreement.disagreements.length === 0
          ? `Harbor's own verdict and Taglock's simulation agree on all ${agreement.compared} tags.`
          : `Harbor's own verdict DISAGREES with Taglock's simulation on ${agreement.disagreements.length} of ${agreement.compared} tags:\n` +
              agreement.disagreements.slice(0, 20).map((d) => `  ${shown(`${d.project}/${d.repository}:${d.tag}`)} server ${d.server ? 'immutable' : 'mutable'}, Taglock ${d.simulated ? 'immutable' : 'mutable'}`).join('\n'),
      );
    }
  }
  return lines.join('\n') + '\n';
}
