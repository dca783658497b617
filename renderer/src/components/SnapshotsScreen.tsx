// Runs in the browser (React).
/** Snapshots: the list (demo first), open, fetch with progress and cancel, import, export, delete. */
import { useId } from 'react';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { formatCount, formatTime } from '../view/format.js';
import { snapshotFileName } from '../../../shared/snapshot/summary.js';
import { ConfirmButton, EmptyState, ErrorNote, ScreenHeader, UrlText } from './common.js';
import { FetchPanel } from './FetchPanel.js';
import { downloadBytes } from './save-and-copy.js';
import { useApp } from './store-context.js';

export function SnapshotsScreen() {
  const list = useApp((s) => s.snapshots.list);
  const loaded = useApp((s) => s.snapshots.loaded);
  const error = useApp((s) => s.snapshots.error);
  const current = useApp((s) => s.snapshots.current);
  const openError = useApp((s) => s.snapshots.openError);

  return (
    <section className="screen" aria-labelledby="snapshots-title">
      <ScreenHeader title="Snapshots" />
      <p className="lead">
        A snapshot is an offline copy of a registry's tags and digests, with the rules in force when it was fetched. Rules are simulated on
        the open snapshot; nothing here touches the registry.
      </p>
      <ErrorNote error={error} action="The snapshot list could not be loaded." />
      <ErrorNote error={openError} action="The snapshot could not be opened." />
      {loaded && list.length === 0 ? <EmptyState title="No snapshots">Fetch one from a connection or import a file.</EmptyState> : null}
      {list.length > 0 ? (
        <table className="table snapshots-table" aria-label="Snapshots">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Registry</th>
              <th scope="col">Fetched</th>
              <th scope="col">Projects</th>
              <th scope="col" className="num">
                Repositories
              </th>
              <th scope="col" className="num">
                Tags
              </th>
              <th scope="col" className="num">
                Digests
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <SnapshotRow key={s.id} summary={s} current={current?.id === s.id} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="grid-2 top-gap">
        <FetchPanel />
        <ImportPanel />
      </div>
    </section>
  );
}

function SnapshotRow({ summary, current }: { summary: SnapshotSummary; current: boolean }) {
  const open = useApp((s) => s.snapshots.open);
  const opening = useApp((s) => s.snapshots.opening);
  const exportFile = useApp((s) => s.snapshots.exportFile);
  const remove = useApp((s) => s.snapshots.remove);
  const go = useApp((s) => s.ui.go);
  return (
    <tr className={current ? 'current' : undefined} aria-current={current ? 'true' : undefined}>
      <th scope="row">
        {summary.name}
        {summary.demo ? <span className="badge">demo</span> : null}
        {current ? <span className="badge badge-accent">open</span> : null}
      </th>
      <td>
        <UrlText url={summary.registryUrl} /> <span className="muted">({summary.registryKind === 'harbor' ? 'Harbor' : 'OCI'})</span>
      </td>
      <td>{formatTime(summary.fetchedAt)}</td>
      <td>{summary.projects.map((p) => (p === '' ? '(no project)' : p)).join(', ')}</td>
      <td className="num">{formatCount(summary.repositories)}</td>
      <td className="num">{formatCount(summary.tags)}</td>
      <td className="num">{formatCount(summary.artifacts)}</td>
      <td className="actions-cell">
        {current ? (
          <button type="button" aria-label={`Edit rules on ${summary.name}`} onClick={() => go('rules')}>
            Edit rules
          </button>
        ) : (
          <button
            type="button"
            aria-label={`Open ${summary.name}`}
            disabled={opening !== null}
            onClick={() => {
              void open(summary.id);
            }}
          >
            {opening === summary.id ? 'Opening…' : 'Open'}
          </button>
        )}
        <button
          type="button"
          aria-label={`Export ${summary.name}`}
          onClick={() => {
            void exportFile(summary.id).then((bytes) => {
              if (bytes) downloadBytes(snapshotFileName(summary.name), bytes);
            });
          }}
        >
          Export
        </button>
        {summary.demo ? null : <ConfirmButton label="Delete" ariaLabel={`Delete ${summary.name}`} confirmLabel={`Confirm: delete ${summary.name}`} onConfirm={() => void remove(summary.id)} />}
      </td>
    </tr>
  );
}

function ImportPanel() {
  const importFile = useApp((s) => s.snapshots.importFile);
  const importing = useApp((s) => s.snapshots.importing);
  const importError = useApp((s) => s.snapshots.importError);
  const id = useId();
  return (
    <div className="panel form" role="region" aria-label="Import a snapshot file">
      <h2>Import a snapshot file</h2>
      <div className="field">
        <label htmlFor={id}>Snapshot file (.json)</label>
        <input
          id={id}
          type="file"
          accept=".json,application/json"
          disabled={importing}
          onChange={(e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            if (!file) return;
            void importFile(file.name, file).finally(() => {
              input.value = '';
            });
          }}
        />
        <p className="hint">A file written by Taglock's Export or by `taglock demo-snapshot`. It is checked field by field before it is kept.</p>
      </div>
      {importing ? <p role="status">Importing…</p> : null}
      <ErrorNote error={importError} action="The file was not imported." />
    </div>
  );
}
