// The forecast's outcomes where retention meets immutability and index manifests, its totals, and its
// reuse of earlier work. Cases from Harbor's performer tests (v2.15.2
// src/pkg/retention/policy/action/performer_test.go, and the test the repository-name fix added on main,
// commit 20ccb7778c) and from docs/harbor-retention.md §1, §6, §7.
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import { simulate } from '../../../shared/engine/simulate.js';
import { generateSnapshot } from '../../../shared/demo/generate.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { compileRetentionPolicy } from '../../../shared/retention/compile.js';
import type { RetentionForecast } from '../../../shared/retention/forecast.js';
import { forecastRetention, forecastRetentionInSteps } from '../../../shared/retention/forecast.js';
import type { RetentionPolicy } from '../../../shared/retention/policy.js';
import { compareForecasts, retentionArtifactRows, retentionSummary } from '../../../shared/retention/report.js';
import { retentionCandidates } from '../../../shared/retention/candidates.js';
import type { RepositoryContext, TagSelection } from '../../../shared/retention/evaluate.js';
import { EvaluationScratch, evaluateRule, evaluationKey, isDated, newRuleEvaluation, newTagSelection } from '../../../shared/retention/evaluate.js';
import { RETAINED } from '../../../shared/retention/outcomes.js';
import { wireRule } from '../../support/snapshots.js';
import { RUN_AT, art, digestOf, forecast, outcomes, policy, rows, rule, sel, snapshot, withOutcome } from './helpers.js';

describe('what immutability keeps', () => {
  it('TestPerform (performer_test.go:81-104): what no rule retains is deleted', () => {
    const snap = snapshot({ harbor: [art(['latest'], { pushed: 2 }), art(['dev'], { pushed: 1 })] });
    expect(outcomes(forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('matches', 'latest')] }))))).toEqual({ latest: 'retained', dev: 'deleted' });
  });

  it('TestPerformImmutable (performer_test.go:107-213): d2 with the immutable tag is skipped as IMMUTABLE, d1 deleted', () => {
    // Harbor's test lists d2 twice (tags immute and samedig); a registry holds one artifact with both tags.
    const snap = snapshot(
      { harbor: [art(['latest'], { pushed: 3 }), art(['dev'], { pushed: 2 })], test: [art(['immute', 'samedig'], { pushed: 1 })] },
      { rules: [wireRule(1, ['repoMatches', '**'], ['matches', 'immute'])] },
    );
    const result = forecast(snap, policy(rule('always', undefined, { tag_selectors: [sel('matches', 'latest')] })));
    const byTag = rows(result);
    expect(outcomes(result)).toEqual({ latest: 'retained', dev: 'deleted', immute: 'immutable' });
    expect(byTag.immute).toMatchObject({ rule: 'rule 1', ruleId: 1, check: 'retention' });
    expect(retentionSummary(result.totals)).toMatchObject({ artifacts: 3, retained: 1, deleted: 1, keptByImmutability: 1 });
  });

  it('2.15.2 judges team/app as app, so its own check misses the rule, and the delete refuses the immutable tag instead', () => {
    const rules = [wireRule(7, ['repoMatches', 'team/**'], ['matches', 'v*'])];
    const snap = snapshot({ 'team/app': [art(['v1'], { pushed: 2 }), art(['dev'], { pushed: 1 })] }, { rules });
    const old = forecast(snap, policy(rule('latestPushedK', 0)), { harborVersion: '2.15.2' });
    expect(outcomes(old)).toEqual({ v1: 'immutable', dev: 'deleted' });
    expect(rows(old).v1).toMatchObject({ check: 'delete', rule: 'rule 7' });
    const fixed = forecast(snap, policy(rule('latestPushedK', 0)), { harborVersion: '2.16.0' });
    expect(rows(fixed).v1).toMatchObject({ outcome: 'immutable', check: 'retention', rule: 'rule 7' });
  });

  it('TestPerformImmutableRepositoryExclusion (performer_test.go:215-270 at 20ccb7778c): repoExcludes qa/** under 2.16 and 2.15.2', () => {
    const rules = [wireRule(1, ['repoExcludes', 'qa/**'], ['matches', '**'])];
    const snap = snapshot(
      { 'qa/team/component/backend': [art(['build-42'], { digest: digestOf(0xd0) })], 'prod/team/component/backend': [art(['build-42'], { digest: digestOf(0xd1) })] },
      { project: 'example', rules },
    );
    const keepNothing = policy(rule('latestPushedK', 0));
    const byRepository = (result: RetentionForecast) => Object.fromEntries([...retentionArtifactRows(result)].map((r) => [r.repository, [r.outcome, r.check]]));
    // The fix's expectation: qa is deleted, prod is skipped as IMMUTABLE.
    expect(byRepository(forecast(snap, keepNothing, { harborVersion: '2.16.0' }))).toEqual({
      'qa/team/component/backend': ['deleted', null],
      'prod/team/component/backend': ['immutable', 'retention'],
    });
    // Up to 2.15.2 retention judges qa/team/component/backend as team/component/backend: both are kept.
    expect(byRepository(forecast(snap, keepNothing, { harborVersion: '2.15.2' }))).toEqual({
      'qa/team/component/backend': ['immutable', 'retention'],
      'prod/team/component/backend': ['immutable', 'retention'],
    });
  });

  it('an excludes rule makes retention keep untagged artifacts (IMMUTABLE); before 2.5.0 a matches rule did too', () => {
    const untagged = digestOf(0xeeee);
    const snap = snapshot({ app: [art(['dev'], { pushed: 2 }), art([], { pushed: 1, digest: untagged })] });
    const excludes = [wireRule(1, ['repoMatches', '**'], ['excludes', 'dev'])];
    const keepNothing = policy(rule('latestPushedK', 0));
    expect(outcomes(forecast(snap, keepNothing, { immutability: excludes }))).toEqual({ dev: 'deleted', [untagged]: 'immutable' });
    const matches = [wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])];
    expect(outcomes(forecast(snap, keepNothing, { immutability: matches, harborVersion: '2.15.2' }))[untagged]).toBe('deleted');
    expect(outcomes(forecast(snap, keepNothing, { immutability: matches, harborVersion: '2.4.0' }))[untagged]).toBe('immutable');
  });

  it('a broken immutability rule counts as not immutable (fail-open), on both checks', () => {
    const rules = [wireRule(1, ['repoMatches', '**'], ['matches', 'v['])];
    const snap = snapshot({ app: [art(['v1'])] }, { rules });
    expect(outcomes(forecast(snap, policy(rule('latestPushedK', 0))))).toEqual({ v1: 'deleted' });
  });
});

describe('index manifests and their children', () => {
  const childTagged = digestOf(0xc1);
  const childUntagged = digestOf(0xc2);
  const index = (pushed: number) => art(['v1'], { pushed, references: [childTagged, childUntagged], size: 5000 });
  const children = (pushed: number) => [art(['v1-amd64'], { pushed, digest: childTagged, size: 2000 }), art([], { pushed: pushed - 1, digest: childUntagged, size: 2000 })];
  const keepV1 = policy(rule('always', undefined, { tag_selectors: [sel('matches', 'v1')] }));
  const keepNothing = policy(rule('latestPushedK', 0));

  it('an untagged child is not a candidate: it shares its index fate and adds no bytes (the index size includes it)', () => {
    const result = forecast(snapshot({ app: [index(300), ...children(200)] }), keepV1);
    const byKey = rows(result);
    expect(byKey[childUntagged]).toMatchObject({ outcome: 'retained', rule: 'retention rule 1', index: byKey.v1!.digest, size: 0 });
    expect(result.totals.bytesRetained).toBe(5000);
  });

  it('a tagged child that a kept index references cannot be deleted: referenced (ERR)', () => {
    const result = forecast(snapshot({ app: [index(300), ...children(200)] }), keepV1);
    expect(rows(result)['v1-amd64']).toMatchObject({ outcome: 'referenced', index: rows(result).v1!.digest, size: 2000 });
    expect(retentionSummary(result.totals)).toMatchObject({ keptByReference: 1, bytesKeptByReference: 2000 });
  });

  it('deleted in listing order: an index deleted before its child frees it, one deleted after does not', () => {
    const indexFirst = forecast(snapshot({ app: [index(300), ...children(200)] }), keepNothing);
    expect(outcomes(indexFirst)).toEqual({ v1: 'deleted', 'v1-amd64': 'deleted', [childUntagged]: 'deleted' });
    expect(indexFirst.totals.bytesDeleted).toBe(7000);
    // The child pushed after its index is listed (and deleted) first, while the index still holds it.
    const childFirst = forecast(snapshot({ app: [index(100), ...children(200)] }), keepNothing);
    expect(outcomes(childFirst)).toEqual({ v1: 'deleted', 'v1-amd64': 'referenced', [childUntagged]: 'deleted' });
  });

  it('an index kept by immutability keeps its untagged children with it', () => {
    const rules = [wireRule(3, ['repoMatches', '**'], ['matches', 'v1'])];
    const result = forecast(snapshot({ app: [index(300), ...children(200)] }, { rules }), keepNothing);
    expect(rows(result)[childUntagged]).toMatchObject({ outcome: 'immutable', rule: 'rule 3', check: 'retention' });
    expect(rows(result)['v1-amd64']!.outcome).toBe('referenced');
  });
});

describe('totals, order and reuse', () => {
  it('a snapshot not in listing order is put in it: newest push first, later in the file first among equal times', () => {
    const snap = snapshot({ app: [art(['old'], { pushed: 100 }), art(['tie-1'], { pushed: 200 }), art(['tie-2'], { pushed: 200 }), art(['new'], { pushed: 300 })] });
    const result = forecast(snap, policy(rule('latestPushedK', 2)));
    const listed = Array.from(result.candidates.order.subarray(0, 4), (a) => result.index.tagNames[result.index.artifactTagStart[a]!]);
    expect(listed).toEqual(['new', 'tie-2', 'tie-1', 'old']);
    // Two of three candidates of 12 or fewer: insertion sort keeps listing order among the tie.
    expect(withOutcome(result, 'retained')).toEqual(['new', 'tie-2']);
  });

  it('bytes per outcome, unknown sizes counted apart', () => {
    const snap = snapshot({ app: [art(['a'], { pushed: 3, size: 100 }), art(['b'], { pushed: 2, size: null }), art(['c'], { pushed: 1, size: 7 })] });
    const summary = retentionSummary(forecast(snap, policy(rule('latestPushedK', 1))).totals);
    expect(summary).toMatchObject({ artifacts: 3, retained: 1, deleted: 2, bytesRetained: 100, bytesDeleted: 7, sizeUnknown: 1 });
  });

  it('compareForecasts: what a draft stops or starts deleting, with bytes', () => {
    const snap = snapshot({ app: [art(['a'], { pushed: 3, size: 100 }), art(['b'], { pushed: 2, size: 20 }), art(['c'], { pushed: 1, size: 3 })] });
    const index = buildSnapshotIndex(snap);
    const server = forecast(snap, policy(rule('latestPushedK', 1)), { index });
    const draft = forecast(snap, policy(rule('latestPushedK', 2)), { index });
    expect(compareForecasts(server, draft)).toEqual({ stopsDeleting: { artifacts: 1, bytes: 20 }, startsDeleting: { artifacts: 0, bytes: 0 } });
  });

  /** Everything a forecast says, as plain data. */
  const plain = (f: RetentionForecast) => ({
    outcome: Array.from(f.outcome),
    decidedBy: Array.from(f.decidedBy),
    check: Array.from(f.immutableCheck),
    via: Array.from(f.via),
    retaining: Array.from(f.retainingRules),
    repositories: f.repositories.map((r) => ({ ...r })),
    totals: f.totals,
    ruleStats: f.ruleStats.map((s) => ({ ...s, rule: s.rule.label })),
  });

  it('a forecast redone after edits, reusing the previous one, says exactly what a fresh forecast says', () => {
    const snap = generateSnapshot({
      seed: 11,
      projects: [{ name: 'shop', repositories: ['team/app', 'team/web', 'base/alpine', 'tools/ci', 'data/etl', 'qa/team/svc'], rules: null }],
      tagsPerRepository: 60,
    });
    const index = buildSnapshotIndex(snap);
    const profile = harborProfile('2.15.2');
    const immutabilityA = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']), wireRule(2, ['repoMatches', 'base/*'], ['excludes', 'latest'])]), 'v1.3.4', profile);
    const immutabilityB = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])]), 'v1.3.4', profile);
    const runAt = Date.parse(snap.fetchedAt);
    const drafts: RetentionPolicy[] = [
      policy(rule('latestPushedK', 5), rule('nDaysSinceLastPull', 30, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] })),
      policy(rule('latestPushedK', 3), rule('nDaysSinceLastPull', 30, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] })),
      policy(rule('latestPushedK', 3), rule('nDaysSinceLastPull', 30, { disabled: true }), rule('latestPulledN', 4, { scope_selectors: { repository: [sel('repoMatches', 'team/**')] } })),
      policy(rule('latestActiveK', 2), rule('latestPulledN', 4, { scope_selectors: { repository: [sel('repoMatches', 'team/**')] } })),
    ];
    let previous: RetentionForecast | null = null;
    for (const [step, draft] of drafts.entries()) {
      for (const immutability of [immutabilityA, immutabilityB]) {
        const compiled = compileRetentionPolicy(draft, 'v1.3.4');
        const again = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt, previous });
        const fresh = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt });
        expect(plain(again), `step ${step}`).toEqual(plain(fresh));
        previous = again;
      }
    }
    // The snapshot exercised the interesting paths.
    expect(previous!.totals.deleted).toBeGreaterThan(0);
    expect(previous!.totals.immutable).toBeGreaterThan(0);
  });

  /** Dated rules (two sharing their tag selectors, one of them failing where it is scoped) among others. */
  const datedPolicy = (days: number) =>
    policy(
      rule('latestPushedK', 3),
      rule('nDaysSinceLastPull', days, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] }),
      rule('nDaysSinceLastPush', days + 7, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] }),
      rule('lastXDays', days, { tag_selectors: [sel('excludes', '{latest,main}', '{"untagged":true}')] }),
      rule('lastXDays', 5, { tag_selectors: [sel('matches', 'sha-[')], scope_selectors: { repository: [sel('repoMatches', 'tools/*')] } }),
      rule('nDaysSinceLastPush', 9, { tag_selectors: [sel('matches', 'sha-[')], scope_selectors: { repository: [sel('repoMatches', 'tools/*')] } }),
    );
  const datedSnapshot = () =>
    generateSnapshot({ seed: 23, projects: [{ name: 'shop', repositories: ['team/app', 'team/web', 'base/alpine', 'tools/ci', 'data/etl'], rules: null }], tagsPerRepository: 70 });

  it('a dated rule evaluated through its tag selection retains what its own evaluation retains, at any run-at and day count, errors included', () => {
    const index = buildSnapshotIndex(datedSnapshot());
    const candidates = retentionCandidates(index);
    const runAt = Date.parse(index.meta.fetchedAt);
    const repositories = index.counts.repositories;
    const artifacts = index.counts.artifacts;
    const selections = new Map<string, TagSelection>();
    let compared = 0;
    for (const days of [0, 3, 30]) {
      // Later and later, and exactly `days` after some candidates' pushes (a cut-off on a push time).
      const aligned = [3, 50, 120].map((k) => (candidates.pushed[candidates.order[k]!]! + days * 86_400) * 1000);
      for (const at of [0, 2, 40, 400].map((shift) => runAt + shift * 86_400_000).concat(aligned)) {
        const context = (repository: number): RepositoryContext => ({
          index,
          candidates,
          repository,
          name: index.repositoryNames[repository]!,
          namespace: 'shop',
          firstArtifact: 0,
          firstRepository: 0,
          runAt: at,
        });
        for (const compiled of compileRetentionPolicy(datedPolicy(days), 'v1.3.4').rules.filter(isDated)) {
          let selection = selections.get(compiled.selectionKey);
          if (selection === undefined) selections.set(compiled.selectionKey, (selection = newTagSelection(compiled.selectionKey, artifacts, repositories)));
          const own = newRuleEvaluation('own', artifacts, repositories);
          const through = newRuleEvaluation('through', artifacts, repositories);
          for (let r = 0; r < repositories; r++) {
            evaluateRule(compiled, own, context(r), new EvaluationScratch());
            evaluateRule(compiled, through, context(r), new EvaluationScratch(), selection);
          }
          expect(Array.from(through.retained), `${compiled.label}, ${days} days, run at ${at}`).toEqual(Array.from(own.retained));
          expect([...through.errors]).toEqual([...own.errors]);
          compared += own.retained.reduce((n, word) => n + (word === 0 ? 0 : 1), 0) + own.errors.size;
        }
      }
    }
    // Three selections served the five dated rules; some runs retained something, and the broken pattern failed tools/ci.
    expect(selections.size).toBe(3);
    expect(compared).toBeGreaterThan(0);
    expect([...selections.values()].some((selection) => selection.errors.size > 0)).toBe(true);
  });

  it('a new run-at or day count matches no tag again, and says exactly what a fresh forecast says', () => {
    const index = buildSnapshotIndex(datedSnapshot());
    const immutability = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v1.*'])]), 'v1.3.4', harborProfile('2.15.2'));
    const fetched = Date.parse(index.meta.fetchedAt);
    let matches = 0;
    /** The policy compiled, with every tag selector counting its calls. */
    const counted = (days: number) => {
      const compiled = compileRetentionPolicy(datedPolicy(days), 'v1.3.4');
      for (const retentionRule of compiled.rules) {
        for (const selector of retentionRule.tagSelectors) {
          const select = selector.select;
          (selector as { select: typeof select }).select = (...args) => {
            matches++;
            return select(...args);
          };
        }
      }
      return compiled;
    };
    let previous = forecastRetention({ index, project: 0, policy: counted(30), immutability, runAt: fetched });
    expect(matches).toBeGreaterThan(0);
    for (const [days, shift] of [[30, 1], [30, 90], [12, 90], [0, 0]] as const) {
      const compiled = counted(days);
      const runAt = fetched + shift * 86_400_000;
      matches = 0;
      const again = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt, previous });
      expect(matches, `${days} days, ${shift} days later`).toBe(0);
      expect(plain(again)).toEqual(plain(forecastRetention({ index, project: 0, policy: compiled, immutability, runAt })));
      previous = again;
    }
    expect(previous.repositories.map((r) => r.status)).toContain('fails');
    expect(previous.totals.deleted).toBeGreaterThan(0);
  });

  it('in steps: a pause after each repository of the project, and what forecastRetention says; one given up midway spoils nothing it leaves', () => {
    const index = buildSnapshotIndex(datedSnapshot());
    const runAt = Date.parse(index.meta.fetchedAt);
    const input = { index, project: 0, policy: compileRetentionPolicy(datedPolicy(30), 'v1.3.4'), immutability: null, runAt };
    const first = forecastRetention(input);
    // Given up after two repositories, with `first` to reuse, at another run-at: its evaluations get further.
    const abandoned = forecastRetentionInSteps({ ...input, runAt: runAt + 86_400_000, previous: first });
    abandoned.next();
    abandoned.next();
    const steps = forecastRetentionInSteps({ ...input, runAt: runAt + 86_400_000, previous: first });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    expect(pauses).toBe(index.counts.repositories);
    expect(plain(step.value)).toEqual(plain(forecastRetention({ ...input, runAt: runAt + 86_400_000 })));
  });

  it('the rules are ORed artifact by artifact: counts, first retaining rule and outcome agree with each rule\'s own bits', () => {
    // Repositories of 70 tags: their artifacts share 32-bit words with their neighbours'.
    const index = buildSnapshotIndex(datedSnapshot());
    const runAt = Date.parse(index.meta.fetchedAt) + 20 * 86_400_000;
    const result = forecastRetention({ index, project: 0, policy: compileRetentionPolicy(datedPolicy(30), 'v1.3.4'), immutability: null, runAt });
    const retainedBy = (position: number, slot: number) => {
      const evaluation = result.reuse.evaluations.get(evaluationKey(result.policy.rules[position]!, runAt))!;
      return ((evaluation.retained[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
    };
    const perRule = new Array<number>(result.policy.rules.length).fill(0);
    let retained = 0;
    for (const repository of result.repositories) {
      if (repository.status !== 'runs') continue;
      for (let a = index.repositoryArtifactStart[repository.repository]!; a < result.candidates.candidateEnd[repository.repository]!; a++) {
        const slot = result.candidates.order[a]! - result.firstArtifact;
        const retaining = repository.rules.filter((position) => retainedBy(position, slot));
        for (const position of retaining) perRule[position]!++;
        expect(result.retainingRules[slot]).toBe(retaining.length);
        expect(result.decidedBy[slot]).toBe(retaining.length === 0 ? -1 : retaining[0]);
        if (retaining.length > 0) retained++;
        expect(result.outcome[slot] === RETAINED).toBe(retaining.length > 0);
      }
    }
    expect(result.ruleStats.map((stats) => stats.retained)).toEqual(perRule);
    expect(retained).toBe(result.totals.retained);
    expect(retained).toBeGreaterThan(0);
    expect(result.totals.deleted).toBeGreaterThan(0);
  });

  it('after an edit of the immutability rules, verdicts of the unchanged leading rules are kept, with the fresh result', () => {
    const snap = generateSnapshot({ seed: 3, projects: [{ name: 'shop', repositories: ['team/app', 'base/node', 'qa/team/svc', 'web'], rules: null }], tagsPerRepository: 70 });
    const index = buildSnapshotIndex(snap);
    const profile = harborProfile('2.15.2');
    const r1 = wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*']);
    const r2 = wireRule(2, ['repoMatches', '**'], ['excludes', '{latest,main}']);
    const r3 = wireRule(3, ['repoMatches', '**'], ['matches', 'sha-[0-7]*']);
    const steps = [
      [r1, r2, r3],
      [r1, r2, { ...r3, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'pr-*' }] }],
      [r1, { ...r2, disabled: true }, { ...r3, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'pr-*' }] }],
      [r1, { ...r2, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v[' }] }, r3],
      [r1, { ...r2, tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: 'v[' }] }, r3],
      [{ ...r1, scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: '**' }] } }, r2, r3],
      [r1, r2, r3, wireRule(4, ['repoMatches', '**'], ['matches', 'nightly*'])],
    ];
    const compiled = compileRetentionPolicy(policy(rule('latestPushedK', 3), rule('nDaysSinceLastPush', 120, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] })), 'v1.3.4');
    let previous: RetentionForecast | null = null;
    for (const [step, wire] of steps.entries()) {
      const immutability = compileRuleSet(parseWireRules(wire), 'v1.3.4', profile);
      const again = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt: RUN_AT, previous });
      const fresh = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt: RUN_AT });
      expect(plain(again), `step ${step}`).toEqual(plain(fresh));
      previous = again;
    }
  });

  it('verdicts left unjudged across two edits resume only where both edits kept the rules (retention policy changing too)', () => {
    const snap = generateSnapshot({ seed: 9, projects: [{ name: 'shop', repositories: ['team/app', 'web'], rules: null }], tagsPerRepository: 60 });
    const index = buildSnapshotIndex(snap);
    const profile = harborProfile('2.16.0');
    const r1 = wireRule(1, ['repoMatches', '**'], ['matches', 'nightly*']);
    const r2 = wireRule(2, ['repoMatches', '**'], ['matches', 'v*']);
    const r2edited = wireRule(2, ['repoMatches', '**'], ['matches', 'sha-*']);
    const r3 = wireRule(3, ['repoMatches', '**'], ['matches', 'pr-*']);
    const r3edited = wireRule(3, ['repoMatches', '**'], ['matches', 'main']);
    const keepNothing = compileRetentionPolicy(policy(rule('latestPushedK', 0)), 'v1.3.4');
    const keepAll = compileRetentionPolicy(policy(rule('always', undefined)), 'v1.3.4');
    // Judged under [r1 r2 r3]; not judged under [r1 r2' r3] (all retained); needed again under [r1 r2' r3'].
    const steps = [
      [[r1, r2, r3], keepNothing],
      [[r1, r2edited, r3], keepAll],
      [[r1, r2edited, r3edited], keepNothing],
    ] as const;
    let previous: RetentionForecast | null = null;
    for (const [step, [wire, retention]] of steps.entries()) {
      const immutability = compileRuleSet(parseWireRules(wire), 'v1.3.4', profile);
      const again = forecastRetention({ index, project: 0, policy: retention, immutability, runAt: RUN_AT, previous });
      expect(plain(again), `step ${step}`).toEqual(plain(forecastRetention({ index, project: 0, policy: retention, immutability, runAt: RUN_AT })));
      previous = again;
    }
    expect(previous!.totals.immutable).toBeGreaterThan(0);
  });

  it('judging only what retention would delete gives what a full simulation of the same rules gives', () => {
    // Rule sets that make the two checks differ: names judged differently (team/** in 2.15.2), a crossed
    // decoration, an excludes rule (untagged), a glob that fails on some tags (fail-open).
    const snap = generateSnapshot({ seed: 5, projects: [{ name: 'shop', repositories: ['team/app', 'base/node', 'tools/x', 'qa/team/svc'], rules: null }], tagsPerRepository: 80 });
    const index = buildSnapshotIndex(snap);
    const ruleSets = [
      [wireRule(1, ['repoMatches', 'team/**'], ['matches', '**']), wireRule(2, ['repoMatches', '**'], ['excludes', 'latest'])],
      [wireRule(1, ['repoMatches', '**'], ['matches', 'v*.*.*']), wireRule(2, ['repoExcludes', 'qa/**'], ['matches', 'main'])],
      [wireRule(1, ['repoMatches', '**'], ['matches', 'sha-[']), wireRule(2, ['repoMatches', '**'], ['matches', 'v*'])],
      [wireRule(1, ['repoMatches', '**'], ['repoMatches', 'team/*']), wireRule(2, ['matches', 'v1*'], ['matches', '*.*'])],
    ];
    const compiled = compileRetentionPolicy(policy(rule('latestPushedK', 4), rule('nDaysSinceLastPull', 60, { tag_selectors: [sel('matches', 'v*', '{"untagged":false}')] })), 'v1.3.4');
    for (const [i, wire] of ruleSets.entries()) {
      for (const version of ['2.15.2', '2.16.0']) {
        const profile = harborProfile(version);
        const immutability = compileRuleSet(parseWireRules(wire), 'v1.3.4', profile);
        const simulation = simulate(index, [immutability]);
        const withSimulation = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt: RUN_AT, simulation });
        const without = forecastRetention({ index, project: 0, policy: compiled, immutability, runAt: RUN_AT });
        expect(plain(without), `rule set ${i}, ${version}`).toEqual(plain(withSimulation));
      }
    }
  });
});
