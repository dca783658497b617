// Runs in the browser (React).
/**
 * Simulation, live while the draft is edited: totals overall and per repository, the searchable and
 * virtualised tag table, the "why" of the selected tag, and the difference against the server rules.
 */
import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { explain } from '../../../shared/engine/decide.js';
import { tagDetail } from '../../../shared/engine/details.js';
import type { Totals } from '../../../shared/engine/simulate.js';
import type { SimulationView } from '../sim/compute.js';
import { costlyRulesFor } from '../sim/glob-budget.js';
import type { SimulationSlice } from '../store/types.js';
import { formatCount, formatTime, plural, pluralVerb, shortDigest } from '../view/format.js';
import type { TagFilter } from '../view/tag-table.js';
import { VERDICT_FILTERS, filterTags, serverAgreement, tagRowView } from '../view/tag-table.js';
import { EmptyState, SimulatedScreen, Stat } from './common.js';
import { Trace } from './RulesScreen.js';
import { useLabelAt } from './RuleList.js';
import { ServerStateBanners } from './ServerState.js';
import { relabelText } from '../store/rule-labels.js';
import { useApp, useAppShallow } from './store-context.js';
import { HarborVersionBar } from './HarborVersion.js';
import type { Column } from './VirtualTable.js';
import { VirtualTable } from './VirtualTable.js';

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
  const where = mode === 'worker' ? 'in a worker' : 'on the main thread';
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
      <span className={`sim-status sim-${status}`} role="status" aria-live="polite" aria-label="Simulation status">
        {status === 'running'
          ? 'Simulating…'
          : status === 'failed'
            ? `Simulation failed (${error?.code ?? 'internal'})`
            : status === 'stopped' && stopped
              ? stoppedText(stopped)
              : view
                ? `Up to date · ${view.millis} ms ${where}`
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
          <TotalsPanel view={view} />
          <DiffPanel view={view} />
          <div className="sim-layout">
            <TagsPanel view={view} />
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
  const { diff } = view;
  const index = view.draft.index;
  const tagName = (t: number) => `${index.repositoryNames[index.artifactRepository[index.tagArtifact[t]!]!]}:${index.tagNames[t]}`;
  const digestName = (a: number) => `${index.repositoryNames[index.artifactRepository[a]!]}@${shortDigest(index.artifactDigests.get(a))}`;
  const nothing =
    diff.newlyImmutableTags.length + diff.freedTags.length + diff.newlyLockedDigests.length + diff.freedDigests.length + diff.newlyRetentionProtected.length + diff.retentionFreed.length === 0;
  return (
    <div className="panel" role="region" aria-label="Changes against the server rules">
      <h2>Changes against the server rules</h2>
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
            onPick={(t) => selectTag(t)}
          />
          <DiffList tone="down" title={`${pluralVerb(diff.freedTags.length, 'tag', 'is', 'are')} no longer immutable`} items={diff.freedTags} name={tagName} onShowAll={() => setFilter({ verdict: 'freed' })} onPick={(t) => selectTag(t)} />
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

function DiffList({ title, items, name, onShowAll, onPick, tone }: { title: string; items: number[]; name: (i: number) => string; onShowAll?: () => void; onPick: (i: number) => void; tone: 'up' | 'down' }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, 6);
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

const TAG_COLUMNS: readonly Column[] = [
  { key: 'repository', header: 'Repository', width: 'minmax(0, 1.5fr)' },
  { key: 'tag', header: 'Tag', width: 'minmax(0, 1.5fr)' },
  { key: 'verdict', header: 'Verdict', width: '112px' },
  { key: 'rule', header: 'Rule', width: 'minmax(88px, 1fr)' },
  { key: 'server', header: 'Harbor said', width: '104px' },
  { key: 'change', header: 'Change', width: '158px' },
];

/** Position of `value` in an ascending Int32Array, or -1. */
function findSorted(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function TagsPanel({ view }: { view: SimulationView }) {
  const filter = useApp((s) => s.simulation.filter);
  const setFilter = useApp((s) => s.simulation.setFilter);
  const selectedTag = useApp((s) => s.simulation.selectedTag);
  const selectTag = useApp((s) => s.simulation.selectTag);
  const deferred = useDeferredValue(filter);
  const labelOf = useLabelAt();
  const rows = useMemo(() => filterTags(view, deferred), [view, deferred]);
  const index = view.draft.index;
  const id = useId();
  const repositories = useMemo(
    () =>
      index.repositoryNames
        .map((name, r) => ({ name: index.projects.length > 1 ? `${index.projects[index.repositoryProject[r]!]!.name}/${name}` : name, r }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [index],
  );
  const selectedPosition = selectedTag === null ? null : findSorted(rows, selectedTag);
  const set = (patch: Partial<TagFilter>) => setFilter(patch);
  return (
    <div className="panel tags-panel" role="region" aria-label="Tags">
      <div className="filters" role="search" aria-label="Filter tags">
        <div className="field grow">
          <label htmlFor={`${id}-q`}>Search tags</label>
          <input id={`${id}-q`} type="search" className="mono" value={filter.query} placeholder="repository:tag, a tag, a repository or sha256:…" onChange={(e) => set({ query: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-v`}>Verdict filter</label>
          <select id={`${id}-v`} value={filter.verdict} onChange={(e) => set({ verdict: e.target.value as TagFilter['verdict'] })}>
            {VERDICT_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-r`}>Repository filter</label>
          <select id={`${id}-r`} value={filter.repository ?? ''} onChange={(e) => set({ repository: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">All repositories</option>
            {repositories.map((r) => (
              <option key={r.r} value={r.r}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="count-line" aria-live="polite">
        {formatCount(rows.length)} of {formatCount(index.counts.tags)} tags
        {filter !== deferred ? <span className="muted"> (updating…)</span> : null}
        {filter.query !== '' || filter.verdict !== 'all' || filter.repository !== null ? (
          <button type="button" className="link" onClick={() => set({ query: '', verdict: 'all', repository: null, project: null })}>
            Clear filters
          </button>
        ) : null}
      </p>
      <VirtualTable
        label="Tags"
        idPrefix="tags"
        columns={TAG_COLUMNS}
        rowCount={rows.length}
        height={420}
        selected={selectedPosition !== null && selectedPosition >= 0 ? selectedPosition : null}
        onSelect={(position) => selectTag(rows[position]!)}
        empty={<EmptyState title="No tag matches">Change the search or the filters.</EmptyState>}
        renderRow={(position) => {
          const row = tagRowView(view, rows[position]!);
          return {
            key: row.tag,
            label: `${row.repository}:${row.name} ${row.verdict}`,
            className: row.change === 1 ? 'row-up' : row.change === -1 ? 'row-down' : undefined,
            cells: [
              <span className="ellipsis" title={row.repository}>
                {row.repository}
              </span>,
              <span className="ellipsis mono" title={row.name}>
                {row.name}
              </span>,
              <span className={`verdict-pill verdict-${row.verdict}`}>{row.verdict === 'stopped' ? 'mutable (error)' : row.verdict}</span>,
              <span className="ellipsis" title={row.rule === null ? undefined : relabelText(row.rule, labelOf)}>
                {row.rule === null ? '—' : relabelText(row.rule, labelOf)}
              </span>,
              <span className={row.mismatch ? 'mismatch' : undefined} title={row.mismatch ? "Harbor's recorded verdict differs from the simulation of the server rules" : undefined}>
                {row.server === null ? 'unknown' : row.server ? 'immutable' : 'mutable'}
                {row.mismatch ? ' ⚠ differs' : ''}
              </span>,
              <span className={row.change === 1 ? 'change-up' : row.change === -1 ? 'change-down' : 'muted'}>
                {row.change === 1 ? '▲ now immutable' : row.change === -1 ? '▼ freed' : '—'}
              </span>,
            ],
          };
        }}
      />
      <p className="hint">Use ↑ ↓, Page Up/Down, Home and End in the table; the selected tag is explained on the right.</p>
    </div>
  );
}

function WhyPanel({ view }: { view: SimulationView }) {
  const selectedTag = useApp((s) => s.simulation.selectedTag);
  const selectDigest = useApp((s) => s.simulation.selectDigest);
  const go = useApp((s) => s.ui.go);
  const labelOf = useLabelAt();
  const info = useMemo(() => {
    if (selectedTag === null || selectedTag >= view.draft.index.counts.tags) return null;
    const detail = tagDetail(view.draft, selectedTag);
    const index = view.draft.index;
    const artifact = index.tagArtifact[selectedTag]!;
    const project = index.repositoryProject[index.artifactRepository[artifact]!]!;
    const set = view.draft.ruleSets[project]!;
    return {
      detail,
      artifact,
      project,
      // The verdict comes from the simulation; re-matching a crafted pattern here could take minutes.
      trace: costlyRulesFor(set.rules.map((r) => r.rule), detail.repository, [detail.name]).length > 0 ? null : explain(set, detail.repository, [detail.name]),
      serverVerdict: view.server.tagVerdict[selectedTag]!,
      serverRules: view.server.ruleSets[project]!.rules,
      pushTime: index.tagPushTime[selectedTag]!,
      otherTags: index.tagNames.slice(index.artifactTagStart[artifact]!, index.artifactTagStart[artifact + 1]!).filter((n) => n !== detail.name),
    };
  }, [view, selectedTag]);
  return (
    <aside className="panel why-panel" role="region" aria-label="Why">
      <h2>Why</h2>
      {info === null ? (
        <p className="muted">Select a tag in the table to see which rule decides it, rule by rule.</p>
      ) : (
        <>
          <p className={`verdict verdict-${info.detail.immutable ? 'immutable' : info.detail.errorRule ? 'stopped' : 'mutable'}`}>
            <strong className="mono">
              {info.detail.repository}:{info.detail.name}
            </strong>{' '}
            is {info.detail.immutable ? `immutable, decided by ${relabelText(info.detail.rule!.label, labelOf)}` : info.detail.errorRule ? `mutable: ${relabelText(info.detail.errorRule.label, labelOf)} failed and stopped the evaluation` : 'mutable: no rule selects it'}.
          </p>
          <p className="small">
            With the server rules:{' '}
            {info.serverVerdict >= 0 ? `immutable (${relabelText(info.serverRules[info.serverVerdict]!.label, labelOf)})` : info.serverVerdict <= -2 ? 'mutable (stopped by an error)' : 'mutable'}.{' '}
            {info.detail.serverImmutable !== null ? `Harbor reported it ${info.detail.serverImmutable ? 'immutable' : 'mutable'} when fetched.` : ''}
          </p>
          {info.trace === null ? (
            <p className="note note-warn">The rule-by-rule trace is not shown: a rule of this project can take seconds to minutes to match this tag (see lint glob-cost).</p>
          ) : (
            <Trace trace={info.trace} label="Rule by rule for this tag" {...(info.project === view.projectIndex ? { labelOf } : {})} />
          )}
          <dl className="facts small">
            <div>
              <dt>Digest</dt>
              <dd className="mono">{shortDigest(info.detail.digest, 16)}</dd>
            </div>
            <div>
              <dt>Pushed</dt>
              <dd>{formatTime(info.pushTime, 'unknown')}</dd>
            </div>
            <div>
              <dt>Other tags on it</dt>
              <dd>{info.otherTags.length > 0 ? info.otherTags.slice(0, 8).join(', ') + (info.otherTags.length > 8 ? ', …' : '') : 'none'}</dd>
            </div>
            <div>
              <dt>Tag retention</dt>
              <dd data-testid="why-retention">{info.detail.retention.sentence}</dd>
            </div>
          </dl>
          <button
            type="button"
            onClick={() => {
              selectDigest(info.artifact);
              go('lockmap');
            }}
          >
            Show the digest in the lock map
          </button>
        </>
      )}
    </aside>
  );
}

type SortKey = 'immutableTags' | 'lockedDigests' | 'tags' | 'name' | 'change';

function RepositoryTotals({ view }: { view: SimulationView }) {
  const setFilter = useApp((s) => s.simulation.setFilter);
  const [showAll, setShowAll] = useState(false);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('lockedDigests');
  const id = useId();
  const index = view.draft.index;
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = view.draft.repositoryTotals
      .map((totals, r) => ({ r, name: index.repositoryNames[r]!, totals, server: view.server.repositoryTotals[r]! }))
      .filter((row) => q === '' || row.name.toLowerCase().includes(q));
    list.sort((a, b) => {
      if (sort === 'name') return a.name.localeCompare(b.name);
      if (sort === 'change') return Math.abs(b.totals.immutableTags - b.server.immutableTags) - Math.abs(a.totals.immutableTags - a.server.immutableTags) || a.name.localeCompare(b.name);
      return b.totals[sort] - a.totals[sort] || a.name.localeCompare(b.name);
    });
    return list;
  }, [view, index, query, sort]);
  const limit = showAll ? rows.length : 25;
  return (
    <div className="panel" role="region" aria-label="Totals per repository">
      <div className="list-head">
        <h2>Per repository</h2>
        <div className="row-inline">
          <label htmlFor={`${id}-q`}>Find repository</label>
          <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          <label htmlFor={`${id}-s`}>Sort by</label>
          <select id={`${id}-s`} value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="lockedDigests">locked digests</option>
            <option value="immutableTags">immutable tags</option>
            <option value="change">change against the server rules</option>
            <option value="tags">tags</option>
            <option value="name">name</option>
          </select>
        </div>
      </div>
      <table className="table compact" aria-label="Repositories">
        <thead>
          <tr>
            <th scope="col">Repository</th>
            <th scope="col" className="num">
              Tags
            </th>
            <th scope="col" className="num">
              Immutable tags
            </th>
            <th scope="col" className="num">
              Locked digests
            </th>
            <th scope="col" className="num">
              Mutable tags on locked
            </th>
            <th scope="col" className="num">
              Untagged kept
            </th>
            <th scope="col" className="num">
              Stopped by error
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, limit).map(({ r, name, totals, server }) => {
            const d = totals.immutableTags - server.immutableTags;
            return (
              <tr key={r}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => setFilter({ repository: r })} aria-label={`Show the tags of ${name}`}>
                    {name}
                  </button>
                </th>
                <td className="num">{formatCount(totals.tags)}</td>
                <td className="num">
                  {formatCount(totals.immutableTags)}
                  {d !== 0 ? <span className={`delta ${d > 0 ? 'delta-up' : 'delta-down'}`}>{d > 0 ? `+${d}` : `−${-d}`}</span> : null}
                </td>
                <td className="num">
                  {formatCount(totals.lockedDigests)} / {formatCount(totals.artifacts)}
                </td>
                <td className="num">{formatCount(totals.mutableTagsOnLockedDigests)}</td>
                <td className="num">
                  {formatCount(totals.untaggedRetained)} / {formatCount(totals.untaggedArtifacts)}
                </td>
                <td className={`num${totals.tagsStoppedByError > 0 ? ' bad' : ''}`}>{formatCount(totals.tagsStoppedByError)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > 25 ? (
        <button type="button" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show the first 25 repositories' : `Show all ${formatCount(rows.length)} repositories`}
        </button>
      ) : null}
      {rows.length === 0 ? <p className="muted">No repository matches.</p> : null}
    </div>
  );
}
