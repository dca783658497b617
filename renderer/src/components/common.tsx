// Runs in the browser (React).
/** Small building blocks shared by the screens. */
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { Connection } from '../../../shared/contract/api.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { SimulationView } from '../sim/compute.js';
import { errorHint, formatCount, sentence } from '../view/format.js';
import { useApp } from './store-context.js';

/** An error in plain words, with its stable code; `hint` replaces the usual hint for that code (null: none). */
export function ErrorNote({ error, action, hint: givenHint, onDismiss }: { error: ErrorData | null | undefined; action?: string; hint?: string | null; onDismiss?: () => void }) {
  if (!error) return null;
  const hint = givenHint === undefined ? errorHint(error) : givenHint;
  return (
    <div className="note note-error" role="alert">
      <p>
        {action ? <strong>{action} </strong> : null}
        {sentence(error.message)} <code className="error-code" title="error code">({error.code})</code>
      </p>
      {hint ? <p className="hint">{hint}</p> : null}
      {onDismiss ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

/** The loud warning that a connection does not verify TLS certificates. */
export function InsecureBadge({ connection }: { connection: Pick<Connection, 'insecure' | 'name'> | null | undefined }) {
  if (!connection?.insecure) return null;
  return (
    <span className="badge badge-danger" title={`${connection.name} does not verify TLS certificates: anyone on the network path can read and change this traffic.`}>
      ⚠ Insecure TLS: certificates not verified
    </span>
  );
}

export function connectionOptionLabel(connection: Connection): string {
  return `${connection.name} — ${connection.url}${connection.insecure ? ' (INSECURE TLS)' : ''}`;
}

/** Whether a registry call with this connection needs a secret typed now. */
export function needsSecret(connection: Connection | null | undefined): boolean {
  return Boolean(connection && connection.username && !connection.hasSecret);
}

/**
 * A password field for a connection whose secret is not kept: the value is sent with the next call and
 * then held by Taglock's Node side for the session only.
 */
export function SecretField({ connection, value, onChange }: { connection: Connection | null | undefined; value: string; onChange: (value: string) => void }) {
  const id = useId();
  if (!needsSecret(connection)) return null;
  return (
    <div className="field">
      <label htmlFor={id}>Secret for {connection!.name} (this session only)</label>
      <input id={id} type="password" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />
      <p className="hint">No secret is saved for {connection!.username}; it is kept in memory until Taglock quits.</p>
    </div>
  );
}

/** Select a connection; the insecure warning shows beside it when the chosen one skips TLS checks. */
export function ConnectionSelect({
  label,
  value,
  onChange,
  disabled,
  emptyLabel = 'Choose a connection',
}: {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean;
  emptyLabel?: string;
}) {
  const id = useId();
  const connections = useApp((s) => s.connections.list);
  const chosen = connections.find((c) => c.id === value) ?? null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row-inline">
        <select id={id} value={value ?? ''} disabled={disabled || connections.length === 0} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
          <option value="">{connections.length === 0 ? 'No connections yet' : emptyLabel}</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {connectionOptionLabel(c)}
            </option>
          ))}
        </select>
        <InsecureBadge connection={chosen} />
      </div>
    </div>
  );
}

/** A destructive button that asks once more in place (no modal). */
export function ConfirmButton({
  label,
  ariaLabel,
  confirmLabel,
  onConfirm,
  disabled,
  className = 'danger',
}: {
  label: string;
  /** Accessible name of the first button when `label` alone is ambiguous (e.g. "Delete Prod"). */
  ariaLabel?: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-inline">
      <button
        type="button"
        className="danger solid"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Keep it
      </button>
    </span>
  );
}

/**
 * How a change against the server reads: `locks` in the lock colours (more locked, less locked), `deletes`
 * as worse when up and better when down, `neutral` in neither (more kept by immutability is no harm).
 */
export type DeltaMeaning = 'locks' | 'deletes' | 'neutral';

const DELTA_CLASSES: Record<DeltaMeaning, readonly [up: string, down: string]> = {
  locks: ['delta-up', 'delta-down'],
  deletes: ['delta-worse', 'delta-better'],
  neutral: ['delta-neutral', 'delta-neutral'],
};

/**
 * A figure's parts, each kept on one line: split after " · " (the dot ends a line) and before " of " (the
 * whole begins one), so that "494,719 of 1,028,814" wraps to "494,719" and "of 1,028,814" in a narrow tile
 * rather than running out of it.
 */
export function statParts(value: string): string[] {
  return value.split(/(?<= ·) | (?=of )/);
}

export function Stat({
  label,
  value,
  delta,
  tone,
  help,
  meaning = 'locks',
  against = 'the server rules',
}: {
  label: string;
  value: string;
  delta?: number | null;
  tone?: 'warn' | 'bad' | 'good';
  help?: string;
  meaning?: DeltaMeaning;
  /** What the delta is against, for screen readers. */
  against?: string;
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`} title={help} role="group" aria-label={label}>
      <dt>{label}</dt>
      <dd>
        {/* A narrow box breaks the value only between its parts ("172,681 · 33 TiB", "494,719 of 1,028,814"), never inside a number. */}
        <span className="stat-value">
          {statParts(value).map((part, i) => (
            <Fragment key={i}>
              {i > 0 ? ' ' : null}
              <span className="stat-part">{part}</span>
            </Fragment>
          ))}
        </span>
        {/* A space before the badge: where the tile is narrow, the badge takes a line of its own. */}
        {delta !== undefined && delta !== null && delta !== 0 ? (
          <>
            {' '}
            <Delta value={delta} meaning={meaning} against={against} />
          </>
        ) : null}
      </dd>
    </div>
  );
}

/** A change against the server's side, as a badge ("+528", "−86"), coloured by what it means; nothing for none. */
export function Delta({ value, meaning, against }: { value: number; meaning: DeltaMeaning; against: string }) {
  if (value === 0) return null;
  return (
    <span className={`delta ${DELTA_CLASSES[meaning][value > 0 ? 0 : 1]}`}>
      <span aria-hidden="true">
        {value > 0 ? '+' : '−'}
        {formatCount(Math.abs(value))}
      </span>
      <span className="visually-hidden">{` (${value > 0 ? 'up' : 'down'} ${formatCount(Math.abs(value))} against ${against})`}</span>
    </span>
  );
}

/** Transient messages (saved, fetched, failed …), announced politely. */
export function Notices() {
  const notices = useApp((s) => s.ui.notices);
  const dismiss = useApp((s) => s.ui.dismiss);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    // One timer per notice, started when it first appears (errors stay until dismissed).
    const live = new Set(notices.map((n) => n.id));
    for (const n of notices) {
      if (n.tone !== 'error' && !timers.current.has(n.id)) timers.current.set(n.id, setTimeout(() => dismiss(n.id), 6000));
    }
    for (const [id, timer] of timers.current) {
      if (!live.has(id)) {
        clearTimeout(timer);
        timers.current.delete(id);
      }
    }
  }, [notices, dismiss]);
  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const timer of map.values()) clearTimeout(timer);
      map.clear();
    };
  }, []);
  return (
    <div className="notices" aria-live="polite" aria-label="Notifications" role="region">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>
            {n.text}
            {n.error ? (
              <>
                {' '}
                {sentence(n.error.message)} <code className="error-code">({n.error.code})</code>
              </>
            ) : null}
          </span>
          <button type="button" className="icon" aria-label="Dismiss notification" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="screen-header">
      <h1>{title}</h1>
      {children ? <div className="screen-header-extra">{children}</div> : null}
    </header>
  );
}

/** A screen showing the simulation of the open snapshot; until there is one, it says what is missing. */
export function SimulatedScreen({ title, render, banners }: { title: string; render: (view: SimulationView) => ReactNode; banners?: ReactNode }) {
  const current = useApp((s) => s.snapshots.current);
  const projectIndex = useApp((s) => s.rules.projectIndex);
  // Only a result computed for the open snapshot and project is drawn; another one is never shown
  // under this snapshot's legend.
  const view = useApp((s) => s.simulation.view);
  const error = useApp((s) => s.simulation.error);
  const fits = view !== null && current !== null && view.snapshotId === current.id && view.projectIndex === projectIndex;
  return (
    <section className="screen">
      <ScreenHeader title={title} />
      {!current ? (
        <NeedsSnapshot />
      ) : (
        <>
          {banners}
          <ErrorNote error={error} action="The simulation failed." />
          {fits ? render(view) : <EmptyState title="Simulating…" />}
        </>
      )}
    </section>
  );
}

/** When nothing is loaded yet: the screens that need a snapshot say so. */
export function NeedsSnapshot() {
  const opening = useApp((s) => s.snapshots.opening);
  const openError = useApp((s) => s.snapshots.openError);
  const go = useApp((s) => s.ui.go);
  if (opening) return <EmptyState title="Loading the snapshot…" />;
  return (
    <>
      <ErrorNote error={openError} action="The snapshot could not be opened." />
      <EmptyState title="No snapshot is open">
        <p>Rules are simulated on the tags of a snapshot. Open the demo or fetch one from your registry.</p>
        <button type="button" onClick={() => go('snapshots')}>
          Go to Snapshots
        </button>
      </EmptyState>
    </>
  );
}

/**
 * A URL that may wrap after its "/" and "." (a registry's address in a narrow column), rather than in
 * the middle of a host name.
 */
export function UrlText({ url }: { url: string }) {
  const parts = url.split(/(?<=\.|\/(?!\/))/);
  return (
    <code className="url">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </code>
  );
}
