// Retention's doublestar selector on the cases of Harbor's selector test (v2.15.2,
// src/lib/selector/selectors/doublestar/selector_test.go, file:line at each case), the `extras` that
// decide untagged artifacts as Go's json.Unmarshal reads them, and the kinds Harbor does not register.
// docs/harbor-retention.md §4.
import { describe, expect, it } from 'vitest';
import { compileRetentionSelector, untaggedFromExtras, untaggedSetting } from '../../../shared/retention/selector.js';
import type { RetentionSelector } from '../../../shared/retention/policy.js';
import { art, forecast, policy, rule, sel, snapshot, withOutcome } from './helpers.js';

/** selector_test.go:43-87: library/harbor:latest, retention/redis:4.0, retention/redis:4.1, library/special (untagged). */
const CANDIDATES = [
  { name: 'harbor:latest', namespace: 'library', repository: 'harbor', tags: ['latest'] },
  { name: 'redis:4.0', namespace: 'retention', repository: 'redis', tags: ['4.0'] },
  { name: 'redis:4.1', namespace: 'retention', repository: 'redis', tags: ['4.1'] },
  { name: 'special', namespace: 'library', repository: 'special', tags: [] as string[] },
];

function selected(selector: RetentionSelector): string[] {
  const compiled = compileRetentionSelector(selector, 'v1.3.4', 'test');
  return CANDIDATES.filter((c) => compiled.select(c.namespace, c.repository, c.tags, 0, c.tags.length) === 1).map((c) => c.name);
}

// Harbor's test builds some selectors as struct literals (untagged false unless set); extras say the same.
const literal = (decoration: string, pattern: string, untagged = false) => sel(decoration, pattern, JSON.stringify({ untagged }));

describe('doublestar selector (selector_test.go)', () => {
  it('matches: some tag matches; untagged per the setting (:92-123)', () => {
    expect(selected(literal('matches', '{latest,4.*}'))).toEqual(['harbor:latest', 'redis:4.0', 'redis:4.1']);
    expect(selected(literal('matches', '4.*'))).toEqual(['redis:4.0', 'redis:4.1']);
    // New(Matches, "4.*", ""): untagged defaults to true, so the untagged artifact is selected too (:116-120).
    expect(selected(sel('matches', '4.*'))).toEqual(['redis:4.0', 'redis:4.1', 'special']);
  });

  it('excludes: some tag does not match; untagged true excludes untagged artifacts too (:127-155)', () => {
    expect(selected(literal('excludes', '{latest,4.*}', true))).toEqual([]);
    // New(Excludes, ..., ""): untagged defaults to false, so the untagged artifact is selected (:138-142).
    expect(selected(sel('excludes', '{latest,4.*}'))).toEqual(['special']);
    expect(selected(literal('excludes', '4.*', true))).toEqual(['harbor:latest']);
  });

  it('repoMatches and repoExcludes read the repository name without the project (:159-209)', () => {
    expect(selected(sel('repoMatches', '{redis}'))).toEqual(['redis:4.0', 'redis:4.1']);
    expect(selected(sel('repoMatches', 'har*'))).toEqual(['harbor:latest']);
    expect(selected(sel('repoExcludes', '{redis}'))).toEqual(['harbor:latest', 'special']);
    expect(selected(sel('repoExcludes', 'har*'))).toEqual(['redis:4.0', 'redis:4.1', 'special']);
  });

  it('nsMatches and nsExcludes read the project name (:213-263), unlike on the immutability path', () => {
    expect(selected(sel('nsMatches', '{library}'))).toEqual(['harbor:latest', 'special']);
    expect(selected(sel('nsExcludes', '{library}'))).toEqual(['redis:4.0', 'redis:4.1']);
    expect(selected(sel('nsExcludes', 're*'))).toEqual(['harbor:latest', 'special']);
  });

  it('an empty pattern matches everything without reaching the glob library (selector.go:165)', () => {
    expect(selected(sel('matches', '', '{"untagged":false}'))).toEqual(['harbor:latest', 'redis:4.0', 'redis:4.1']);
  });

  it('a broken glob is an error only when a name reaches the broken part', () => {
    const compiled = compileRetentionSelector(sel('matches', 'a['), 'v1.3.4', 'test');
    expect(compiled.select('p', 'r', ['b'], 0, 1)).toBe(0);
    expect(compiled.select('p', 'r', ['ab'], 0, 1)).toBe(-1);
  });

  it('unregistered kinds and decorations are refused as index.Get refuses them (index/index.go:75-89)', () => {
    expect(compileRetentionSelector({ kind: 'label', decoration: 'withLabels', pattern: 'L1' }, 'v1.3.4', 't').invalid).toBe('selector label is not registered');
    expect(compileRetentionSelector({ kind: 'doublestar', decoration: 'matching', pattern: '*' }, 'v1.3.4', 't').invalid).toBe('decoration matching of selector doublestar is not supported');
    expect(compileRetentionSelector({ kind: '', decoration: 'matches', pattern: '*' }, 'v1.3.4', 't').invalid).toBe('empty selector kind or decoration');
  });
});

describe('extras: {"untagged": …} as Go reads it (doublestar/selector.go:137-149)', () => {
  it.each([
    ['{"untagged":true}', true],
    ['{"untagged":false}', false],
    ['{"UNTAGGED":true}', true],
    ['{"Untagged": true, "other": 1}', true],
    ['{}', false],
    ['null', false],
    ['{"untagged":null}', false],
    ['{"untagged":"true"}', null],
    ['{"untagged":1}', null],
    ['[true]', null],
    ['true', null],
    ['not json', null],
    ['{"untagged":true,"untagged":false}', false],
  ])('%s -> %s', (extras, expected) => {
    expect(untaggedFromExtras(extras)).toBe(expected);
  });

  it('the default (no extras, or extras Go cannot read): true for matches, false for excludes', () => {
    expect(untaggedSetting(sel('matches', '*'))).toBe(true);
    expect(untaggedSetting(sel('excludes', '*'))).toBe(false);
    expect(untaggedSetting(sel('matches', '*', '{"untagged":"yes"}'))).toBe(true);
    expect(untaggedSetting(sel('excludes', '*', '{}'))).toBe(false);
    expect(untaggedSetting(sel('matches', '*', '{}'))).toBe(false);
  });
});

describe('the untagged choice in a forecast', () => {
  const snap = snapshot({ app: [art(['v1'], { pushed: 300 }), art([], { pushed: 200, digest: 'sha256:' + 'c'.repeat(64) }), art(['v0'], { pushed: 100 })] });
  const untagged = 'sha256:' + 'c'.repeat(64);

  it('matches "**" with untagged: untagged artifacts are candidates of the rule like any other', () => {
    expect(withOutcome(forecast(snap, policy(rule('latestPushedK', 2, { tag_selectors: [sel('matches', '**', '{"untagged":true}')] }))), 'retained')).toEqual([untagged, 'v1'].sort());
  });

  it('matches "**" without untagged: retain means delete the rest, so untagged artifacts are deleted', () => {
    const result = forecast(snap, policy(rule('latestPushedK', 2, { tag_selectors: [sel('matches', '**', '{"untagged":false}')] })));
    expect(withOutcome(result, 'retained')).toEqual(['v0', 'v1']);
    expect(withOutcome(result, 'deleted')).toEqual([untagged]);
  });

  it('excludes "v0" with untagged true: untagged artifacts are excluded from the rule, and so deleted', () => {
    const result = forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('excludes', 'v0', '{"untagged":true}')] })));
    expect(withOutcome(result, 'retained')).toEqual(['v1']);
    expect(withOutcome(result, 'deleted')).toEqual([untagged, 'v0'].sort());
  });
});
