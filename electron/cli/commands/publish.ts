// Runs in Node.
/**
 * `taglock plan` and `taglock apply`: the whole RULES.json is the desired state of a Harbor project.
 * Plan shows the calls and their effect on a snapshot; apply carries them out safely, verifies, and
 * records the publish in the local history.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { dialectForHarborVersion } from '../../../shared/engine/dialect-for-version.js';
import { badInput } from '../../../shared/errors.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { RulePlan } from '../../../shared/publish/plan.js';
import { describeStep, planRules } from '../../../shared/publish/plan.js';
import type { PlanEffect } from '../../../shared/publish/plan-effect.js';
import { planEffect } from '../../../shared/publish/plan-effect.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { readRulesFile, readSnapshotFile } from '../../services/files/json-file.js';
import { displayUrl } from '../../services/http/http-error.js';
import { openHarbor } from '../../services/registry/connect.js';
import type { HarborClient } from '../../services/registry/harbor/harbor-client.js';
import { applyPlan } from '../../services/publish/apply-plan.js';
import { PublishHistory, recordOf } from '../../services/publish/history-store.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { parseCommandArgs, parseFormat, requireOption } from '../options.js';

const PUBLISH_OPTIONS = {
  ...CONNECTION_OPTIONS,
  project: { type: 'string' },
  rules: { type: 'string' },
  snapshot: { type: 'string' },
  format: { type: 'string' },
} as const;

export function defaultHistoryFile(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'taglock', 'publish-history.jsonl');
}

interface Prepared {
  client: HarborClient;
  project: string;
  desired: ImmutableRule[];
  remote: ImmutableRule[];
  plan: RulePlan;
  effect: PlanEffect | null;
  dialect: Dialect;
}

async function prepare(command: string, values: Record<string, unknown>, stdin: Readable, stderr: NodeJS.WriteStream): Promise<Prepared> {
  const project = requireOption(command, values.project as string | undefined, '--project');
  const desired = await readRulesFile(requireOption(command, values.rules as string | undefined, '--rules'));
  const snapshot = typeof values.snapshot === 'string' ? await readSnapshotFile(values.snapshot) : null;
  const client = await openHarbor(await connectionSettings(command, values, stdin, stderr));
  const remote = await client.listRules(project);
  const plan = planRules(desired, remote);
  const dialect = snapshot?.registry.dialect ?? dialectForHarborVersion((await client.systemInfo()).harbor_version);
  const effect = snapshot ? planEffect(buildSnapshotIndex(snapshot), project, remote, desired, dialect) : null;
  if (snapshot && !effect) stderr.write(`taglock: the snapshot has no project ${project}: no effect on tags can be shown\n`);
  return { client, project, desired, remote, plan, effect, dialect };
}

function planText(p: Prepared): string {
  const lines = [`Plan for project ${p.project} on ${displayUrl(p.client.http.baseUrl)}: ${p.remote.length} rule(s) on the server, ${p.desired.length} desired.`];
  for (const note of p.plan.notes) lines.push(`note: ${note}`);
  if (p.plan.steps.length === 0) lines.push('Nothing to do: the server already has exactly these rules.');
  else p.plan.steps.forEach((step, i) => lines.push(`${i + 1}. ${describeStep(step)}`));
  if (p.effect) {
    const { diff, before, after } = p.effect;
    lines.push(
      `Effect on the snapshot: immutable tags ${before.immutableTags} -> ${after.immutableTags} (+${diff.newlyImmutableTags.length} / -${diff.freedTags.length}), ` +
        `locked digests ${before.lockedDigests} -> ${after.lockedDigests} (+${diff.newlyLockedDigests.length} / -${diff.freedDigests.length}).`,
    );
  }
  return lines.join('\n') + '\n';
}

function planJson(p: Prepared): unknown {
  return {
    project: p.project,
    steps: p.plan.steps.map((step) => ({ kind: step.kind, id: 'id' in step ? step.id : null, description: describeStep(step) })),
    notes: p.plan.notes,
    effect: p.effect && {
      before: p.effect.before,
      after: p.effect.after,
      newlyImmutableTags: p.effect.diff.newlyImmutableTags.length,
      freedTags: p.effect.diff.freedTags.length,
      newlyLockedDigests: p.effect.diff.newlyLockedDigests.length,
      freedDigests: p.effect.diff.freedDigests.length,
    },
  };
}

export async function planCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const values = parseCommandArgs('plan', args, PUBLISH_OPTIONS);
  const format = parseFormat(values.format, ['text', 'json'] as const, 'text');
  const prepared = await prepare('plan', values, stdin, stderr);
  try {
    stdout.write(format === 'json' ? JSON.stringify(planJson(prepared)) + '\n' : planText(prepared));
    return 0;
  } finally {
    await prepared.client.http.close();
  }
}

export async function applyCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const values = parseCommandArgs('apply', args, { ...PUBLISH_OPTIONS, yes: { type: 'boolean' }, force: { type: 'boolean' }, history: { type: 'string' } });
  const prepared = await prepare('apply', values, stdin, stderr);
  const { client, project, plan } = prepared;
  try {
    stdout.write(planText(prepared));
    if (plan.steps.length > 0 && !values.yes) {
      if (values['password-stdin'] || !process.stdin.isTTY) throw badInput('apply: confirm with --yes (no terminal to ask on)');
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await prompt.question('Apply these changes? [y/N] ');
      prompt.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        stdout.write('Nothing applied.\n');
        return 1;
      }
    }
    const report = await applyPlan(client, project, prepared.desired, plan, {
      force: values.force === true,
      onStep: (result, i, total) => stdout.write(`[${i + 1}/${total}] ${result.status}: ${result.description}${result.error ? ` (${result.error.message})` : ''}\n`),
    });
    const identity = await client.identity().catch(() => null);
    const actor = identity === null ? null : identity.kind === 'user' ? identity.username : identity.kind;
    await new PublishHistory(values.history ?? defaultHistoryFile()).append(recordOf(report, displayUrl(client.http.baseUrl), actor));
    if (report.replanned) stdout.write('The server had changed since the plan; applied against its current rules (--force).\n');
    const failed = report.steps.find((s) => s.status === 'failed');
    if (failed) {
      const done = report.steps.filter((s) => s.status === 'done');
      const notAttempted = report.steps.filter((s) => s.status === 'not-attempted');
      stdout.write(
        `Stopped at step ${report.steps.indexOf(failed) + 1}: ${failed.error?.message}\n` +
          `Applied: ${done.length ? done.map((s) => s.description).join('; ') : 'nothing'}.\n` +
          `Not applied: ${[failed, ...notAttempted].map((s) => s.description).join('; ')}.\n` +
          'No rule was lost: steps run creates first and deletes last. Run apply again to finish.\n',
      );
      return 1;
    }
    if (!report.verified) {
      stdout.write(`Applied, but the server's rules do not match yet: ${report.remaining.join('; ')}\n`);
      return 1;
    }
    stdout.write(report.steps.length === 0 ? 'Verified: nothing to do.\n' : `Applied ${report.steps.length} change(s); verified: the server has exactly the desired rules.\n`);
    return 0;
  } finally {
    await client.http.close();
  }
}
