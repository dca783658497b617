// Runs anywhere (pure).
/**
 * The CI check of a rule change for one project: the base rules (what Harbor has, or had when the
 * snapshot was fetched) and the proposed rules judged on the same snapshot. The change fails when it
 * makes tags that CI moves immutable, brings a lint error, or frees more protected digests than the
 * admin allows.
 */
import type { HarborProfile } from '../engine/harbor-profile.js';
import { diffSimulations } from '../engine/diff.js';
import { compileRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import { simulate } from '../engine/simulate.js';
import type { Dialect } from '../glob/dialect.js';
import { CI_MOVING_TAG_PATTERN } from '../lint/ci-tags.js';
import type { LintFinding } from '../lint/finding.js';
import { lintRules } from '../lint/lint.js';
import { repositoriesOfProject } from '../lint/project-scope.js';
import type { ImmutableRule } from '../rules/model.js';
import { storedBlobKey } from '../rules/wire.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { RuleChange } from './rule-changes.js';
import { ruleChanges } from './rule-changes.js';

export interface CheckInput {
  index: SnapshotIndex;
  project: string;
  base: readonly ImmutableRule[];
  proposed: readonly ImmutableRule[];
  dialect: Dialect;
  profile: HarborProfile;
  /** More freed digests than this fails the check. */
  maxFreedDigests: number;
  /** How the source names each proposed rule (a Terraform address); default Taglock's own labels. */
  proposedLabels?: readonly string[];
  /** Where the source's tool changes a rule's apparent meaning (the Terraform provider's notes). */
  sourceNotes?: readonly string[];
}

export interface TagRef {
  repository: string;
  tag: string;
  digest: string;
}

export interface DigestRef {
  repository: string;
  digest: string;
  tags: string[];
}

export type CheckFailureCode = 'ci-tags-immutable' | 'new-lint-error' | 'too-many-freed-digests';

export interface CheckFailure {
  code: CheckFailureCode;
  message: string;
}

export interface CheckReport {
  project: string;
  changes: (RuleChange & { label: string | null })[];
  before: { immutableTags: number; lockedDigests: number };
  after: { immutableTags: number; lockedDigests: number };
  newlyImmutableTags: TagRef[];
  freedTags: TagRef[];
  newlyLockedDigests: DigestRef[];
  freedDigests: DigestRef[];
  /** Findings of the proposed rules that the base rules did not have. */
  newFindings: LintFinding[];
  /** Findings of the base rules that the proposed rules no longer have. */
  resolvedFindings: LintFinding[];
  maxFreedDigests: number;
  sourceNotes: string[];
  failures: CheckFailure[];
}

/** A finding's identity across the two lists: code and the content of its rule (positions differ). */
function findingKey(finding: LintFinding, rules: readonly ImmutableRule[]): string {
  const rule = finding.ruleIndex === null ? null : rules[finding.ruleIndex];
  return rule ? `${finding.code}|${rule.disabled}|${storedBlobKey(rule)}` : `${finding.code}|${finding.message}`;
}

function newOnly(findings: readonly LintFinding[], rules: readonly ImmutableRule[], others: readonly LintFinding[], otherRules: readonly ImmutableRule[]): LintFinding[] {
  const seen = new Set(others.map((f) => findingKey(f, otherRules)));
  return findings.filter((f) => !seen.has(findingKey(f, rules)));
}

function tagRef(index: SnapshotIndex, tag: number): TagRef {
  const artifact = index.tagArtifact[tag]!;
  return { repository: index.repositoryNames[index.artifactRepository[artifact]!]!, tag: index.tagNames[tag]!, digest: index.artifactDigests.get(artifact) };
}

function digestRef(index: SnapshotIndex, artifact: number): DigestRef {
  const tags = index.tagNames.slice(index.artifactTagStart[artifact]!, index.artifactTagStart[artifact + 1]!);
  return { repository: index.repositoryNames[index.artifactRepository[artifact]!]!, digest: index.artifactDigests.get(artifact), tags };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function failuresOf(report: Omit<CheckReport, 'failures'>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const movingTags = report.newlyImmutableTags.filter((t) => CI_MOVING_TAG_PATTERN.test(t.tag));
  const movingRules = report.newFindings.filter((f) => f.code === 'ci-moving-tags');
  if (movingTags.length > 0 || movingRules.length > 0) {
    const parts: string[] = [];
    if (movingTags.length > 0) {
      const names = movingTags.slice(0, 5).map((t) => `${t.repository}:${t.tag}`);
      parts.push(`${plural(movingTags.length, 'tag')} that CI moves become${movingTags.length === 1 ? 's' : ''} immutable (${names.join(', ')}${movingTags.length > 5 ? ', …' : ''})`);
    }
    for (const finding of movingRules) parts.push(`${finding.rule} makes tags that CI usually moves immutable wherever they are pushed`);
    failures.push({ code: 'ci-tags-immutable', message: `${parts.join('; ')}: the next push to such a tag will be refused.` });
  }
  const errors = report.newFindings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    failures.push({ code: 'new-lint-error', message: `the change adds ${plural(errors.length, 'lint error')}: ${errors.map((f) => `${f.rule ?? 'rules'} ${f.code}`).join(', ')}.` });
  }
  if (report.freedDigests.length > report.maxFreedDigests) {
    failures.push({
      code: 'too-many-freed-digests',
      message: `the change frees ${plural(report.freedDigests.length, 'protected digest')} (deletable, and collectable by garbage collection afterwards); at most ${report.maxFreedDigests} allowed.`,
    });
  }
  return failures;
}

export function checkRuleChange(input: CheckInput): CheckReport {
  const { index, project, base, proposed, dialect, profile } = input;
  const position = index.projects.findIndex((p) => p.name === project);
  if (position < 0) throw new Error(`the snapshot has no project ${project}`);
  // Only this project's rules change; the other projects are judged by no rules in both runs.
  const none = compileRuleSet([], dialect, profile);
  const run = (rules: readonly ImmutableRule[]): SimulationResult => {
    const set = compileRuleSet(rules, dialect, profile);
    return simulate(index, index.projects.map((_, p) => (p === position ? set : none)));
  };
  const before = run(base);
  const after = run(proposed);
  const diff = diffSimulations(before, after);
  const lint = (rules: readonly ImmutableRule[], result: SimulationResult) =>
    lintRules(rules, { dialect, profile, project, repositories: repositoriesOfProject(index, position), simulation: { result, project: position } });
  const baseFindings = lint(base, before);
  const proposedFindings = lint(proposed, after);
  const totals = (result: SimulationResult) => ({ immutableTags: result.projectTotals[position]!.immutableTags, lockedDigests: result.projectTotals[position]!.lockedDigests });
  const label = (index: number | null) => (index === null ? null : (input.proposedLabels?.[index] ?? null));
  const relabel = (finding: LintFinding): LintFinding => ({ ...finding, rule: label(finding.ruleIndex) ?? finding.rule });
  const report = {
    project,
    changes: ruleChanges(base, proposed).map((change) => ({ ...change, label: change.kind === 'removed' ? null : label(change.afterIndex) })),
    before: totals(before),
    after: totals(after),
    newlyImmutableTags: Array.from(diff.newlyImmutableTags, (t) => tagRef(index, t)),
    freedTags: Array.from(diff.freedTags, (t) => tagRef(index, t)),
    newlyLockedDigests: Array.from(diff.newlyLockedDigests, (a) => digestRef(index, a)),
    freedDigests: Array.from(diff.freedDigests, (a) => digestRef(index, a)),
    newFindings: newOnly(proposedFindings, proposed, baseFindings, base).map(relabel),
    resolvedFindings: newOnly(baseFindings, base, proposedFindings, proposed),
    maxFreedDigests: input.maxFreedDigests,
    sourceNotes: [...(input.sourceNotes ?? [])],
  };
  return { ...report, failures: failuresOf(report) };
}
