// Runs in the browser (React).
/**
 * Fetching a snapshot: the connection (the only one is chosen already), the projects to fetch (its
 * default projects and, read from the server, every project its account can see), a name, progress
 * with Cancel, and the fetched snapshot opened when it is done (unless the admin says not to).
 */
import { useEffect, useId, useState } from 'react';
import { formatBytes, formatCount, formatEta, parseList } from '../view/format.js';
import { ConnectionSelect, EmptyState, ErrorNote, SecretField, needsSecret } from './common.js';
import { useApp } from './store-context.js';

function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function FetchPanel() {
  const connections = useApp((s) => s.connections.list);
  const job = useApp((s) => s.snapshots.fetch);
  const fetchError = useApp((s) => s.snapshots.fetchError);
  const fetched = useApp((s) => s.snapshots.fetched);
  const currentId = useApp((s) => s.snapshots.current?.id ?? null);
  const startFetch = useApp((s) => s.snapshots.startFetch);
  const cancelFetch = useApp((s) => s.snapshots.cancelFetch);
  const open = useApp((s) => s.snapshots.open);
  const listProjects = useApp((s) => s.connections.listProjects);
  const go = useApp((s) => s.ui.go);
  const [chosenId, setChosenId] = useState<string | null>(null);
  /** The projects ticked; null until the admin changes them (then the connection's defaults). */
  const [picked, setPicked] = useState<string[] | null>(null);
  const [extra, setExtra] = useState('');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [openWhenDone, setOpenWhenDone] = useState(true);
  const id = useId();
  // With one connection there is nothing to choose.
  const connectionId = chosenId ?? (connections.length === 1 ? connections[0]!.id : null);
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  const listed = useApp((s) => (connectionId === null ? undefined : s.connections.serverProjects[connectionId]));
  const now = useTicker(job !== null);
  const chosen = picked ?? connection?.projects ?? [];
  const projects = [...new Set([...chosen, ...parseList(extra)])];
  const offered = [...new Set([...(connection?.projects ?? []), ...(listed?.names ?? [])])];
  const mayList = connection !== null && connection.kind !== 'oci';

  // The server's projects are read once a connection is chosen, when no secret has to be typed first.
  useEffect(() => {
    if (connection !== null && mayList && !needsSecret(connection) && listed === undefined) void listProjects(connection.id);
  }, [connection, mayList, listed, listProjects]);

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
        void startFetch({ connectionId: connection.id, projects, name, openWhenDone, ...(secret ? { secret } : {}) }).then((ok) => {
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
          setChosenId(value);
          setPicked(null);
        }}
      />
      {connection && offered.length > 0 ? (
        <fieldset className="field project-choice">
          <legend>Projects</legend>
          <div className="project-list">
            {offered.map((p) => (
              <label key={p} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(p)}
                  disabled={job !== null}
                  onChange={(e) => setPicked(e.target.checked ? [...chosen, p] : chosen.filter((x) => x !== p))}
                />{' '}
                {p}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {connection && mayList ? (
        <p className="hint" aria-live="polite">
          {listed?.status === 'loading'
            ? "Reading the server's projects…"
            : listed?.status === 'done'
              ? listed.names.length === 0
                ? 'The server shows this account no projects.'
                : `The server shows this account ${formatCount(listed.names.length)} project${listed.names.length === 1 ? '' : 's'}.`
              : null}{' '}
          {listed?.status !== 'loading' && (listed === undefined || listed.status === 'failed') ? (
            <button
              type="button"
              className="link"
              disabled={needsSecret(connection) && secret === ''}
              onClick={() => {
                void listProjects(connection.id, secret || undefined);
              }}
            >
              List the server's projects
            </button>
          ) : null}
        </p>
      ) : null}
      {listed?.status === 'failed' ? <ErrorNote error={listed.error} action="The server's projects could not be listed." /> : null}
      <div className="field">
        <label htmlFor={`${id}-extra`}>{offered.length > 0 ? 'Other projects' : 'Projects'}</label>
        <input id={`${id}-extra`} value={extra} disabled={job !== null} onChange={(e) => setExtra(e.target.value)} placeholder="comma-separated; empty: all visible projects" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Snapshot name</label>
        <input id={`${id}-name`} value={name} disabled={job !== null} onChange={(e) => setName(e.target.value)} placeholder="optional" />
      </div>
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <label className="check">
        <input type="checkbox" checked={openWhenDone} disabled={job !== null} onChange={(e) => setOpenWhenDone(e.target.checked)} /> Open it when fetched
      </label>
      {fetchError?.code === 'cancelled' ? (
        <p className="note" role="status">
          The fetch was cancelled: nothing was saved.
        </p>
      ) : (
        <ErrorNote error={fetchError} action="The fetch failed." />
      )}
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
            <span className="muted">({formatCount(Math.max(0, Math.round((now - job.startedAt) / 1000)))} s)</span>
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
            {formatCount(fetched.repositories)} repositories{currentId === fetched.id ? '; it is open now.' : '.'}
          </p>
          {currentId === fetched.id ? (
            <button type="button" onClick={() => go('rules')}>
              Edit rules on {fetched.name}
            </button>
          ) : (
            <button type="button" onClick={() => void open(fetched.id)}>
              Open {fetched.name}
            </button>
          )}
        </div>
      ) : null}
    </form>
  );
}
