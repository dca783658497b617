import { describe, expect, it } from 'vitest';
import { demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { TaglockError } from '../../shared/errors.js';
import { planIsStale } from '../../renderer/src/store/publish-slice.js';
import type { SimulationRequest } from '../../renderer/src/sim/compute.js';
import { startedHarness, until } from './helpers.js';

/** A store on the fake API whose simulations run on this thread, telling `onRun` of every run it starts. */
async function storeCountingRuns(debounceMs: number, onRun: (request: SimulationRequest) => void) {
  const { FakeApi } = await import('./fake-api.js');
  const { createAppStore } = await import('../../renderer/src/store/app-store.js');
  const { MainThreadRunner } = await import('../../renderer/src/sim/runner.js');
  const api = new FakeApi();
  return createAppStore(api, api.onEvent, {
    debounceMs: () => debounceMs,
    runnerFactory: (index) => {
      const runner = new MainThreadRunner(index);
      const run = runner.run.bind(runner);
      runner.run = (request) => {
        onRun(request);
        return run(request);
      };
      return runner;
    },
  });
}

const harborInput = { name: 'Prod', url: 'https://harbor.example', kind: 'harbor' as const, username: 'alice', caFile: null, insecure: true, projects: ['shop'] };

describe('connections', () => {
  it('saves, tests, edits and deletes a connection; the secret never comes back', async () => {
    const { state, api } = await startedHarness();
    const saved = await state().connections.save({ ...harborInput, secret: 'pw' });
    expect(saved).not.toBeNull();
    expect(JSON.stringify(state().connections.list)).not.toContain('pw');
    expect(state().connections.list[0]).toMatchObject({ name: 'Prod', hasSecret: true, insecure: true });
    await state().connections.test(saved!.id);
    const test = state().connections.tests[saved!.id]!;
    expect(test.status).toBe('done');
    expect(test.result?.projects[0]).toMatchObject({ project: 'shop', immutableTag: { list: true, delete: false } });
    await state().connections.save({ ...harborInput, id: saved!.id, name: 'Prod 2' });
    expect(state().connections.list).toHaveLength(1);
    expect(state().connections.list[0]!.name).toBe('Prod 2');
    expect(state().connections.tests[saved!.id]).toBeUndefined();
    expect(await state().connections.remove(saved!.id)).toBe(true);
    expect(state().connections.list).toHaveLength(0);
    expect(api.connections).toHaveLength(0);
  });

  it('keeps save and test failures with their codes', async () => {
    const { state, api } = await startedHarness();
    api.failNext.set('saveConnection', new TaglockError('bad-input', 'not a URL'));
    expect(await state().connections.save(harborInput)).toBeNull();
    expect(state().connections.saveError).toEqual({ code: 'bad-input', message: 'not a URL' });
    const saved = (await state().connections.save(harborInput))!;
    await state().connections.test(saved.id);
    expect(state().connections.tests[saved.id]).toMatchObject({ status: 'failed', error: { code: 'auth' } });
    await state().connections.test(saved.id, 'typed-now');
    expect(state().connections.tests[saved.id]!.status).toBe('done');
    expect(state().connections.list[0]!.hasSecret).toBe(true);
  });
});

describe('snapshots', () => {
  it('follows a fetch through its events, and offers the result', async () => {
    const { state, api } = await startedHarness();
    const connection = (await state().connections.save({ ...harborInput, secret: 'pw' }))!;
    expect(await state().snapshots.startFetch({ connectionId: connection.id, projects: ['shop'], name: ' nightly ' })).toBe(true);
    const job = state().snapshots.fetch!;
    expect(job.jobId).toMatch(/^job-/);
    expect(api.calls.find((c) => c.method === 'fetchSnapshot')!.args[0]).toEqual({ connectionId: connection.id, projects: ['shop'], name: 'nightly' });
    api.emit({ type: 'fetch-progress', jobId: 'someone-else', progress: { phase: 'listing', done: 0, total: null, requests: 1, bytes: 1, etaSeconds: null } });
    expect(state().snapshots.fetch!.progress).toBeNull();
    api.emit({ type: 'fetch-progress', jobId: job.jobId!, progress: { phase: 'fetching', done: 3, total: 36, requests: 40, bytes: 123456, etaSeconds: 12 } });
    expect(state().snapshots.fetch!.progress).toMatchObject({ done: 3, total: 36 });
    const summary = api.finishFetch(job.jobId!, 'nightly');
    expect(state().snapshots.fetch).toBeNull();
    expect(state().snapshots.fetched).toEqual(summary);
    await until(() => state().snapshots.list.length === 2);
    expect(state().snapshots.list[0]!.demo).toBe(true);
    expect(await state().snapshots.open(summary.id)).toBe(true);
    expect(state().snapshots.current!.id).toBe(summary.id);
  });

  it('adopts the job from an event that beats the answer, and reports cancel and failure', async () => {
    const { state, api } = await startedHarness();
    const connection = (await state().connections.save({ ...harborInput, secret: 'pw' }))!;
    const original = api.fetchSnapshot.bind(api);
    api.fetchSnapshot = async (request) => {
      const answer = await original(request);
      api.emit({ type: 'fetch-progress', jobId: answer.jobId, progress: { phase: 'connecting', done: 0, total: null, requests: 1, bytes: 0, etaSeconds: null } });
      return answer;
    };
    await state().snapshots.startFetch({ connectionId: connection.id, projects: [] });
    expect(state().snapshots.fetch!.progress?.phase).toBe('connecting');
    await state().snapshots.cancelFetch();
    expect(state().snapshots.fetch).toBeNull();
    expect(state().snapshots.fetchError?.code).toBe('cancelled');
    api.failNext.set('fetchSnapshot', new TaglockError('auth', 'enter the secret'));
    expect(await state().snapshots.startFetch({ connectionId: connection.id, projects: [] })).toBe(false);
    expect(state().snapshots.fetchError).toEqual({ code: 'auth', message: 'enter the secret' });
  });

  it('imports, exports and deletes; the demo cannot be deleted', async () => {
    const { state } = await startedHarness();
    const bad = await state().snapshots.importFile('junk.json', '{"format":"nope"}');
    expect(bad).toBeNull();
    expect(state().snapshots.importError?.code).toBe('bad-input');
    const summary = await state().snapshots.importFile('mine.json', JSON.stringify(demoSnapshot()));
    expect(summary?.name).toBe('mine');
    expect(state().snapshots.list.map((s) => s.name)).toContain('mine');
    const bytes = await state().snapshots.exportFile(summary!.id);
    expect(JSON.parse(new TextDecoder().decode(bytes!)).format).toBe('taglock-snapshot');
    await state().snapshots.open(summary!.id);
    expect(await state().snapshots.remove(summary!.id)).toBe(true);
    // Deleting the open snapshot falls back to the demo.
    expect(state().snapshots.current!.id).toBe('demo');
    expect(await state().snapshots.remove('demo')).toBe(false);
    expect(state().ui.notices.at(-1)).toMatchObject({ tone: 'error', error: { code: 'bad-input' } });
  });

  it('keeps the open snapshot when another cannot be opened', async () => {
    const { state } = await startedHarness();
    expect(await state().snapshots.open('gone')).toBe(false);
    expect(state().snapshots.openError?.code).toBe('not-found');
    expect(state().snapshots.current!.id).toBe('demo');
  });
});

describe('publishing', () => {
  async function ready() {
    const harness = await startedHarness();
    const connection = (await harness.state().connections.save({ ...harborInput, secret: 'pw' }))!;
    // A plan needs a snapshot of the target's own registry and project.
    await harness.state().snapshots.startFetch({ connectionId: connection.id, projects: ['shop'], openWhenDone: true });
    const fetched = harness.api.finishFetch(harness.state().snapshots.fetch!.jobId!, 'Prod shop');
    await until(() => harness.state().snapshots.current?.id === fetched.id);
    harness.state().publish.choose({ connectionId: connection.id, project: 'shop' });
    return { ...harness, connection };
  }

  it('plans, shows the effect on the snapshot, applies with progress and verifies', async () => {
    const { state, api } = await ready();
    state().rules.applyPreset('protect-production', 'replace');
    expect(await state().publish.makePlan()).toBe(true);
    const plan = state().publish.plan!;
    expect(plan.steps.map((s) => s.kind)).toEqual(['create', 'delete', 'delete']);
    expect(state().publish.effect).toMatchObject({ project: 'shop' });
    expect(state().publish.effect!.newlyImmutableTags).toBeGreaterThan(0);
    const progress: number[] = [];
    const unsubscribe = api.onEvent(() => progress.push(state().publish.progress?.index ?? -1));
    expect(await state().publish.apply()).toBe(true);
    unsubscribe();
    expect(state().publish.result).toMatchObject({ verified: true });
    expect(state().publish.progress).toMatchObject({ index: 3, total: 3 });
    expect(state().publish.result!.steps.every((s) => s.status === 'done')).toBe(true);
    await until(() => state().publish.history.length === 1 && state().rules.server.source === 'live');
    expect(state().publish.history[0]!.outcome).toBe('applied');
    // After a verified publish the draft follows the live rules (with their new ids).
    expect(state().rules.draft[0]!.rule.id).not.toBeNull();
  });

  it('accounts precisely for a partial failure', async () => {
    const { state, api } = await ready();
    state().rules.applyPreset('protect-production', 'replace');
    await state().publish.makePlan();
    api.failingSteps.add(1);
    await state().publish.apply();
    const steps = state().publish.result!.steps.map((s) => s.status);
    expect(steps).toEqual(['done', 'failed', 'not-attempted']);
    expect(state().publish.result!.verified).toBe(false);
    expect(state().ui.notices.at(-1)!.tone).toBe('error');
  });

  it('refuses to apply a plan the draft has moved away from', async () => {
    const { state } = await ready();
    state().rules.remove(1);
    await state().publish.makePlan();
    expect(planIsStale(state())).toBe(false);
    state().rules.undo();
    expect(planIsStale(state())).toBe(true);
    expect(await state().publish.apply()).toBe(false);
    expect(state().publish.applyError?.code).toBe('bad-input');
  });

  it('says when the plan fails, and refuses a project the draft and the snapshot are not of', async () => {
    const { state, api } = await ready();
    api.failNext.set('planPublish', new TaglockError('forbidden', 'no rights'));
    expect(await state().publish.makePlan()).toBe(false);
    expect(state().publish.planError).toEqual({ code: 'forbidden', message: 'no rights' });
    state().publish.choose({ project: 'elsewhere' });
    const plans = api.calls.filter((c) => c.method === 'planPublish').length;
    expect(await state().publish.makePlan()).toBe(false);
    expect(state().publish.planError?.message).toContain('Not planned: the target is project elsewhere');
    expect(api.calls.filter((c) => c.method === 'planPublish')).toHaveLength(plans);
  });

  it('asks for a connection and project first', async () => {
    const { state } = await startedHarness();
    expect(await state().publish.makePlan()).toBe(false);
    expect(state().publish.planError?.code).toBe('bad-input');
  });
});

describe('simulation state', () => {
  it('keeps filters and selections, and resets them with a new snapshot', async () => {
    const { state, api } = await startedHarness();
    state().simulation.setFilter({ query: 'latest', verdict: 'mutable' });
    state().simulation.selectTag(5);
    const index = state().snapshots.current!.index;
    expect(state().simulation.selectedDigest).toBe(index.tagArtifact[5]);
    const summary = await state().snapshots.importFile('again.json', JSON.stringify(demoSnapshot()));
    await state().snapshots.open(summary!.id);
    expect(state().simulation.filter.query).toBe('');
    expect(state().simulation.selectedTag).toBeNull();
    void api;
  });

  it('debounces edits and simulates only the newest draft', async () => {
    let runs = 0;
    const store = await storeCountingRuns(20, () => runs++);
    await store.getState().ui.start();
    await until(() => store.getState().simulation.status === 'ready');
    runs = 0;
    store.getState().rules.startAdd();
    for (const text of ['l', 'la', 'lat', 'late', 'lates', 'latest']) store.getState().rules.updateForm({ tagText: text });
    expect(store.getState().simulation.status).toBe('running');
    await until(() => store.getState().simulation.status === 'ready');
    expect(runs).toBe(1);
    expect(store.getState().simulation.view!.revision).toBe(store.getState().rules.revision);
    store.dispose();
  });

  it('without a debounce, sends the run of a keystroke from the change itself, and the rest of its task once', async () => {
    const revisions: number[] = [];
    const store = await storeCountingRuns(0, (request) => revisions.push(request.revision));
    await store.getState().ui.start();
    await until(() => store.getState().simulation.status === 'ready');
    // Opening the snapshot and loading its draft happen in one task: one run, for the loaded draft.
    expect(revisions).toEqual([store.getState().rules.revision]);
    revisions.length = 0;
    store.getState().rules.startAdd();
    expect(revisions).toEqual([store.getState().rules.revision]);
    await until(() => store.getState().simulation.status === 'ready');
    revisions.length = 0;
    store.getState().rules.updateForm({ tagText: 'l' });
    expect(revisions, 'sent before this task ends').toEqual([store.getState().rules.revision]);
    for (const text of ['la', 'lat', 'latest']) store.getState().rules.updateForm({ tagText: text });
    expect(revisions).toHaveLength(1);
    await until(() => store.getState().simulation.status === 'ready');
    expect(revisions).toEqual([revisions[0], store.getState().rules.revision]);
    expect(store.getState().simulation.view!.revision).toBe(store.getState().rules.revision);
    store.dispose();
  });
});
