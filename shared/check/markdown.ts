// Runs anywhere (pure).
/**
 * The check as Markdown fit for a pull-request comment: the verdict first, then the numbers, the failed
 * checks, the rules changed, tags and digests newly locked or freed, and the lint findings the change
 * brings. Long lists are cut with a count, so a comment stays readable on a large registry.
 */
import { selectorsText } from '../rules/model.js';
import type { ImmutableRule } from '../rules/model.js';
import type { CheckReport, DigestRef, TagRef } from './check.js';
import type { RuleChange } from './rule-changes.js';

export const MARKDOWN_LIST_LIMIT = 20;

/** Text from a file or a registry as a code span: control characters visible, backticks fenced. */
function code(text: string): string {
  const visible = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
  const fence = visible.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${visible}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** Plain text in a table cell or list item: no line breaks, no cell separators, no HTML. */
function cell(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function ruleText(rule: ImmutableRule, label: string | null): string {
  const name = label !== null ? code(label) : rule.id === null ? 'new rule' : `rule #${rule.id}`;
  return `${name}${rule.disabled ? ' (disabled)' : ''}: ${code(selectorsText(rule))}`;
}

function changeLine(change: RuleChange & { label: string | null }): string {
  switch (change.kind) {
    case 'added':
      return `- added ${ruleText(change.after, change.label)}`;
    case 'removed':
      return `- removed ${ruleText(change.before, null)}`;
    case 'changed':
      return `- changed ${ruleText(change.before, change.label)} → ${change.after.disabled ? '(disabled) ' : ''}${code(selectorsText(change.after))}`;
  }
}

function shortDigest(digest: string): string {
  return digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…');
}

function limited<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, MARKDOWN_LIST_LIMIT).map(line);
  if (items.length > MARKDOWN_LIST_LIMIT) lines.push(`- … and ${items.length - MARKDOWN_LIST_LIMIT} more`);
  return lines;
}

function tagSection(title: string, project: string, tags: readonly TagRef[]): string[] {
  if (tags.length === 0) return [];
  return [`**${title} (${tags.length})**`, '', ...limited(tags, (t) => `- ${code(`${project}/${t.repository}:${t.tag}`)}`), ''];
}

function digestSection(title: string, project: string, digests: readonly DigestRef[]): string[] {
  if (digests.length === 0) return [];
  const line = (d: DigestRef) => `- ${code(`${project}/${d.repository}@${shortDigest(d.digest)}`)}${d.tags.length > 0 ? ` (${d.tags.slice(0, 5).map(code).join(', ')}${d.tags.length > 5 ? ', …' : ''})` : ' (untagged)'}`;
  return [`**${title} (${digests.length})**`, '', ...limited(digests, line), ''];
}

function change(before: number, after: number, added: number, removed: number): string {
  return `| ${before} | ${after} | +${added} / −${removed} |`;
}

/** One project's section. `against` says what the base rules are, e.g. "the rules recorded in s.json". */
export function checkMarkdown(report: CheckReport, against: string): string {
  const verdict = report.failures.length === 0 ? 'passed' : `failed (${report.failures.length} of 3 checks)`;
  const lines = [
    `### Tag immutability: project ${code(report.project)} ${verdict}`,
    '',
    `Compared with ${cell(against)}.`,
    '',
    '| | before | after | change |',
    '|---|---:|---:|---:|',
    `| immutable tags ${change(report.before.immutableTags, report.after.immutableTags, report.newlyImmutableTags.length, report.freedTags.length)}`,
    `| locked digests ${change(report.before.lockedDigests, report.after.lockedDigests, report.newlyLockedDigests.length, report.freedDigests.length)}`,
    '',
  ];
  if (report.failures.length > 0) {
    lines.push('**Failed checks**', '', ...report.failures.map((f) => `- ${f.code}: ${cell(f.message)}`), '');
  }
  if (report.sourceNotes.length > 0) {
    lines.push('**Where the Terraform provider changes what the configuration says**', '', ...report.sourceNotes.map((note) => `- ${cell(note)}`), '');
  }
  lines.push(`**Rules changed (${report.changes.length})**`, '');
  lines.push(...(report.changes.length === 0 ? ['- none'] : report.changes.map(changeLine)), '');
  lines.push(...tagSection('Tags newly immutable', report.project, report.newlyImmutableTags));
  lines.push(...tagSection('Tags freed', report.project, report.freedTags));
  lines.push(...digestSection('Digests newly locked', report.project, report.newlyLockedDigests));
  lines.push(...digestSection('Digests freed', report.project, report.freedDigests));
  if (report.newFindings.length > 0) {
    lines.push(`**Lint findings the change brings (${report.newFindings.length})**`, '', '| severity | rule | finding |', '|---|---|---|');
    for (const f of report.newFindings) lines.push(`| ${f.severity} | ${f.rule === null ? 'all rules' : code(f.rule)} | ${cell(f.code)}: ${cell(f.message)} |`);
    lines.push('');
  }
  if (report.resolvedFindings.length > 0) {
    lines.push(`Lint findings the change resolves: ${report.resolvedFindings.map((f) => cell(`${f.rule ?? 'all rules'} ${f.code}`)).join(', ')}.`, '');
  }
  return lines.join('\n');
}
