import { describe, expect, it } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import type { SimulationRequest } from '../../renderer/src/sim/compute.js';
import type { SimulationView } from '../../renderer/src/sim/compute.js';
import { SimulationEngine, hydrate } from '../../renderer/src/sim/compute.js';
import { KeptDiff, ReceivedDrafts } from '../../renderer/src/sim/unchanged-verdicts.js';
import type { SimulationDiff } from '../../shared/engine/diff.js';
import { diffSimulations } from '../../shared/engine/diff.js';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { simulate } from '../../shared/engine/simulate.js';
import type { ImmutableRule } from '../../shared/rules/model.js';

// An output whose verdicts did not change carries no arrays and names the output whose arrays hold them;
// the page takes arrays over only from exactly that output.
const index = buildSnapshotIndex(demoSnapshot());
const server = parseWireRules(DEMO_RULES);

function request(revision: number, pattern: string): SimulationRequest {
  const added = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern } });
  return { snapshotId: 'demo', revision, projectIndex: 0, dialect: 'v1.3.4', draft: [...server, added], serverKey: 'server', serverRules: server };
}

describe('outputs that change no verdict', () => {
  it('name the output whose arrays hold their verdicts, until the engine is told that output was not delivered', () => {
    const engine = new SimulationEngine(index);
    const first = engine.run(request(1, 'zq'));
    expect(first.draftArraysOf).toBe(first.sequence);
    const second = engine.run(request(2, 'zqq'));
    expect(second.sequence).toBe(first.sequence + 1);
    expect(second.draftArraysOf).toBe(first.sequence);
    expect(second.draft.tagVerdict.length).toBe(0);
    engine.forgetPosted();
    const third = engine.run(request(3, 'zqqq'));
    expect(third.draftArraysOf).toBe(third.sequence);
    expect(Array.from(third.draft.tagVerdict)).toEqual(Array.from(first.draft.tagVerdict));
  });

  it('are refused by a page that does not hold the arrays they name', () => {
    const engine = new SimulationEngine(index);
    engine.run(request(1, 'zq')); // posted, but this page never received it
    const unchanged = engine.run(request(2, 'zqq'));
    expect(() => hydrate(unchanged, index, request(2, 'zqq'), null)).toThrow(/verdicts/);
    const page = new ReceivedDrafts();
    expect(() => hydrate(unchanged, index, request(2, 'zqq'), null, { received: page, lastView: null })).toThrow(/does not hold/);
    const received = new ReceivedDrafts();
    const carried = engine.run(request(3, '{latest,main}'));
    expect(received.arraysFor(carried.sequence, carried.draftArraysOf, carried.draft)).toBe(carried.draft);
    received.reset();
    const again = engine.run(request(4, '{latest,main}'));
    expect(again.draftArraysOf).toBe(carried.sequence);
    expect(() => received.arraysFor(again.sequence, again.draftArraysOf, again.draft)).toThrow(/does not hold/);
  });
});

describe('change markers', () => {
  it('agree with the diff on every view, made when first read and read again from a view with the same verdicts', () => {
    const engine = new SimulationEngine(index);
    const memory = { received: new ReceivedDrafts(), lastView: null as SimulationView | null };
    let server: SimulationView['server'] | null = null;
    const markersOf = (view: SimulationView) => ({ tags: Array.from(view.tagChange), artifacts: Array.from(view.artifactChange) });
    const fromDiff = (view: SimulationView) => {
      const tags = new Array<number>(index.counts.tags).fill(0);
      const artifacts = new Array<number>(index.counts.artifacts).fill(0);
      view.diff.newlyImmutableTags.forEach((t) => (tags[t] = 1));
      view.diff.freedTags.forEach((t) => (tags[t] = -1));
      view.diff.newlyLockedDigests.forEach((a) => (artifacts[a] = 1));
      view.diff.freedDigests.forEach((a) => (artifacts[a] = -1));
      return { tags, artifacts };
    };
    const views: SimulationView[] = [];
    for (const [revision, pattern] of ['zq', 'zqq', '{latest,main}', '{latest,main}x', '*'].entries()) {
      const view = hydrate(engine.run(request(revision, pattern)), index, request(revision, pattern), server, memory);
      server = view.server;
      memory.lastView = view;
      views.push(view);
    }
    // 'zq' to 'zqq' turns nothing: the second view reads the first one's markers, the same arrays.
    expect(views[1]!.tagChange).toBe(views[0]!.tagChange);
    expect(views[2]!.tagChange).not.toBe(views[1]!.tagChange);
    for (const view of views) expect(markersOf(view)).toEqual(fromDiff(view));
    expect(views.at(-1)!.tagChange.some((change) => change === 1)).toBe(true);
  });
});

describe('the kept diff', () => {
  const judged = (rules: ImmutableRule[]) => simulate(index, [compileRuleSet(rules, 'v1.3.4')]);
  const plain = (diff: SimulationDiff) => Object.fromEntries(Object.entries(diff).map(([key, list]) => [key, Array.from(list as Int32Array)]));

  it('is served again for the same verdicts, rules and server result, and worked out anew otherwise', () => {
    const serverResult = judged(server);
    const draft = judged([...server, makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: 'latest' } })]);
    const kept = new KeptDiff();
    const first = kept.diff(serverResult, draft, 1);
    expect(first.newlyImmutableTags.length).toBeGreaterThan(0);
    const served = kept.diff(serverResult, draft, 1);
    expect(kept.workedOut).toBe(1);
    // Served as copies: each output transfers (detaches) the lists it carries.
    expect(served.newlyImmutableTags).not.toBe(first.newlyImmutableTags);
    expect(plain(served)).toEqual(plain(first));
    // Another output's arrays, or another server result: worked out again, the same lists.
    expect(plain(kept.diff(serverResult, draft, 2))).toEqual(plain(first));
    expect(kept.workedOut).toBe(2);
    kept.diff(judged(server), draft, 2);
    expect(kept.workedOut).toBe(3);
  });

  it('is not kept when large: half a million turned verdicts go out without a copy, and are worked out again', () => {
    const serverResult = judged([]);
    const draft = judged([makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '**' } })]);
    const large = new KeptDiff(4);
    expect(large.diff(serverResult, draft, 1).newlyImmutableTags.length).toBeGreaterThan(4);
    large.diff(serverResult, draft, 1);
    expect(large.workedOut).toBe(2);
    const small = new KeptDiff();
    small.diff(serverResult, draft, 1);
    small.diff(serverResult, draft, 1);
    expect(small.workedOut).toBe(1);
  });

  it('is not served for rules that give the same verdicts under other ids: their tags are decided by other rules', () => {
    const serverResult = judged(server);
    const renumbered = judged(server.map((rule, i) => ({ ...rule, id: 900 + i })));
    const kept = new KeptDiff();
    const same = kept.diff(serverResult, judged(server), 1);
    expect(same.decidedByOtherRule).toHaveLength(0);
    expect(Array.from(renumbered.tagVerdict)).toEqual(Array.from(serverResult.tagVerdict));
    const other = kept.diff(serverResult, renumbered, 1);
    expect(other.decidedByOtherRule.length).toBe(serverResult.totals.immutableTags);
    expect(plain(other)).toEqual(plain(diffSimulations(serverResult, renumbered)));
  });
});
