// Runs anywhere (pure).
/**
 * What a given Harbor release does, read from one table of facts, each with its source in Harbor's
 * history. Everything version-dependent in the engine comes from here: the glob library, the name tag
 * retention judges a repository by, and how the retention path treats untagged artifacts. Versions are
 * read as Harbor reports them (`v2.10.3-abcdef12`).
 */
import type { Dialect } from '../glob/dialect.js';

export interface RetentionBehaviour {
  /**
   * Tag retention parses the repository name again (it already has no project), so the first path
   * component is dropped: `team/app` is judged as `app`, `qa/team/backend` as `team/backend`.
   */
  readonly stripsFirstComponent: boolean;
  /** The retention path selects untagged artifacts with `matches` tag selectors too (not only `excludes`). */
  readonly untaggedMatchesSelect: boolean;
}

export interface HarborBehaviour {
  readonly dialect: Dialect;
  readonly retention: RetentionBehaviour;
}

export interface Source {
  readonly commit: string;
  readonly change: string;
  readonly issue?: string;
  readonly files: readonly string[];
}

interface Fact<T> {
  readonly id: string;
  readonly summary: string;
  /** The behaviour before the first release listed in `since`. */
  readonly before: T;
  readonly after: T;
  /** The first release of each line that has `after`; later lines have it too. */
  readonly since: readonly string[];
  /** Set when no release holds the change yet and `since` is an assumption. */
  readonly assumed?: string;
  readonly source: Source;
}

/** The table. Add a row when a Harbor release changes what immutability does. */
export const HARBOR_FACTS = {
  globLibrary: {
    id: 'glob-library',
    summary: 'The glob library matching rule patterns: bmatcuk/doublestar v1.1.1, then v1.3.4.',
    before: 'v1.1.1',
    after: 'v1.3.4',
    since: ['2.9.5', '2.10.3', '2.11.0'],
    source: {
      commit: '2f2a6462ad96ad0f5c671f81e28bdfbb9db77738',
      change: '#19698 (first in 2.11.0), back-ported as #20442 (6c984d8ce2, 2.10.3) and #20443 (64e4c85273, 2.9.5)',
      files: ['src/go.mod'],
    },
  } satisfies Fact<Dialect>,
  retentionUntagged: {
    id: 'retention-untagged',
    summary:
      'On the retention path, `matches` rules stopped selecting untagged artifacts: the immutability matcher builds its tag selector with {"untagged": false} ' +
      '(before, the selector default kept untagged artifacts for `matches` and `excludes` alike).',
    before: true,
    after: false,
    since: ['2.5.0'],
    source: { commit: '490fe4e5b3880b8e5a359b37a2ad16839ae2e70d', change: '#16386', issue: '#16335', files: ['src/pkg/immutable/match/rule/match.go', 'src/lib/selector/selectors/doublestar/selector.go'] },
  } satisfies Fact<boolean>,
  retentionName: {
    id: 'retention-name',
    summary:
      'Tag retention strips the repository name twice: candidates already carry the name without the project (launcher.go, getRepositories), ' +
      'and isImmutable parses it again with utils.ParseRepository, dropping the first path component when there is a "/".',
    before: true,
    after: false,
    since: ['2.16.0'],
    assumed: "merged on Harbor's main branch on 2026-07-15 and in no release up to 2.15.2; Taglock assumes it ships in 2.16.0",
    source: {
      commit: '20ccb7778c99f20b34a7e982db8bd5dffbdd8643',
      change: '#23546',
      issue: '#23530 (also #20448)',
      files: ['src/pkg/retention/policy/action/performer.go', 'src/pkg/retention/launcher.go', 'src/common/utils/utils.go'],
    },
  } satisfies Fact<boolean>,
} as const;

/** The first release with tag immutability. */
const FIRST_WITH_IMMUTABILITY = '1.10.0';
/** The newest release line the table speaks for (assumed facts included). */
const NEWEST_KNOWN_LINE = [2, 16] as const;
/** The newest release, assumed when a server does not say its version. */
export const LATEST_RELEASE = '2.15.2';

type Triple = readonly [number, number, number];

export function parseHarborVersion(version: string | null | undefined): Triple | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec((version ?? '').trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether release `v` has a change first shipped in the `since` releases (one per release line). */
export function hasChange(v: Triple, since: readonly string[]): boolean {
  const firsts = since.map((s) => parseHarborVersion(s)!).sort(compare);
  const sameLine = firsts.find((s) => s[0] === v[0] && s[1] === v[1]);
  if (sameLine) return v[2] >= sameLine[2];
  const newest = firsts[firsts.length - 1]!;
  return v[0] > newest[0] || (v[0] === newest[0] && v[1] > newest[1]);
}

function valueAt<T>(fact: Fact<T>, v: Triple): T {
  return hasChange(v, fact.since) ? fact.after : fact.before;
}

export interface HarborProfile {
  /** The version as given (e.g. `v2.15.2-abcdef12`), or null when none was known. */
  readonly version: string | null;
  /** The release whose behaviour is used: `2.15.2`. */
  readonly release: string;
  /** For people: "Harbor 2.15.2". */
  readonly label: string;
  readonly behaviour: HarborBehaviour;
  /** What was assumed and why (unknown version, newer than the table, an assumed fact). */
  readonly notes: readonly string[];
}

function behaviourAt(v: Triple): HarborBehaviour {
  return {
    dialect: valueAt(HARBOR_FACTS.globLibrary, v),
    retention: { stripsFirstComponent: valueAt(HARBOR_FACTS.retentionName, v), untaggedMatchesSelect: valueAt(HARBOR_FACTS.retentionUntagged, v) },
  };
}

/** The profile of a Harbor version as the server reports it; unknown and newer versions say what they assume. */
export function harborProfile(version: string | null | undefined): HarborProfile {
  const given = version?.trim() ? version.trim() : null;
  const parsed = parseHarborVersion(given);
  const notes: string[] = [];
  let used: Triple;
  if (parsed === null) {
    used = parseHarborVersion(LATEST_RELEASE)!;
    notes.push(given === null ? `Harbor's version is unknown (it is shown only to signed-in users): assuming ${LATEST_RELEASE}, the newest release.` : `"${given}" is not a Harbor version: assuming ${LATEST_RELEASE}, the newest release.`);
  } else if (parsed[0] > NEWEST_KNOWN_LINE[0] || (parsed[0] === NEWEST_KNOWN_LINE[0] && parsed[1] > NEWEST_KNOWN_LINE[1])) {
    used = parsed;
    notes.push(`Harbor ${parsed.join('.')} is newer than the versions Taglock knows (up to ${NEWEST_KNOWN_LINE.join('.')}): assuming their newest known behaviour.`);
  } else {
    used = parsed;
    if (compare(parsed, parseHarborVersion(FIRST_WITH_IMMUTABILITY)!) < 0) notes.push(`Harbor ${parsed.join('.')} has no tag immutability (it came in ${FIRST_WITH_IMMUTABILITY}).`);
  }
  const release = used.join('.');
  const fix = HARBOR_FACTS.retentionName;
  if (hasChange(used, fix.since) && 'assumed' in fix) notes.push(`The retention repository-name fix (${fix.source.change}) was ${fix.assumed}.`);
  return { version: given, release, label: `Harbor ${release}`, behaviour: behaviourAt(used), notes };
}

/** The name tag retention judges a repository by (the push, delete and listing paths use the name itself). */
export function retentionName(retention: RetentionBehaviour, repository: string): string {
  if (!retention.stripsFirstComponent) return repository;
  const trimmed = repository.replace(/^\/+|\/+$/g, '');
  const slash = trimmed.indexOf('/');
  return slash < 0 ? trimmed : trimmed.slice(slash + 1);
}

/** The profile used when nothing says which Harbor: the newest release. */
export const DEFAULT_PROFILE: HarborProfile = harborProfile(LATEST_RELEASE);
