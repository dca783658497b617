// Runs in the browser (pure helpers, no DOM).
/**
 * The digest lock map's model: one state per artifact, and a layout of repositories as blocks of small
 * cells. A repository with more digests than fit in MAX_ROWS rows of cells is aggregated: each cell
 * then stands for several consecutive digests and is drawn as a stacked bar of their states.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { formatCount, shortDigest } from './format.js';

/** Artifact states, in drawing-priority order. */
export const CELL_FREE = 0;
export const CELL_LOCKED = 1;
/** Locked digest that also carries mutable tags (deletable one by one; the digest stays). */
export const CELL_MIXED = 2;
/** Untagged, but tag retention keeps it (an `excludes` rule selects "no tags"). */
export const CELL_RETAINED = 3;
/** Untagged and unprotected. */
export const CELL_UNTAGGED = 4;
export const CELL_STATES = 5;

export type CellState = 0 | 1 | 2 | 3 | 4;

export const CELL_LABELS: Record<CellState, string> = {
  [CELL_FREE]: 'Free (no immutable tag)',
  [CELL_LOCKED]: 'Locked (every tag immutable)',
  [CELL_MIXED]: 'Locked, with mutable tags too',
  [CELL_RETAINED]: 'Untagged, kept by retention',
  [CELL_UNTAGGED]: 'Untagged, unprotected',
};

export interface ArtifactVerdicts {
  artifactImmutableTags: Int32Array;
  artifactRetentionVerdict: Int32Array;
}

/** The state of every artifact. */
export function classifyArtifacts(index: SnapshotIndex, sim: ArtifactVerdicts): Uint8Array {
  const states = new Uint8Array(index.counts.artifacts);
  const { artifactTagStart } = index;
  for (let a = 0; a < states.length; a++) {
    const tags = artifactTagStart[a + 1]! - artifactTagStart[a]!;
    const immutable = sim.artifactImmutableTags[a]!;
    if (tags === 0) states[a] = sim.artifactRetentionVerdict[a]! >= 0 ? CELL_RETAINED : CELL_UNTAGGED;
    else if (immutable === 0) states[a] = CELL_FREE;
    else states[a] = immutable < tags ? CELL_MIXED : CELL_LOCKED;
  }
  return states;
}

/** Counts per state over artifacts [start, end). */
export function countStates(states: Uint8Array, start: number, end: number, into = new Uint32Array(CELL_STATES)): Uint32Array {
  into.fill(0);
  for (let a = start; a < end; a++) into[states[a]!]!++;
  return into;
}

export interface LockMapOptions {
  /** Cell edge and gap in CSS pixels. */
  cell: number;
  gap: number;
  /** Height of a repository's heading line. */
  label: number;
  /** Space after a repository block. */
  spacing: number;
  /** Left/right padding. */
  padding: number;
  /** Most rows of cells a repository may take before its digests are aggregated. */
  maxRows: number;
}

export const DEFAULT_LOCK_MAP_OPTIONS: LockMapOptions = { cell: 10, gap: 2, label: 22, spacing: 10, padding: 12, maxRows: 6 };

export interface LockMapBlock {
  repository: number;
  /** Top of the heading, in layout pixels. */
  top: number;
  /** Top of the first row of cells. */
  cellsTop: number;
  height: number;
  /** Artifacts [start, end) of the repository. */
  start: number;
  end: number;
  columns: number;
  cells: number;
  /** Digests per cell (1 unless aggregated). */
  perCell: number;
}

export interface LockMapLayout {
  blocks: LockMapBlock[];
  height: number;
  width: number;
  columns: number;
  options: LockMapOptions;
}

/** Lay out the given repositories (in that order) for a canvas `width` pixels wide. */
export function layoutLockMap(
  index: SnapshotIndex,
  repositories: readonly number[],
  width: number,
  options: LockMapOptions = DEFAULT_LOCK_MAP_OPTIONS,
): LockMapLayout {
  const pitch = options.cell + options.gap;
  const columns = Math.max(1, Math.floor((width - 2 * options.padding + options.gap) / pitch));
  const blocks: LockMapBlock[] = [];
  let y = options.spacing;
  for (const repository of repositories) {
    const start = index.repositoryArtifactStart[repository]!;
    const end = index.repositoryArtifactStart[repository + 1]!;
    const count = end - start;
    const capacity = columns * options.maxRows;
    const perCell = count <= capacity ? 1 : Math.ceil(count / capacity);
    const cells = Math.ceil(count / perCell);
    const rows = Math.max(1, Math.ceil(cells / columns));
    const height = options.label + rows * pitch;
    blocks.push({ repository, top: y, cellsTop: y + options.label, height, start, end, columns, cells, perCell });
    y += height + options.spacing;
  }
  return { blocks, height: y, width, columns, options };
}

/** Artifacts [start, end) shown by one cell of a block. */
export function cellArtifacts(block: LockMapBlock, cell: number): [number, number] {
  const start = block.start + cell * block.perCell;
  return [start, Math.min(block.end, start + block.perCell)];
}

export interface CellRect {
  x: number;
  y: number;
  size: number;
}

export function cellRect(layout: LockMapLayout, block: LockMapBlock, cell: number): CellRect {
  const pitch = layout.options.cell + layout.options.gap;
  return {
    x: layout.options.padding + (cell % block.columns) * pitch,
    y: block.cellsTop + Math.floor(cell / block.columns) * pitch,
    size: layout.options.cell,
  };
}

/** The first block whose area reaches below `y` (binary search). */
export function firstBlockAt(layout: LockMapLayout, y: number): number {
  let lo = 0;
  let hi = layout.blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const block = layout.blocks[mid]!;
    if (block.top + block.height < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Hit {
  block: number;
  cell: number;
  artifacts: [number, number];
}

/** The cell under a point (layout pixels), or null. */
export function hitTest(layout: LockMapLayout, x: number, y: number): Hit | null {
  const b = firstBlockAt(layout, y);
  const block = layout.blocks[b];
  if (!block || y < block.cellsTop || y > block.top + block.height) return null;
  const pitch = layout.options.cell + layout.options.gap;
  const col = Math.floor((x - layout.options.padding) / pitch);
  const row = Math.floor((y - block.cellsTop) / pitch);
  if (col < 0 || col >= block.columns) return null;
  const cell = row * block.columns + col;
  if (cell < 0 || cell >= block.cells) return null;
  return { block: b, cell, artifacts: cellArtifacts(block, cell) };
}

/** Where an artifact is drawn: its block and cell, or null when its repository is not shown. */
export function locateArtifact(layout: LockMapLayout, artifact: number): { block: number; cell: number } | null {
  for (let b = 0; b < layout.blocks.length; b++) {
    const block = layout.blocks[b]!;
    if (artifact >= block.start && artifact < block.end) return { block: b, cell: Math.floor((artifact - block.start) / block.perCell) };
  }
  return null;
}

/**
 * The artifact reached from `artifact` by a key: ±1 along the cells, ±one row of cells, or the first
 * digest of the previous/next repository shown. Aggregated cells move cell by cell.
 */
export function stepArtifact(layout: LockMapLayout, artifact: number | null, move: 'left' | 'right' | 'up' | 'down' | 'prev-repo' | 'next-repo'): number | null {
  if (layout.blocks.length === 0) return null;
  const first = layout.blocks.find((b) => b.end > b.start);
  if (artifact === null) return first ? first.start : null;
  const at = locateArtifact(layout, artifact);
  if (at === null) return first ? first.start : null;
  const block = layout.blocks[at.block]!;
  const jump = (b: number) => {
    const target = layout.blocks[b];
    return target && target.end > target.start ? target.start : artifact;
  };
  let cell = at.cell;
  switch (move) {
    case 'left':
      cell -= 1;
      break;
    case 'right':
      cell += 1;
      break;
    case 'up':
      cell -= block.columns;
      break;
    case 'down':
      cell += block.columns;
      break;
    case 'prev-repo':
      return jump(at.block - 1);
    case 'next-repo':
      return jump(at.block + 1);
  }
  if (cell < 0) return at.block > 0 ? Math.max(layout.blocks[at.block - 1]!.start, layout.blocks[at.block - 1]!.end - 1) : artifact;
  if (cell >= block.cells) return at.block + 1 < layout.blocks.length ? jump(at.block + 1) : artifact;
  return cellArtifacts(block, cell)[0];
}

/** Per repository: how many digests are in each state (for headings and the repository filter). */
export function repositoryStateCounts(index: SnapshotIndex, states: Uint8Array): Uint32Array {
  const out = new Uint32Array(index.counts.repositories * CELL_STATES);
  for (let r = 0; r < index.counts.repositories; r++) {
    for (let a = index.repositoryArtifactStart[r]!; a < index.repositoryArtifactStart[r + 1]!; a++) out[r * CELL_STATES + states[a]!]!++;
  }
  return out;
}

/** Most matches a search lists (stepping through more is not what anyone does). */
export const FIND_LIMIT = 10_000;

/**
 * Every artifact a search points at, in snapshot order without repeats: digests starting with the text
 * (`sha256:ab12…`), `repository@digest`, `repository:tag`, every repository's artifact with a tag of that
 * name, or a repository's digests. Empty when nothing matches.
 */
export function findArtifacts(index: SnapshotIndex, query: string, limit = FIND_LIMIT): number[] {
  const q = query.trim();
  if (q === '') return [];
  const found = new Set<number>();
  const add = (artifact: number) => {
    if (found.size < limit) found.add(artifact);
  };
  if (/^sha(256|384|512):[0-9a-f]+$/i.test(q)) {
    const prefix = q.toLowerCase();
    for (let a = 0; a < index.counts.artifacts && found.size < limit; a++) if (index.artifactDigests.get(a).startsWith(prefix)) add(a);
    if (found.size > 0) return [...found];
  }
  const at = q.indexOf('@');
  if (at > 0) {
    const repository = q.slice(0, at);
    const inRepository = findArtifacts(index, q.slice(at + 1)).filter((a) => index.repositoryNames[index.artifactRepository[a]!] === repository);
    if (inRepository.length > 0) return inRepository;
  }
  const colon = q.indexOf(':');
  const repositoryName = colon > 0 ? q.slice(0, colon) : null;
  const tagName = colon > 0 ? q.slice(colon + 1) : q;
  for (let t = 0; t < index.counts.tags && found.size < limit; t++) {
    if (index.tagNames[t] !== tagName) continue;
    const artifact = index.tagArtifact[t]!;
    if (repositoryName === null || index.repositoryNames[index.artifactRepository[artifact]!] === repositoryName) add(artifact);
  }
  if (found.size > 0) return [...found].sort((a, b) => a - b);
  const repository = index.repositoryNames.indexOf(q);
  if (repository >= 0) {
    for (let a = index.repositoryArtifactStart[repository]!; a < index.repositoryArtifactStart[repository + 1]!; a++) add(a);
  }
  return [...found];
}

/** The first artifact a search points at, or null. */
export function findArtifact(index: SnapshotIndex, query: string): number | null {
  return findArtifacts(index, query, 1)[0] ?? null;
}

/** What one cell is, in a few lines: name, state, tags and change (or, aggregated, the mix of its digests). */
export function cellWords(index: SnapshotIndex, states: Uint8Array, changes: Int8Array, repository: number, [start, end]: [number, number]): string[] {
  const name = index.repositoryNames[repository]!;
  if (end - start === 1) {
    const tags = index.tagNames.slice(index.artifactTagStart[start]!, index.artifactTagStart[start + 1]!);
    const change = changes[start];
    return [
      `${name}@${shortDigest(index.artifactDigests.get(start))}`,
      CELL_LABELS[states[start] as CellState],
      tags.length === 0 ? 'no tags' : `tags: ${tags.slice(0, 5).join(', ')}${tags.length > 5 ? `, and ${formatCount(tags.length - 5)} more` : ''}`,
      ...(change === 1 ? ['newly locked by the draft'] : change === -1 ? ['freed by the draft'] : []),
    ];
  }
  const counts = countStates(states, start, end);
  let newly = 0;
  let freed = 0;
  for (let a = start; a < end; a++) {
    if (changes[a] === 1) newly++;
    else if (changes[a] === -1) freed++;
  }
  return [
    `${name}: ${formatCount(end - start)} digests`,
    ...([CELL_LOCKED, CELL_MIXED, CELL_RETAINED, CELL_UNTAGGED, CELL_FREE] as const).filter((state) => counts[state]! > 0).map((state) => `${formatCount(counts[state]!)} ${CELL_LABELS[state].toLowerCase()}`),
    ...(newly > 0 ? [`${formatCount(newly)} newly locked by the draft`] : []),
    ...(freed > 0 ? [`${formatCount(freed)} freed by the draft`] : []),
  ];
}
