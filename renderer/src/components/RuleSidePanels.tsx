// Runs in the browser (React).
/**
 * The Rules screen's side panels besides the editor: presets, reading the live rules (from the
 * snapshot's own registry), and copying the rules, without ids, for another project.
 */
import { useState } from 'react';
import { PRESETS } from '../../../shared/rules/presets.js';
import { registryAddress, scopeText } from '../store/draft-scope.js';
import { plural } from '../view/format.js';
import { selectorText } from '../view/rules-view.js';
import { ConnectionSelect, ErrorNote, SecretField, needsSecret } from './common.js';
import { useApp, useAppShallow } from './store-context.js';

export function PresetsPanel() {
  const applyPreset = useApp((s) => s.rules.applyPreset);
  const count = useApp((s) => s.rules.draft.length);
  return (
    <div className="panel" role="region" aria-label="Presets">
      <h2>Presets</h2>
      <p className="hint">From the STACKIT Container Registry guide. Each replaces the draft (Undo brings it back), or adds to it.</p>
      <ul className="presets">
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <strong>{preset.title}</strong>
            <p>{preset.description}</p>
            <p className="mono small">
              {preset
                .rules()
                .map((r) => `repositories ${selectorText(r.repositorySelectors[0])}, tags ${selectorText(r.tagSelectors[0])}`)
                .join('; ')}
            </p>
            <div className="actions">
              <button type="button" aria-label={`Use preset ${preset.title}`} onClick={() => applyPreset(preset.id, 'replace')}>
                Use
              </button>
              <button type="button" aria-label={`Add preset ${preset.title}`} disabled={count === 0} onClick={() => applyPreset(preset.id, 'append')}>
                Add to draft
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PullPanel() {
  const connections = useApp((s) => s.connections.list);
  const { pulling, pullError, projectName } = useAppShallow((s) => ({
    pulling: s.rules.pulling,
    pullError: s.rules.pullError,
    projectName: s.rules.projectNames[s.rules.projectIndex] ?? '',
  }));
  const pull = useApp((s) => s.rules.pull);
  const registry = useApp((s) => s.rules.scope?.registry ?? null);
  const [chosenId, setConnectionId] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  // Live rules only make sense from the snapshot's own registry: offer its connection first.
  const connectionId = chosenId ?? connections.find((c) => registryAddress(c.url) === registry)?.id ?? null;
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  return (
    <form
      className="panel form"
      aria-label="Live rules"
      onSubmit={(e) => {
        e.preventDefault();
        if (!connection) return;
        void pull(connection.id, secret || undefined).then(() => setSecret(''));
      }}
    >
      <h2>Live rules</h2>
      <p className="hint">Read the rules in force right now on {registry ?? 'the registry'}, to compare the draft with them.</p>
      {connections.length === 0 ? (
        <p className="muted">Add a connection first (Connections).</p>
      ) : (
        <>
          <ConnectionSelect label="Connection for live rules" value={connectionId} onChange={setConnectionId} />
          <SecretField connection={connection} value={secret} onChange={setSecret} />
          <button type="submit" disabled={!connection || pulling || projectName === '' || (needsSecret(connection) && secret === '')}>
            {pulling ? 'Pulling…' : `Pull live rules of ${projectName || 'the project'}`}
          </button>
        </>
      )}
      <ErrorNote error={pullError} action="The live rules could not be read." />
    </form>
  );
}

/** "Use these rules for another project": the rules travel without ids (an id names another rule elsewhere). */
export function CarryPanel() {
  const { count, scope, carried } = useAppShallow((s) => ({ count: s.rules.draft.length, scope: s.rules.scope, carried: s.rules.carried }));
  const carryRules = useApp((s) => s.rules.carryRules);
  const go = useApp((s) => s.ui.go);
  if (scope === null) return null;
  return (
    <div className="panel" role="region" aria-label="Use these rules elsewhere">
      <h2>Use these rules for another project</h2>
      <p className="hint">
        A draft belongs to {scopeText(scope)}. To publish the same rules elsewhere, copy them: they travel without their ids, and the plan there
        creates them or pairs them with identical rules that project already has.
      </p>
      <div className="actions">
        <button type="button" disabled={count === 0} onClick={carryRules}>
          Copy {plural(count, 'rule')} for another project
        </button>
        {carried !== null ? (
          <button type="button" className="link" onClick={() => go('snapshots')}>
            Open the other project's snapshot
          </button>
        ) : null}
      </div>
    </div>
  );
}
