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
import { SaveButtons, downloadText } from './save-and-copy.js';
import { exportRepositoryTotals } from '../view/repository-export.js';
import type { ExportFormat } from '../view/table-export.js';
import type { Column } from './VirtualTable.js';
import { VirtualTable } from './VirtualTable.js';

/** Tags, then bytes, whose protection the draft changes. */
function changed(bars: RepositoryBars): number {
  return bars.tags.newly + bars.tags.freed + (bars.bytes.newly + bars.bytes.freed) / 1e15;
}

type SortKey = 'immutableTags' | 'lockedDigests' | 'tags' | 'name' | 'change';

/** The table's columns; those whose header sorts are the orders of the same name. */
const COLUMNS: readonly Column[] = [
  { key: 'name', header: 'Repository', min: '12rem', grow: 1, sortable: true },
  { key: 'tags', header: 'Tags', min: '6rem', className: 'num', sortable: true },
  { key: 'immutableTags', header: 'Immutable tags', min: '9.5rem', className: 'num', sortable: true },
  { key: 'lockedDigests', header: 'Locked digests', min: '9rem', className: 'num', sortable: true },
  { key: 'mutable', header: 'Mutable tags on locked', min: '10.5rem', className: 'num', title: 'Mutable tags on locked digests: they still move, the digest under them stays' },
  { key: 'untagged', header: 'Untagged kept', min: '8rem', className: 'num' },
  { key: 'stopped', header: 'Stopped by error', min: '8.5rem', className: 'num' },
];
const SORTABLE: ReadonlySet<string> = new Set(COLUMNS.filter((c) => c.sortable).map((c) => c.key));
/** The table's height in pixels: about 14 rows at a time, as the tag table. */
const TABLE_HEIGHT = 392;

const ORDERS: readonly (readonly [SortKey, string])[] = [
  ['change', 'change against the server rules'],
  ['lockedDigests', 'locked digests'],
  ['immutableTags', 'immutable tags'],
  ['tags', 'tags'],
  ['name', 'name'],
];

export function RepositoryTotals({ view }: { view: SimulationView }) {
  const setFilter = useApp((s) => s.simulation.setFilter);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  // The tag table stands above this panel, out of view: it is brought into view, its grid focused.
  const showTags = (r: number) => {
    setFilter({ repository: r });
    const panel = document.querySelector<HTMLElement>('[role="region"][aria-label="Tags"]');
    panel?.scrollIntoView({ block: 'start' });
    panel?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  };
  const [selected, setSelected] = useState<number | null>(null);
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
  const save = (format: ExportFormat) => {
    const listed = rows.map((row) => ({ ...row, project: index.projects[index.repositoryProject[row.r]!]?.name ?? '' }));
    const file = exportRepositoryTotals(listed, format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };
  const chartRows = useMemo(() => rows.map((row) => ({ name: row.name, bars: row.bars })), [rows]);
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
          <SaveButtons what={`the ${formatCount(rows.length)} repositories listed`} disabled={rows.length === 0} onSave={save} />
        </div>
      </div>
      {shape === 'chart' ? (
        drawn ? (
          <RepositoryChart rows={chartRows} onPick={showTags} startOver={`${query}\u0000${sort}`} />
        ) : (
          <p className="muted">Drawing the chart…</p>
        )
      ) : null}
      {shape === 'table' ? (
        <VirtualTable
          label="Repositories"
          idPrefix={`${id}-repositories`}
          columns={COLUMNS}
          rowCount={rows.length}
          height={TABLE_HEIGHT}
          selected={selected !== null && selected < rows.length ? selected : null}
          onSelect={setSelected}
          sort={SORTABLE.has(sort) ? { key: sort, descending: sort !== 'name' } : null}
          onSort={(key) => setSort(key as SortKey)}
          renderRow={(position) => {
            const { r, name, totals, server } = rows[position]!;
            const d = totals.immutableTags - server.immutableTags;
            return {
              key: r,
              label: name,
              cells: [
                <button type="button" className="link ellipsis" onClick={() => showTags(r)} aria-label={`Show the tags of ${name}`} title={name}>
                  {name}
                </button>,
                formatCount(totals.tags),
                <>
                  {formatCount(totals.immutableTags)}
                  {d !== 0 ? <span className={`delta ${d > 0 ? 'delta-up' : 'delta-down'}`}>{d > 0 ? `+${formatCount(d)}` : `−${formatCount(-d)}`}</span> : null}
                </>,
                `${formatCount(totals.lockedDigests)} / ${formatCount(totals.artifacts)}`,
                formatCount(totals.mutableTagsOnLockedDigests),
                `${formatCount(totals.untaggedRetained)} / ${formatCount(totals.untaggedArtifacts)}`,
                <span className={totals.tagsStoppedByError > 0 ? 'bad' : undefined}>
                  {formatCount(totals.tagsStoppedByError)}
                </span>,
              ],
            };
          }}
        />
      ) : null}
      {rows.length === 0 ? <p className="muted">No repository matches.</p> : null}
    </div>
  );
}
