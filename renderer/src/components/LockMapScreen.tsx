// Runs in the browser (React).
/**
 * The digest lock map: every digest of every repository as a cell coloured by what the draft rules do
 * to it (locked, locked with mutable tags, untagged but kept by retention, free), changes against the
 * server rules marked, a search that steps through its matches, the digests saved as CSV or JSON, and
 * the selected digest's details beside it.
 */
import { useId, useMemo, useState } from 'react';
import type { SimulationView } from '../sim/compute.js';
import { formatCount, shortDigest } from '../view/format.js';
import type { CellState } from '../view/lock-map.js';
import { CELL_LABELS, CELL_LOCKED, CELL_MIXED, CELL_STATES, FIND_LIMIT, classifyArtifacts, countStates, findArtifacts, repositoryStateCounts } from '../view/lock-map.js';
import type { ExportFormat } from '../view/table-export.js';
import { exportDigests } from '../view/table-export.js';
import { EmptyState, SimulatedScreen } from './common.js';
import { DigestPanel } from './DigestPanel.js';
import { HarborVersionBar } from './HarborVersion.js';
import { LockMapCanvas } from './LockMapCanvas.js';
import { SaveButtons, downloadText } from './save-and-copy.js';
import { useApp } from './store-context.js';

/** The find field's id, for the `/` shortcut. */
export const DIGEST_FIND_ID = 'digest-find';

/** What the last search found, and which of its matches is shown. */
interface Found {
  query: string;
  matches: number[];
  at: number;
}

export function LockMapScreen() {
  return <SimulatedScreen title="Digest lock map" banners={<HarborVersionBar />} render={(view) => <LockMap view={view} />} />;
}

function LockMap({ view }: { view: SimulationView }) {
  const index = view.draft.index;
  const selected = useApp((s) => s.simulation.selectedDigest);
  const selectDigest = useApp((s) => s.simulation.selectDigest);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const [query, setQuery] = useState('');
  const [find, setFind] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const snapshotName = useApp((s) => s.snapshots.current?.summary?.name ?? 'snapshot');
  const [onlyLocked, setOnlyLocked] = useState(false);
  const [showChanges, setShowChanges] = useState(true);
  const id = useId();

  const states = useMemo(() => classifyArtifacts(index, view.draft), [index, view.draft]);
  const repositoryCounts = useMemo(() => repositoryStateCounts(index, states), [index, states]);
  const totals = useMemo(() => countStates(states, 0, states.length), [states]);
  const repositories = useMemo(() => {
    const q = query.trim().toLowerCase();
    const out: number[] = [];
    for (let r = 0; r < index.counts.repositories; r++) {
      if (q !== '' && !index.repositoryNames[r]!.toLowerCase().includes(q)) continue;
      if (onlyLocked && repositoryCounts[r * CELL_STATES + CELL_LOCKED]! + repositoryCounts[r * CELL_STATES + CELL_MIXED]! === 0) continue;
      if (index.repositoryArtifactStart[r + 1]! === index.repositoryArtifactStart[r]!) continue;
      out.push(r);
    }
    return out;
  }, [index, query, onlyLocked, repositoryCounts]);
  const changed = view.diff.newlyLockedDigests.length + view.diff.freedDigests.length;

  /** Whether the filters hide this digest's repository. */
  const hidden = (artifact: number) => !repositories.includes(index.artifactRepository[artifact]!);
  /** Shows one match: its repository comes back into view if the filters hid it. */
  const show = (artifact: number) => {
    if (hidden(artifact)) {
      setQuery('');
      setOnlyLocked(false);
    }
    selectDigest(artifact);
    setCell(null);
  };
  const step = (by: number) => {
    if (found === null || found.matches.length === 0) return;
    const at = (found.at + by + found.matches.length) % found.matches.length;
    setFound({ ...found, at });
    show(found.matches[at]!);
  };
  const save = (format: ExportFormat) => {
    const file = exportDigests(view, repositories, format, snapshotName, Date.now());
    downloadText(file.fileName, file.text, file.mimeType);
  };

  return (
    <>
      <div className="panel" role="region" aria-label="Legend">
        <ul className="legend" aria-label="Digest states">
          {([CELL_LOCKED, CELL_MIXED, 3, 0, 4] as CellState[]).map((state) => (
            <li key={state}>
              <span className={`swatch swatch-${state}`} aria-hidden="true" /> {CELL_LABELS[state]}: <strong>{formatCount(totals[state]!)}</strong>
            </li>
          ))}
          <li>
            <span className="swatch swatch-newly" aria-hidden="true" /> newly locked (ringed, with a dot): <strong>{formatCount(view.diff.newlyLockedDigests.length)}</strong>
          </li>
          <li>
            <span className="swatch swatch-freed" aria-hidden="true" /> freed (dashed ring): <strong>{formatCount(view.diff.freedDigests.length)}</strong>
          </li>
        </ul>
        <p id="lockmap-help" className="hint">
          One cell per digest, grouped by repository; large repositories are aggregated (each cell then shows the mix of its digests as a
          stacked bar). Point at a cell to see what it is; click it, or focus the map and use the arrow keys (Page Up/Down: previous/next
          repository).
        </p>
        <div className="filters">
          <form
            className="row-inline"
            role="search"
            aria-label="Find a digest"
            onSubmit={(e) => {
              e.preventDefault();
              // Enter again on the same search goes on to the next match, as in a browser's find.
              if (found !== null && found.query === find.trim() && found.matches.length > 0) {
                step(1);
                return;
              }
              const matches = findArtifacts(index, find);
              setFound({ query: find.trim(), matches, at: 0 });
              if (matches.length > 0) show(matches[0]!);
            }}
          >
            <label htmlFor={DIGEST_FIND_ID}>Find digest or tag</label>
            <kbd className="key-hint" title="Press / to find" aria-hidden="true">
              /
            </kbd>
            <input
              id={DIGEST_FIND_ID}
              className="mono"
              value={find}
              onChange={(e) => {
                setFind(e.target.value);
                setFound(null);
              }}
              placeholder="sha256:ab12…, repository:tag, a tag"
            />
            <button type="submit">Find</button>
            {found !== null && found.matches.length > 0 ? (
              <span className="find-steps">
                <span role="status" aria-label="Find result">
                  {formatCount(found.at + 1)} of {formatCount(found.matches.length)}
                  {found.matches.length >= FIND_LIMIT ? '+' : ''}
                </span>
                <button type="button" className="icon" aria-label="Previous match" disabled={found.matches.length < 2} onClick={() => step(-1)}>
                  ‹
                </button>
                <button type="button" className="icon" aria-label="Next match" disabled={found.matches.length < 2} onClick={() => step(1)}>
                  ›
                </button>
              </span>
            ) : null}
          </form>
          <div className="row-inline">
            <label htmlFor={`${id}-repo`}>Filter repositories</label>
            <input id={`${id}-repo`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <label className="check">
            <input type="checkbox" checked={onlyLocked} onChange={(e) => setOnlyLocked(e.target.checked)} /> Only repositories with locked digests
          </label>
          <label className="check">
            <input type="checkbox" checked={showChanges} onChange={(e) => setShowChanges(e.target.checked)} /> Outline changes against the server rules ({formatCount(changed)})
          </label>
        </div>
        {found !== null && found.matches.length === 0 ? (
          <p className="note note-warn" role="status">
            Nothing matches {found.query === '' ? 'an empty search' : `"${found.query}"`}.
          </p>
        ) : null}
        <div className="actions">
          <span className="muted small">The digests of the {repositories.length === index.counts.repositories ? 'snapshot' : `${formatCount(repositories.length)} repositories shown`}:</span>
          <SaveButtons what="the digests shown" disabled={repositories.length === 0} onSave={save} />
        </div>
      </div>
      <div className="lockmap-layout">
        <div className="panel lockmap-panel">
          {repositories.length === 0 ? (
            <EmptyState title="No repository to show">Change the repository filter.</EmptyState>
          ) : (
            <LockMapCanvas
              index={index}
              states={states}
              changes={view.artifactChange}
              showChanges={showChanges}
              repositories={repositories}
              repositoryCounts={repositoryCounts}
              selected={selected}
              height={560}
              onSelect={(artifact, range) => {
                selectDigest(artifact);
                setCell(range);
              }}
            />
          )}
          <p className="visually-hidden" aria-live="polite">
            {selected !== null && selected < index.counts.artifacts
              ? `Selected ${index.repositoryNames[index.artifactRepository[selected]!]} ${shortDigest(index.artifactDigests.get(selected))}: ${CELL_LABELS[states[selected] as CellState]}`
              : ''}
          </p>
        </div>
        <DigestPanel
          view={view}
          selected={selected}
          cell={cell}
          onPick={(a) => selectDigest(a)}
          hiddenByFilter={selected !== null && selected < index.counts.artifacts && hidden(selected)}
        />
      </div>
    </>
  );
}

