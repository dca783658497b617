// Runs in Node.
/**
 * `taglock retention`: the cleanup forecast. What the next tag-retention run deletes, retains and keeps
 * only because of immutability, per artifact and repository, with the bytes Harbor reports
 * (docs/harbor-retention.md). Read-only: retention policies are never written to a server.
 */
import type { Writable } from 'node:stream';
import { badInput } from '../../../shared/errors.js';
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { HarborProfile } from '../../../shared/engine/harbor-profile.js';
import { compileRetentionPolicy } from '../../../shared/retention/compile.js';
import type { RetentionForecast } from '../../../shared/retention/forecast.js';
import { forecastRetention } from '../../../shared/retention/forecast.js';
import { addRetentionTotals, emptyRetentionTotals } from '../../../shared/retention/outcomes.js';
import type { RetentionPolicy } from '../../../shared/retention/policy.js';
import { parseRetentionPolicy, RetentionPolicyFormatError } from '../../../shared/retention/policy.js';
import { retentionArtifactRows, retentionRepositoryRows, retentionSummary } from '../../../shared/retention/report.js';
import type { RetentionSummary } from '../../../shared/retention/report.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { parseJsonText, readRulesFile, readTextFile } from '../../services/files/json-file.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { BufferedWriter, formatTable } from '../io.js';
import { shown } from '../terminal.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, profileNotes, requireOption, resolveHarbor } from '../options.js';
import { ruleSetsFor } from './simulate.js';

/** A JSON retention policy as GET /retentions/{id} returns it. */
export async function readRetentionFile(path: string): Promise<RetentionPolicy> {
  const value = parseJsonText(await readTextFile(path, 'retention policy'), path, 'retention policy');
  try {
    return parseRetentionPolicy(value);
  } catch (error) {
    if (error instanceof RetentionPolicyFormatError) throw badInput(`retention policy ${path}: ${error.message}`);
    throw error;
  }
}

/** `--at`: an ISO 8601 time or a date (midnight UTC); default now. */
export function parseRunAt(value: string | undefined, now: number): number {
  if (value === undefined) return now;
  const text = value.trim();
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw badInput(`--at must be a date (2026-11-01) or an ISO 8601 time (2026-11-01T12:00:00Z), not ${JSON.stringify(value)}`);
  return ms;
}

/** The projects to forecast: those named (each must exist), else all. */
function chosenProjects(snapshot: SnapshotIndex, names: readonly string[] | undefined): number[] {
  if (names === undefined || names.length === 0) return snapshot.projects.map((_, p) => p);
  return names.map((name) => {
    const p = snapshot.projects.findIndex((project) => project.name === name);
    if (p < 0) throw badInput(`the snapshot has no project ${JSON.stringify(name)} (it has ${snapshot.projects.map((q) => JSON.stringify(q.name)).join(', ') || 'none'})`);
    return p;
  });
}

/** The policy each project is forecast with: --retention for all, or the one the snapshot recorded. */
function policyFor(snapshot: SnapshotIndex, project: number, given: RetentionPolicy | null): RetentionPolicy {
  if (given !== null) return given;
  const { name, retention } = snapshot.projects[project]!;
  if (retention === undefined) {
    throw badInput(`the snapshot does not record the retention policy of project ${JSON.stringify(name)}: pass --retention POLICY.json (as GET /api/v2.0/retentions/{id} returns it)`);
  }
  if (retention === null) throw badInput(`project ${JSON.stringify(name)} has no retention policy: pass --retention POLICY.json to forecast one`);
  return retention;
}

export async function retentionCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream, now = Date.now()): Promise<number> {
  const values = parseCommandArgs('retention', args, {
    snapshot: { type: 'string' },
    rules: { type: 'string' },
    retention: { type: 'string' },
    at: { type: 'string' },
    project: { type: 'string', multiple: true },
    format: { type: 'string' },
    ...HARBOR_OPTIONS,
  });
  const format = parseFormat(values.format, ['table', 'json'] as const, 'table');
  const runAt = parseRunAt(values.at, now);
  const index = readSnapshotIndexFile(requireOption('retention', values.snapshot, '--snapshot'));
  const rules = values.rules === undefined ? null : await readRulesFile(values.rules);
  const given = values.retention === undefined ? null : await readRetentionFile(values.retention);
  const projects = chosenProjects(index, values.project);
  const { profile, dialect } = resolveHarbor(values, index.meta.registry);
  // Every problem with the input is reported before any work starts.
  const policies = projects.map((p) => policyFor(index, p, given));
  // Only the chosen projects need immutability rules (a plain registry's projects have none recorded).
  const ruleSets = ruleSetsFor({ projects: projects.map((p) => index.projects[p]!) }, rules, dialect, profile);
  stderr.write(profileNotes(profile));

  const forecasts = projects.map((p, i) => forecastRetention({ index, project: p, policy: compileRetentionPolicy(policies[i]!, dialect), immutability: ruleSets[i]!, runAt }));
  for (const forecast of forecasts) {
    for (const note of forecast.notes) stderr.write(`taglock: ${shown(index.projects[forecast.project]!.name)}: ${shown(note)}\n`);
  }
  const out = new BufferedWriter(stdout);
  if (format === 'json') await writeJson(out, forecasts, dialect, profile, runAt);
  else await out.write(table(forecasts, dialect, profile, runAt));
  await out.flush();
  return 0;
}

function total(forecasts: readonly RetentionForecast[]): RetentionSummary {
  const totals = emptyRetentionTotals();
  for (const forecast of forecasts) addRetentionTotals(totals, forecast.totals);
  return retentionSummary(totals);
}

const projectName = (forecast: RetentionForecast) => forecast.index.projects[forecast.project]!.name;

async function writeJson(out: BufferedWriter, forecasts: readonly RetentionForecast[], dialect: Dialect, profile: HarborProfile, runAt: number): Promise<void> {
  const harbor = { version: profile.version, release: profile.release, notes: profile.notes };
  await out.write(`{"dialect":${JSON.stringify(dialect)},"harbor":${JSON.stringify(harbor)},"runAt":${JSON.stringify(new Date(runAt).toISOString())}`);
  await out.write(`,"summary":${JSON.stringify(total(forecasts))}`);
  const projects = forecasts.map((f) => ({
    project: projectName(f),
    summary: retentionSummary(f.totals),
    launchError: f.launchError,
    notes: f.notes,
    rules: f.ruleStats.map((s) => ({
      rule: s.rule.label,
      summary: s.rule.summary,
      disabled: s.rule.disabled,
      repositories: s.repositories,
      retained: s.retained,
      retainedOnly: s.retainedOnly,
      bytesRetainedOnly: s.bytesRetainedOnly,
    })),
  }));
  await out.write(`,"projects":${JSON.stringify(projects)}`);
  await out.write(`,"repositories":${JSON.stringify(forecasts.flatMap((f) => retentionRepositoryRows(f).map((row) => ({ project: projectName(f), ...row }))))}`);
  await out.write(',"artifacts":[');
  let first = true;
  for (const forecast of forecasts) {
    const project = projectName(forecast);
    for (const row of retentionArtifactRows(forecast)) {
      await out.write((first ? '' : ',') + JSON.stringify({ project, ...row }));
      first = false;
    }
  }
  await out.write(']}\n');
}

/** `38.2 GiB`: bytes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const STATUS_WORDS: Record<string, string> = {
  runs: '',
  'not-selected': 'no rule selects it',
  'no-tag-selector': 'no rule with tag selectors',
  fails: 'job fails',
  'not-launched': 'run not launched',
};

function table(forecasts: readonly RetentionForecast[], dialect: Dialect, profile: HarborProfile, runAt: number): string {
  const s = total(forecasts);
  const lines = [
    `Cleanup forecast for a retention run at ${new Date(runAt).toISOString()} (${profile.label}, doublestar ${dialect}): ${s.artifacts} artifacts.`,
    `Deleted:                  ${s.deleted}  (${formatBytes(s.bytesDeleted)})`,
    `Kept by immutability:     ${s.keptByImmutability}  (${formatBytes(s.bytesKeptByImmutability)}; retention would delete them)`,
    `Retained by a rule:       ${s.retained}  (${formatBytes(s.bytesRetained)})`,
  ];
  if (s.keptByReference > 0) lines.push(`Kept, an index refers:    ${s.keptByReference}  (${formatBytes(s.bytesKeptByReference)}; the delete is refused)`);
  if (s.untouched > 0) lines.push(`Untouched:                ${s.untouched}  (${formatBytes(s.bytesUntouched)}; no job reaches them)`);
  if (s.sizeUnknown > 0) lines.push(`Sizes unknown for ${s.sizeUnknown} artifacts (counted as 0 bytes).`);
  lines.push('Bytes are the artifact sizes Harbor reports; layers shared with kept artifacts make the space freed smaller.');
  for (const forecast of forecasts) {
    if (forecast.launchError !== null) lines.push(`${shown(projectName(forecast))}: the run does nothing: ${shown(forecast.launchError)}`);
    for (const repository of forecast.repositories) {
      if (repository.error !== null && repository.status === 'fails') lines.push(`${shown(projectName(forecast))}/${shown(repository.name)}: the job fails: ${shown(repository.error)}`);
    }
  }
  const rows = forecasts.flatMap((forecast) =>
    retentionRepositoryRows(forecast).map((row) => [
      projectName(forecast) ? `${projectName(forecast)}/${row.repository}` : row.repository,
      row.artifacts,
      row.deleted,
      row.keptByImmutability,
      row.retained,
      row.keptByReference + row.untouched,
      formatBytes(row.bytesDeleted),
      formatBytes(row.bytesKeptByImmutability),
      STATUS_WORDS[row.status] ?? row.status,
    ]),
  );
  return lines.join('\n') + '\n\n' + formatTable(['repository', 'artifacts', 'deleted', 'immutable', 'retained', 'other kept', 'deleted size', 'immutable size', 'note'], rows);
}
