// Runs in the browser (pure helpers, no DOM).
/**
 * The per-repository views as files (table-export.ts's CSV and JSON): the Simulation screen's totals,
 * before and after the draft, and the Cleanup screen's forecast, with the server's policies and the
 * drafts. The rows shown, in their order; each figure under its own field, the server's beside the
 * draft's, so that a spreadsheet can subtract them.
 */
import type { Totals } from '../../../shared/engine/simulate.js';
import type { RetentionTotals } from '../../../shared/retention/outcomes.js';
import type { CleanupRow } from './cleanup-bars.js';
import type { RepositoryBars } from './repository-bars.js';
import { after, before } from './repository-bars.js';
import type { Cell, ExportFile, ExportFormat } from './table-export.js';
import { tableFile } from './table-export.js';

export const REPOSITORY_EXPORT_FIELDS = [
  'project',
  'repository',
  'tags',
  'immutableTags',
  'immutableTagsWithServerRules',
  'artifacts',
  'lockedDigests',
  'lockedDigestsWithServerRules',
  'lockedBytes',
  'lockedBytesWithServerRules',
  'bytes',
  'sizesUnknown',
  'mutableTagsOnLockedDigests',
  'untaggedArtifacts',
  'untaggedRetained',
  'tagsStoppedByError',
] as const;

export interface RepositoryExportRow {
  project: string;
  name: string;
  totals: Totals;
  server: Totals;
  bars: RepositoryBars;
}

/** The Simulation screen's repositories, as listed (searched and ordered). */
export function exportRepositoryTotals(rows: readonly RepositoryExportRow[], format: ExportFormat, snapshotName: string, now: number): ExportFile {
  const out: Cell[][] = rows.map(({ project, name, totals, server, bars }) => [
    project,
    name,
    totals.tags,
    totals.immutableTags,
    server.immutableTags,
    totals.artifacts,
    totals.lockedDigests,
    server.lockedDigests,
    after(bars.bytes),
    before(bars.bytes),
    bars.bytes.total,
    bars.unknownSizes,
    totals.mutableTagsOnLockedDigests,
    totals.untaggedArtifacts,
    totals.untaggedRetained,
    totals.tagsStoppedByError,
  ]);
  return tableFile('repositories', snapshotName, format, now, REPOSITORY_EXPORT_FIELDS, out);
}

const SIDES = [
  ['deleted', 'bytesDeleted'],
  ['immutable', 'bytesImmutable'],
  ['retained', 'bytesRetained'],
  ['referenced', 'bytesReferenced'],
  ['untouched', 'bytesUntouched'],
] as const satisfies readonly (readonly [keyof RetentionTotals, keyof RetentionTotals])[];

/** Field names of one outcome: the drafts' count and bytes, then the server's. */
const WORDS: Record<(typeof SIDES)[number][0], string> = { deleted: 'deleted', immutable: 'keptByImmutability', retained: 'retained', referenced: 'keptByReference', untouched: 'untouched' };

export const CLEANUP_EXPORT_FIELDS = [
  'project',
  'repository',
  'artifacts',
  'job',
  ...SIDES.flatMap(([count]) => [WORDS[count], `${WORDS[count]}Bytes`, `${WORDS[count]}WithServerPolicies`, `${WORDS[count]}BytesWithServerPolicies`]),
  'sizesUnknown',
] as const;

/** The Cleanup screen's repositories, as listed: the next run with the drafts, and with the server's policies. */
export function exportCleanupRepositories(rows: readonly CleanupRow[], project: string, format: ExportFormat, snapshotName: string, now: number): ExportFile {
  const out: Cell[][] = rows.map((row) => [
    project,
    row.name,
    row.draft.artifacts,
    row.status,
    ...SIDES.flatMap(([count, bytes]) => [row.draft[count], row.draft[bytes], row.server[count], row.server[bytes]]),
    row.draft.sizeUnknown,
  ]);
  return tableFile('cleanup', snapshotName, format, now, CLEANUP_EXPORT_FIELDS, out);
}
