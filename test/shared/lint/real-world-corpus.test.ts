// Lint on rule sets shaped like real ones (real-world-rules.ts): exactly the expected findings, no more,
// including the former false positives (library/** in a proxy cache, "/" in braces under v1.3.4).
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import type { CorpusCase } from './real-world-rules.js';
import { CORPUS } from './real-world-rules.js';

function lintCase(c: CorpusCase): LintFinding[] {
  const rules = parseWireRules(c.rules);
  const dialect = c.dialect ?? 'v1.3.4';
  if (!c.snapshot) return lintRules(rules, { dialect, project: c.project });
  const project = c.snapshot.projects.findIndex((p) => p.name === c.project);
  if (project < 0) throw new Error(`${c.name}: the snapshot has no project ${c.project}`);
  const set = compileRuleSet(rules, dialect);
  const result = simulate(buildSnapshotIndex(c.snapshot), c.snapshot.projects.map(() => set));
  return lintRules(rules, { dialect, simulation: { result, project } });
}

const labelled = (findings: LintFinding[]) => findings.map((f) => `${f.rule ?? 'rules'}: ${f.code}`).sort();

describe('real-world rule sets', () => {
  it('is a corpus of cited cases', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    for (const c of CORPUS) expect(c.source, c.name).toMatch(/https:\/\/|#\d+|harbor-cli|terraform|issue \d+/i);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(labelled(lintCase(c))).toEqual([...c.expected].sort());
  });

  it('every error is something Harbor fails on, or locks against the rule\'s shape', () => {
    const errorCodes = new Set(CORPUS.flatMap((c) => lintCase(c).filter((f) => f.severity === 'error').map((f) => f.code)));
    const sound = ['syntax-error', 'stops-later-rules', 'error-stops-tags', 'missing-kind', 'unknown-kind', 'unknown-decoration', 'comma-list', 'project-prefix', 'registry-host-prefix', 'duplicate-409'];
    expect([...errorCodes].filter((code) => !sound.includes(code))).toEqual([]);
  });
});

describe('the former false positives stay silent', () => {
  const named = (name: string) => CORPUS.find((c) => c.name === name)!;

  it('library/** in a proxy-cache project: no project-prefix, and the rule really locks library/nginx', () => {
    const c = named('library/** in a Docker Hub proxy-cache project of a whole Harbor (which also has a library project)');
    expect(lintCase(c).map((f) => f.code)).not.toContain('project-prefix');
    const set = compileRuleSet(parseWireRules(c.rules), 'v1.3.4');
    const index = buildSnapshotIndex(c.snapshot!);
    const result = simulate(index, c.snapshot!.projects.map(() => set));
    const locked = index.tagNames.filter((_, t) => result.tagVerdict[t]! >= 0);
    expect(locked).toEqual(['1.27', '7.2']);
  });

  it('"/" in braces under v1.3.4: a brace-quirk warning, no error and nothing stopped', () => {
    const findings = lintCase(named('"/" inside braces on doublestar v1.3.4: a quirk, not a syntax error'));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.find((f) => f.code === 'brace-quirk')!.message).toContain('it does not match "trigger-pipeline"');
  });

  it('rules that never act get no findings about what they would do', () => {
    const assumesActing = ['ci-moving-tags', 'empty-pattern', 'untagged-retained'];
    for (const name of [
      'Terraform registry example: disabled, tag_matching and tag_excluding both set',
      'Terraform resource with only repo_matching: an empty tag decoration',
      'harbor-cli rule: no kind on either selector',
      'a repository list with "/" in the UI-added braces, on Harbor 2.1.1 (doublestar v1.1.1)',
      'excluding every repository',
    ]) {
      expect(lintCase(named(name)).map((f) => f.code).filter((code) => assumesActing.includes(code)), name).toEqual([]);
    }
  });
});
