// Runs in the browser (pure helpers, no DOM).
/**
 * The simulation's results as files an admin can keep, diff or load elsewhere: the tag table (the rows
 * shown, in their order), the digests, and the changes against the server rules, each as CSV (RFC 4180,
 * a header line, times in ISO 8601 UTC, sizes in bytes) and as JSON (the same fields, typed).
 */
import { errorRulePosition } from '../../../shared/engine/simulate.js';
import type { SimulationView } from '../sim/compute.js';
import { CELL_LABELS, classifyArtifacts } from './lock-map.js';
import type { CellState } from './lock-map.js';
import { tagRowView } from './tag-table.js';

export type ExportFormat = 'csv' | 'json';

export interface ExportFile {
  fileName: string;
  mimeType: string;
  text: string;
}

export type Cell = string | number | boolean | null;

/** One CSV field: quoted when it holds a comma, quote or line break; formula starts defused for spreadsheets. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A name starting with = + - @ is read as a formula by spreadsheet programs; a leading ' keeps it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const isoTime = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
const known = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** `taglock-tags-demo-project-shop-2026-11-02.csv`: a file name from what is exported and when. */
export function exportFileName(what: string, snapshotName: string, format: ExportFormat, now: number): string {
  const slug = snapshotName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `taglock-${what}${slug ? `-${slug}` : ''}-${new Date(now).toISOString().slice(0, 10)}.${format}`;
}

/** Rows under a header, as a CSV or JSON file named from what is exported and when. */
export function tableFile(what: string, snapshotName: string, format: ExportFormat, now: number, header: readonly string[], rows: Cell[][]): ExportFile {
  const fileName = exportFileName(what, snapshotName, format, now);
  if (format === 'csv') return { fileName, mimeType: 'text/csv', text: toCsv(header, rows) };
  const objects = rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i] ?? null])));
  return { fileName, mimeType: 'application/json', text: `${JSON.stringify(objects, null, 2)}\n` };
}

export const TAG_EXPORT_FIELDS = ['project', 'repository', 'tag', 'verdict', 'decidedBy', 'harborSaid', 'change', 'digest', 'pushed', 'sizeBytes'] as const;

/**
 * The tag rows shown (filtered and sorted as on screen). `labelOf` names the edited project's rules by
 * their labels in the draft (`#4`, `new A`).
 */
export function exportTags(view: SimulationView, rows: Int32Array, labelOf: (ruleLabel: string) => string, format: ExportFormat, snapshotName: string, now: number): ExportFile {
  const out: Cell[][] = [];
  for (const tag of rows) {
    const row = tagRowView(view, tag);
    out.push([
      row.project,
      row.repository,
      row.name,
      row.verdict === 'stopped' ? 'mutable (stopped by a rule error)' : row.verdict,
      row.rule === null ? null : labelOf(row.rule),
      row.server === null ? null : row.server ? 'immutable' : 'mutable',
      row.change === 1 ? 'newly immutable' : row.change === -1 ? 'no longer immutable' : null,
      row.digest,
      isoTime(row.pushTime),
      known(row.size),
    ]);
  }
  return tableFile('tags', snapshotName, format, now, TAG_EXPORT_FIELDS, out);
}

export const DIGEST_EXPORT_FIELDS = ['project', 'repository', 'digest', 'state', 'lockedWithDraft', 'lockedWithServerRules', 'change', 'immutableTags', 'mutableTags', 'pushed', 'sizeBytes'] as const;

/** Every digest of the given repositories (all when null), in snapshot order. */
export function exportDigests(view: SimulationView, repositories: readonly number[] | null, format: ExportFormat, snapshotName: string, now: number): ExportFile {
  const index = view.draft.index;
  const states = classifyArtifacts(index, view.draft);
  const out: Cell[][] = [];
  const chosen = repositories ?? index.repositoryNames.map((_, r) => r);
  for (const r of chosen) {
    const project = index.projects[index.repositoryProject[r]!]!.name;
    for (let a = index.repositoryArtifactStart[r]!; a < index.repositoryArtifactStart[r + 1]!; a++) {
      const immutable: string[] = [];
      const mutable: string[] = [];
      for (let t = index.artifactTagStart[a]!; t < index.artifactTagStart[a + 1]!; t++) (view.draft.tagVerdict[t]! >= 0 ? immutable : mutable).push(index.tagNames[t]!);
      const change = view.artifactChange[a];
      out.push([
        project,
        index.repositoryNames[r]!,
        index.artifactDigests.get(a),
        CELL_LABELS[states[a] as CellState],
        view.draft.artifactImmutableTags[a]! > 0,
        view.server.artifactImmutableTags[a]! > 0,
        change === 1 ? 'newly locked' : change === -1 ? 'freed' : null,
        immutable.join(' '),
        mutable.join(' '),
        isoTime(index.artifactPushTime[a]!),
        known(index.artifactSize[a]!),
      ]);
    }
  }
  return tableFile('digests', snapshotName, format, now, DIGEST_EXPORT_FIELDS, out);
}

export const DIFF_EXPORT_FIELDS = ['change', 'kind', 'project', 'repository', 'name', 'digest', 'decidedBy', 'decidedByOnServer'] as const;

/** The changes against the server rules: tags and digests, one line each. */
export function exportDiff(view: SimulationView, labelOf: (ruleLabel: string) => string, format: ExportFormat, snapshotName: string, now: number): ExportFile {
  const index = view.draft.index;
  const projectOf = (r: number) => index.projects[index.repositoryProject[r]!]!.name;
  const ruleOf = (result: SimulationView['draft'], tag: number): string | null => {
    const project = index.repositoryProject[index.artifactRepository[index.tagArtifact[tag]!]!]!;
    const verdict = result.tagVerdict[tag]!;
    const position = verdict >= 0 ? verdict : errorRulePosition(verdict);
    const rule = position === null ? undefined : result.ruleSets[project]!.rules[position];
    return rule === undefined ? null : labelOf(rule.label);
  };
  const out: Cell[][] = [];
  const tagLine = (tag: number, change: string) => {
    const artifact = index.tagArtifact[tag]!;
    const r = index.artifactRepository[artifact]!;
    out.push([change, 'tag', projectOf(r), index.repositoryNames[r]!, index.tagNames[tag]!, index.artifactDigests.get(artifact), ruleOf(view.draft, tag), ruleOf(view.server, tag)]);
  };
  const digestLine = (artifact: number, change: string) => {
    const r = index.artifactRepository[artifact]!;
    out.push([change, 'digest', projectOf(r), index.repositoryNames[r]!, null, index.artifactDigests.get(artifact), null, null]);
  };
  for (const t of view.diff.newlyImmutableTags) tagLine(t, 'newly immutable');
  for (const t of view.diff.freedTags) tagLine(t, 'no longer immutable');
  for (const a of view.diff.newlyLockedDigests) digestLine(a, 'newly locked');
  for (const a of view.diff.freedDigests) digestLine(a, 'freed');
  for (const a of view.diff.newlyRetentionProtected) digestLine(a, 'newly skipped by tag retention');
  for (const a of view.diff.retentionFreed) digestLine(a, 'no longer skipped by tag retention');
  return tableFile('changes', snapshotName, format, now, DIFF_EXPORT_FIELDS, out);
}
