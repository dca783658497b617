// Runs anywhere (pure).
/**
 * Presets shaped by the tags a project really has. A glob cannot say "digits only", so a release rule
 * that must leave pre-releases mutable lists the release shapes it saw (`1.27.3`, `v2.0.1-alpine`),
 * each number allowed one digit more than seen (1.27.9 → 1.27.10 stays covered). Every suggestion is
 * measured by coverage.ts before it is shown; none is offered that would lock nothing.
 */
import { MAX_PATTERN_LENGTH } from '../glob/limits.js';
import type { ImmutableRule } from '../rules/model.js';
import { makeRule } from '../rules/model.js';
import type { RankedTagName } from './tag-styles.js';
import { PRE_RELEASE_MARKERS, rankTagNames } from './tag-styles.js';

export interface PresetSuggestion {
  id: 'releases-as-tagged' | 'releases-without-pre-releases' | 'production-except-moving';
  title: string;
  description: string;
  rules: ImmutableRule[];
}

/** Most alternatives one suggested pattern lists (Harbor stores any length; people must read it). */
const MAX_ALTERNATIVES = 64;
/** A version number (the first three) may grow to this many digits before the rule must be widened. */
const MAX_DIGITS = 4;
/** Numbers after the version (`alpine3.19`) keep the lengths seen. */
const GROWING_NUMBERS = 3;

const everyRepository = { decoration: 'repoMatches', pattern: '**' } as const;
const rule = (decoration: 'matches' | 'excludes', pattern: string) => makeRule({ repository: everyRepository, tag: { decoration, pattern } });

/** `{a,b}`, or `a` alone: braces around a single alternative add nothing. */
function alternatives(list: readonly string[]): string {
  return list.length === 1 ? list[0]! : `{${list.join(',')}}`;
}

/** The release prefix shapes present: `v1.2.3…`, `1.2.3…`, or both. */
function releasePrefix(ranked: readonly RankedTagName[]): string | null {
  let withV = false;
  let without = false;
  for (const { name } of ranked) {
    if (/^v\d+\.\d+\.\d+/.test(name)) withV = true;
    else if (/^\d+\.\d+\.\d+/.test(name)) without = true;
  }
  if (withV && without) return '{v[0-9],[0-9]}';
  return withV ? 'v[0-9]' : without ? '[0-9]' : null;
}

/** `1.27.3-alpine` → { shape: `#.#.#-alpine`, digits: [1, 2, 1] }. */
function shapeOf(name: string): { shape: string; digits: number[] } {
  const digits: number[] = [];
  const shape = name.replace(/\d+/g, (run) => {
    digits.push(run.length);
    return '#';
  });
  return { shape, digits };
}

/**
 * Every pattern of a shape: each version number from 1 to its longest seen length + 1 digits (1.27.9
 * → 1.27.10), later numbers with exactly the lengths seen.
 */
function expandShape(shape: string, longest: readonly number[], seen: readonly ReadonlySet<number>[]): string[] {
  let out = [''];
  const parts = shape.split('#');
  parts.forEach((literal, i) => {
    out = out.map((prefix) => prefix + literal);
    if (i === parts.length - 1) return;
    const lengths = i < GROWING_NUMBERS ? Array.from({ length: Math.min(MAX_DIGITS, longest[i]! + 1) }, (_, k) => k + 1) : [...seen[i]!].sort();
    out = out.flatMap((prefix) => lengths.map((n) => prefix + '[0-9]'.repeat(n)));
  });
  return out;
}

type ShapeTable = Map<string, { tags: number; longest: number[]; seen: Set<number>[] }>;

function addShape(shapes: ShapeTable, name: string, count: number): void {
  const { shape, digits } = shapeOf(name);
  const entry = shapes.get(shape) ?? { tags: 0, longest: digits.map(() => 0), seen: digits.map(() => new Set<number>()) };
  entry.tags += count;
  entry.longest = entry.longest.map((n, i) => Math.max(n, digits[i]!));
  digits.forEach((n, i) => entry.seen[i]!.add(n));
  shapes.set(shape, entry);
}

/** The shapes, most tags first, expanded while the list stays within `room` alternatives. */
function expandShapes(shapes: ShapeTable, room: number): string[] {
  const chosen: string[] = [];
  for (const [shape, { longest, seen }] of [...shapes].sort((a, b) => b[1].tags - a[1].tags || a[0].localeCompare(b[0]))) {
    const expanded = expandShape(shape, longest, seen);
    const next = [...chosen, ...expanded];
    if (next.length > room || alternatives(next).length > MAX_PATTERN_LENGTH) continue;
    chosen.push(...expanded);
  }
  return chosen;
}

/** The release shapes seen, as one brace list within the pattern limits. */
function releaseShapesPattern(ranked: readonly RankedTagName[]): string | null {
  const shapes: ShapeTable = new Map();
  for (const { name, count, style } of ranked) {
    if (style === 'release' || style === 'release-v' || style === 'release-suffix') addShape(shapes, name, count);
  }
  const chosen = expandShapes(shapes, MAX_ALTERNATIVES);
  return chosen.length === 0 ? null : alternatives(chosen);
}

/** `5.1-rc2` → `*-rc*`, `1.2.3rc1` → `*[0-9]rc*`: the marker with what precedes it, so `arch` is not `rc`. */
function preReleaseAlternative(name: string): string | null {
  for (const marker of PRE_RELEASE_MARKERS) {
    const found = new RegExp(`(^|[^a-z])${marker}(?![a-z])`, 'i').exec(name);
    if (!found) continue;
    const before = found[1]!;
    const literal = name.slice(found.index + before.length, found.index + before.length + marker.length);
    if (before === '') return `${literal}*`;
    return /\d/.test(before) ? `*[0-9]${literal}*` : `*${before}${literal}*`;
  }
  return null;
}

/**
 * Moving and pre-release names as one exclusion: channels by name, version aliases by their exact
 * shapes (a loose `[0-9]*.[0-9]*` would exclude every release too), pre-releases by marker, dated and
 * build tags by their word prefix.
 */
function movingPattern(ranked: readonly RankedTagName[]): string | null {
  const named = new Set<string>();
  const aliases: ShapeTable = new Map();
  for (const { name, count, style } of ranked) {
    if (style === 'channel') named.add(name);
    else if (style === 'version-alias') addShape(aliases, name, count);
    else if (style === 'pre-release') {
      const alternative = preReleaseAlternative(name);
      if (alternative) named.add(alternative);
    } else if (style === 'date' || style === 'commit' || style === 'build') {
      const prefix = /^[a-z]+[-_.]/i.exec(name)?.[0];
      if (prefix) named.add(`${prefix}*`);
    }
  }
  const list = [...named].slice(0, MAX_ALTERNATIVES / 2);
  list.push(...expandShapes(aliases, MAX_ALTERNATIVES - list.length));
  return list.length === 0 ? null : alternatives(list);
}

export function suggestPresets(tagCounts: ReadonlyMap<string, number>): PresetSuggestion[] {
  return suggestPresetsForRanked(rankTagNames(tagCounts));
}

/** As suggestPresets, on names ranked once (tag-styles.ts). */
export function suggestPresetsForRanked(ranked: readonly RankedTagName[]): PresetSuggestion[] {
  const out: PresetSuggestion[] = [];
  const prefix = releasePrefix(ranked);
  if (prefix !== null) {
    out.push({
      id: 'releases-as-tagged',
      title: 'Protect releases, as this project tags them',
      description: `Tags that begin with a three-part version${prefix.includes('v') ? (prefix.startsWith('{') ? ' (with or without v)' : ' with v') : ''}: 1.2.3, 1.2.3-alpine, and pre-releases such as 1.2.3-rc1 too.`,
      rules: [rule('matches', `${prefix}*.*.*`)],
    });
  }
  const hasPreReleases = ranked.some((tag) => tag.style === 'pre-release');
  const shapes = hasPreReleases ? releaseShapesPattern(ranked) : null;
  if (shapes !== null) {
    out.push({
      id: 'releases-without-pre-releases',
      title: 'Protect releases, leave pre-releases mutable',
      description: `The release shapes found here (each number may grow by one digit); pre-releases, aliases and other tags stay mutable. A new shape (another suffix) needs the rule widened.`,
      rules: [rule('matches', shapes)],
    });
  }
  const moving = movingPattern(ranked);
  if (moving !== null) {
    out.push({
      id: 'production-except-moving',
      title: 'Protect everything except the moving and pre-release tags found here',
      description: 'Every tag is immutable except the channel names, version aliases, pre-releases and build tags seen in this project.',
      rules: [rule('excludes', moving)],
    });
  }
  return out;
}
