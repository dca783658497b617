// Runs anywhere (pure).
/**
 * Moving tags: the tags a snapshot shows being (re)pointed at digests, so that making them immutable
 * refuses their next move. One pass over the compact index, linear in the number of tags; the answer is
 * a reason bit mask per tag, kept per index.
 *
 * - REPOINTED: the tag was set on its digest more than MOVED_AFTER_MS after the digest was first pushed.
 *   Harbor writes an artifact's push time once, when the digest first arrives, and a tag's push time when
 *   the tag is created or moved to another digest (docs/harbor-mirrors.md). A tag set later was moved
 *   there, or added to an older build (a promotion). Not read in proxy-cache projects, where a tag is
 *   added to a cached digest when someone first pulls it.
 * - VERSION_ALIAS: the tag is a shorter version of another tag on the same digest: `1.27` beside
 *   `1.27.3`, `3-alpine` beside `3.19.1-alpine`, `v1` beside `v1.2.0` (same `v`, same suffix).
 * - CHANNEL: a channel name (`latest`, `stable`, `lts`, `alpine`, ...; ci-tags.ts).
 */
import { perIndex } from '../snapshot/per-index.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { isChannelTag } from './ci-tags.js';

export const MOVING_REPOINTED = 1;
export const MOVING_VERSION_ALIAS = 2;
export const MOVING_CHANNEL = 4;

export type MovingReason = 'version-alias' | 'repointed' | 'channel';

/** Reasons in the order findings name them. */
export const MOVING_REASONS: ReadonlyArray<{ bit: number; reason: MovingReason }> = [
  { bit: MOVING_VERSION_ALIAS, reason: 'version-alias' },
  { bit: MOVING_REPOINTED, reason: 'repointed' },
  { bit: MOVING_CHANNEL, reason: 'channel' },
];

/**
 * How much later than its digest a tag must have been set to count as moved. Tags pushed together with
 * their digest (one push, or several tags in one pipeline step) are seconds apart.
 */
export const MOVED_AFTER_MS = 5 * 60_000;

/** `c` is an ASCII digit. */
const digit = (c: number) => c >= 48 && c <= 57;

/**
 * The shorter versions a tag `[v]N(.N)*[suffix]` stands for (`1.27.3-alpine` -> `1-alpine`,
 * `1.27-alpine`), with the same `v` and the same suffix (empty, or starting with `-`, `_` or `+`);
 * none for a tag that is not such a version. Calls `out` once per shorter version.
 */
function shorterVersions(name: string, out: (alias: string) => void): void {
  let i = name.charCodeAt(0) === 118 || name.charCodeAt(0) === 86 ? 1 : 0; // v, V
  if (!digit(name.charCodeAt(i))) return;
  const dots: number[] = [];
  for (;;) {
    while (digit(name.charCodeAt(i))) i++;
    if (name.charCodeAt(i) === 46 && digit(name.charCodeAt(i + 1))) {
      dots.push(i);
      i++;
    } else break;
  }
  const rest = i < name.length ? name.charCodeAt(i) : -1;
  if (rest !== -1 && rest !== 45 && rest !== 95 && rest !== 43) return; // -, _, +
  const suffix = name.slice(i);
  for (const dot of dots) out(name.slice(0, dot) + suffix);
}

/** The reason bits of every tag of the index (0: not seen moving). Computed once per index. */
export const movingTags: (index: SnapshotIndex) => Uint8Array = perIndex((index) => detect(index));

/** What a tag name alone says, per name id in `detect` (0: not looked at yet). */
const NAME_SEEN = 1;
const NAME_CHANNEL = 2;
/** The name is a version with shorter versions (`1.27.3`, not `1` nor `main`): the only kind that makes aliases. */
const NAME_VERSION = 4;

function nameKind(name: string): number {
  let shortens = false;
  shorterVersions(name, () => (shortens = true));
  return NAME_SEEN | (isChannelTag(name) ? NAME_CHANNEL : 0) | (shortens ? NAME_VERSION : 0);
}

function detect(index: SnapshotIndex): Uint8Array {
  const bits = new Uint8Array(index.counts.tags);
  const proxyProject = index.projects.map((p) => p.proxyCache !== undefined && p.proxyCache !== null);
  // Transferred indexes may lack the time columns: then nothing counts as re-pointed.
  const timed = index.tagPushTime.length === index.counts.tags && index.artifactPushTime.length === index.counts.artifacts;
  const aliases = new Set<string>();
  const add = (alias: string) => aliases.add(alias);
  // Channel and version are properties of the name alone: worked out once per distinct name.
  const kinds = new Uint8Array(index.distinctTagNames.length);
  const { tagNames, tagNameIds, artifactTagStart, artifactPushTime, tagPushTime } = index;
  for (let a = 0; a < index.counts.artifacts; a++) {
    const start = artifactTagStart[a]!;
    const end = artifactTagStart[a + 1]!;
    if (start === end) continue;
    const pushed = artifactPushTime[a]!;
    const readTimes = timed && !proxyProject[index.repositoryProject[index.artifactRepository[a]!]!]! && !Number.isNaN(pushed);
    let versions = 0;
    for (let t = start; t < end; t++) {
      const id = tagNameIds[t]!;
      let kind = kinds[id]!;
      if (kind === 0) kinds[id] = kind = nameKind(tagNames[t]!);
      let value = 0;
      if (kind & NAME_CHANNEL) value |= MOVING_CHANNEL;
      if (readTimes && tagPushTime[t]! - pushed > MOVED_AFTER_MS) value |= MOVING_REPOINTED;
      bits[t] = value;
      if (kind & NAME_VERSION) versions++;
    }
    // An alias needs a longer version beside it on this digest.
    if (versions === 0 || end - start < 2) continue;
    // Every shorter version of every version on this digest; a tag named like one of them is an alias.
    aliases.clear();
    for (let t = start; t < end; t++) if (kinds[tagNameIds[t]!]! & NAME_VERSION) shorterVersions(tagNames[t]!, add);
    for (let t = start; t < end; t++) if (aliases.has(tagNames[t]!)) bits[t]! |= MOVING_VERSION_ALIAS;
  }
  return bits;
}

export function movingReasons(bits: number): MovingReason[] {
  return MOVING_REASONS.filter((r) => (bits & r.bit) !== 0).map((r) => r.reason);
}

/** The longer version on the same digest that a version-alias tag shortens (`1.27.3` for `1.27`), or null. */
export function aliasTarget(index: SnapshotIndex, tag: number): string | null {
  const alias = index.tagNames[tag]!;
  const a = index.tagArtifact[tag]!;
  let best: string | null = null;
  let bestLength = Infinity;
  for (let t = index.artifactTagStart[a]!; t < index.artifactTagStart[a + 1]!; t++) {
    const other = index.tagNames[t]!;
    let shortens = false;
    shorterVersions(other, (shorter) => {
      if (shorter === alias) shortens = true;
    });
    // The closest longer version names the alias best (`1.27` of `1.27.3`, not of `1.27.3.1`).
    if (shortens && other.length < bestLength) {
      best = other;
      bestLength = other.length;
    }
  }
  return best;
}
