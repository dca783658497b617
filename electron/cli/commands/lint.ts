// Runs in Node.
/** `taglock lint`: findings about a rule list, sharper with a snapshot. Exit 1 when any is an error. */
import type { Writable } from 'node:stream';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { LintContext } from '../../../shared/lint/lint.js';
import { lintRules } from '../../../shared/lint/lint.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { readRulesFile, readSnapshotFile } from '../../services/files/json-file.js';
import { shown } from '../terminal.js';
import { HARBOR_OPTIONS, parseCommandArgs, parseFormat, profileNotes, requireOption, resolveHarbor } from '../options.js';

export async function lintCommand(args: readonly string[], stdout: Writable, stderr: NodeJS.WritableStream): Promise<number> {
  const values = parseCommandArgs('lint', args, {
    rules: { type: 'string' },
    snapshot: { type: 'string' },
    project: { type: 'string', multiple: true },
    format: { type: 'string' },
    ...HARBOR_OPTIONS,
  });
  const format = parseFormat(values.format, ['text', 'json'] as const, 'text');
  const rules = await readRulesFile(requireOption('lint', values.rules, '--rules'));
  const snapshot = values.snapshot === undefined ? null : await readSnapshotFile(values.snapshot);
  const { profile, dialect } = resolveHarbor(values, snapshot?.registry ?? null);
  stderr.write(profileNotes(profile));
  const projectNames = [...(values.project ?? []), ...(snapshot?.projects.map((p) => p.name) ?? [])];
  const findings: LintFinding[] = [];
  if (snapshot === null || snapshot.projects.length === 0) {
    findings.push(...lintRules(rules, { dialect, profile, projectNames }));
  } else {
    // The rules are judged against each project of the snapshot; static findings are the same for all.
    const set = compileRuleSet(rules, dialect, profile);
    const result = simulate(buildSnapshotIndex(snapshot), snapshot.projects.map(() => set));
    const seen = new Set<string>();
    snapshot.projects.forEach((_, project) => {
      const context: LintContext = { dialect, profile, projectNames, simulation: { result, project } };
      for (const finding of lintRules(rules, context)) {
        const key = `${finding.ruleIndex}|${finding.code}|${finding.message}`;
        if (!seen.has(key)) {
          seen.add(key);
          findings.push(finding);
        }
      }
    });
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
