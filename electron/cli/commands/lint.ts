// Runs in Node.
/** `taglock lint`: findings about a rule list, sharper with a snapshot. Exit 1 when any is an error. */
import type { Writable } from 'node:stream';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { lintRules } from '../../../shared/lint/lint.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { readRulesFile } from '../../services/files/json-file.js';
import { readSnapshotIndexFile } from '../../services/snapshots/snapshot-file.js';
import { shown } from '../terminal.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, profileNotes, requireOption, resolveHarbor } from '../options.js';
import { lintTargets } from '../lint-targets.js';
import { badInput } from '../../../shared/errors.js';
import { parseRunAt } from './retention.js';

export async function lintCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('lint', args, {
    rules: { type: 'string' },
    snapshot: { type: 'string' },
    project: { type: 'string', multiple: true },
    format: { type: 'string' },
    at: { type: 'string' },
    ...HARBOR_OPTIONS,
  });
  const format = parseFormat(values.format, ['text', 'json'] as const, 'text');
  if (values.at !== undefined && values.snapshot === undefined) throw badInput('--at judges the retention policy a snapshot recorded: give --snapshot too');
  // When the recorded retention policy is judged to run: --at, else the snapshot's fetch time.
  const retentionRunAt = values.at === undefined ? undefined : parseRunAt(values.at, 0);
  const rules = await readRulesFile(requireOption('lint', values.rules, '--rules'));
  const snapshot = values.snapshot === undefined ? null : readSnapshotIndexFile(values.snapshot);
  const { profile, dialect } = resolveHarbor(values, snapshot?.meta.registry ?? null);
  stderr.write(profileNotes(profile));
  const findings: LintFinding[] = [];
  const seen = new Set<string>();
  // The same static finding comes once per project judged: keep one.
  const keep = (found: readonly LintFinding[]) => {
    for (const finding of found) {
      const key = `${finding.ruleIndex}|${finding.code}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  };
  const targets = lintTargets(snapshot, values.project ?? [], rules);
  for (const project of targets.without) keep(lintRules(rules, { dialect, profile, project: project ?? undefined }));
  if (snapshot !== null && targets.snapshotProjects.length > 0) {
    // Each project is judged as the rules' own: its name and repositories, and what the rules do there.
    const set = compileRuleSet(rules, dialect, profile);
    const result = simulate(snapshot, snapshot.projects.map(() => set));
    for (const project of targets.snapshotProjects) keep(lintRules(rules, { dialect, profile, simulation: { result, project }, retentionRunAt }));
  }
  if (format === 'json') {
    stdout.write(JSON.stringify({ dialect, harbor: { version: profile.version, release: profile.release }, findings }) + '\n');
  } else if (findings.length === 0) {
    stdout.write(`No findings for ${rules.length} rule(s) (${profile.label}, doublestar ${dialect}).\n`);
  } else {
    for (const f of findings) stdout.write(`${f.severity.padEnd(7)} ${(f.rule ?? 'rules').padEnd(12)} ${f.code}: ${shown(f.message)}\n`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    stdout.write(`${findings.length} finding(s), ${errors} error(s) (${profile.label}, doublestar ${dialect}).\n`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
