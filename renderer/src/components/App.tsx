// Runs in the browser (React).
/** The frame: header with the open snapshot, left navigation, the current screen, notices. */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { Screen } from '../store/types.js';
import { SCREENS } from '../store/types.js';
import { formatCount } from '../view/format.js';
import { ErrorNote, Notices } from './common.js';
import { HeaderTools } from './HeaderTools.js';
import { CleanupScreen } from './CleanupScreen.js';
import { ConnectionsScreen } from './ConnectionsScreen.js';
import { LockMapScreen } from './LockMapScreen.js';
import { PublishScreen } from './PublishScreen.js';
import { RulesScreen } from './RulesScreen.js';
import { SimulationScreen, SimulationStatus } from './SimulationScreen.js';
import { SnapshotsScreen } from './SnapshotsScreen.js';
import { useApp } from './store-context.js';

const SCREEN_VIEWS: Record<Screen, () => ReactNode> = {
  connections: () => <ConnectionsScreen />,
  snapshots: () => <SnapshotsScreen />,
  rules: () => <RulesScreen />,
  simulation: () => <SimulationScreen />,
  lockmap: () => <LockMapScreen />,
  cleanup: () => <CleanupScreen />,
  publish: () => <PublishScreen />,
};

function CurrentSnapshotLine() {
  const current = useApp((s) => s.snapshots.current);
  const opening = useApp((s) => s.snapshots.opening);
  const projectName = useApp((s) => s.rules.projectNames[s.rules.projectIndex] ?? null);
  if (opening && !current) return <span className="muted">Opening a snapshot…</span>;
  if (!current) return <span className="muted">No snapshot open</span>;
  const name = current.summary?.name ?? current.id;
  // Where the header is too narrow, the line is cut at its end: the registry's address goes first, the
  // project and its size stay (the whole line is the tooltip).
  const facts = `project ${projectName === '' ? '(none)' : (projectName ?? '–')} · ${formatCount(current.index.counts.tags)} tags · ${current.index.meta.registry.url}`;
  return (
    <span className="current-snapshot" aria-label="Open snapshot" title={`${name} · ${facts}`}>
      <strong>{name}</strong>
      {current.summary?.demo ? <span className="badge">demo</span> : null}
      <span className="muted"> · {facts}</span>
    </span>
  );
}

/** Each screen opens at its top: the scroll position of the previous one means nothing there. */
function useScrollToTopOnScreenChange(screen: Screen): void {
  const shown = useRef(screen);
  useEffect(() => {
    if (shown.current === screen) return;
    shown.current = screen;
    window.scrollTo(0, 0);
  }, [screen]);
}

export function App() {
  const screen = useApp((s) => s.ui.screen);
  const go = useApp((s) => s.ui.go);
  const started = useApp((s) => s.ui.started);
  const startError = useApp((s) => s.ui.startError);
  const appInfo = useApp((s) => s.ui.appInfo);
  useScrollToTopOnScreenChange(screen);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <svg className="logo" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect x="4" y="10" width="16" height="11" rx="2" fill="currentColor" />
            <path d="M8 10V7a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2.2" />
          </svg>{' '}
          Taglock
          {appInfo ? <span className="muted small"> {appInfo.version}</span> : null}
        </div>
        <CurrentSnapshotLine />
        <SimulationStatus />
        <HeaderTools />
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {SCREENS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={screen === s.id ? 'page' : undefined}
                aria-keyshortcuts={String(i + 1)}
                className={screen === s.id ? 'active' : undefined}
                onClick={() => go(s.id)}
              >
                {s.label}
                <kbd className="nav-key" aria-hidden="true">
                  {i + 1}
                </kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1} aria-busy={!started}>
        {/* At start-up 'auth' means this tab has no access to the local service (its message says what to do), not a registry login. */}
        {startError?.code === 'auth' ? (
          <ErrorNote error={startError} hint={null} />
        ) : (
          <ErrorNote error={startError} action="Taglock's local service did not answer at start-up." />
        )}
        {SCREEN_VIEWS[screen]()}
      </main>
      <Notices />
    </div>
  );
}
