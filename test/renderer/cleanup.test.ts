// Runs in Node (tests). The Cleanup screen over the fake API: its forecast is forecastRetention's on the
// same snapshot, it follows the immutability draft, the retention draft and the "run at" time (reusing
// the previous forecast's rule evaluations after an edit), and the screen says what it shows.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEMO_RETENTION, demoSnapshot } from '../../shared/demo/demo-snapshot.js';
import { compileRuleSet } from '../../shared/engine/rule-set.js';
import { compileRetentionPolicy } from '../../shared/retention/compile.js';
import { forecastRetention } from '../../shared/retention/forecast.js';
import { parseWireRules } from '../../shared/rules/wire.js';
import { buildSnapshotIndex } from '../../shared/snapshot/snapshot-index.js';
import { CleanupScreen } from '../../renderer/src/components/CleanupScreen.js';
import { LockMapScreen } from '../../renderer/src/components/LockMapScreen.js';
import { relabelText } from '../../renderer/src/store/rule-labels.js';
import { retentionFateText, retentionRowOf } from '../../renderer/src/view/retention-fate.js';
import { StoreProvider } from '../../renderer/src/components/store-context.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import { cleanupFigures, cleanupRows, cleanupSegments, sortCleanupRows } from '../../renderer/src/view/cleanup-bars.js';
import type { CleanupSort } from '../../renderer/src/view/cleanup-bars.js';
import { CLEANUP_EXPORT_FIELDS, exportCleanupRepositories } from '../../renderer/src/view/repository-export.js';
import { DELETED, IMMUTABLE } from '../../shared/retention/outcomes.js';
import type { RetentionTotals } from '../../shared/retention/outcomes.js';
import { differenceSentences } from '../../renderer/src/view/cleanup-forecast.js';
import { applyRuleForm, ruleForm } from '../../renderer/src/view/retention-rule-form.js';
import { formatBytes, formatCount, formatTime } from '../../renderer/src/view/format.js';
import { startedHarness, until } from './helpers.js';

const NOW = Date.UTC(2026, 10, 2, 9);

function render(store: AppStore): string {
  const current: AppStore = { ...store, getInitialState: () => store.getState() };
  return renderToString(createElement(StoreProvider, { store: current, children: createElement(CleanupScreen) }))
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

/** The forecast computed directly, as `taglock retention` does. */
function direct(runAt: number) {
  const snapshot = demoSnapshot();
  const index = buildSnapshotIndex(snapshot);
  const immutability = compileRuleSet(parseWireRules(snapshot.projects[0]!.rules!), snapshot.registry.dialect);
  return forecastRetention({ index, project: 0, policy: compileRetentionPolicy(DEMO_RETENTION, snapshot.registry.dialect), immutability, runAt });
}

describe('the cleanup forecast in the store', () => {
  it('is forecastRetention on the open snapshot, at "run at"', async () => {
    const { state } = await startedHarness();
    state().ui.go('cleanup');
    const forecast = state().cleanup.forecast!;
    expect(forecast.runAt).toBe(NOW);
    expect(forecast.draft.totals).toEqual(direct(NOW).totals);
    expect(forecast.server.totals).toEqual(forecast.draft.totals);
    // No draft of either kind: the draft's side is the server's, not worked out again.
    expect(forecast.draft.outcome).toBe(forecast.server.outcome);
    expect(forecast.draft.immutability).toBe(state().simulation.view!.draft.ruleSets[0]);
    expect(forecast.draft.totals.immutable).toBeGreaterThan(0);
    expect(forecast.difference).toEqual({ stopsDeleting: { artifacts: 0, bytes: 0 }, startsDeleting: { artifacts: 0, bytes: 0 } });
  });

  it('follows the immutability draft live, reusing the retention rules evaluated before', async () => {
    const { state, settle } = await startedHarness();
    state().ui.go('cleanup');
    const before = state().cleanup.forecast!;
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    const after = state().cleanup.forecast!;
    expect(after).not.toBe(before);
    // Every tagged artifact is now immutable: retention deletes only untagged ones.
    expect(after.difference.stopsDeleting.artifacts).toBeGreaterThan(0);
    expect(after.difference.startsDeleting.artifacts).toBe(0);
    expect(after.draft.totals.deleted).toBe(before.draft.totals.deleted - after.difference.stopsDeleting.artifacts);
    for (const [key, evaluation] of after.draft.reuse.evaluations) expect(before.draft.reuse.evaluations.get(key)).toBe(evaluation);
    // The server's side did not change, so it is not forecast again.
    expect(after.server).toBe(before.server);
    expect(differenceSentences(after.difference, formatBytes, formatCount)[0]).toMatch(/^This draft stops retention from deleting [\d,]+ artifacts, [\d.]+ GiB\.$/);
  });

  it('follows the retention draft and the "run at" time', async () => {
    const { state } = await startedHarness();
    state().ui.go('cleanup');
    const server = state().cleanup.forecast!.server;
    state().cleanup.addRule();
    expect(state().cleanup.selectedRule).toBe(2);
    // Retain always: nothing is deleted any more.
    const added = state().cleanup.draft!.rules![2]!;
    state().cleanup.updateRule(2, applyRuleForm(added, { ...ruleForm(added), template: 'always' }));
    const kept = state().cleanup.forecast!;
    expect(kept.draft.totals.deleted).toBe(0);
    expect(kept.difference.stopsDeleting.artifacts).toBe(server.totals.deleted);
    expect(kept.server).toBe(server);
    state().cleanup.resetDraft();
    expect(state().cleanup.forecast!.draft.totals).toEqual(server.totals);

    const later = Date.UTC(2027, 2, 1);
    state().cleanup.setRunAt(later);
    expect(state().cleanup.forecast!.draft.totals).toEqual(direct(later).totals);
    expect(state().cleanup.forecast!.draft.totals.deleted).toBeGreaterThan(server.totals.deleted);
    state().cleanup.runNow();
    expect(state().cleanup.runAtChosen).toBe(false);
  });

  it('on a large snapshot, comes a piece per task after the change that asked for it, for the inputs of the latest moment', async () => {
    // Every snapshot counts as large here, and a piece stops after its first repository: the demo's
    // forecast in pieces, each in a task of its own.
    const { state, store } = await startedHarness(undefined, { forecastInPiecesAbove: 0, forecastPieceMs: 0 });
    let tasks = 0;
    const counting = setInterval(() => tasks++, 0);
    const pieces: number[] = [];
    store.subscribe((now, before) => {
      if (now.cleanup.forecast !== before.cleanup.forecast) pieces.push(now.cleanup.forecast?.runAt ?? -1);
    });
    state().ui.go('cleanup');
    // The click's own task only shows the screen.
    expect(state().cleanup.forecast).toBeNull();
    await until(() => state().cleanup.forecast !== null);
    clearInterval(counting);
    expect(state().cleanup.forecast!.draft.totals).toEqual(direct(NOW).totals);
    // The server's side alone took a piece per repository, each letting other tasks run.
    expect(tasks).toBeGreaterThan(state().cleanup.forecast!.server.repositories.length / 2);
    // Another "run at", and another before the first is done: only the latest is forecast, and the
    // forecast shown meanwhile is the earlier one, never a mix.
    const later = Date.UTC(2027, 2, 1);
    const latest = Date.UTC(2027, 5, 1);
    state().cleanup.setRunAt(later);
    expect(state().cleanup.forecast!.runAt).toBe(NOW);
    await new Promise((resolve) => setTimeout(resolve, 0));
    state().cleanup.setRunAt(latest);
    await until(() => state().cleanup.forecast!.runAt === latest);
    const shown = state().cleanup.forecast!;
    expect(shown.draft.totals).toEqual(direct(latest).totals);
    expect(shown.server.runAt).toBe(latest);
    expect(pieces).toEqual([NOW, latest]);
    // Nothing is left running: the forecast stays as it is.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state().cleanup.forecast).toBe(shown);
  });

  it('shows each retention rule\'s figures only from a forecast of the rules listed, never an earlier list\'s by position', async () => {
    const { state, store } = await startedHarness(undefined, { forecastInPiecesAbove: 0 });
    state().ui.go('cleanup');
    await until(() => state().cleanup.forecast !== null);
    const first = state().cleanup.forecast!.draft.ruleStats;
    expect(render(store)).toContain(`retains ${formatCount(first[0]!.retained)}`);
    state().cleanup.removeRule(0);
    // The earlier forecast is still shown while the next is worked out: its figures are not.
    expect(state().cleanup.forecast!.draft.ruleStats).toBe(first);
    expect(render(store)).not.toMatch(/retains [\d,]+; only it/);
    await until(() => state().cleanup.forecast!.draftPolicy === state().cleanup.draft);
    const now = state().cleanup.forecast!.draft.ruleStats;
    expect(now[0]!.retained).not.toBe(first[0]!.retained);
    expect(render(store)).toContain(`retains ${formatCount(now[0]!.retained)}`);
  });

  it('says in the editor when Harbor would refuse to save the rule\'s number of days, and not otherwise', async () => {
    const { state, store } = await startedHarness();
    state().ui.go('cleanup');
    state().cleanup.selectRule(1);
    const rule = state().cleanup.draft?.rules?.[1] ?? DEMO_RETENTION.rules![1]!;
    const withDays = (days: number) => {
      state().cleanup.updateRule(1, applyRuleForm(rule, { ...ruleForm(rule), parameter: days }));
      return render(store);
    };
    expect(withDays(20190904)).not.toContain('Harbor refuses to save');
    expect(withDays(20190905)).toContain('Harbor refuses to save a policy with this rule: nDaysSinceLastPull is too large.');
    expect(withDays(-5)).toContain('Harbor refuses to save a policy with this rule: nDaysSinceLastPull is less than zero.');
  });

  it('saves the repositories listed, in their order, with the drafts\' figures beside the server\'s, counted from each artifact\'s outcome', async () => {
    const { state } = await startedHarness();
    state().ui.go('cleanup');
    state().rules.applyPreset('all-tags', 'append');
    await until(() => state().cleanup.forecast?.difference.stopsDeleting.artifacts !== 0);
    const forecast = state().cleanup.forecast!;
    const listed = sortCleanupRows(cleanupRows(forecast), { key: 'name', reversed: false });
    const csv = exportCleanupRepositories(listed, 'shop', 'csv', 'Demo', 0).text.trimEnd().split('\r\n');
    expect(csv[0]).toBe(CLEANUP_EXPORT_FIELDS.join(','));
    expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(listed.map((row) => row.name));
    const rows = JSON.parse(exportCleanupRepositories(listed, 'shop', 'json', 'Demo', 0).text) as Record<string, number | string>[];
    const index = forecast.draft.index;
    const count = (side: typeof forecast.draft, repository: string, code: number) => {
      const r = index.repositoryNames.indexOf(repository);
      let n = 0;
      let bytes = 0;
      for (let a = index.repositoryArtifactStart[r]!; a < index.repositoryArtifactStart[r + 1]!; a++) {
        if (side.outcome[a - side.firstArtifact] !== code) continue;
        n++;
        bytes += Number.isFinite(index.artifactSize[a]!) ? index.artifactSize[a]! : 0;
      }
      return [n, bytes];
    };
    for (const row of rows) {
      const name = row.repository as string;
      expect([row.deleted, row.deletedBytes, row.deletedWithServerPolicies, row.deletedBytesWithServerPolicies], name).toEqual([...count(forecast.draft, name, DELETED), ...count(forecast.server, name, DELETED)]);
      expect([row.keptByImmutability, row.keptByImmutabilityWithServerPolicies], name).toEqual([count(forecast.draft, name, IMMUTABLE)[0], count(forecast.server, name, IMMUTABLE)[0]]);
      expect(row.job).toBe('runs');
    }
    expect(rows.reduce((sum, row) => sum + (row.deletedWithServerPolicies as number) - (row.deleted as number), 0)).toBe(forecast.difference.stopsDeleting.artifacts);
  });

  it('orders repositories by the change in artifacts deleted each row shows, by a figure, and names as people count, either way round', () => {
    const totals = (deleted: number, immutable: number) => ({ ...direct(NOW).totals, deleted, immutable });
    const row = (name: string, draft: [number, number], server: [number, number]) => ({ repository: 0, name, status: 'runs' as const, draft: totals(...draft), server: totals(...server) });
    const rows = [
      row('svc-100', [10, 600], [538, 72]), // +528 deleted the other way, much moved between kinds
      row('svc-87', [600, 0], [55, 0]), // +545
      row('svc-9', [66, 0], [0, 0]), // +66
      row('svc-867', [0, 0], [0, 0]),
    ];
    const names = (key: CleanupSort, reversed = false) => sortCleanupRows([...rows], { key, reversed }).map((r) => r.name);
    expect(names('change')).toEqual(['svc-87', 'svc-100', 'svc-9', 'svc-867']);
    expect(names('name')).toEqual(['svc-9', 'svc-87', 'svc-100', 'svc-867']);
    // Every order the other way round on request, ties by name turned too.
    expect(names('change', true)).toEqual(['svc-867', 'svc-9', 'svc-100', 'svc-87']);
    expect(names('name', true)).toEqual(['svc-867', 'svc-100', 'svc-87', 'svc-9']);
    expect(names('deleted')).toEqual(['svc-87', 'svc-9', 'svc-100', 'svc-867']);
    expect(names('immutable')).toEqual(['svc-100', 'svc-9', 'svc-87', 'svc-867']);
    expect(names('immutable', true)).toEqual(['svc-867', 'svc-87', 'svc-9', 'svc-100']);
  });

  it('says where a change in the count deleted goes, or where it comes from, the changes adding up', () => {
    const counts = (deleted: number, immutable: number, untouched: number, retained: number): RetentionTotals => ({ ...direct(NOW).totals, artifacts: 125, deleted, immutable, referenced: 0, untouched, retained });
    const server = counts(86, 3, 0, 36);
    expect(cleanupFigures(counts(86, 3, 0, 36), server, 'count')).toBe('86 of 125 deleted, 3 kept by immutability');
    expect(cleanupFigures(counts(0, 3, 86, 36), server, 'count')).toBe('0 of 125 deleted (−86: untouched +86), 3 kept by immutability');
    // Every part that moved, largest first, whichever way it moved.
    expect(cleanupFigures(counts(0, 53, 36, 36), server, 'count')).toBe('0 of 125 deleted (−86: immutable +50, untouched +36), 53 kept by immutability');
    expect(cleanupFigures(counts(20, 0, 69, 36), server, 'count')).toBe('20 of 125 deleted (−66: untouched +69, immutable −3), 0 kept by immutability');
    expect(cleanupFigures(counts(122, 3, 0, 0), server, 'count')).toBe('122 of 125 deleted (+36: retained −36), 3 kept by immutability');
    // On a real forecast: the changes in brackets add up to none, as the artifacts stay the same.
    const forecast = direct(NOW);
    for (const repository of forecast.repositories) {
      const moved = counts(0, repository.totals.immutable, repository.totals.untouched + repository.totals.deleted, repository.totals.retained);
      const text = cleanupFigures({ ...moved, artifacts: repository.totals.artifacts, referenced: repository.totals.referenced }, repository.totals, 'count');
      const changes = [...text.matchAll(/([+−])([\d,]+)/g)].map(([, sign, n]) => (sign === '+' ? 1 : -1) * Number(n!.replace(/,/g, '')));
      expect(changes.reduce((sum, n) => sum + n, 0), text).toBe(0);
    }
  });

  it('reads and writes a rule in the shape the editor shows, keeping what the form does not show', () => {
    const rule = DEMO_RETENTION.rules![1]!;
    const form = ruleForm(rule);
    expect(form).toEqual({
      template: 'nDaysSinceLastPull',
      parameter: 30,
      repositoryDecoration: 'repoMatches',
      repositoryPattern: '**',
      tagDecoration: 'matches',
      tagPattern: '**',
      untagged: false,
      disabled: false,
    });
    const edited = applyRuleForm(rule, { ...form, template: 'latestPulledN', parameter: 5, tagDecoration: 'excludes', tagPattern: 'sha-*', untagged: true });
    expect(edited.id).toBe(rule.id);
    expect(edited.params).toEqual({ latestPulledN: 5 });
    expect(edited.tag_selectors).toEqual([{ kind: 'doublestar', decoration: 'excludes', pattern: 'sha-*', extras: '{"untagged":true}' }]);
    expect(applyRuleForm(rule, { ...form, template: 'always' }).params).toEqual({});
  });

  it('draws each part of a bar that is there, in the order deleted, immutable, referenced, untouched, retained', () => {
    const totals = direct(NOW).repositories[0]!.totals;
    const segments = cleanupSegments(totals, 'count');
    expect(segments.map((s) => s.kind)).toEqual(['deleted', 'immutable', 'retained'].filter((kind) => segments.some((s) => s.kind === kind)));
    expect(segments.reduce((sum, s) => sum + s.width, 0)).toBeCloseTo(1);
    expect(segments.find((s) => s.kind === 'deleted')?.value).toBe(totals.deleted);
  });
});

describe("the lock map's word on the next retention run", () => {
  it('names the retention rule that retains a digest, the immutability rule that keeps one, and says when one is deleted', () => {
    const forecast = direct(NOW);
    const rows = Array.from({ length: forecast.outcome.length }, (_, slot) => retentionRowOf(forecast, forecast.firstArtifact + slot)!);
    const text = (outcome: string) => retentionFateText(rows.find((row) => row.outcome === outcome)!, (label) => relabelText(label, (i) => `draft ${i}`));
    expect(text('retained')).toMatch(/^Retained by retention rule [12]\.$/);
    expect(text('deleted')).toBe('Deleted: no retention rule retains it and nothing keeps it.');
    expect(text('immutable')).toMatch(/^Retention would delete it, but immutability #[12] (keeps it: the run skips it as IMMUTABLE|makes a tag of it immutable: the delete is refused \(412, logged as ERR\) and it stays)\.$/);
    expect(retentionRowOf(forecast, forecast.firstArtifact + forecast.outcome.length)).toBeNull();
  });

  it('is in the digest details of the lock map while a retention policy is known', async () => {
    const { store, state } = await startedHarness();
    state().ui.go('lockmap');
    const forecast = state().cleanup.forecast!;
    const slot = Array.from(forecast.draft.outcome).findIndex((_, i) => retentionRowOf(forecast.draft, forecast.draft.firstArtifact + i)!.outcome === 'immutable');
    state().simulation.selectDigest(forecast.draft.firstArtifact + slot);
    const current: AppStore = { ...store, getInitialState: () => store.getState() };
    const html = renderToString(createElement(StoreProvider, { store: current, children: createElement(LockMapScreen) }));
    expect(html).toContain('data-testid="digest-retention"');
    expect(html.replace(/<!-- -->/g, '')).toContain('At 2026-11-02 09:00 UTC, with the drafts: Retention would delete it, but immutability #');
  });
});

describe('the Cleanup screen', () => {
  it('shows totals, the difference, the run time, the rules, the bars and what it does not do', async () => {
    const { store, state, settle } = await startedHarness();
    state().ui.go('cleanup');
    state().rules.applyPreset('all-tags', 'append');
    await settle();
    const words = render(store);
    const { draft, difference } = state().cleanup.forecast!;
    expect(words).toContain(`Deleted ${formatCount(draft.totals.deleted)} · ${formatBytes(draft.totals.bytesDeleted)}`);
    expect(words).toContain(`Kept by immutability ${formatCount(draft.totals.immutable)} · ${formatBytes(draft.totals.bytesImmutable)}`);
    expect(words).toContain(`This draft stops retention from deleting ${formatCount(difference.stopsDeleting.artifacts)} artifacts`);
    expect(words).toContain('2026-11-02 09:00 UTC (now)');
    expect(words).toContain('retain the most recently pushed 10 artifacts · repositories matching ** · tags matching **');
    expect(words).toContain('retain pulled within the last 30 days');
    expect(words).toContain('plan and publish change immutability rules only');
    expect(words).toContain('layers shared with artifacts that stay make the space actually freed smaller');
    expect(words).toContain("The project's retention policy as recorded in the snapshot");
    // Every tag immutable: what the server's policies delete, the drafts keep by immutability.
    expect(words).toMatch(/frontend\/web Server's policies: [\d,]+ deleted.*? [\d,]+ of 99 deleted \(−([\d,]+): immutable \+\1\)/);
    // Fewer deleted reads as better; more kept by immutability as neither better nor worse.
    const html = renderToString(createElement(StoreProvider, { store: { ...store, getInitialState: () => store.getState() }, children: createElement(CleanupScreen) }));
    const deltaOf = (label: string) => html.match(new RegExp(`aria-label="${label}">.*?class="delta ([\\w-]+)"`))?.[1];
    expect([deltaOf('Deleted'), deltaOf('Kept by immutability')]).toEqual(['delta-better', 'delta-neutral']);
  });

  it('says when the run time is before the snapshot was fetched, and starts another snapshot at now', async () => {
    const { store, state, settle } = await startedHarness();
    state().ui.go('cleanup');
    const fetchedAt = Date.parse(state().snapshots.current!.index.meta.fetchedAt);
    const fetchDay = Date.parse(`${new Date(fetchedAt).toISOString().slice(0, 10)}T00:00:00Z`);
    expect(fetchDay).toBeLessThan(fetchedAt);
    // The fetch's own day, as the date field gives it, is no warning; the day before is.
    state().cleanup.setRunAt(fetchDay);
    expect(render(store)).not.toContain('before the snapshot was fetched');
    state().cleanup.setRunAt(fetchDay - 1);
    expect(render(store)).toContain(`This time is before the snapshot was fetched (${formatTime(fetchedAt)}). The forecast still judges every artifact the snapshot holds`);
    expect(render(store)).not.toContain('Run at the fetch time');
    // Long after the fetch: what happened since is not in the snapshot.
    state().cleanup.setRunAt(fetchedAt + 86_400_000);
    expect(render(store)).not.toContain('Run at the fetch time');
    state().cleanup.setRunAt(fetchedAt + 3 * 86_400_000 + 1);
    expect(render(store)).toContain(`The snapshot was fetched 3 days before this time (${formatTime(fetchedAt)}): what was pushed or pulled since is not in it`);
    expect(render(store)).toContain('Run at the fetch time');
    state().cleanup.setRunAt(fetchedAt - 1);
    // Another snapshot: the time chosen for this one is not carried over, as the retention draft is not.
    const summary = await state().snapshots.importFile('another.json', JSON.stringify(demoSnapshot()));
    await state().snapshots.open(summary!.id);
    await settle();
    expect(state().cleanup.runAtChosen).toBe(false);
    expect(state().cleanup.runAt).toBe(NOW);
    // Another project of the same snapshot keeps it.
    state().cleanup.setRunAt(fetchedAt - 1);
    state().cleanup.reset();
    expect(state().cleanup.runAt).toBe(fetchedAt - 1);
  });

  it('says plainly when the snapshot did not read a policy, or the project has none, and still offers to draft one', async () => {
    const { store, state, settle } = await startedHarness();
    for (const [retention, words] of [
      [undefined, 'This snapshot did not read the project\'s retention policy'],
      [null, 'This project has no retention policy on the server'],
    ] as const) {
      const snapshot = demoSnapshot();
      if (retention === undefined) delete snapshot.projects[0]!.retention;
      else snapshot.projects[0]!.retention = retention;
      const summary = await state().snapshots.importFile(`bare-${String(retention)}.json`, JSON.stringify(snapshot));
      await state().snapshots.open(summary!.id);
      await settle();
      state().ui.go('simulation');
      // The Lock map shows only what a policy's rules do: without a policy it forecasts nothing.
      state().ui.go('lockmap');
      expect(state().cleanup.forecast).toBeNull();
      state().ui.go('cleanup');
      expect(render(store)).toContain(words);
      expect(render(store)).toContain('The policy has no rules: Harbor starts no job and deletes nothing.');
      expect(render(store)).toContain(retention === undefined ? "No retention rules known: the snapshot did not read the server's policy." : 'No retention rules: Harbor runs no retention job');
      // Without a rule on either side the snapshot's age changes nothing: no note about it.
      const fetchedAt = Date.parse(state().snapshots.current!.index.meta.fetchedAt);
      state().cleanup.setRunAt(fetchedAt + 40 * 86_400_000);
      expect(render(store)).not.toContain('Run at the fetch time');
      const forecast = state().cleanup.forecast!;
      expect(forecast.server.totals.deleted).toBe(0);
      expect(forecast.server.totals.untouched).toBe(forecast.server.totals.artifacts);
      state().cleanup.addRule();
      expect(state().cleanup.forecast!.draft.totals.deleted).toBeGreaterThan(0);
      expect(render(store)).toContain('Retention rules (draft)');
      expect(render(store)).toContain('Run at the fetch time');
      state().cleanup.runNow();
      // The server's side is no policy: the words say so, not "the server's policies keep".
      const deleted = formatCount(state().cleanup.forecast!.draft.totals.deleted);
      const serverSide = retention === undefined ? "no policy, as the snapshot did not read the server's" : 'the server, which has no retention policy';
      expect(render(store)).toContain(`that ${retention === undefined ? "no policy deletes (the snapshot did not read the server's)" : 'the server keeps (it has no retention policy)'}.`);
      expect(render(store)).toContain(`(up ${deleted} against ${serverSide})`);
      expect(render(store)).not.toContain("the server's policies keep");
      expect(render(store)).toContain(`Per repository: ${retention === undefined ? 'no policy (not read)' : 'the server (no policy)'} and the drafts`);
      expect(render(store)).toContain('Drop the draft');
      expect(render(store)).not.toContain("Back to the server's policy");
      // With a drafted policy, the Lock map keeps the forecast up to date.
      state().ui.go('lockmap');
      const before = state().cleanup.forecast;
      state().cleanup.addRule();
      expect(state().cleanup.forecast).not.toBe(before);
      expect(state().cleanup.forecast!.draft.policy.rules).toHaveLength(2);
    }
  });
});
