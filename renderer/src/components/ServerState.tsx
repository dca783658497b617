// Runs in the browser (React).
/**
 * The three states a draft is seen against, where the admin looks (Rules, Simulation, Publish): the
 * rules recorded in the snapshot, the live rules on the server, and the draft itself. When the server
 * changed since the snapshot, or a publish made the snapshot's Harbor verdicts old, it says so and
 * offers the way out (fetch again, start from the live rules).
 */
import { useState } from 'react';
import { describeServerChange } from '../../../shared/publish/drift.js';
import { plainRuleWords } from '../view/rules-view.js';
import { registryAddress, sameScope, scopeText } from '../store/draft-scope.js';
import { draftRules, liveChangesSinceSnapshot, rulesKey } from '../store/rules-state.js';
import { formatCount, formatTime, plural } from '../view/format.js';
import { SecretField, needsSecret } from './common.js';
import { useApp, useAppShallow } from './store-context.js';

/** Every banner that applies to the open draft, in order of importance. */
export function ServerStateBanners() {
  return (
    <>
      <LiveChangedBanner />
      <VerdictsOutdatedBanner />
      <CarriedRulesBanner />
    </>
  );
}

/** The connection to fetch the draft's project again: the one the live rules came from, else any of the same registry. */
function useRefetchConnection() {
  const { scope, liveConnection } = useAppShallow((s) => ({ scope: s.rules.scope, liveConnection: s.rules.live?.connectionId ?? null }));
  return useApp((s) => {
    if (scope === null) return null;
    const matching = s.connections.list.filter((c) => registryAddress(c.url) === scope.registry);
    return matching.find((c) => c.id === liveConnection) ?? matching[0] ?? null;
  });
}

function RefetchButton({ label }: { label: string }) {
  const connection = useRefetchConnection();
  const project = useApp((s) => s.rules.scope?.project ?? '');
  const fetching = useApp((s) => s.snapshots.fetch !== null);
  const startFetch = useApp((s) => s.snapshots.startFetch);
  const [secret, setSecret] = useState('');
  if (connection === null || project === '') return null;
  return (
    <>
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <button
        type="button"
        disabled={fetching || (needsSecret(connection) && secret === '')}
        onClick={() => void startFetch({ connectionId: connection.id, projects: [project], openWhenDone: true, ...(secret ? { secret } : {}) })}
      >
        {fetching ? 'Fetching…' : label}
      </button>
    </>
  );
}

function LiveChangedBanner() {
  const { live, recorded } = useAppShallow((s) => ({ live: s.rules.live, recorded: s.rules.recorded }));
  const fetchedAt = useApp((s) => s.snapshots.current?.index.meta.fetchedAt ?? null);
  const project = useApp((s) => s.rules.scope?.project ?? '');
  const resetTo = useApp((s) => s.rules.resetTo);
  const rebaseOnLive = useApp((s) => s.rules.rebaseOnLive);
  // Edits made against the snapshot's rules (not the live ones) can be carried over.
  const edited = useApp((s) => s.rules.recorded !== null && rulesKey(draftRules(s.rules.draft)) !== rulesKey(s.rules.recorded) && rulesKey(draftRules(s.rules.draft)) !== rulesKey(s.rules.live?.rules ?? []));
  const changes = liveChangesSinceSnapshot({ live, recorded });
  if (changes === null || live === null) return null;
  return (
    <div className="note note-warn state-banner" role="region" aria-label="Server changed since the snapshot">
      <p>
        <strong>The rules of {project} on the server changed since this snapshot was fetched</strong> ({formatTime(fetchedAt)}; read live at {formatTime(live.at)}).
        The simulation compares the draft with the live rules; Harbor's verdicts in the snapshot are of the old ones.
      </p>
      <ul className="plain small" aria-label="Changes on the server since the snapshot">
        {changes.map((change, i) => (
          <li key={i}>{plainRuleWords(describeServerChange(change))}</li>
        ))}
      </ul>
      <div className="actions">
        <RefetchButton label={`Re-fetch ${project}`} />
        {edited ? (
          <button type="button" onClick={rebaseOnLive}>
            Keep my changes, on top of the live rules
          </button>
        ) : null}
        <button type="button" onClick={() => resetTo('live')}>
          Start from the live rules
        </button>
      </div>
    </div>
  );
}

function VerdictsOutdatedBanner() {
  const outdated = useApp((s) => (s.snapshots.verdictsOutdated?.snapshotId === s.snapshots.current?.id ? s.snapshots.verdictsOutdated : null));
  const progress = useApp((s) => s.snapshots.fetch?.progress ?? null);
  const fetching = useApp((s) => s.snapshots.fetch !== null);
  if (outdated === null) return null;
  return (
    <div className="note note-warn state-banner" role="status" aria-label="Harbor's verdicts predate the publish">
      <p>
        <strong>Harbor's own verdicts in this snapshot predate your publish to {outdated.project}</strong> at {formatTime(outdated.publishedAt)}: where they
        differ from the simulation, the snapshot is old, not the prediction.{' '}
        {fetching ? `Fetching ${outdated.project} again${progress ? ` (${progress.phase}, ${formatCount(progress.done)}${progress.total !== null ? ` of ${formatCount(progress.total)}` : ''})` : ''}…` : ''}
      </p>
      {fetching ? (
        <progress aria-label="Fetching the project again" max={Math.max(1, progress?.total ?? 1)} value={progress?.total ? progress.done : undefined} />
      ) : (
        <div className="actions">
          <RefetchButton label={`Fetch ${outdated.project} again`} />
        </div>
      )}
    </div>
  );
}

function CarriedRulesBanner() {
  const { carried, scope } = useAppShallow((s) => ({ carried: s.rules.carried, scope: s.rules.scope }));
  const useCarried = useApp((s) => s.rules.useCarried);
  const dropCarried = useApp((s) => s.rules.dropCarried);
  if (carried === null || scope === null || sameScope(carried.from, scope)) return null;
  return (
    <div className="note state-banner" role="region" aria-label="Copied rules">
      <p>
        You copied {plural(carried.rules.length, 'rule')} of {scopeText(carried.from)}. Used here they are new rules (no ids): the plan creates them and pairs
        them with identical rules already on this server.
      </p>
      <div className="actions">
        <button type="button" onClick={useCarried}>
          Use the copied rules for {scope.project}
        </button>
        <button type="button" className="link" onClick={dropCarried}>
          Forget them
        </button>
      </div>
    </div>
  );
}
