// Runs anywhere (pure).
/**
 * What kinds of tags a project holds, read from the names alone: releases with and without a leading
 * `v`, releases with a suffix (`1.27.3-alpine`), pre-releases (`5.1-rc2`), version aliases (`1.27`,
 * `3-alpine`), dates (`nightly-20241213`), commit hashes, build numbers and channel names (`latest`,
 * `stable`, `alpine`). Presets are shaped and measured against this, because a pattern such as `v*.*.*`
 * locks almost nothing where releases are tagged `1.27.3`.
 */

export type TagStyle =
  | 'release-v'
  | 'release'
  | 'release-suffix'
  | 'pre-release'
  | 'version-alias'
  | 'date'
  | 'commit'
  | 'build'
  | 'channel'
  | 'other';

export const TAG_STYLE_TEXT: Record<TagStyle, string> = {
  'release-v': 'releases with v (v1.2.3)',
  release: 'releases without v (1.2.3)',
  'release-suffix': 'releases with a suffix (1.2.3-alpine)',
  'pre-release': 'pre-releases (1.2.3-rc1, 5.1-beta)',
  'version-alias': 'version aliases (1.27, 3-alpine)',
  date: 'dated builds (nightly-20241213)',
  commit: 'commit hashes (sha-5ae1f09)',
  build: 'build and pull-request numbers (1042, pr-17)',
  channel: 'channel names (latest, stable, alpine)',
  other: 'other names',
};

/** Styles whose tags are usually moved to a newer digest: locking them breaks whoever pushes or syncs them. */
export const MOVING_STYLES: ReadonlySet<TagStyle> = new Set(['version-alias', 'channel']);

/** Markers of a pre-release where they follow a version (semver and the usual spellings). */
export const PRE_RELEASE_MARKERS = ['rc', 'alpha', 'beta', 'pre', 'preview', 'dev', 'snapshot', 'canary', 'nightly', 'test'] as const;

const VERSION_CORE = /^v?\d+\.\d+\.\d+/;
const PRE_RELEASE = new RegExp(`^v?\\d+(?:\\.\\d+)*.*?(?:^|[^a-z])(?:${PRE_RELEASE_MARKERS.join('|')})(?![a-z])`, 'i');
const DATE = /(?:^|\D)(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:\D|$)/;
const COMMIT = /^(?:sha-|git-|commit-|g)?[0-9a-f]{7,40}$/i;
const BUILD = /^(?:\d{3,}|(?:build|b|ci|run|pr|mr)[-_.]?\d+)$/i;
const ALIAS = /^v?\d+(?:\.\d+)?(?:[-_][a-z][a-z0-9.]*)*$/i;
const CHANNEL = /^[a-z][a-z_-]*$/i;

export function classifyTag(name: string): TagStyle {
  if (PRE_RELEASE.test(name)) return 'pre-release';
  if (/^v\d+\.\d+\.\d+$/.test(name)) return 'release-v';
  if (/^\d+\.\d+\.\d+$/.test(name)) return 'release';
  if (VERSION_CORE.test(name)) return 'release-suffix';
  if (DATE.test(name)) return 'date';
  // A hash needs a letter: all digits is a build number (or a date, above).
  if (COMMIT.test(name) && /[a-f]/i.test(name.replace(/^(?:sha-|git-|commit-|g)/i, ''))) return 'commit';
  if (BUILD.test(name)) return 'build';
  if (ALIAS.test(name)) return 'version-alias';
  if (CHANNEL.test(name)) return 'channel';
  return 'other';
}

export interface TagStyleCount {
  style: TagStyle;
  tags: number;
  /** Up to three distinct names, most frequent first. */
  examples: string[];
}

export interface TagStyles {
  total: number;
  /** Styles present, most tags first. */
  styles: TagStyleCount[];
}

/** Counts tags per distinct name: a project's 1,000,000 tags usually have far fewer distinct names. */
export function countTagNames(names: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

export function tagStyles(tagCounts: ReadonlyMap<string, number>): TagStyles {
  const byStyle = new Map<TagStyle, { tags: number; names: [string, number][] }>();
  let total = 0;
  for (const [name, count] of tagCounts) {
    total += count;
    const style = classifyTag(name);
    const entry = byStyle.get(style) ?? { tags: 0, names: [] };
    entry.tags += count;
    entry.names.push([name, count]);
    byStyle.set(style, entry);
  }
  const styles = [...byStyle].map(([style, { tags, names }]) => ({
    style,
    tags,
    examples: names
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([name]) => name),
  }));
  styles.sort((a, b) => b.tags - a.tags || a.style.localeCompare(b.style));
  return { total, styles };
}
