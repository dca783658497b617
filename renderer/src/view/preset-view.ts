// Runs in the browser (pure helpers, no DOM).
/**
 * The presets panel's numbers for the open project: its tag names counted, its tag styles, and what each
 * preset (STACKIT's and the ones suggested for these tags) would lock, in words.
 */
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { PresetCoverage } from '../../../shared/presets/coverage.js';
import { coverageOfRanked } from '../../../shared/presets/coverage.js';
import { PRESETS } from '../../../shared/presets/stackit.js';
import type { PresetSuggestion } from '../../../shared/presets/suggest.js';
import { suggestPresetsForRanked } from '../../../shared/presets/suggest.js';
import type { TagStyles } from '../../../shared/presets/tag-styles.js';
import { TAG_STYLE_TEXT, rankTagNames, stylesOfRanked } from '../../../shared/presets/tag-styles.js';
import { movingTags } from '../../../shared/lint/moving-tags.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { formatCount, plural } from './format.js';

/**
 * Distinct names measured at most: coverage is decided once per distinct name, and past this many the
 * rarest names are left out (the panel says so) to keep the panel instant.
 */
export const MEASURED_NAMES = 50_000;

export interface ProjectTags {
  counts: Map<string, number>;
  /** Per name, how many of its tags the snapshot shows moving (lint's moving-tags.ts). */
  moving: Map<string, number>;
  /** Tags whose names were left out of the measurement (rarest first), 0 normally. */
  leftOut: number;
}

/**
 * Counted per distinct name (the index's tag name ids), in typed arrays: at a million tags, a Map of
 * names updated per tag took 0.24 to 0.32 s. The Maps list the names in the order a Map of them would:
 * by first appearance, and after a cut, most tags first.
 */
export function projectTags(index: SnapshotIndex, project: number): ProjectTags {
  const { tagNameIds, distinctTagNames } = index;
  const counts = new Int32Array(distinctTagNames.length);
  const movingCounts = new Int32Array(distinctTagNames.length);
  /** Name ids in the order of their first tag, and of their first moving tag. */
  const order: number[] = [];
  const movingOrder: number[] = [];
  const movingBits = movingTags(index);
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const end = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = index.artifactTagStart[index.repositoryArtifactStart[r]!]!; t < end; t++) {
      const id = tagNameIds[t]!;
      if (counts[id]!++ === 0) order.push(id);
      if (movingBits[t] !== 0 && movingCounts[id]!++ === 0) movingOrder.push(id);
    }
  }
  const cut = order.length > MEASURED_NAMES;
  const kept = cut ? mostTagsFirst(order, counts).slice(0, MEASURED_NAMES) : order;
  const keptIds = new Uint8Array(distinctTagNames.length);
  const keptCounts = new Map<string, number>();
  for (const id of kept) {
    keptIds[id] = 1;
    keptCounts.set(distinctTagNames[id]!, counts[id]!);
  }
  const moving = new Map<string, number>();
  for (const id of movingOrder) if (keptIds[id] === 1) moving.set(distinctTagNames[id]!, movingCounts[id]!);
  let leftOut = 0;
  if (cut) for (const id of order) if (keptIds[id] === 0) leftOut += counts[id]!;
  return { counts: keptCounts, moving, leftOut };
}

/** `ids` by their counts, most first, ids with equal counts in their order in `ids` (a counting sort: counts are tag counts). */
function mostTagsFirst(ids: readonly number[], counts: Int32Array): Int32Array {
  let most = 0;
  for (const id of ids) most = Math.max(most, counts[id]!);
  // Bucket k holds the ids with `most - k` tags; starts[k] is where it begins.
  const starts = new Int32Array(most + 2);
  for (const id of ids) starts[most - counts[id]! + 1]!++;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  const sorted = new Int32Array(ids.length);
  for (const id of ids) sorted[starts[most - counts[id]!]!++] = id;
  return sorted;
}

export interface MeasuredPreset {
  /** A STACKIT preset's id, or a suggestion's. */
  id: string;
  title: string;
  description: string;
  rules: ImmutableRule[];
  coverage: PresetCoverage;
  suggested: boolean;
}

export interface PresetsView {
  styles: TagStyles;
  leftOut: number;
  presets: MeasuredPreset[];
}

export function presetsView(tags: ProjectTags, dialect: Dialect): PresetsView {
  const ranked = rankTagNames(tags.counts);
  const measure = (preset: { id: string; title: string; description: string; rules: ImmutableRule[] }, suggested: boolean): MeasuredPreset => ({
    ...preset,
    coverage: coverageOfRanked(preset.rules, dialect, ranked, tags.moving),
    suggested,
  });
  const suggestions: PresetSuggestion[] = suggestPresetsForRanked(ranked);
  return {
    styles: stylesOfRanked(ranked),
    leftOut: tags.leftOut,
    presets: [...PRESETS.map((p) => measure({ ...p, rules: p.rules() }, false)), ...suggestions.map((s) => measure(s, true))],
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

/**
 * "Tags here: 48% channel names (latest, stable, alpine), 38% releases with a suffix …". With `leftOut`
 * tags not measured (rare names past MEASURED_NAMES), the shares are of the measured tags, and say so.
 */
export function stylesText(styles: TagStyles, leftOut = 0, shown = 4): string {
  if (styles.total === 0) return 'This project has no tags.';
  const parts = styles.styles.slice(0, shown).map((s) => `${percent(s.tags, styles.total)} ${TAG_STYLE_TEXT[s.style]}`);
  // An ellipsis ends the sentence by itself: no full stop after it.
  return `${leftOut > 0 ? 'Measured tags' : 'Tags here'}: ${parts.join(', ')}${styles.styles.length > shown ? ', …' : '.'}`;
}

/**
 * "Locks 61% of the tags here (1,234 of 2,000); none of the 37 moving tags; 2 of 2 pre-releases (5.1-rc2)."
 * With `leftOut` tags not measured, "of the measured tags": a share of the project would be another number.
 */
export function coverageText(coverage: PresetCoverage, leftOut = 0): string {
  const of = leftOut > 0 ? 'the measured tags' : 'the tags here';
  const parts = [`Locks ${percent(coverage.locked, coverage.total)} of ${of} (${formatCount(coverage.locked)} of ${formatCount(coverage.total)})`];
  if (coverage.moving > 0) {
    parts.push(coverage.movingLocked === 0 ? `none of the ${plural(coverage.moving, 'moving tag')}` : `${formatCount(coverage.movingLocked)} of ${plural(coverage.moving, 'moving tag')}`);
  }
  if (coverage.preReleases > 0) {
    parts.push(coverage.preReleasesLocked === 0 ? `no pre-release` : `${formatCount(coverage.preReleasesLocked)} of ${plural(coverage.preReleases, 'pre-release')}`);
  }
  let text = parts.join('; ');
  if (coverage.surprisingExamples.length > 0) text += ` (locked: ${coverage.surprisingExamples.join(', ')})`;
  if (coverage.missedReleaseExamples.length > 0) text += `; releases left mutable: ${coverage.missedReleaseExamples.join(', ')}`;
  return `${text}.`;
}
