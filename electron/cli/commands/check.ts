// Runs in Node.
/**
 * `taglock check`: a rule change judged for CI. The proposed rules (RULES.json, or what a Terraform
 * configuration, state or plan gives each project) against the base rules (--base, else the rules the
 * snapshot recorded), on the snapshot's tags. Exit status 1 when a check fails, so a pipeline stops.
 */
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import type { CheckReport } from '../../../shared/check/check.js';
import { checkRuleChange } from '../../../shared/check/check.js';
import { checkMarkdown } from '../../../shared/check/markdown.js';
import { badInput } from '../../../shared/errors.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { selectorsText } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { readRulesFile } from '../../services/files/json-file.js';
import type { SnapshotHead } from '../../services/snapshots/snapshot-file.js';
import { readSnapshotIndexFile, snapshotHead } from '../../services/snapshots/snapshot-file.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, profileNotes, requireOption, resolveHarbor } from '../options.js';
import { shown } from '../terminal.js';
import { SCOPE_NOTE, TERRAFORM_OPTIONS, loadTerraformRules } from '../terraform-input.js';

interface ProposedProject {
  project: string;
  rules: ImmutableRule[];
  /** Terraform addresses, when the rules come from Terraform. */
  labels?: string[];
  /** The provider's changes of meaning, per rule. */
  notes?: string[];
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw badInput(`--max-freed-digests must be a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** The projects to check and their proposed rules. */
async function proposedProjects(values: { rules?: string; terraform?: string; 'var-file'?: string[]; project?: string }, snapshot: SnapshotHead, stderr: NodeJS.WritableStream): Promise<ProposedProject[]> {
  if ((values.rules === undefined) === (values.terraform === undefined)) throw badInput("check: give the proposed rules with --rules or --terraform (see 'taglock help')");
  if (values.rules !== undefined) {
    const project = values.project ?? (snapshot.projects.length === 1 ? snapshot.projects[0]!.name : undefined);
    if (project === undefined) throw badInput('check: the snapshot has several projects: choose one with --project');
    return [{ project, rules: await readRulesFile(values.rules) }];
  }
  const known = snapshot.projects.map((p) => ({ name: p.name, id: p.id }));
  const loaded = await loadTerraformRules(values.terraform!, values['var-file'] ?? [], known, stderr);
  if (!loaded.complete) throw badInput('check: the Terraform input could not be converted completely (see above); nothing was checked');
  stderr.write(SCOPE_NOTE);
  const chosen = values.project === undefined ? loaded.projects : loaded.projects.filter((p) => p.project === values.project);
  if (values.project !== undefined && chosen.length === 0) return [{ project: values.project, rules: [] }];
  if (chosen.length === 0) throw badInput('check: the Terraform input has no rules for any project: choose one with --project');
  return chosen.map((p) => ({
    project: p.project,
    rules: p.rules,
    labels: p.sources.map((source) => source.address),
    notes: p.sources.flatMap((source) => source.notes.map((note) => `${source.address}: ${note.message}`)),
  }));
}

function baseRules(snapshot: SnapshotHead, project: string, base: ImmutableRule[] | null): ImmutableRule[] {
  if (base !== null) return base;
  const recorded = snapshot.projects.find((p) => p.name === project);
  if (!recorded) throw badInput(`check: the snapshot has no project ${JSON.stringify(project)}`);
  if (recorded.rules === null) throw badInput(`check: the snapshot recorded no rules for project ${JSON.stringify(project)}: give the current ones with --base`);
  return parseWireRules(recorded.rules, `snapshot project ${project} rules`);
}

function reportText(report: CheckReport): string {
  const lines = [
    `Project ${shown(report.project)}: ${report.failures.length === 0 ? 'passed' : 'FAILED'}.`,
    `  rules changed: ${report.changes.length}`,
    ...report.changes.map((c) => `    ${c.kind}: ${shown(selectorsText(c.kind === 'removed' ? c.before : c.after))}`),
    `  immutable tags ${report.before.immutableTags} -> ${report.after.immutableTags} (+${report.newlyImmutableTags.length} / -${report.freedTags.length}), ` +
      `locked digests ${report.before.lockedDigests} -> ${report.after.lockedDigests} (+${report.newlyLockedDigests.length} / -${report.freedDigests.length})`,
    ...report.sourceNotes.map((note) => `  provider: ${shown(note)}`),
    ...report.newFindings.map((f) => `  new ${f.severity}: ${f.rule ?? 'rules'} ${f.code}: ${shown(f.message)}`),
    ...report.failures.map((f) => `  failed ${f.code}: ${shown(f.message)}`),
  ];
  return lines.join('\n') + '\n';
}

export async function checkCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('check', args, {
    ...TERRAFORM_OPTIONS,
    ...HARBOR_OPTIONS,
    rules: { type: 'string' },
    snapshot: { type: 'string' },
    base: { type: 'string' },
    project: { type: 'string' },
    format: { type: 'string' },
    'max-freed-digests': { type: 'string' },
  });
  const format = parseFormat(values.format, ['text', 'json', 'markdown'] as const, 'text');
  const maxFreedDigests = parseLimit(values['max-freed-digests']);
  const snapshotPath = requireOption('check', values.snapshot, '--snapshot');
  const index = readSnapshotIndexFile(snapshotPath);
  const snapshot = snapshotHead(index);
  const base = values.base === undefined ? null : await readRulesFile(values.base);
  const projects = await proposedProjects(values, snapshot, stderr);
  const { profile, dialect } = resolveHarbor(values, snapshot.registry);
  stderr.write(profileNotes(profile));
  const reports = projects.map(({ project, rules, labels, notes }) => {
    if (!snapshot.projects.some((p) => p.name === project)) throw badInput(`check: the snapshot has no project ${JSON.stringify(project)}`);
    return checkRuleChange({ index, project, base: baseRules(snapshot, project, base), proposed: rules, dialect, profile, maxFreedDigests, ...(labels ? { proposedLabels: labels } : {}), ...(notes ? { sourceNotes: notes } : {}) });
  });
  const passed = reports.every((r) => r.failures.length === 0);
  // File names only: the comment must not depend on where CI checked the files out.
  const against = values.base !== undefined ? `the rules in ${basename(values.base)}` : `the rules recorded in ${basename(snapshotPath)} (fetched ${snapshot.fetchedAt})`;
  if (format === 'json') stdout.write(JSON.stringify({ passed, against, reports }) + '\n');
  else if (format === 'markdown') stdout.write(reports.map((r) => checkMarkdown(r, against)).join('\n'));
  else stdout.write(reports.map(reportText).join('') + (passed ? 'Check passed.\n' : 'Check FAILED.\n'));
  return passed ? 0 : 1;
}
