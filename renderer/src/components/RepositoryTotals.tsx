// Runs in the browser (React).
/**
 * The Simulation screen's per-repository view: found by name, ordered by what changes most (or by
 * locked digests, immutable tags, tags, name), as a chart of before and after or as a table of totals.
 * A repository's name shows its tags in the tag table.
 */
import { useId, useMemo, useState } from 'react';
import type { SimulationView } from '../sim/compute.js';
import { formatCount } from '../view/format.js';
import type { RepositoryBars } from '../view/repository-bars.js';
import { repositoryBars } from '../view/repository-bars.js';
import { RepositoryChart } from './RepositoryChart.js';
import { RepositoryFinder, matchingName, useDrawnAfterTheScreen } from './RepositoryFinder.js';
import { useApp } from './store-context.js';

/** Tags, then bytes, whose protection the draft changes. */
function changed(bars: RepositoryBars): number {
  return bars.tags.newly + bars.tags.freed + (bars.bytes.newly + bars.bytes.freed) / 1e15;
}

type SortKey = 'immutableTags' | 'lockedDigests' | 'tags' | 'name' | 'change';

const ORDERS: readonly (readonly [SortKey, string])[] = [
  ['change', 'change against the server rules'],
  ['lockedDigests', 'locked digests'],
  ['immutableTags', 'immutable tags'],
  ['tags', 'tags'],
  ['name', 'name'],
];

export function RepositoryTotals({ view }: { view: SimulationView }) {
  const setFilter = useApp((s) => s.simulation.setFilter);
  const [showAll, setShowAll] = useState(false);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('change');
  const [shape, setShape] = useState<'chart' | 'table'>('chart');
  const drawn = useDrawnAfterTheScreen();
  const id = useId();
  const index = view.draft.index;
  const bars = useMemo(() => repositoryBars(view), [view]);
  const rows = useMemo(() => {
    const list = matchingName(
      view.draft.repositoryTotals.map((totals, r) => ({ r, name: index.repositoryNames[r]!, totals, server: view.server.repositoryTotals[r]!, bars: bars[r]! })),
      query,
    );
    list.sort((a, b) => {
      if (sort === 'name') return a.name.localeCompare(b.name);
      if (sort === 'change') return changed(b.bars) - changed(a.bars) || b.totals.tags - a.totals.tags || a.name.localeCompare(b.name);
      return b.totals[sort] - a.totals[sort] || a.name.localeCompare(b.name);
    });
    return list;
  }, [view, index, query, sort, bars]);
  const limit = showAll ? rows.length : 25;
  return (
    <div className="panel" role="region" aria-label="Totals per repository">
      <div className="list-head">
        <h2>Per repository: before and after the draft</h2>
        <div className="row-inline">
          <RepositoryFinder id={id} query={query} onQuery={setQuery} sort={sort} onSort={setSort} orders={ORDERS} />
          <fieldset className="segmented">
            <legend className="visually-hidden">Show as</legend>
            <label className="check">
              <input type="radio" name={`${id}-shape`} checked={shape === 'chart'} onChange={() => setShape('chart')} /> Chart
            </label>
            <label className="check">
              <input type="radio" name={`${id}-shape`} checked={shape === 'table'} onChange={() => setShape('table')} /> Table
            </label>
          </fieldset>
        </div>
      </div>
      {shape === 'chart' ? (
        drawn ? (
          <RepositoryChart rows={rows.slice(0, limit).map((row) => ({ name: row.name, bars: row.bars }))} onPick={(r) => setFilter({ repository: r })} />
        ) : (
          <p className="muted">Drawing the chart…</p>
        )
      ) : null}
      {shape === 'table' ? (
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
                  {d !== 0 ? <span className={`delta ${d > 0 ? 'delta-up' : 'delta-down'}`}>{d > 0 ? `+${formatCount(d)}` : `−${formatCount(-d)}`}</span> : null}
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
      ) : null}
      {rows.length > 25 ? (
        <button type="button" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show the first 25 repositories' : `Show all ${formatCount(rows.length)} repositories`}
        </button>
      ) : null}
      {rows.length === 0 ? <p className="muted">No repository matches.</p> : null}
    </div>
  );
}
