import { describe, expect, it, vi } from 'vitest';
import { DEMO_RULES, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { makeRule } from '../../shared/rules/model.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import type { SimulationRequest, SimulationView } from '../../renderer/src/sim/compute.js';
import { SimulationEngine, indexFromTransfer, indexTransfer, transferables, viewFromEngine } from '../../renderer/src/sim/compute.js';
import type { FromWorker, ToWorker } from '../../renderer/src/sim/protocol.js';
import { answerQuery } from '../../renderer/src/sim/queries.js';
import { presetsView, projectTags } from '../../renderer/src/view/preset-view.js';
import type { WorkerLike } from '../../renderer/src/sim/runner.js';
import { MainThreadRunner, SUPERSEDE_AFTER_MS, SimulationStopped, WorkerRunner } from '../../renderer/src/sim/runner.js';
import { decodeIndexIncrementally } from '../../renderer/src/store/decode-index.js';
import { decodeSnapshotIndex, encodeSnapshotIndex } from '../../shared/snapshot/index-codec.js';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { simulate } from '../../shared/engine/simulate.js';
import { checkAgainstSnapshot } from '../../shared/lint/snapshot-checks.js';
import { artifact, snapshotOf } from '../support/snapshots.js';

const snapshot = demoSnapshot();
const index = buildSnapshotIndex(snapshot);
const server = parseWireRules(DEMO_RULES);
const latest = makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '{latest,main}' } });

function request(revision: number, draft = [...server, latest]): SimulationRequest {
  return { snapshotId: 'test', revision, projectIndex: 0, dialect: 'v1.3.4', draft, serverKey: 's1', serverRules: server };
}

/**
 * A worker stand-in that behaves like the real one across the boundary: messages are structured-cloned
 * and transferred buffers are detached on the sending side, in both directions.
 */
class EmulatedWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private engine: SimulationEngine | null = null;
  terminated = false;
  received: ToWorker['type'][] = [];
  /** When the worker is free to take the next message (it handles one at a time). */
  private freeAt = 0;
  /** `takes`: how long handling a message of a type keeps the worker busy (default: no time). */
  constructor(
    private readonly failOn?: ToWorker['type'],
    private readonly takes: Partial<Record<ToWorker['type'], number>> = {},
  ) {}
  postMessage(message: ToWorker): void {
    const copy = structuredClone(message);
    this.received.push(copy.type);
    const startsAt = Math.max(Date.now(), this.freeAt);
    this.freeAt = startsAt + (this.takes[copy.type] ?? 0);
    setTimeout(() => {
      if (this.terminated) return;
      if (copy.type === this.failOn) {
        this.onerror?.({ message: 'boom' });
        return;
      }
      if (copy.type === 'load') {
        this.engine = new SimulationEngine(indexFromTransfer(copy.index));
        this.reply({ type: 'loaded' });
      } else if (copy.type === 'load-encoded') {
        this.engine = new SimulationEngine(decodeSnapshotIndex(copy.encoded));
        this.reply({ type: 'loaded' });
      } else if (copy.type === 'run') {
        const output = this.engine!.run(copy.request);
        this.reply({ type: 'result', output }, transferables(output));
      } else {
        this.reply({ type: 'answer', id: copy.id, answer: answerQuery(this.engine!, copy.query) });
      }
    }, this.freeAt - Date.now());
  }
  private reply(message: FromWorker, transfer: ArrayBuffer[] = []) {
    const data = structuredClone(message, { transfer });
    this.onmessage?.({ data } as MessageEvent<FromWorker>);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('simulation off the main thread', () => {
  it('gives the same view as the main thread, run after run (server arrays are not lost in transfer)', async () => {
    const worker = new EmulatedWorker();
    const runner = new WorkerRunner(index, () => worker);
    const engine = new SimulationEngine(index);
    for (const [revision, draft] of [
      [1, [...server, latest]],
      [2, [...server, latest, makeRule({ repository: { decoration: 'repoMatches', pattern: 'base/**' }, tag: { decoration: 'matches', pattern: '**' } })]],
      [3, [latest]],
    ] as const) {
      const view = (await runner.run(request(revision, [...draft])))!;
      const expected = viewFromEngine(engine, request(revision, [...draft]));
      expect(view.revision).toBe(revision);
      expect(view.draft.totals).toEqual(expected.draft.totals);
      expect(view.server.totals).toEqual(expected.server.totals);
      expect(Array.from(view.draft.tagVerdict)).toEqual(Array.from(expected.draft.tagVerdict));
      expect(view.diff).toEqual(expected.diff);
      expect(view.diff.newlyImmutableTags.length + view.diff.freedTags.length).toBeGreaterThan(0);
      expect(view.findings).toEqual(expected.findings);
      expect(view.draft.ruleStats[0]!.map((s) => [s.rule.label, s.decidedTags])).toEqual(expected.draft.ruleStats[0]!.map((s) => [s.rule.label, s.decidedTags]));
    }
    expect(runner.mode).toBe('worker');
    const effect = await runner.ask({ kind: 'effect', request: { project: 'shop', dialect: 'v1.3.4', remote: server, desired: [latest] } });
    expect(effect).toEqual(engine.effect({ project: 'shop', dialect: 'v1.3.4', remote: server, desired: [latest] }));
    // The presets panel's numbers, worked out in the worker: as on the main thread, measured on the project's tags.
    const presets = await runner.ask({ kind: 'presets', request: { projectIndex: 0, dialect: 'v1.3.4' } });
    expect(presets).toEqual(presetsView(projectTags(index, 0), 'v1.3.4'));
    expect(presets!.presets.every((p) => p.coverage.total > 0)).toBe(true);
    runner.dispose();
    expect(worker.terminated).toBe(true);
  });

  it('coalesces: a request waiting behind a running one is replaced by the newest', async () => {
    const worker = new EmulatedWorker();
    const runner = new WorkerRunner(index, () => worker);
    const first = runner.run(request(1));
    const second = runner.run(request(2));
    const third = runner.run(request(3));
    expect(await second).toBeNull();
    expect((await first)!.revision).toBe(1);
    expect((await third)!.revision).toBe(3);
    expect(worker.received.filter((t) => t === 'run')).toHaveLength(2);
  });

  it('falls back to the main thread when the worker dies or cannot start', async () => {
    const reasons: string[] = [];
    const dying = new WorkerRunner(index, () => new EmulatedWorker('run'), (reason) => reasons.push(reason));
    const view = await dying.run(request(1));
    expect(view!.revision).toBe(1);
    expect(dying.mode).toBe('main');
    expect(reasons[0]).toContain('boom');
    const never = new WorkerRunner(index, () => {
      throw new Error('module workers are not allowed here');
    }, (reason) => reasons.push(reason));
    expect(never.mode).toBe('main');
    expect((await never.run(request(4)))!.revision).toBe(4);
    await Promise.resolve();
    expect(reasons[1]).toContain('module workers are not allowed here');
    // A question the dying worker leaves unanswered is answered on the main thread.
    const dyingOnQuestion = new WorkerRunner(index, () => new EmulatedWorker('query'), (reason) => reasons.push(reason));
    const presets = await dyingOnQuestion.ask({ kind: 'presets', request: { projectIndex: 0, dialect: 'v1.3.4' } });
    expect(presets).toEqual(presetsView(projectTags(index, 0), 'v1.3.4'));
    expect(dyingOnQuestion.mode).toBe('main');
    expect(reasons[2]).toContain('boom');
  });

  it('does not take a run waiting behind a slow question for a stuck one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      // Like the real worker, one message at a time: the presets of a huge project take 2 s here.
      const worker = new EmulatedWorker(undefined, { query: 2_000 });
      const runner = new WorkerRunner(index, () => worker);
      const presets = runner.ask({ kind: 'presets', request: { projectIndex: 0, dialect: 'v1.3.4' } });
      const first = runner.run(request(1));
      await vi.advanceTimersByTimeAsync(SUPERSEDE_AFTER_MS + 300);
      // A keystroke now: the first run has not even started, so it is not superseded (that would stop the worker).
      const second = runner.run(request(2));
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await presets).toEqual(presetsView(projectTags(index, 0), 'v1.3.4'));
      expect((await first)!.revision).toBe(1);
      expect((await second)!.revision).toBe(2);
      expect(worker.terminated).toBe(false);
      expect(worker.received.filter((t) => t === 'run')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps its verdict arrays for keystrokes that change no verdict, and never shows a stale one', async () => {
    const runner = new WorkerRunner(index, () => new EmulatedWorker());
    const engine = new SimulationEngine(index);
    const typed = (pattern: string) => [...server, makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern } })];
    const drafts = [typed('zq'), typed('zqq'), [...server, latest], typed('zqqq'), typed('zqqqq')];
    const views = [];
    for (const [i, draft] of drafts.entries()) {
      const view = (await runner.run(request(i + 1, draft)))!;
      const wanted = viewFromEngine(engine, request(i + 1, draft));
      expect(Array.from(view.draft.tagVerdict), `draft ${i}`).toEqual(Array.from(wanted.draft.tagVerdict));
      expect(Array.from(view.draft.artifactImmutableTags)).toEqual(Array.from(wanted.draft.artifactImmutableTags));
      expect(Array.from(view.draft.artifactRetentionVerdict)).toEqual(Array.from(wanted.draft.artifactRetentionVerdict));
      expect(Array.from(view.tagChange)).toEqual(Array.from(wanted.tagChange));
      expect(Array.from(view.artifactChange)).toEqual(Array.from(wanted.artifactChange));
      expect(view.draft.totals).toEqual(wanted.draft.totals);
      expect(view.draft.ruleStats[0]!.map((s) => [s.rule.label, s.decidedTags])).toEqual(wanted.draft.ruleStats[0]!.map((s) => [s.rule.label, s.decidedTags]));
      views.push(view);
    }
    const [first, second, locked, third, fourth] = views as [SimulationView, SimulationView, SimulationView, SimulationView, SimulationView];
    // 'zq' to 'zqq' changes no verdict: the page keeps the arrays (and markers) it has.
    expect(second.draft.tagVerdict).toBe(first.draft.tagVerdict);
    expect(second.tagChange).toBe(first.tagChange);
    // {latest,main} does: new arrays, and the next unchanged-looking pattern must not bring back the old ones.
    expect(locked.draft.tagVerdict).not.toBe(second.draft.tagVerdict);
    expect(locked.draft.totals.immutableTags).toBeGreaterThan(second.draft.totals.immutableTags);
    expect(third.draft.tagVerdict).not.toBe(locked.draft.tagVerdict);
    expect(fourth.draft.tagVerdict).toBe(third.draft.tagVerdict);
    // A new worker (the old one stopped) starts its numbering again: its first answer carries its arrays.
    const cancelled = runner.run(request(10, typed('zqqqqq'))).catch((error: unknown) => error);
    runner.cancel();
    expect(await cancelled).toBeInstanceOf(SimulationStopped);
    const restarted = (await runner.run(request(11, typed('zqqqqqq'))))!;
    expect(restarted.draft.tagVerdict).not.toBe(fourth.draft.tagVerdict);
    expect(Array.from(restarted.draft.tagVerdict)).toEqual(Array.from(fourth.draft.tagVerdict));
    runner.dispose();
  });

  it('runs on the main thread one request at a time, newest waiting wins', async () => {
    const runner = new MainThreadRunner(index);
    const a = runner.run(request(1));
    const b = runner.run(request(2));
    expect(await a).toBeNull();
    expect((await b)!.revision).toBe(2);
  });

  it('copies only what simulation needs into the worker', () => {
    const transfer = indexTransfer(index);
    const rebuilt = indexFromTransfer(structuredClone(transfer));
    expect(rebuilt.counts).toEqual(index.counts);
    expect(rebuilt.tagNames).toEqual(index.tagNames);
    expect(rebuilt.artifactDigests.length).toBe(0);
  });

  it("gives the worker's lint what it reads moving tags and mirrors from: push times and the projects' mirror fields", () => {
    const tag = (name: string, pushTime: string) => ({ name, pushTime, pullTime: null, immutable: null });
    const mirrored = snapshotOf({ app: [{ ...artifact([]), pushTime: '2026-01-01T00:00:00Z', tags: [tag('v1.0.0', '2026-01-01T00:00:00Z'), tag('release', '2026-02-01T00:00:00Z')] }] }, null, 'mirror');
    mirrored.projects[0]!.replication = [
      { id: 1, name: 'pull', enabled: true, role: 'destination', via: 'namespace', remote: null, nameFilter: null, tagFilter: null, trigger: null },
    ];
    const full = buildSnapshotIndex(mirrored);
    const inWorker = indexFromTransfer(structuredClone(indexTransfer(full)));
    const rules = [makeRule({ repository: { decoration: 'repoMatches', pattern: '**' }, tag: { decoration: 'matches', pattern: '**' } })];
    const findingsOn = (on: typeof full) => {
      const result = simulate(on, [compileRuleSet(rules, 'v1.3.4')]);
      return checkAgainstSnapshot(result.ruleSets[0]!, result, 0).filter((f) => f.code === 'locks-moving-tags');
    };
    const there = findingsOn(inWorker);
    expect(there).toEqual(findingsOn(full));
    expect(there[0]!.message).toContain('app:release was set on its digest on 2026-02-01');
    expect(there[0]!.message).toContain('Replication policy "pull" copies these tags into project mirror');
  });
});

describe('opening a snapshot', () => {
  it('decodes the index sent to it in slices, to the index built in one go', async () => {
    let pauses = 0;
    const incremental = await decodeIndexIncrementally(encodeSnapshotIndex(index), { budgetMs: 0, pause: async () => void pauses++ });
    expect(pauses).toBeGreaterThan(3);
    expect(incremental.counts).toEqual(index.counts);
    expect(incremental.tagNames).toEqual(index.tagNames);
    expect(Array.from(incremental.artifactTagStart)).toEqual(Array.from(index.artifactTagStart));
    expect(incremental.artifactDigests.get(100)).toBe(index.artifactDigests.get(100));
    // The worker gets the bytes it came from, not a clone of its strings.
    const worker = new EmulatedWorker();
    new WorkerRunner(incremental, () => worker).dispose();
    expect(worker.received).toEqual(['load-encoded']);
  });
});
