// Runs in the browser (React).
/** Snapshots: the list (demo first), open, fetch with progress and cancel, import, export, delete. */
import { useEffect, useId, useState } from 'react';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { formatBytes, formatCount, formatEta, formatTime, parseList } from '../view/format.js';
import { ConfirmButton, ConnectionSelect, EmptyState, ErrorNote, ScreenHeader, SecretField, needsSecret } from './common.js';
import { downloadText } from './save-and-copy.js';
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
        <table className="table" aria-label="Snapshots">
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
        <code>{summary.registryUrl}</code> <span className="muted">({summary.registryKind === 'harbor' ? 'Harbor' : 'OCI'})</span>
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
            void exportFile(summary.id).then((file) => {
              if (file) downloadText(file.fileName, file.text);
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

function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function FetchPanel() {
  const connections = useApp((s) => s.connections.list);
  const job = useApp((s) => s.snapshots.fetch);
  const fetchError = useApp((s) => s.snapshots.fetchError);
  const fetched = useApp((s) => s.snapshots.fetched);
  const startFetch = useApp((s) => s.snapshots.startFetch);
  const cancelFetch = useApp((s) => s.snapshots.cancelFetch);
  const open = useApp((s) => s.snapshots.open);
  const go = useApp((s) => s.ui.go);
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [extra, setExtra] = useState('');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const id = useId();
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  const now = useTicker(job !== null);
  const projects = [...new Set([...chosen, ...parseList(extra)])];

  if (connections.length === 0) {
    return (
      <div className="panel" role="region" aria-label="Fetch from a registry">
        <h2>Fetch from a registry</h2>
        <EmptyState title="No connection yet">
          <p>Add a connection to your Harbor or STACKIT Container Registry to fetch its tags.</p>
          <button type="button" onClick={() => go('connections')}>
            Go to Connections
          </button>
        </EmptyState>
      </div>
    );
  }

  const progress = job?.progress ?? null;
  const percent = progress && progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  return (
    <form
      className="panel form"
      aria-label="Fetch from a registry"
      onSubmit={(e) => {
        e.preventDefault();
        if (!connection) return;
        void startFetch({ connectionId: connection.id, projects, name, ...(secret ? { secret } : {}) }).then((ok) => {
          if (ok) setSecret('');
        });
      }}
    >
      <h2>Fetch from a registry</h2>
      <ConnectionSelect
        label="Connection to fetch from"
        value={connectionId}
        disabled={job !== null}
        onChange={(value) => {
          setConnectionId(value);
          setChosen(connections.find((c) => c.id === value)?.projects ?? []);
        }}
      />
      {connection && connection.projects.length > 0 ? (
        <fieldset className="field">
          <legend>Projects</legend>
          {connection.projects.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(p)}
                disabled={job !== null}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, p] : chosen.filter((x) => x !== p))}
              />{' '}
              {p}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-extra`}>{connection && connection.projects.length > 0 ? 'Other projects' : 'Projects'}</label>
        <input id={`${id}-extra`} value={extra} disabled={job !== null} onChange={(e) => setExtra(e.target.value)} placeholder="comma-separated; empty: all visible projects" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Snapshot name</label>
        <input id={`${id}-name`} value={name} disabled={job !== null} onChange={(e) => setName(e.target.value)} placeholder="optional" />
      </div>
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <ErrorNote error={fetchError} action={fetchError?.code === 'cancelled' ? 'The fetch was cancelled.' : 'The fetch failed.'} />
      {job ? (
        <div className="fetch-progress" role="region" aria-label="Fetch progress">
          <progress aria-label="Fetch progress" max={100} value={percent ?? undefined} />
          <p className="progress-text" aria-live="polite">
            {progress ? (
              <>
                {progress.phase}
                {progress.total !== null ? ` — ${formatCount(progress.done)} of ${formatCount(progress.total)} repositories` : ''} ·{' '}
                {formatCount(progress.requests)} requests · {formatBytes(progress.bytes)} · {progress.phase === 'fetching' ? formatEta(progress.etaSeconds) : ''}
              </>
            ) : (
              'Starting…'
            )}{' '}
            <span className="muted">({Math.max(0, Math.round((now - job.startedAt) / 1000))} s)</span>
          </p>
          <button type="button" className="danger" disabled={job.cancelling || job.jobId === null} onClick={() => void cancelFetch()}>
            {job.cancelling ? 'Cancelling…' : 'Cancel fetch'}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="submit" className="primary" disabled={!connection || (needsSecret(connection) && secret === '')}>
            Fetch snapshot
          </button>
        </div>
      )}
      {fetched && !job ? (
        <div className="note note-success" role="status">
          <p>
            Fetched <strong>{fetched.name}</strong>: {formatCount(fetched.tags)} tags, {formatCount(fetched.artifacts)} digests in{' '}
            {formatCount(fetched.repositories)} repositories.
          </p>
          <button type="button" onClick={() => void open(fetched.id)}>
            Open {fetched.name}
          </button>
        </div>
      ) : null}
    </form>
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
            void file.text().then((text) => importFile(file.name, text)).finally(() => {
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
