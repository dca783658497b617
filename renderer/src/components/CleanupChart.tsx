// Runs in the browser (React, SVG).
/**
 * The Cleanup screen's per-repository view: as a chart, for each repository two pairs of stacked bars,
 * its artifacts and their bytes, split into deleted, kept by immutability, kept for an index, untouched
 * and retained, in each pair the server's policies above, the drafts below; or as a table of the drafts'
 * figures (CleanupTable.tsx). Found by name and ordered, either way round, like the Simulation screen's,
 * with the same pieces.
 */
import { useId, useMemo } from 'react';
import type { CleanupForecast } from '../view/cleanup-forecast.js';
import type { CleanupOrder, CleanupRow } from '../view/cleanup-bars.js';
import { CLEANUP_KINDS, CLEANUP_ORDERS, CLEANUP_WORDS, cleanupFigures, cleanupRows, cleanupSegments, sortCleanupRows } from '../view/cleanup-bars.js';
import { formatBytes, formatCount, plural } from '../view/format.js';
import type { ListShape } from './RepositoryFinder.js';
import { RepositoryFinder, matchingName, useDrawnAfterTheScreen, useKept } from './RepositoryFinder.js';
import { PatternSwatch, StackedBarPair, StripePattern } from './StackedBarPair.js';
import { ChartRowWindow } from './ChartRowWindow.js';
import { CleanupTable } from './CleanupTable.js';
import { SaveButtons, downloadText } from './save-and-copy.js';
import { useApp } from './store-context.js';
import { exportCleanupRepositories } from '../view/repository-export.js';
import type { ExportFormat } from '../view/table-export.js';

/** A row's height in pixels: its figures are sentences, three lines where the columns are narrow. */
const ROW_HEIGHT = 56;

/** Deleted is striped as well as red: beside the orange of immutability, colour alone tells them apart poorly. */
function Pair({ row, measure, deletedFill }: { row: CleanupRow; measure: 'count' | 'bytes'; deletedFill: string }) {
  const what = measure === 'count' ? 'artifacts' : 'bytes';
  return (
    <StackedBarPair
      fillOf={(kind) => (kind === 'deleted' ? deletedFill : undefined)}
      bars={[
        { name: "Server's policies", segments: cleanupSegments(row.server, measure) },
        { name: 'Drafts', segments: cleanupSegments(row.draft, measure) },
      ]}
      format={measure === 'count' ? formatCount : formatBytes}
      words={CLEANUP_WORDS}
      label={`${row.name}, ${what}: the server's policies above, the drafts below`}
    />
  );
}

/** `words`: how the server's side is named (serverSideWords: its policies, or no policy). */
export function CleanupChart({ forecast, words }: { forecast: CleanupForecast; words: { side: string; against: string } }) {
  const side = words.side;
  // Kept per snapshot while the app runs: another screen and back finds the list as it was left.
  const listKey = useApp((s) => `cleanup\u0000${s.snapshots.current?.id ?? ''}`);
  const [query, setQuery] = useKept(`${listKey}\u0000query`, '');
  const [order, setOrder] = useKept<CleanupOrder>(`${listKey}\u0000order`, { key: 'change', reversed: false });
  const [shape, setShape] = useKept<ListShape>(`${listKey}\u0000shape`, 'chart');
  const id = useId();
  const rows = useMemo(() => sortCleanupRows(matchingName(cleanupRows(forecast), query), order), [forecast, query, order]);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  const project = useApp((s) => s.snapshots.current?.index.projects[forecast.projectIndex]?.name ?? '');
  const save = (format: ExportFormat) => {
    const file = exportCleanupRepositories(rows, project, format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };
  return (
    <div className="panel" role="region" aria-label="Cleanup per repository">
      <div className="list-head">
        <h2>Per repository: {side} and the drafts</h2>
        <SaveButtons what={`the ${plural(rows.length, 'repository', 'repositories')} listed`} disabled={rows.length === 0} onSave={save} />
      </div>
      <RepositoryFinder id={id} query={query} onQuery={setQuery} order={order} onOrder={setOrder} orders={CLEANUP_ORDERS} shape={shape} onShape={setShape} />
      {shape === 'table' ? <CleanupTable id={id} rows={rows} total={forecast.draft.repositories.length} order={order} onOrder={setOrder} against={words.against} /> : null}
      {shape === 'chart' ? <CleanupBars forecast={forecast} rows={rows} side={side} startOver={`${query}\u0000${order.key}\u0000${order.reversed}`} /> : null}
      {rows.length === 0 ? <p className="muted">No repository matches.</p> : null}
    </div>
  );
}

/** The chart: each repository's pairs of bars and its figures, in a window of the rows in view. */
function CleanupBars({ forecast, rows, side, startOver }: { forecast: CleanupForecast; rows: readonly CleanupRow[]; side: string; startOver: string }) {
  const drawn = useDrawnAfterTheScreen();
  const id = useId();
  const patternId = `cleanup${id.replace(/[^a-zA-Z0-9_-]/g, '')}-deleted`;
  const deletedFill = `url(#${patternId})`;
  // Referenced and untouched are rare: their legend shows only where the forecast has them.
  const kinds = CLEANUP_KINDS.filter((kind) => (kind !== 'referenced' && kind !== 'untouched') || forecast.draft.totals[kind] + forecast.server.totals[kind] > 0);
  return (
    <>
      <StripePattern id={patternId} ground="bar-deleted" stripe="bar-deleted-stripe" stripeWidth={1.5} />
      <ul className="legend chart-legend" aria-label="Bar segments">
        {kinds.map((kind) => (
          <li key={kind}>
            {kind === 'deleted' ? (
              <PatternSwatch fill={deletedFill} />
            ) : (
              <span className={`swatch chart-swatch bar-${kind}`} aria-hidden="true" />
            )}{' '}
            {CLEANUP_WORDS[kind]}
          </li>
        ))}
        <li className="muted">Upper bar: {side}; lower bar: the drafts.</li>
      </ul>
      {drawn ? (
        <ChartRowWindow
          label="Repositories, server and drafts"
          className="cleanup-chart"
          rowHeight={ROW_HEIGHT}
          rows={rows}
          what="repositories"
          total={forecast.draft.repositories.length}
          startOver={startOver}
          head={
            <>
              <span>Repository</span>
              <span>Artifacts</span>
              <span />
              <span>Bytes</span>
              <span />
            </>
          }
          renderRow={(row) => {
            const countText = cleanupFigures(row.draft, row.server, 'count');
            const byteText = cleanupFigures(row.draft, row.server, 'bytes');
            return {
              key: row.repository,
              label: `${row.name}: ${countText}; ${byteText}`,
              cells: (
                <>
                  <span className="ellipsis chart-name" title={row.name}>
                    {row.name}
                  </span>
                  <Pair row={row} measure="count" deletedFill={deletedFill} />
                  <span className="chart-figures small" title={countText}>
                    {countText}
                  </span>
                  <Pair row={row} measure="bytes" deletedFill={deletedFill} />
                  <span className="chart-figures small" title={byteText}>
                    {byteText}
                  </span>
                </>
              ),
            };
          }}
        />
      ) : (
        <p className="muted">Drawing the chart…</p>
      )}
    </>
  );
}
