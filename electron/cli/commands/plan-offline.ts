// Runs in Node.
/**
 * `taglock plan --snapshot S (--rules R | --terraform DIR)` without `--url`: the rules the snapshot
 * recorded for the project stand for the server's, so a Terraform change can be reviewed (steps and
 * effect on tags and digests) with no registry at hand, e.g. in CI.
 */
import type { Writable } from 'node:stream';
import { badInput } from '../../../shared/errors.js';
import { planEffect } from '../../../shared/publish/plan-effect.js';
import { planRules } from '../../../shared/publish/plan.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { readSnapshotIndexFile, snapshotHead } from '../../services/snapshots/snapshot-file.js';
import { resolveHarbor } from '../options.js';
import { effectLine, planJson, stepsText } from '../plan-text.js';
import { shown } from '../terminal.js';
import { SCOPE_NOTE, desiredRulesSource, loadTerraformRules, rulesOfProject } from '../terraform-input.js';

export interface OfflinePlanValues {
  snapshot?: string;
  project?: string;
  rules?: string;
  terraform?: string;
  'var-file'?: string[];
  dialect?: string;
  'harbor-version'?: string;
}

export async function offlinePlan(values: OfflinePlanValues, format: 'text' | 'json', stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const index = readSnapshotIndexFile(values.snapshot!);
  const snapshot = snapshotHead(index);
  const known = snapshot.projects.map((p) => ({ name: p.name, id: p.id }));
  let project = values.project;
  let desired: ImmutableRule[];
  if (values.terraform !== undefined && project === undefined) {
    // The project is the one the Terraform input names, when it names one.
    const loaded = await loadTerraformRules(values.terraform, values['var-file'] ?? [], known, stderr);
    if (!loaded.complete) throw badInput('plan: the Terraform input could not be converted completely (see above); nothing was planned');
    const only = rulesOfProject('plan', loaded, undefined);
    stderr.write(SCOPE_NOTE);
    project = only.project;
    desired = only.rules;
  } else {
    if (project === undefined) throw badInput("plan: --project is required (see 'taglock help')");
    const named = project;
    desired = (await desiredRulesSource('plan', values, stderr, known)).forProject({ name: named, id: known.find((k) => k.name === named)?.id ?? null });
  }
  const recorded = snapshot.projects.find((p) => p.name === project);
  if (!recorded) throw badInput(`plan: the snapshot has no project ${JSON.stringify(project)}`);
  if (recorded.rules === null) throw badInput(`plan: the snapshot recorded no rules for project ${JSON.stringify(project)} (a plain registry)`);
  const remote = parseWireRules(recorded.rules, `snapshot project ${project} rules`);
  const { profile, dialect } = resolveHarbor(values, snapshot.registry);
  const plan = planRules(desired, remote);
  const effect = planEffect(index, project, remote, desired, dialect, profile);
  if (format === 'json') {
    stdout.write(JSON.stringify({ ...(planJson(project, recorded.id, plan, effect) as object), against: { snapshot: values.snapshot, fetchedAt: snapshot.fetchedAt } }) + '\n');
    return 0;
  }
  const lines = [
    `Plan for project ${shown(project)} against the rules recorded in ${shown(values.snapshot!)} (fetched ${snapshot.fetchedAt}): ${remote.length} rule(s) recorded, ${desired.length} desired.`,
    ...stepsText(plan),
  ];
  if (effect) lines.push(effectLine(effect));
  stdout.write(lines.join('\n') + '\n');
  return 0;
}
