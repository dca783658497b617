// Runs in Node (tests).
/**
 * Presets measured on projects with different tag styles: the styles are recognised, the STACKIT presets
 * do what their descriptions say, and the suggestions fit the project (releases locked, moving and
 * pre-release tags left mutable where promised), in both glob dialects and without lint errors.
 */
import { describe, expect, it } from 'vitest';
import { lintRules } from '../../../shared/lint/lint.js';
import { presetCoverage } from '../../../shared/presets/coverage.js';
import { PRESETS, presetById } from '../../../shared/presets/stackit.js';
import { suggestPresets } from '../../../shared/presets/suggest.js';
import { classifyTag, countTagNames, tagStyles } from '../../../shared/presets/tag-styles.js';

/** Shaped like an official image's history: releases without v, suffixes, aliases, channels. */
const officialStyle = countTagNames([
  ...['1.27.3', '1.27.2', '1.26.10', '1.25.4', '1.27.3-alpine', '1.27.2-alpine', '1.26.10-alpine', '1.27.3-alpine3.19'],
  ...['1.27', '1.26', '1', '1.27-alpine', '1-alpine', 'stable', 'mainline', 'alpine', 'latest', 'latest', 'latest'],
  ...['1.28.0-rc1', '1.28.0-beta.2'],
]);
/** An application team's: v-releases, release candidates, CI tags. */
const teamStyle = countTagNames(['v2.3.0', 'v2.3.1', 'v2.4.0', 'v2.4.0-rc.1', 'v2.4.0-rc.2', 'main', 'latest', 'sha-5ae1f09', 'sha-77c0e12', 'pr-17', 'nightly-20241213']);

const styleOf = (names: string[]) => Object.fromEntries(names.map((n) => [n, classifyTag(n)]));

describe('tag styles', () => {
  it('tells releases, suffixes, pre-releases, aliases, dates, hashes, builds and channels apart', () => {
    expect(styleOf(['v1.2.3', '1.2.3', '1.27.3-alpine', '5.1-rc2', '1.2.3rc1', '1.0.0-dev.3', '1.27', '3-alpine', '18-bullseye-slim', 'nightly-20241213', '2024-12-13', 'sha-5ae1f09', '5ae1f09', '1042', 'pr-17', 'latest', 'stable', 'alpine', 'foo+bar'])).toEqual({
      'v1.2.3': 'release-v',
      '1.2.3': 'release',
      '1.27.3-alpine': 'release-suffix',
      '5.1-rc2': 'pre-release',
      '1.2.3rc1': 'pre-release',
      '1.0.0-dev.3': 'pre-release',
      '1.27': 'version-alias',
      '3-alpine': 'version-alias',
      '18-bullseye-slim': 'version-alias',
      'nightly-20241213': 'date',
      '2024-12-13': 'date',
      'sha-5ae1f09': 'commit',
      '5ae1f09': 'commit',
      '1042': 'build',
      'pr-17': 'build',
      latest: 'channel',
      stable: 'channel',
      alpine: 'channel',
      'foo+bar': 'other',
    });
  });

  it('counts tags per style, most first, with the most frequent names as examples', () => {
    const styles = tagStyles(officialStyle);
    expect(styles.total).toBe(21);
    expect(styles.styles[0]).toEqual({ style: 'channel', tags: 6, examples: ['latest', 'alpine', 'mainline'] });
    expect(styles.styles.map((s) => s.style).sort()).toEqual(['channel', 'pre-release', 'release', 'release-suffix', 'version-alias']);
  });
});

describe('the STACKIT presets, measured', () => {
  it('v*.*.* locks nothing where releases have no v, and does lock v-pre-releases', () => {
    const release = presetById('release-tags')!.rules();
    expect(presetCoverage(release, 'v1.3.4', officialStyle)).toMatchObject({ locked: 0, missedReleaseExamples: ['1.25.4', '1.26.10', '1.26.10-alpine'] });
    expect(presetCoverage(release, 'v1.3.4', teamStyle)).toMatchObject({ locked: 5, preReleasesLocked: 2 });
  });

  it('"allow rc, test and nightly" leaves only the bare names mutable', () => {
    const coverage = presetCoverage(presetById('protect-production')!.rules(), 'v1.3.4', countTagNames(['rc', 'test', 'nightly', '5.1-rc2', 'nightly-20241213', '1.0.0']));
    expect(coverage).toMatchObject({ locked: 3, total: 6, preReleasesLocked: 1 });
    expect(presetById('protect-production')!.description).toContain('5.1-rc2');
  });

  it('all tags locks every moving tag too', () => {
    expect(presetCoverage(PRESETS[0]!.rules(), 'v1.3.4', officialStyle)).toMatchObject({ locked: 21, movingLocked: 11 });
  });
});

describe('suggested presets', () => {
  for (const [project, tags] of [
    ['official-image style', officialStyle],
    ['team style', teamStyle],
  ] as const) {
    for (const dialect of ['v1.3.4', 'v1.1.1'] as const) {
      it(`fit the ${project} (${dialect}) and lint clean`, () => {
        const suggestions = suggestPresets(tags);
        expect(suggestions.map((s) => s.id)).toEqual(['releases-as-tagged', 'releases-without-pre-releases', 'production-except-moving']);
        const releases = [...tags].filter(([n]) => /^v?\d+\.\d+\.\d+/.test(n) && classifyTag(n) !== 'pre-release').reduce((sum, [, c]) => sum + c, 0);
        const [asTagged, withoutPre, exceptMoving] = suggestions.map((s) => presetCoverage(s.rules, dialect, tags));
        // Every release is locked by all three; the first also locks pre-releases, the others none.
        expect(asTagged!.locked).toBe(releases + asTagged!.preReleases);
        expect(withoutPre).toMatchObject({ locked: releases, preReleasesLocked: 0, movingLocked: 0 });
        expect(exceptMoving).toMatchObject({ preReleasesLocked: 0, movingLocked: 0, missedReleaseExamples: [] });
        for (const suggestion of suggestions) {
          const errors = lintRules(suggestion.rules, { dialect }).filter((f) => f.severity === 'error' || f.code === 'dialect-unsupported');
          expect([suggestion.id, errors]).toEqual([suggestion.id, []]);
        }
      });
    }
  }

  it('keep covering the next release with one more digit, and stay mutable for a new pre-release', () => {
    const [, withoutPre] = suggestPresets(officialStyle);
    const next = presetCoverage(withoutPre!.rules, 'v1.3.4', countTagNames(['1.27.10', '1.27.10-alpine', '10.1.0', '1.29.0-rc1', '1.27']));
    expect(next).toMatchObject({ locked: 3, preReleasesLocked: 0, movingLocked: 0 });
  });

  it('offer nothing for a project without versions or moving tags', () => {
    expect(suggestPresets(countTagNames(['foo+bar', 'x+y']))).toEqual([]);
  });
});
