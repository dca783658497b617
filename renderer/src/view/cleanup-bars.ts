// Runs in the browser (pure, no DOM).
/**
 * The per-repository picture of a cleanup forecast: each repository's artifacts (and their bytes) split
 * by what the next retention run does to them, for the server's policies and for the drafts.
 */
import { formatBytes, formatCount } from './format.js';
import type { ListOrder } from './repository-order.js';
import { sortListed } from './repository-order.js';
import type { RepositoryForecast } from '../../../shared/retention/forecast.js';
import type { RetentionTotals } from '../../../shared/retention/outcomes.js';
import type { CleanupForecast } from './cleanup-forecast.js';
import type { StackSegment } from './repository-bars.js';
import { stackSegments } from './repository-bars.js';

export type CleanupKind = 'deleted' | 'immutable' | 'referenced' | 'untouched' | 'retained';

/** Drawn in this order: what goes first, then what immutability keeps, then the rest. */
export const CLEANUP_KINDS: readonly CleanupKind[] = ['deleted', 'immutable', 'referenced', 'untouched', 'retained'];

const COUNT: Record<CleanupKind, keyof RetentionTotals> = { deleted: 'deleted', immutable: 'immutable', referenced: 'referenced', untouched: 'untouched', retained: 'retained' };
const BYTES: Record<CleanupKind, keyof RetentionTotals> = {
  deleted: 'bytesDeleted',
  immutable: 'bytesImmutable',
  referenced: 'bytesReferenced',
  untouched: 'bytesUntouched',
  retained: 'bytesRetained',
};

/** What each part is called, in legends, tooltips and figures. */
export const CLEANUP_WORDS: Record<CleanupKind, string> = {
  deleted: 'deleted',
  immutable: 'kept by immutability',
  referenced: 'kept for an index',
  untouched: 'untouched',
  retained: 'retained by a rule',
};

/** The parts' short names, in a figure's list of changes. */
const SHORT_WORDS: Record<CleanupKind, string> = { deleted: 'deleted', immutable: 'immutable', referenced: 'for an index', untouched: 'untouched', retained: 'retained' };

/**
 * A repository's figures as a sentence: how many artifacts (or bytes) the drafts delete and keep by
 * immutability. A change in the count deleted comes with every other part's change, largest first, so
 * that the changes add up: "0 of 120 deleted (−89: untouched +120, immutable −21, retained −10)". An
 * admin reading "0 of 125 deleted (−86)" asks where those 86 went.
 */
export function cleanupFigures(draft: RetentionTotals, server: RetentionTotals, measure: 'count' | 'bytes'): string {
  if (measure === 'bytes') return `${formatBytes(draft.bytesDeleted)} deleted, ${formatBytes(draft.bytesImmutable)} kept by immutability`;
  const signed = (n: number) => `${n > 0 ? '+' : '−'}${formatCount(Math.abs(n))}`;
  const change = draft.deleted - server.deleted;
  const kept = `${formatCount(draft.immutable)} kept by immutability`;
  if (change === 0) return `${formatCount(draft.deleted)} of ${formatCount(draft.artifacts)} deleted, ${kept}`;
  const others = CLEANUP_KINDS.filter((kind) => kind !== 'deleted')
    .map((kind) => ({ kind, moved: draft[COUNT[kind]] - server[COUNT[kind]] }))
    .filter(({ moved }) => moved !== 0)
    .sort((a, b) => Math.abs(b.moved) - Math.abs(a.moved));
  const where = others.map(({ kind, moved }) => `${SHORT_WORDS[kind]} ${signed(moved)}`).join(', ');
  return `${formatCount(draft.deleted)} of ${formatCount(draft.artifacts)} deleted (${signed(change)}${where === '' ? '' : `: ${where}`}), ${kept}`;
}

export interface CleanupRow {
  repository: number;
  name: string;
  server: RetentionTotals;
  draft: RetentionTotals;
  status: RepositoryForecast['status'];
}

export function cleanupRows(forecast: CleanupForecast): CleanupRow[] {
  return forecast.draft.repositories.map((r, i) => ({ repository: r.repository, name: r.name, server: forecast.server.repositories[i]!.totals, draft: r.totals, status: r.status }));
}

export function cleanupSegments(totals: RetentionTotals, measure: 'count' | 'bytes'): StackSegment<CleanupKind>[] {
  const keys = measure === 'count' ? COUNT : BYTES;
  const parts = CLEANUP_KINDS.map((kind) => [kind, totals[keys[kind]]] as const);
  return stackSegments(parts, parts.reduce((sum, [, value]) => sum + value, 0));
}

export type CleanupSort = 'change' | 'name' | 'artifacts' | 'deleted' | 'immutable' | 'retained' | 'untouched' | 'bytesDeleted' | 'bytesImmutable';

export type CleanupOrder = ListOrder<CleanupSort>;

export const CLEANUP_ORDERS: readonly (readonly [CleanupSort, string])[] = [
  ['change', 'change against the server'],
  ['deleted', 'artifacts deleted'],
  ['bytesDeleted', 'bytes deleted'],
  ['immutable', 'kept by immutability'],
  ['bytesImmutable', 'bytes kept by immutability'],
  ['retained', 'retained by a rule'],
  ['untouched', 'untouched'],
  ['artifacts', 'artifacts'],
  ['name', 'name'],
];

/**
 * Sorts `rows` in place. `change` orders by the change each row shows, in artifacts deleted ("(+528)"),
 * then by the change in those kept by immutability; the figures by the drafts', most first; names in the
 * order people count ("service-87" before "service-867"). Ties go by name, which `reversed` turns too.
 */
export function sortCleanupRows(rows: CleanupRow[], { key, reversed }: CleanupOrder): CleanupRow[] {
  const deletedChange = (row: CleanupRow) => Math.abs(row.draft.deleted - row.server.deleted);
  const immutableChange = (row: CleanupRow) => Math.abs(row.draft.immutable - row.server.immutable);
  return sortListed(rows, reversed, (a, b) => {
    if (key === 'name') return 0;
    return key === 'change' ? deletedChange(b) - deletedChange(a) || immutableChange(b) - immutableChange(a) || b.draft.deleted - a.draft.deleted : b.draft[key] - a.draft[key];
  });
}
