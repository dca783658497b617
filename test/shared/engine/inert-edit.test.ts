// A re-simulation that proves its edit turns no verdict hands out the previous verdicts: it must be right
// every time it does, and it must decline wherever a verdict turns.
import { describe, expect, it } from 'vitest';
import { generateSnapshotIndex } from '../../../shared/demo/generate.js';
import { demoSnapshot } from '../../../shared/demo/demo-snapshot.js';
import type { HarborProfile } from '../../../shared/engine/harbor-profile.js';
import { DEFAULT_PROFILE, harborProfile } from '../../../shared/engine/harbor-profile.js';
import { knownSameVerdicts } from '../../../shared/engine/inert-edit.js';
import type { CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { simulate } from '../../../shared/engine/simulate.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { buildSnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';
import { wireRule } from '../../support/snapshots.js';
import { simulationEssence } from '../../support/simulation-essence.js';


const demo = buildSnapshotIndex(demoSnapshot());
/** Two projects, so an edit in one leaves the other's rules (and verdicts) as they were. */
const twoProjects = generateSnapshotIndex({
  seed: 5,
  projects: [
    { name: 'apps', repositories: ['web', 'team/api', 'team/worker', 'tools/ci/runner', 'base'], rules: [wireRule(1, ['repoMatches', 'team/**'], ['matches', 'v*'])] },
    { name: 'mirror', repositories: ['library/nginx', 'library/redis', 'proxy/alpine'], rules: [wireRule(2, ['repoMatches', '**'], ['matches', 'latest'])] },
  ],
  tagsPerRepository: 40,
});

/** Harbor before 2.5.0 (untagged artifacts selected by `matches`), 2.15.2 (another name for retention), and one judging retention on the name itself. */
const PROFILES: HarborProfile[] = [
  harborProfile('2.4.0'),
  harborProfile('2.15.2'),
  { ...DEFAULT_PROFILE, behaviour: { ...DEFAULT_PROFILE.behaviour, retention: { stripsFirstComponent: false, untaggedMatchesSelect: false } } },
];

const tagRule = (id: number | undefined, repository: [string, string], tag: [string, string]) => parseWireRules([wireRule(id, repository, tag)])[0]!;

function setsFor(index: SnapshotIndex, edited: number, rules: readonly ImmutableRule[], profile: HarborProfile): CompiledRuleSet[] {
  return index.projects.map((project, p) => compileRuleSet(p === edited ? rules : parseWireRules(project.rules ?? []), 'v1.3.4', profile));
}

describe('an edit that turns no verdict', () => {
  it('equals a full simulation at every keystroke, and is told without a pass on most of them, in every retention behaviour', () => {
    const typed = ['v', 'v1', 'v1.', 'v1.0', 'v1.0.', 'v1.0.*', 'v1.0.*-', 'v1.0.*-rc', 'v1.0.*-rc*', 'v1.0.*-rc*z', '', 's', 'sha-', 'sha-[', 'sha-[0-9]', '*', 'l', 'la', 'lat*', '{latest,main}', 'x{'];
    const told = { unchanged: 0, simulated: 0 };
    for (const index of [demo, twoProjects]) {
      for (const profile of PROFILES) {
        for (const repository of ['**', 'team/**', 'frontend/*', '{']) {
          const base = parseWireRules(index.projects[0]!.rules ?? []);
          let previous = simulate(index, setsFor(index, 0, base, profile));
          for (const pattern of typed) {
            const rules = [...base, tagRule(undefined, ['repoMatches', repository], ['matches', pattern])];
            const sets = setsFor(index, 0, rules, profile);
            const incremental = simulate(index, sets, previous);
            expect(simulationEssence(incremental), `${profile.release}: ${repository} / ${JSON.stringify(pattern)}`).toEqual(simulationEssence(simulate(index, sets)));
            if (knownSameVerdicts(incremental, previous)) told.unchanged++;
            else told.simulated++;
            previous = incremental;
          }
        }
      }
    }
    // Both ways are taken often: the proof is no formality, and it is not refused everywhere either.
    expect(told.unchanged).toBeGreaterThan(150);
    expect(told.simulated).toBeGreaterThan(100);
  });

  it('equals a full simulation while typing into a rule with rules after it, adding, removing and turning off rules, and is told without a pass where nothing turns', () => {
    const typed = ['n', 'no', 'nope', 'nope*', '', 'l', 'latest', 'latest-x', 'v9', 'v9.*', 'sha-zz*', '*'];
    const told = { unchanged: 0, simulated: 0, beforeOthers: 0 };
    const rule = (id: number, repository: string, tag: string) => tagRule(id, ['repoMatches', repository], ['matches', tag]);
    const lists: ImmutableRule[][] = [
      [rule(1, 'frontend/*', 'v*'), rule(2, '**', 'nope'), rule(3, '**', 'latest'), rule(4, 'backend/**', '*')],
      [rule(1, '**', 'zz-none'), rule(2, '**', '{main,latest}'), rule(3, 'base/*', 'v1.*')],
    ];
    for (const profile of PROFILES) {
      for (const base of lists) {
        for (const position of base.keys()) {
          let previous = simulate(demo, [compileRuleSet(base, 'v1.3.4', profile)]);
          const step = (rules: ImmutableRule[], what: string) => {
            const set = compileRuleSet(rules, 'v1.3.4', profile);
            const incremental = simulate(demo, [set], previous);
            expect(simulationEssence(incremental), `${profile.release}: ${what}`).toEqual(simulationEssence(simulate(demo, [set])));
            if (knownSameVerdicts(incremental, previous)) {
              told.unchanged++;
              if (position < base.length - 1) told.beforeOthers++;
            } else told.simulated++;
            previous = incremental;
          };
          for (const pattern of typed) {
            step(base.map((r, i) => (i === position ? { ...r, tagSelectors: [{ kind: 'doublestar', decoration: 'matches', pattern }] } : r)), `rule ${position + 1} typed as ${JSON.stringify(pattern)}`);
          }
          step(base.filter((_, i) => i !== position), `rule ${position + 1} removed`);
          // Harbor evaluates by id: rule 0 comes first, rule 9 last.
          step([...base.slice(0, position), rule(0, '**', 'nothing-here'), ...base.slice(position)], 'a rule added first');
          step([...base, rule(9, '**', 'nothing-here')], 'a rule added last');
          step(base.map((r, i) => (i === position ? { ...r, disabled: !r.disabled } : r)), `rule ${position + 1} turned off`);
        }
      }
    }
    expect(told.unchanged).toBeGreaterThan(60);
    // Edits of a rule with others after it, not only of the last one.
    expect(told.beforeOthers).toBeGreaterThan(30);
    expect(told.simulated).toBeGreaterThan(60);
  });

  it('declines a rule that selects a tag left mutable, and takes one that selects only held tags', () => {
    const base = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
    const before = simulate(demo, [compileRuleSet(base, 'v1.3.4')]);
    const held = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '**'], ['matches', 'v1.*'])], 'v1.3.4')], before);
    expect(knownSameVerdicts(held, before)).toBe(true);
    expect(held.ruleStats[0]![1]!.decidedTags).toBe(0);
    const turning = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '**'], ['matches', 'latest'])], 'v1.3.4')], before);
    expect(knownSameVerdicts(turning, before)).toBe(false);
    expect(turning.ruleStats[0]![1]!.decidedTags).toBeGreaterThan(0);
  });

  it('declines when the rule edited last decided tags, or a repository pattern fails on a name', () => {
    const base = parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]);
    const deciding = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '**'], ['matches', 'latest'])], 'v1.3.4')]);
    // "latest" decided tags: a pattern that matches nothing frees them, so the proof must not hold.
    const freed = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '**'], ['matches', 'no-such-tag'])], 'v1.3.4')], deciding);
    expect(knownSameVerdicts(freed, deciding)).toBe(false);
    expect(freed.totals.immutableTags).toBeLessThan(deciding.totals.immutableTags);
    // "{" fails on every name in doublestar v1.3.4 (lazily, per name): each tag left mutable then stops there.
    const before = simulate(demo, [compileRuleSet(base, 'v1.3.4')]);
    const failing = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '{'], ['matches', 'no-such-tag'])], 'v1.3.4')], before);
    expect(knownSameVerdicts(failing, before)).toBe(false);
    expect(simulationEssence(failing)).toEqual(simulationEssence(simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '{'], ['matches', 'no-such-tag'])], 'v1.3.4')])));
  });

  it('declines untagged artifacts that a `matches` rule selects before Harbor 2.5.0', () => {
    // Not every repository's untagged artifacts are held by the first rule (it selects some names only).
    const base = parseWireRules([wireRule(1, ['repoMatches', 'frontend/*'], ['matches', 'v*'])]);
    for (const [version, proven] of [['2.4.0', false], ['2.15.2', true]] as const) {
      const profile = harborProfile(version);
      const before = simulate(demo, [compileRuleSet(base, 'v1.3.4', profile)]);
      const after = simulate(demo, [compileRuleSet([...base, tagRule(undefined, ['repoMatches', '**'], ['matches', 'no-such-tag'])], 'v1.3.4', profile)], before);
      expect(knownSameVerdicts(after, before), version).toBe(proven);
      expect(after.totals.untaggedRetained > before.totals.untaggedRetained, version).toBe(!proven);
    }
  });

  it('declines a rule added or removed before rules that decided tags: their verdicts name other positions then', () => {
    // Harbor evaluates by id: the rule matching nothing comes first.
    const deciding = [tagRule(2, ['repoMatches', '**'], ['matches', 'latest']), tagRule(3, ['repoMatches', '**'], ['matches', 'v*'])];
    const inert = tagRule(1, ['repoMatches', '**'], ['matches', 'no-such-tag']);
    const edits: [ImmutableRule[], ImmutableRule[]][] = [
      [deciding, [inert, ...deciding]],
      [[inert, ...deciding], deciding],
    ];
    for (const [before, after] of edits) {
      const previous = simulate(demo, [compileRuleSet(before, 'v1.3.4')]);
      const set = compileRuleSet(after, 'v1.3.4');
      expect(set.rules[0]!.rule.id).toBe(before.length < after.length ? 1 : 2);
      const incremental = simulate(demo, [set], previous);
      expect(knownSameVerdicts(incremental, previous)).toBe(false);
      expect(simulationEssence(incremental)).toEqual(simulationEssence(simulate(demo, [set])));
    }
  });

  it('remembers, through results told without a pass, a rule that decided only artifacts for retention', () => {
    // In 2.15.2 retention judges "web" for frontend/web: rule 1 selects that name only, so it decides
    // retention verdicts and no tag's.
    const profile = harborProfile('2.15.2');
    const retentionOnly = tagRule(1, ['repoMatches', 'web'], ['matches', '*']);
    const typed = (pattern: string) => tagRule(undefined, ['repoMatches', '**'], ['matches', pattern]);
    const first = simulate(demo, [compileRuleSet([retentionOnly, typed('n')], 'v1.3.4', profile)]);
    expect(first.ruleStats[0]![0]!.decidedTags).toBe(0);
    expect(first.totals.retentionProtected).toBeGreaterThan(0);
    const second = simulate(demo, [compileRuleSet([retentionOnly, typed('no')], 'v1.3.4', profile)], first);
    expect(knownSameVerdicts(second, first)).toBe(true);
    // Rule 1 edited to match nothing: its retention verdicts go, which only its record of them can tell.
    const set = compileRuleSet([tagRule(1, ['repoMatches', 'web'], ['matches', 'no-such-tag']), typed('no')], 'v1.3.4', profile);
    const third = simulate(demo, [set], second);
    expect(knownSameVerdicts(third, second)).toBe(false);
    expect(simulationEssence(third)).toEqual(simulationEssence(simulate(demo, [set])));
  });

  it('says nothing of results it did not prove alike', () => {
    const set = compileRuleSet(parseWireRules([wireRule(1, ['repoMatches', '**'], ['matches', 'v*'])]), 'v1.3.4');
    expect(knownSameVerdicts(simulate(demo, [set]), simulate(demo, [set]))).toBe(false);
  });
});
