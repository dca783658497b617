// Runs in the browser (React).
/**
 * The Simulation screen's per-repository view: found by name, ordered by what changes most (or by a
 * total, or name, either way round: repository-order.ts), as a chart of before and after or as a table
 * of totals, saved as listed. A repository's name shows its tags in the tag table.
 */
import { useId, useMemo } from 'react';
import type { SimulationView } from '../sim/compute.js';
import { plural } from '../view/format.js';
import { repositoryBars } from '../view/repository-bars.js';
import { RepositoryChart } from './RepositoryChart.js';
import type { ListShape } from './RepositoryFinder.js';
import { RepositoryFinder, matchingName, useDrawnAfterTheScreen, useKept } from './RepositoryFinder.js';
import { useApp } from './store-context.js';
import { SaveButtons, downloadText } from './save-and-copy.js';
import { exportRepositoryTotals } from '../view/repository-export.js';
import type { ExportFormat } from '../view/table-export.js';
import { RepositoryTable } from './RepositoryTable.js';
import type { RepositoryOrder } from '../view/repository-order.js';
import { REPOSITORY_ORDERS, sortRepositories } from '../view/repository-order.js';

export function RepositoryTotals({ view }: { view: SimulationView }) {
  const showRepository = useApp((s) => s.simulation.showRepository);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  // The tag table stands above this panel, out of view: it is brought into view, its grid focused.
  const showTags = (r: number) => {
    showRepository(r);
    const panel = document.querySelector<HTMLElement>('[role="region"][aria-label="Tags"]');
    panel?.scrollIntoView({ block: 'start' });
    panel?.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  };
  // Kept per snapshot while the app runs: another screen and back finds the list as it was left.
  const listKey = useApp((s) => `simulation\u0000${s.snapshots.current?.id ?? ''}`);
  const [query, setQuery] = useKept(`${listKey}\u0000query`, '');
  const [order, setOrder] = useKept<RepositoryOrder>(`${listKey}\u0000order`, { key: 'change', reversed: false });
  const [shape, setShape] = useKept<ListShape>(`${listKey}\u0000shape`, 'chart');
  const drawn = useDrawnAfterTheScreen();
  const id = useId();
  const index = view.draft.index;
  const bars = useMemo(() => repositoryBars(view), [view]);
  const rows = useMemo(
    () =>
      sortRepositories(
        matchingName(
          view.draft.repositoryTotals.map((totals, r) => ({ r, name: index.repositoryNames[r]!, totals, server: view.server.repositoryTotals[r]!, bars: bars[r]! })),
          query,
        ),
        order,
      ),
    [view, index, query, order, bars],
  );
  const save = (format: ExportFormat) => {
    const listed = rows.map((row) => ({ ...row, project: index.projects[index.repositoryProject[row.r]!]?.name ?? '' }));
    const file = exportRepositoryTotals(listed, format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };
  return (
    <div className="panel" role="region" aria-label="Totals per repository">
      {/* Saving stands beside the heading: with the finder, the order and the shape, it overran 1280 wide. */}
      <div className="list-head">
        <h2>Per repository: before and after the draft</h2>
        <SaveButtons what={`the ${plural(rows.length, 'repository', 'repositories')} listed`} disabled={rows.length === 0} onSave={save} />
      </div>
      <RepositoryFinder id={id} query={query} onQuery={setQuery} order={order} onOrder={setOrder} orders={REPOSITORY_ORDERS} shape={shape} onShape={setShape} />
      {shape === 'chart' ? (
        drawn ? (
          <RepositoryChart rows={rows} total={index.repositoryNames.length} onPick={showTags} startOver={`${query}\u0000${order.key}\u0000${order.reversed}`} />
        ) : (
          <p className="muted">Drawing the chart…</p>
        )
      ) : null}
      {shape === 'table' ? <RepositoryTable id={id} rows={rows} total={index.repositoryNames.length} order={order} onOrder={setOrder} onPick={showTags} /> : null}
      {rows.length === 0 ? <p className="muted">No repository matches.</p> : null}
    </div>
  );
}
