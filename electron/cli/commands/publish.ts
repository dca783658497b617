// Runs in Node.
/**
 * `taglock plan` and `taglock apply`: the whole RULES.json is the desired state of a Harbor project.
 * Plan shows the calls and their effect on a snapshot, and can be saved (`--out`) to be carried out later
 * exactly as reviewed (`apply --plan`). Apply carries the calls out safely, accounts for every step
 * whatever happens (a failure, an outage, Ctrl-C), and records the publish in the local history.
 */
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import type { Dialect } from '../../../shared/glob/dialect.js';
import { dialectForHarborVersion } from '../../../shared/engine/dialect-for-version.js';
import { TaglockError, badInput } from '../../../shared/errors.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { RulePlan } from '../../../shared/publish/plan.js';
import { planRules } from '../../../shared/publish/plan.js';
import type { PlanEffect } from '../../../shared/publish/plan-effect.js';
import { planEffect } from '../../../shared/publish/plan-effect.js';
import { describeRevert, describeServerChange, overwriteReverts, rebaseDraft, serverChanges } from '../../../shared/publish/drift.js';
import type { LoadedPlan } from '../../../shared/publish/saved-plan.js';
import { loadPlan, savePlan } from '../../../shared/publish/saved-plan.js';
import { requireProjectName } from '../../../shared/registry/project-name.js';
import { defaultDataDir } from '../../services/data-dir.js';
import { parseJsonText, readTextFile } from '../../services/files/json-file.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { openOutput } from '../../services/files/output-file.js';
import { displayUrl } from '../../services/http/http-error.js';
import { openHarbor } from '../../services/registry/connect.js';
import type { HarborClient } from '../../services/registry/harbor/harbor-client.js';
import { acquireApplyLock } from '../../services/publish/apply-lock.js';
import type { ApplyReport } from '../../services/publish/apply-plan.js';
import { DriftError, applyPlan } from '../../services/publish/apply-plan.js';
import { PublishHistory, recordOf } from '../../services/publish/history-store.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, requireOption } from '../options.js';
import { TERRAFORM_OPTIONS, desiredRulesSource } from '../terraform-input.js';
import { offlinePlan } from './plan-offline.js';
import { effectLine, planJson, stepsText } from '../plan-text.js';

const PUBLISH_OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...TERRAFORM_OPTIONS,
  project: { type: 'string' },
  rules: { type: 'string' },
  snapshot: { type: 'string' },
  format: { type: 'string' },
} as const;

export function defaultHistoryFile(): string {
  return join(defaultDataDir(), 'publish-history.jsonl');
}

interface Prepared {
  client: HarborClient;
  project: { name: string; id: number };
  desired: ImmutableRule[];
  remote: ImmutableRule[];
  plan: RulePlan;
  effect: PlanEffect | null;
  dialect: Dialect;
}

const registryOf = (client: HarborClient) => displayUrl(client.http.baseUrl);

/** The project as the server knows it: by name (never read as an id), with its id. */
async function resolveProject(client: HarborClient, name: string): Promise<{ name: string; id: number }> {
  const found = await client.getProject(name);
  if (found.name !== name || !Number.isSafeInteger(found.project_id)) {
    throw new TaglockError('server', `asked for project ${name}, the server answered with project ${JSON.stringify(found.name)} (id ${found.project_id})`);
  }
  return { name, id: found.project_id };
}

async function prepare(command: string, values: Record<string, unknown>, stdin: Readable, stderr: NodeJS.WriteStream, saved: LoadedPlan | null): Promise<Prepared> {
  const name = requireProjectName(saved?.saved.project.name ?? requireOption(command, values.project as string | undefined, '--project'));
  const source = saved === null ? await desiredRulesSource(command, values as Parameters<typeof desiredRulesSource>[1], stderr) : null;
  const snapshot = typeof values.snapshot === 'string' ? readSnapshotIndexFile(values.snapshot) : null;
  const settings = await connectionSettings(command, { ...values, url: (values.url as string | undefined) ?? saved?.saved.registry }, stdin, stderr);
  const client = await openHarbor(settings);
  try {
    const project = await resolveProject(client, name);
    if (saved && project.id !== saved.saved.project.id) {
      throw new TaglockError(
        'drift',
        `project ${name} on ${registryOf(client)} has id ${project.id}, but the plan was made for id ${saved.saved.project.id} (deleted and created again?): nothing was changed; make a new plan`,
      );
    }
    const desired = saved?.desired ?? source!.forProject(project);
    const remote = saved?.remote ?? (await client.listRules(name));
    const plan = saved?.plan ?? planRules(desired, remote);
    const dialect = snapshot?.meta.registry.dialect ?? dialectForHarborVersion((await client.systemInfo()).harbor_version);
    const effect = snapshot ? planEffect(snapshot, name, remote, desired, dialect) : null;
    if (snapshot && !effect) stderr.write(`taglock: the snapshot has no project ${name}: no effect on tags can be shown\n`);
    return { client, project, desired, remote, plan, effect, dialect };
  } catch (error) {
    await client.http.close();
    throw error;
  }
}

function planText(p: Prepared): string {
  const lines = [`Plan for project ${p.project.name} (id ${p.project.id}) on ${registryOf(p.client)}: ${p.remote.length} rule(s) on the server, ${p.desired.length} desired.`, ...stepsText(p.plan)];
  if (p.effect) lines.push(effectLine(p.effect));
  return lines.join('\n') + '\n';
}

export async function planCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const values = parseCommandArgs('plan', args, { ...PUBLISH_OPTIONS, ...HARBOR_OPTIONS, out: { type: 'string' } });
  const format = parseFormat(values.format, ['text', 'json'] as const, 'text');
  // Without a registry, the rules the snapshot recorded stand for the server's.
  if (values.url === undefined && values.snapshot !== undefined) {
    if (values.out !== undefined) throw badInput('plan: --out saves a plan against a registry; give --url as well');
    return offlinePlan(values, format, stdout, stderr);
  }
  if (values.dialect !== undefined || values['harbor-version'] !== undefined) {
    throw badInput('plan: --harbor-version and --dialect go with a plan against a snapshot (no --url); a registry says its own version');
  }
  const output = values.out === undefined ? null : await openOutput(values.out, 'plan file'); // before any network work
  const prepared = await prepare('plan', values, stdin, stderr, null);
  try {
    stdout.write(format === 'json' ? JSON.stringify(planJson(prepared.project.name, prepared.project.id, prepared.plan, prepared.effect)) + '\n' : planText(prepared));
    if (output !== null) {
      const saved = savePlan({ registry: registryOf(prepared.client), project: prepared.project, remote: prepared.remote, desired: prepared.desired, plan: prepared.plan });
      await output.write(JSON.stringify(saved, null, 2) + '\n');
      stderr.write(`taglock: plan saved to ${values.out}; carry it out with: taglock apply --plan ${values.out}\n`);
    }
    return 0;
  } finally {
    await prepared.client.http.close();
  }
}

async function confirm(stdout: Writable, values: { yes?: boolean; 'password-stdin'?: boolean }): Promise<boolean> {
  if (values.yes) return true;
  if (values['password-stdin'] || !process.stdin.isTTY) throw badInput('apply: confirm with --yes (no terminal to ask on)');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question('Apply these changes? [y/N] ');
  prompt.close();
  if (/^y(es)?$/i.test(answer.trim())) return true;
  stdout.write('Nothing applied.\n');
  return false;
}

/** What changed on the server since the plan, one line per rule. */
function changesText(base: readonly ImmutableRule[], live: readonly ImmutableRule[]): string {
  return serverChanges(base, live).map((change) => `  - ${describeServerChange(change)}`).join('\n');
}

/** What overwriting their change with the desired rules undoes, one line per rule. */
function revertsText(base: readonly ImmutableRule[], desired: readonly ImmutableRule[], live: readonly ImmutableRule[]): string {
  const reverts = overwriteReverts(base, desired, live);
  return reverts.length === 0 ? '  (nothing of theirs: the desired rules already hold their changes)' : reverts.map((change) => `  - ${describeRevert(change, desired)}`).join('\n');
}

/** Every step's fate, in words a person (and a log) can act on. */
export function accountText(report: ApplyReport): string {
  const by = (status: string) => report.steps.filter((s) => s.status === status).map((s) => s.description);
  const lines: string[] = [];
  if (report.stopped) lines.push(`Stopped: ${report.stopped.message}`);
  for (const s of report.steps) if (s.error && s.status !== 'done') lines.push(`  ${s.status}: ${s.description}: ${s.error.message}`);
  const done = by('done');
  const unknown = by('unknown');
  const notApplied = [...by('failed'), ...by('not-attempted')];
  lines.push(`Applied: ${done.length ? done.join('; ') : 'nothing'}.`);
  if (notApplied.length) lines.push(`Not applied: ${notApplied.join('; ')}.`);
  if (unknown.length) lines.push(`Unknown (the server could not be read to tell): ${unknown.join('; ')}.`);
  if (report.finalRules === null) lines.push('The server could not be read afterwards: check the rules in Harbor, then run apply again.');
  else if (!report.verified) lines.push(`Still to do: ${report.remaining.join('; ')}. Steps ran creates first and deletes last, so protection only grew; run apply again to finish.`);
  return lines.join('\n') + '\n';
}

export async function applyCommand(args: readonly string[], stdin: Readable, stdout: Writable, stderr: NodeJS.WriteStream): Promise<number> {
  const values = parseCommandArgs('apply', args, {
    ...PUBLISH_OPTIONS,
    plan: { type: 'string' },
    yes: { type: 'boolean' },
    force: { type: 'boolean' },
    rebase: { type: 'boolean' },
    history: { type: 'string' },
  });
  if (values.force && values.rebase) throw badInput('apply: choose --rebase (keep their change) or --force (overwrite it), not both');
  let saved: LoadedPlan | null = null;
  if (values.plan !== undefined) {
    if (values.rules !== undefined) throw badInput('apply: --plan carries out a saved plan; do not give --rules as well');
    if (values.force) throw badInput('apply: a saved plan is carried out exactly as reviewed, so --force does not go with --plan; use --rebase or make a new plan');
    saved = loadPlan(parseJsonText(await readTextFile(values.plan, 'plan'), values.plan, 'plan'), values.plan);
    if (values.project !== undefined && values.project !== saved.saved.project.name) throw badInput(`apply: the plan is for project ${saved.saved.project.name}, not ${values.project}`);
    if (values.url !== undefined && new URL(values.url).href !== new URL(saved.saved.registry).href) throw badInput(`apply: the plan is for ${saved.saved.registry}, not ${values.url}`);
  }
  const prepared = await prepare('apply', values, stdin, stderr, saved);
  const { client, project } = prepared;
  let desired = prepared.desired;
  let plan = prepared.plan;
  const lock = await acquireApplyLock(defaultDataDir(), registryOf(client), project.name).catch(async (error: unknown) => {
    await client.http.close();
    throw error;
  });
  try {
    stdout.write(planText(prepared));
    if (plan.steps.length > 0 && !(await confirm(stdout, values))) return 1;

    // The server may move while the plan is reviewed: apply then refuses before any write.
    const run = (reviewed: RulePlan) =>
      withStopOnSignal(stderr, (stop) =>
        applyPlan(client, project.name, desired, reviewed, {
          stop,
          onStep: (result, i, total) => stdout.write(`[${i + 1}/${total}] ${result.status}: ${result.description}${result.error ? ` (${result.error.message})` : ''}\n`),
        }),
      );
    let report: ApplyReport;
    try {
      report = await run(plan);
    } catch (error) {
      if (!(error instanceof DriftError)) throw error;
      const changes = changesText(prepared.remote, error.live);
      if (values.rebase) {
        // Their change stays; the draft's own changes are re-applied on top of it, then reviewed again.
        desired = rebaseDraft(prepared.remote, desired, error.live);
        plan = planRules(desired, error.live);
        stdout.write(`The rules changed on the server since the plan:\n${changes}\n--rebase: re-planned on top of their change:\n${stepsText(plan).join('\n')}\n`);
        if (plan.steps.length > 0 && !(await confirm(stdout, values))) return 1;
      } else if (values.force) {
        stdout.write(`--force: overwriting these changes made on the server since the plan:\n${changes}\nThe overwrite reverts:\n${revertsText(prepared.remote, desired, error.live)}\n`);
        plan = planRules(desired, error.live);
        stdout.write(`The plan against the current rules:\n${stepsText(plan).join('\n')}\n`);
      } else {
        stdout.write(
          `The rules of project ${project.name} changed on the server since the plan; nothing was changed:\n${changes}\n` +
            'Re-plan on top of their change with --rebase, overwrite it with --force, or review a new plan.\n',
        );
        return 1;
      }
      report = await run(plan);
    }
    const complete = report.stopped === null && report.verified;
    stdout.write(
      complete
        ? report.steps.length === 0
          ? 'Verified: nothing to do.\n'
          : `Applied ${report.steps.length} change(s); verified: the server has exactly the desired rules.\n`
        : accountText(report),
    );
    const identity = await client.identity().catch(() => null);
    const actor = identity === null ? null : identity.kind === 'user' ? identity.username : identity.kind;
    const historyFile = values.history ?? defaultHistoryFile();
    try {
      await new PublishHistory(historyFile).append(recordOf(report, registryOf(client), actor));
    } catch (error) {
      stderr.write(`taglock: warning: the publish was not recorded in ${historyFile}: ${(error as Error).message}\n`);
    }
    return complete ? 0 : 1;
  } finally {
    await lock.release();
    await client.http.close();
  }
}

/**
 * Ctrl-C or SIGTERM during apply: the step in flight finishes, no further step starts, and the account
 * is printed; a second signal abandons the wait at once (the process ends with the account unprinted).
 */
async function withStopOnSignal<T>(stderr: NodeJS.WritableStream, run: (stop: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(130);
    stderr.write(`taglock: ${signal}: stopping after the current step (again to abandon)\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
