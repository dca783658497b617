// Runs in the browser (React).
/**
 * The digest lock map: every digest of every repository as a cell coloured by what the draft rules do
 * to it (locked, locked with mutable tags, untagged but kept by retention, free), changes against the
 * server rules outlined, and the selected digest's tags, times, size, references, locking rules and
 * consequences.
 */
import { useId, useMemo, useState } from 'react';
import { digestDetail } from '../../../shared/engine/details.js';
import type { SimulationView } from '../sim/compute.js';
import { formatBytes, formatCount, formatTime, shortDigest } from '../view/format.js';
import type { CellState } from '../view/lock-map.js';
import { CELL_LABELS, CELL_LOCKED, CELL_MIXED, CELL_STATES, classifyArtifacts, countStates, findArtifact, repositoryStateCounts } from '../view/lock-map.js';
import { relabelText } from '../store/rule-labels.js';
import { ruleText } from '../view/rules-view.js';
import { useLabelAt } from './RuleList.js';
import { EmptyState, SimulatedScreen } from './common.js';
import { HarborVersionBar } from './HarborVersion.js';
import { LockMapCanvas } from './LockMapCanvas.js';
import { useApp } from './store-context.js';

const OPERATION_WORDS: Record<string, string> = {
  'overwrite-tag': 'Overwrite a tag (push)',
  'delete-tag': 'Delete a tag',
  'delete-artifact': 'Delete the artifact or its repository',
  retention: 'Tag retention',
  'garbage-collection': 'Garbage collection',
};

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
  const [findMiss, setFindMiss] = useState<string | null>(null);
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
            <span className="swatch swatch-up" aria-hidden="true" /> newly locked: <strong>{formatCount(view.diff.newlyLockedDigests.length)}</strong>
          </li>
          <li>
            <span className="swatch swatch-down" aria-hidden="true" /> freed: <strong>{formatCount(view.diff.freedDigests.length)}</strong>
          </li>
        </ul>
        <p id="lockmap-help" className="hint">
          One cell per digest, grouped by repository; large repositories are aggregated (each cell then shows the mix of its digests as a
          stacked bar). Click a cell, or focus the map and use the arrow keys (Page Up/Down: previous/next repository).
        </p>
        <div className="filters">
          <form
            className="row-inline"
            role="search"
            aria-label="Find a digest"
            onSubmit={(e) => {
              e.preventDefault();
              const artifact = findArtifact(index, find);
              if (artifact === null) {
                setFindMiss(`Nothing matches ${find.trim() === '' ? 'an empty search' : `"${find.trim()}"`}.`);
                return;
              }
              setFindMiss(null);
              if (!repositories.includes(index.artifactRepository[artifact]!)) {
                setQuery('');
                setOnlyLocked(false);
              }
              selectDigest(artifact);
              setCell(null);
            }}
          >
            <label htmlFor={`${id}-find`}>Find digest or tag</label>
            <input id={`${id}-find`} className="mono" value={find} onChange={(e) => setFind(e.target.value)} placeholder="sha256:ab12…, repository:tag" />
            <button type="submit">Find</button>
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
        {findMiss ? (
          <p className="note note-warn" role="status">
            {findMiss}
          </p>
        ) : null}
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
        <DigestPanel view={view} selected={selected} cell={cell} onPick={(a) => selectDigest(a)} />
      </div>
    </>
  );
}

function DigestPanel({ view, selected, cell, onPick }: { view: SimulationView; selected: number | null; cell: [number, number] | null; onPick: (artifact: number) => void }) {
  // Draft rules by their stable labels (only the edited project's rules can lack an id).
  const labelOf = useLabelAt();
  const selectTag = useApp((s) => s.simulation.selectTag);
  const go = useApp((s) => s.ui.go);
  const detail = useMemo(() => (selected === null || selected >= view.draft.index.counts.artifacts ? null : digestDetail(view.draft, selected)), [view, selected]);
  if (detail === null) {
    return (
      <aside className="panel digest-panel" role="region" aria-label="Digest details">
        <h2>Digest</h2>
        <p className="muted">Select a cell to see its tags, what locks it and what Harbor will refuse.</p>
      </aside>
    );
  }
  const index = view.draft.index;
  const a = detail.artifact;
  const wasLocked = view.server.artifactImmutableTags[a]! > 0;
  const inCell = cell && cell[1] - cell[0] > 1 && a >= cell[0] && a < cell[1] ? cell : null;
  const firstTag = index.artifactTagStart[a]!;
  return (
    <aside className="panel digest-panel" role="region" aria-label="Digest details">
      <h2>Digest</h2>
      <p className="mono break">{detail.digest}</p>
      <p className="small">
        in <strong>{detail.repository}</strong>
        {detail.project ? ` (project ${detail.project})` : ''}
      </p>
      <p className={`verdict verdict-${detail.locked ? 'immutable' : 'mutable'}`}>
        {detail.locked ? 'Locked' : detail.retentionProtected ? 'Not locked, but kept by tag retention' : 'Not locked'} with the draft rules; with the server rules it is{' '}
        {wasLocked ? 'locked' : 'not locked'}
        {wasLocked !== detail.locked ? (detail.locked ? ' — newly locked by the draft.' : ' — the draft frees it.') : '.'}
      </p>
      {inCell ? (
        <details className="cell-list" open>
          <summary>This cell groups {formatCount(inCell[1] - inCell[0])} digests</summary>
          <ul>
            {Array.from({ length: Math.min(40, inCell[1] - inCell[0]) }, (_, i) => inCell[0] + i).map((x) => (
              <li key={x}>
                <button type="button" className={`link mono${x === a ? ' current' : ''}`} onClick={() => onPick(x)}>
                  {shortDigest(index.artifactDigests.get(x))}
                </button>{' '}
                <span className="muted small">{view.draft.artifactImmutableTags[x]! > 0 ? 'locked' : 'free'}</span>
              </li>
            ))}
            {inCell[1] - inCell[0] > 40 ? <li className="muted">and {formatCount(inCell[1] - inCell[0] - 40)} more</li> : null}
          </ul>
        </details>
      ) : null}
      <dl className="facts small">
        <div>
          <dt>Immutable tags</dt>
          <dd>{detail.lockingTags.length > 0 ? detail.lockingTags.join(', ') : 'none'}</dd>
        </div>
        <div>
          <dt>Mutable tags</dt>
          <dd>{detail.mutableTags.length > 0 ? detail.mutableTags.join(', ') : 'none'}</dd>
        </div>
        <div>
          <dt>Pushed</dt>
          <dd>{formatTime(detail.data.pushTime, 'unknown')}</dd>
        </div>
        <div>
          <dt>Last pulled</dt>
          <dd>{formatTime(detail.data.pullTime, 'never')}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(detail.data.size)}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>
            {detail.data.type ?? 'unknown'}
            {detail.data.mediaType ? <span className="muted"> ({detail.data.mediaType})</span> : null}
          </dd>
        </div>
        <div>
          <dt>References</dt>
          <dd>
            {detail.data.references.length > 0 ? (
              <ul className="plain">
                {detail.data.references.map((r) => (
                  <li key={r} className="mono">
                    {shortDigest(r, 16)}
                  </li>
                ))}
              </ul>
            ) : (
              'none (not a multi-arch index)'
            )}
          </dd>
        </div>
      </dl>
      <h3>Locked by</h3>
      {detail.lockingRules.length > 0 ? (
        <ul className="plain">
          {detail.lockingRules.map((rule) => (
            <li key={rule.index}>
              <strong>{relabelText(rule.label, labelOf)}</strong>: <span className="small">{ruleText(rule.rule)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No rule: no tag of this digest is immutable.</p>
      )}
      <h3>What Harbor will do</h3>
      <table className="table compact" aria-label="Consequences">
        <tbody>
          {detail.consequences.map((c) => (
            <tr key={c.operation}>
              <th scope="row">{OPERATION_WORDS[c.operation] ?? c.operation}</th>
              <td>
                <span className={`verdict-pill ${c.blocked ? 'verdict-immutable' : 'verdict-mutable'}`}>{c.blocked ? 'blocked' : 'allowed'}</span>
              </td>
              <td className="small">{c.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {index.artifactTagStart[a + 1]! > firstTag ? (
        <button
          type="button"
          onClick={() => {
            selectTag(firstTag);
            go('simulation');
          }}
        >
          Explain its first tag
        </button>
      ) : null}
    </aside>
  );
}
