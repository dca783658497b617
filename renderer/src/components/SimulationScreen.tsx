// Runs in the browser (React).
/**
 * Simulation, live while the draft is edited: totals, the difference against the server rules (saved
 * as CSV or JSON), the tag table and the "why" of the selected tag, and per repository the picture of
 * before and after.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Totals } from '../../../shared/engine/simulate.js';
import type { SimulationView } from '../sim/compute.js';
import { relabelText } from '../store/rule-labels.js';
import type { SimulationSlice } from '../store/types.js';
import { formatCount, plural, pluralVerb, shortDigest } from '../view/format.js';
import type { ExportFormat } from '../view/table-export.js';
import { exportDiff } from '../view/table-export.js';
import { serverAgreement } from '../view/tag-table.js';
import { SimulatedScreen, Stat } from './common.js';
import { HarborVersionBar } from './HarborVersion.js';
import { RepositoryTotals } from './RepositoryTotals.js';
import { useLabelAt } from './RuleList.js';
import { SaveButtons, downloadText } from './save-and-copy.js';
import { ServerStateBanners } from './ServerState.js';
import { useApp, useAppShallow } from './store-context.js';
import { TagTablePanel } from './TagTable.js';
import { WHY_PANEL_ID, WhyPanel } from './WhyPanel.js';

/** How long a run goes on before the header offers to cancel it. */
const CANCEL_OFFER_DELAY_MS = 400;

export function SimulationStatus() {
  const { status, mode, view, error, stopped, cancel } = useAppShallow((s) => ({
    status: s.simulation.status,
    mode: s.simulation.mode,
    view: s.simulation.view,
    error: s.simulation.error,
    stopped: s.simulation.stopped,
    cancel: s.simulation.cancel,
  }));
  // Where it ran matters only when the page had to do it itself (typing may then feel slower).
  const where = mode === 'worker' ? 'Simulated in the background, off the page' : 'Simulated on the page itself: no background worker could start';
  // Runs usually end within a keystroke; Cancel shows only for one that goes on, so the header stays still while typing.
  const [offerCancel, setOfferCancel] = useState(false);
  useEffect(() => {
    setOfferCancel(false);
    if (status !== 'running') return;
    const timer = setTimeout(() => setOfferCancel(true), CANCEL_OFFER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <>
      <span className={`sim-status sim-${status}`} role="status" aria-live="polite" aria-label="Simulation status" title={view ? where : undefined} data-runs-in={mode}>
        {status === 'running'
          ? 'Simulating…'
          : status === 'failed'
            ? `Simulation failed (${error?.code ?? 'internal'})`
            : status === 'stopped' && stopped
              ? stoppedText(stopped)
              : view
                ? `Up to date · simulated in ${formatCount(view.millis)} ms${mode === 'worker' ? '' : ' on this page'}`
                : 'Waiting for a snapshot'}
      </span>
      {status === 'running' && offerCancel ? (
        <button type="button" className="small-button" onClick={cancel}>
          Cancel simulation
        </button>
      ) : null}
    </>
  );
}

/** Why the newest run did not finish; the figures shown stay those of the last finished run. */
function stoppedText(stopped: NonNullable<SimulationSlice['stopped']>): string {
  if (stopped.reason === 'cancelled') return 'Simulation cancelled: the figures shown are from before the last edit; edit the rules to simulate again';
  const seconds = Math.round(stopped.budgetMs / 100) / 10;
  const who =
    stopped.costlyRules.length === 0
      ? 'a rule may be too costly to match'
      : `the rule${stopped.costlyRules.length > 1 ? 's' : ''} ${stopped.costlyRules.join(', ')} may be too costly to match`;
  return `Simulation stopped: over the time budget (${seconds} s); ${who} — see lint glob-cost`;
}

export function SimulationScreen() {
  return (
    <SimulatedScreen
      title="Simulation"
      banners={
        <>
          <ServerStateBanners />
          <HarborVersionBar />
        </>
      }
      render={(view) => (
        <>
          {view.draft.index.meta.registry.kind !== 'harbor' ? (
            <p className="note note-warn" role="note">
              This snapshot is of a plain registry, which has no immutability rules of its own: the figures say what the draft would do to these tags
              in Harbor.
            </p>
          ) : null}
          <TotalsPanel view={view} />
          <DiffPanel view={view} />
          <div className="sim-layout">
            <TagTablePanel view={view} />
            <WhyPanel view={view} />
          </div>
          <RepositoryTotals view={view} />
        </>
      )}
    />
  );
}

function delta(after: Totals, before: Totals, key: keyof Totals): number {
  return after[key] - before[key];
}

function TotalsPanel({ view }: { view: SimulationView }) {
  const setFilter = useApp((s) => s.simulation.setFilter);
  const t = view.draft.totals;
  const b = view.server.totals;
  const agreement = useMemo(() => serverAgreement(view), [view.server]);
  const outdated = useApp((s) => s.snapshots.verdictsOutdated?.snapshotId === view.snapshotId);
  const serverSource = useApp((s) => s.rules.server.source);
  return (
    <div className="panel" role="region" aria-label="Totals">
      <h2>With the draft rules</h2>
      <dl className="stats">
        <Stat label="Immutable tags" value={`${formatCount(t.immutableTags)} of ${formatCount(t.tags)}`} delta={delta(t, b, 'immutableTags')} />
        <Stat
          label="Locked digests"
          value={`${formatCount(t.lockedDigests)} of ${formatCount(t.artifacts)}`}
          delta={delta(t, b, 'lockedDigests')}
          help="A digest with at least one immutable tag cannot be deleted, tag retention skips it and GC keeps its layers."
        />
        <Stat
          label="Mutable tags on locked digests"
          value={formatCount(t.mutableTagsOnLockedDigests)}
          delta={delta(t, b, 'mutableTagsOnLockedDigests')}
          help="These tags can still be moved or deleted one by one, but their digest stays."
        />
        <Stat
          label="Untagged kept by retention"
          value={`${formatCount(t.untaggedRetained)} of ${formatCount(t.untaggedArtifacts)}`}
          delta={delta(t, b, 'untaggedRetained')}
          help="An excludes tag rule makes tag retention treat untagged artifacts of its repositories as immutable."
        />
        <Stat
          label="Tags stopped by an error"
          value={formatCount(t.tagsStoppedByError)}
          delta={delta(t, b, 'tagsStoppedByError')}
          tone={t.tagsStoppedByError > 0 ? 'bad' : undefined}
          help="A failing rule stops the evaluation: these tags stay mutable whatever later rules say."
        />
      </dl>
      {agreement.compared > 0 && outdated ? (
        <p className="note note-warn">
          Harbor's own verdicts in this snapshot were recorded before your publish, so they are not compared with the simulation until the
          project is fetched again.
        </p>
      ) : agreement.compared > 0 ? (
        <p className={agreement.agree === agreement.compared ? 'note note-success' : 'note note-warn'}>
          Harbor's own verdicts recorded in the snapshot agree with the simulation of the {serverSource === 'live' ? 'live' : "snapshot's"} server rules on{' '}
          {formatCount(agreement.agree)} of {formatCount(agreement.compared)} tags.
          {agreement.agree !== agreement.compared ? (
            <>
              {' '}
              <button type="button" className="link" onClick={() => setFilter({ verdict: 'mismatch' })}>
                Show the {formatCount(agreement.compared - agreement.agree)} that differ
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

function DiffPanel({ view }: { view: SimulationView }) {
  const setFilter = useApp((s) => s.simulation.setFilter);
  const selectTag = useApp((s) => s.simulation.selectTag);
  const selectDigest = useApp((s) => s.simulation.selectDigest);
  const go = useApp((s) => s.ui.go);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  const labelOf = useLabelAt();
  const { diff } = view;
  /** A tag picked here is explained in the Why panel, which may be out of view (below the table at 1280). */
  const explain = (tag: number) => {
    selectTag(tag);
    setTimeout(() => document.getElementById(WHY_PANEL_ID)?.scrollIntoView({ block: 'nearest' }), 0);
  };
  const save = (format: ExportFormat) => {
    const file = exportDiff(view, (label) => relabelText(label, labelOf), format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };
  const index = view.draft.index;
  const tagName = (t: number) => `${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`;
  const digestName = (a: number) => `${index.repositoryNames[index.artifactRepository[a]!]}@${shortDigest(index.artifactDigests.get(a))}`;
  const nothing =
    diff.newlyImmutableTags.length + diff.freedTags.length + diff.newlyLockedDigests.length + diff.freedDigests.length + diff.newlyRetentionProtected.length + diff.retentionFreed.length === 0;
  return (
    <div className="panel" role="region" aria-label="Changes against the server rules">
      <div className="list-head">
        <h2>Changes against the server rules</h2>
        {nothing ? null : (
          <div className="actions">
            <SaveButtons what="the changes" onSave={save} />
          </div>
        )}
      </div>
      {nothing ? (
        <p className="muted">The draft changes nothing on this snapshot{diff.decidedByOtherRule.length > 0 ? `, though ${plural(diff.decidedByOtherRule.length, 'tag')} would be decided by another rule` : ''}.</p>
      ) : (
        <div className="diff-grid">
          <DiffList
            tone="up"
            title={`${pluralVerb(diff.newlyImmutableTags.length, 'tag', 'becomes', 'become')} immutable`}
            items={diff.newlyImmutableTags}
            name={tagName}
            onShowAll={() => setFilter({ verdict: 'newly-immutable' })}
            onPick={explain}
          />
          <DiffList tone="down" title={`${pluralVerb(diff.freedTags.length, 'tag', 'is', 'are')} no longer immutable`} items={diff.freedTags} name={tagName} onShowAll={() => setFilter({ verdict: 'freed' })} onPick={explain} />
          <DiffList
            tone="up"
            title={`${pluralVerb(diff.newlyLockedDigests.length, 'digest', 'becomes', 'become')} locked`}
            items={diff.newlyLockedDigests}
            name={digestName}
            onPick={(a) => {
              selectDigest(a);
              go('lockmap');
            }}
          />
          <DiffList
            tone="down"
            title={`${pluralVerb(diff.freedDigests.length, 'digest', 'is', 'are')} freed`}
            items={diff.freedDigests}
            name={digestName}
            onPick={(a) => {
              selectDigest(a);
              go('lockmap');
            }}
          />
          {diff.newlyRetentionProtected.length + diff.retentionFreed.length > 0 ? (
            <p className="small">
              Tag retention: {plural(diff.newlyRetentionProtected.length, 'artifact')} newly skipped as immutable, {plural(diff.retentionFreed.length, 'artifact')} no longer
              skipped.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}

function DiffList({ title, items, name, onShowAll, onPick, tone }: { title: string; items: Int32Array; name: (i: number) => string; onShowAll?: () => void; onPick: (i: number) => void; tone: 'up' | 'down' }) {
  if (items.length === 0) return null;
  const shown = Array.from(items.subarray(0, 6));
  return (
    <div className={`diff-list diff-${tone}`}>
      <h3>{title}</h3>
      <ul>
        {shown.map((i) => (
          <li key={i}>
            <button type="button" className="link mono" onClick={() => onPick(i)}>
              {name(i)}
            </button>
          </li>
        ))}
        {items.length > shown.length ? <li className="muted">and {formatCount(items.length - shown.length)} more</li> : null}
      </ul>
      {onShowAll ? (
        <button type="button" className="small-button" onClick={onShowAll}>
          Show in the table
        </button>
      ) : null}
    </div>
  );
}

