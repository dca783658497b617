// Runs in the browser (pure helpers, no DOM).
/**
 * The per-repository picture of what the draft changes: its tags before (server rules) and after (the
 * draft) split into immutable, newly immutable, freed and mutable, and the same for the bytes of its
 * digests that are locked. Sizes are each artifact's own as the registry reports them (layers shared
 * between artifacts count once per artifact), unknown sizes count as zero and are counted apart.
 */
import type { SimulationView } from '../sim/compute.js';

export interface BeforeAfter {
  total: number;
  /** Immutable (locked) with both rule sets. */
  kept: number;
  /** Immutable (locked) only with the draft. */
  newly: number;
  /** Immutable (locked) only with the server rules. */
  freed: number;
}

export interface RepositoryBars {
  repository: number;
  tags: BeforeAfter;
  bytes: BeforeAfter;
  /** Digests whose size the registry did not report. */
  unknownSizes: number;
}

/** Before = kept + freed; after = kept + newly. */
export const before = (x: BeforeAfter): number => x.kept + x.freed;
export const after = (x: BeforeAfter): number => x.kept + x.newly;

const empty = (): BeforeAfter => ({ total: 0, kept: 0, newly: 0, freed: 0 });

function add(into: BeforeAfter, weight: number, wasLocked: boolean, isLocked: boolean): void {
  into.total += weight;
  if (wasLocked && isLocked) into.kept += weight;
  else if (isLocked) into.newly += weight;
  else if (wasLocked) into.freed += weight;
}

/** Every repository's bars, in snapshot order (one pass over tags and digests). */
export function repositoryBars(view: SimulationView): RepositoryBars[] {
  const index = view.draft.index;
  const out: RepositoryBars[] = index.repositoryNames.map((_, repository) => ({ repository, tags: empty(), bytes: empty(), unknownSizes: 0 }));
  for (let a = 0; a < index.counts.artifacts; a++) {
    const bars = out[index.artifactRepository[a]!]!;
    const size = index.artifactSize[a]!;
    if (!Number.isFinite(size)) bars.unknownSizes++;
    add(bars.bytes, Number.isFinite(size) ? size : 0, view.server.artifactImmutableTags[a]! > 0, view.draft.artifactImmutableTags[a]! > 0);
    for (let t = index.artifactTagStart[a]!; t < index.artifactTagStart[a + 1]!; t++) {
      add(bars.tags, 1, view.server.tagVerdict[t]! >= 0, view.draft.tagVerdict[t]! >= 0);
    }
  }
  return out;
}

/** One part of a stacked bar. */
export interface StackSegment<K extends string> {
  kind: K;
  /** Start and width as fractions of the bar (0..1). */
  start: number;
  width: number;
  value: number;
}

export type BarSegment = StackSegment<'kept' | 'newly' | 'freed' | 'mutable'>;

/** The narrowest a part that is there at all is drawn, as a share of the bar. */
export const MIN_VISIBLE = 0.015;

/** The parts of one bar of `total`, in order; parts of zero are left out. */
export function stackSegments<K extends string>(parts: readonly (readonly [K, number])[], total: number): StackSegment<K>[] {
  const segments: StackSegment<K>[] = [];
  if (total <= 0) return segments;
  // A change of one in thousands must still be seen: every part present gets a sliver at least, taken
  // from the largest part.
  const widths = parts.map(([, value]) => (value > 0 ? Math.max(MIN_VISIBLE, value / total) : 0));
  const excess = widths.reduce((sum, w) => sum + w, 0) - 1;
  if (excess > 0) {
    const largest = widths.indexOf(Math.max(...widths));
    widths[largest] = widths[largest]! - excess;
  }
  let start = 0;
  parts.forEach(([kind, value], i) => {
    if (value <= 0) return;
    segments.push({ kind, start, width: widths[i]!, value });
    start += widths[i]!;
  });
  return segments;
}

/**
 * The segments of one bar: `before` shows what the server rules lock (kept and freed together, as they
 * were immutable then); `after` splits the draft's into kept and newly, with the freed part apart.
 */
export function barSegments(x: BeforeAfter, which: 'before' | 'after'): BarSegment[] {
  const parts: [BarSegment['kind'], number][] =
    which === 'before'
      ? [
          ['kept', x.kept + x.freed],
          ['mutable', x.total - x.kept - x.freed],
        ]
      : [
          ['kept', x.kept],
          ['newly', x.newly],
          ['freed', x.freed],
          ['mutable', x.total - x.kept - x.newly - x.freed],
        ];
  return stackSegments(parts, x.total);
}
