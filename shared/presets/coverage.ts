// Runs anywhere (pure).
/**
 * What a preset would lock on a project's tags, measured: the engine decides each distinct tag name on
 * the push path (presets select every repository, so the name alone decides), weighted by how many
 * tags carry it. Reported per tag style, so "locks 61% of tags, 0 of the moving ones" is a count.
 * Moving tags are the snapshot's (lint/moving-tags.ts: aliases on the same digest, tags set after their
 * digest, channel names) when `movingCounts` is given, so the panel and lint count the same tags; from
 * names alone, the styles usually moved (version aliases by shape, channels).
 */
import type { Dialect } from '../glob/dialect.js';
import { decide } from '../engine/decide.js';
import { compileRuleSet } from '../engine/rule-set.js';
import type { ImmutableRule } from '../rules/model.js';
import type { RankedTagName, TagStyle } from './tag-styles.js';
import { MOVING_STYLES, rankTagNames } from './tag-styles.js';

export interface PresetCoverage {
  /** Tags the rules make immutable, of `total`. */
  locked: number;
  total: number;
  /** Locked tags whose style is usually moved (aliases, channels), of `moving`. */
  movingLocked: number;
  moving: number;
  preReleasesLocked: number;
  preReleases: number;
  /** Up to three names each, most frequent first. */
  lockedExamples: string[];
  /** Moving or pre-release names the rules lock: the surprises. */
  surprisingExamples: string[];
  /** Release-shaped names the rules leave mutable. */
  missedReleaseExamples: string[];
}

const RELEASE_STYLES: ReadonlySet<TagStyle> = new Set(['release', 'release-v', 'release-suffix']);

export function presetCoverage(
  rules: readonly ImmutableRule[],
  dialect: Dialect,
  tagCounts: ReadonlyMap<string, number>,
  movingCounts?: ReadonlyMap<string, number>,
): PresetCoverage {
  return coverageOfRanked(rules, dialect, rankTagNames(tagCounts), movingCounts);
}

/** As presetCoverage, on names ranked once (tag-styles.ts) for several presets. */
export function coverageOfRanked(
  rules: readonly ImmutableRule[],
  dialect: Dialect,
  ranked: readonly RankedTagName[],
  movingCounts?: ReadonlyMap<string, number>,
): PresetCoverage {
  const set = compileRuleSet(rules, dialect);
  const coverage: PresetCoverage = {
    locked: 0,
    total: 0,
    movingLocked: 0,
    moving: 0,
    preReleasesLocked: 0,
    preReleases: 0,
    lockedExamples: [],
    surprisingExamples: [],
    missedReleaseExamples: [],
  };
  const note = (list: string[], name: string) => {
    if (list.length < 3) list.push(name);
  };
  for (const { name, count, style } of ranked) {
    // Presets cover every repository, so any name stands for the repository.
    const locked = decide(set, 'any', [name], 'push').immutable;
    coverage.total += count;
    const movingCount = movingCounts ? (movingCounts.get(name) ?? 0) : MOVING_STYLES.has(style) ? count : 0;
    const moving = movingCount > 0;
    const preRelease = style === 'pre-release';
    coverage.moving += movingCount;
    if (preRelease) coverage.preReleases += count;
    if (locked) {
      coverage.locked += count;
      note(coverage.lockedExamples, name);
      coverage.movingLocked += movingCount;
      if (preRelease) coverage.preReleasesLocked += count;
      if (moving || preRelease) note(coverage.surprisingExamples, name);
    } else if (RELEASE_STYLES.has(style)) {
      note(coverage.missedReleaseExamples, name);
    }
  }
  return coverage;
}
