// Runs in the browser (pure helpers, no DOM).
/**
 * The presets panel's numbers for the open project: its tag names counted, its tag styles, and what each
 * preset (STACKIT's and the ones suggested for these tags) would lock, in words.
 */
import type { Dialect } from '../../../shared/glob/dialect.js';
import type { PresetCoverage } from '../../../shared/presets/coverage.js';
import { presetCoverage } from '../../../shared/presets/coverage.js';
import { PRESETS } from '../../../shared/presets/stackit.js';
import type { PresetSuggestion } from '../../../shared/presets/suggest.js';
import { suggestPresets } from '../../../shared/presets/suggest.js';
import type { TagStyles } from '../../../shared/presets/tag-styles.js';
import { TAG_STYLE_TEXT, tagStyles } from '../../../shared/presets/tag-styles.js';
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

export function projectTags(index: SnapshotIndex, project: number): ProjectTags {
  const counts = new Map<string, number>();
  const moving = new Map<string, number>();
  const movingBits = movingTags(index);
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const end = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = index.artifactTagStart[index.repositoryArtifactStart[r]!]!; t < end; t++) {
      const name = index.tagNames[t]!;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (movingBits[t] !== 0) moving.set(name, (moving.get(name) ?? 0) + 1);
    }
  }
  if (counts.size <= MEASURED_NAMES) return { counts, moving, leftOut: 0 };
  const kept = new Map([...counts].sort((a, b) => b[1] - a[1]).slice(0, MEASURED_NAMES));
  let leftOut = 0;
  for (const count of counts.values()) leftOut += count;
  for (const count of kept.values()) leftOut -= count;
  for (const name of moving.keys()) if (!kept.has(name)) moving.delete(name);
  return { counts: kept, moving, leftOut };
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
  const measure = (preset: { id: string; title: string; description: string; rules: ImmutableRule[] }, suggested: boolean): MeasuredPreset => ({
    ...preset,
    coverage: presetCoverage(preset.rules, dialect, tags.counts, tags.moving),
    suggested,
  });
  const suggestions: PresetSuggestion[] = suggestPresets(tags.counts);
  return {
    styles: tagStyles(tags.counts),
    leftOut: tags.leftOut,
    presets: [...PRESETS.map((p) => measure({ ...p, rules: p.rules() }, false)), ...suggestions.map((s) => measure(s, true))],
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);

/** "Tags here: 48% channel names (latest, stable, alpine), 38% releases with a suffix …". */
export function stylesText(styles: TagStyles, shown = 4): string {
  if (styles.total === 0) return 'This project has no tags.';
  const parts = styles.styles.slice(0, shown).map((s) => `${percent(s.tags, styles.total)} ${TAG_STYLE_TEXT[s.style]}`);
  // An ellipsis ends the sentence by itself: no full stop after it.
  return `Tags here: ${parts.join(', ')}${styles.styles.length > shown ? ', …' : '.'}`;
}

/** "Locks 61% of the tags here (1,234 of 2,000); none of the 37 moving tags; 2 of 2 pre-releases (5.1-rc2)." */
export function coverageText(coverage: PresetCoverage): string {
  const parts = [`Locks ${percent(coverage.locked, coverage.total)} of the tags here (${formatCount(coverage.locked)} of ${formatCount(coverage.total)})`];
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
