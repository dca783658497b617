// Runs in the browser (pure helpers, no DOM).
/**
 * The tag table's columns. The names come first and are what an admin scans, so they are never cut
 * short: each is at least as wide as the snapshot's longest name (up to NAME_CAP characters, in the
 * monospaced font the names are set in) and the rest of the room is shared between them. The other
 * columns keep a fixed width; the optional ones are chosen by the admin.
 */
import type { NameLengths } from './tag-table.js';
import type { TagSortKey } from './tag-sort.js';

export type OptionalTagColumn = 'rule' | 'server' | 'change' | 'pushed' | 'size' | 'digest';

export const OPTIONAL_TAG_COLUMNS: readonly OptionalTagColumn[] = ['rule', 'server', 'change', 'pushed', 'size', 'digest'];

/** Shown at first: together with the names of 40 characters they fit a 1280-pixel window. */
export const DEFAULT_TAG_COLUMNS: readonly OptionalTagColumn[] = ['rule', 'change', 'pushed'];

export interface TagColumn {
  key: TagSortKey;
  header: string;
  /** The narrowest it may be, as a CSS length. */
  min: string;
  grow?: number;
  title: string;
  className?: string;
}

/** Longer names are cut (with the whole name in a tooltip) rather than widening the table further. */
export const NAME_CAP = 64;

/** Width of one character of the names' monospaced font (0.92em of a font whose digits are 0.6em wide). */
const MONO_CHARACTER_EM = 0.556;
/** A cell's left and right padding together. */
const CELL_PADDING_REM = 0.8;

/** The narrowest a column of names this long may be, as a CSS length. */
export function nameColumnMin(characters: number): string {
  const shown = Math.max(8, Math.min(NAME_CAP, characters));
  return `calc(${(shown * MONO_CHARACTER_EM).toFixed(3)}em + ${CELL_PADDING_REM}rem)`;
}

export const OPTIONAL_COLUMN_LABELS: Record<OptionalTagColumn, string> = {
  rule: 'Decided by',
  server: 'Harbor said',
  change: 'Change',
  pushed: 'Pushed',
  size: 'Size',
  digest: 'Digest',
};

const OPTIONAL: Record<OptionalTagColumn, Omit<TagColumn, 'key' | 'header'>> = {
  rule: { min: '6rem', title: 'The rule that makes the tag immutable, or whose error stopped its evaluation' },
  server: { min: '7.6rem', title: "Harbor's own verdict, recorded when the snapshot was fetched" },
  change: { min: '5.4rem', title: 'What the draft changes against the server rules' },
  pushed: { min: '7.4rem', title: 'When the tag was pushed (UTC; the time is in the tooltip)' },
  size: { min: '5.6rem', title: "Size of the tag's artifact, as the registry reports it", className: 'num' },
  digest: { min: 'calc(10.6em + 0.8rem)', title: "The artifact's digest (the start of it; the whole in the tooltip)", className: 'mono' },
};

/** The columns in table order: the names, the verdict, then the chosen optional ones. */
export function tagColumns(lengths: NameLengths, shown: readonly OptionalTagColumn[]): TagColumn[] {
  return [
    { key: 'repository', header: 'Repository', min: nameColumnMin(lengths.repository), grow: 1, title: 'Repository (without its project)' },
    { key: 'tag', header: 'Tag', min: nameColumnMin(lengths.tag), grow: 1, title: 'Tag name' },
    { key: 'verdict', header: 'Verdict', min: '6.8rem', title: 'What the draft rules make of the tag' },
    ...OPTIONAL_TAG_COLUMNS.filter((c) => shown.includes(c)).map((c) => ({ key: c, header: OPTIONAL_COLUMN_LABELS[c], ...OPTIONAL[c] })),
  ];
}
