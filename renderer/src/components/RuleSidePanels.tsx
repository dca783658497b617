// Runs in the browser (React).
/**
 * The Rules screen's side panels besides the editor: presets, reading the live rules (from the
 * snapshot's own registry), and copying the rules, without ids, for another project.
 */
import { useMemo, useState } from 'react';
import { PRESETS } from '../../../shared/presets/stackit.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { storedBlobKey } from '../../../shared/rules/wire.js';
import { registryAddress, scopeText } from '../store/draft-scope.js';
import { presetsKey } from '../store/simulation-slice.js';
import { formatCount, plural } from '../view/format.js';
import { MEASURED_NAMES, coverageText, stylesText } from '../view/preset-view.js';
import { selectorText } from '../view/rules-view.js';
import { ConnectionSelect, ErrorNote, SecretField, needsSecret } from './common.js';
import { useApp, useAppShallow } from './store-context.js';

/** A long generated pattern, cut for the panel (the rule keeps all of it). */
function shortPattern(text: string, limit = 140): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.split(',').length} alternatives)`;
}

function presetRulesText(rules: readonly ImmutableRule[]): string {
  return rules.map((r) => `repositories ${selectorText(r.repositorySelectors[0])}, tags ${shortPattern(selectorText(r.tagSelectors[0]))}`).join('; ');
}

export function PresetsPanel() {
  const applyPresetRules = useApp((s) => s.rules.applyPresetRules);
  const draft = useApp((s) => s.rules.draft);
  const count = draft.length;
  const present = useMemo(() => new Set(draft.map((d) => storedBlobKey(d.rule))), [draft]);
  const { snapshotId, projectIndex, dialect, projectName } = useAppShallow((s) => ({
    snapshotId: s.snapshots.current?.id ?? null,
    projectIndex: s.rules.projectIndex,
    dialect: s.rules.dialect,
    projectName: s.rules.projectNames[s.rules.projectIndex] ?? '',
  }));
  // Worked out by the simulation runner (off this thread where there is a worker), asked for while this
  // screen is open; numbers for another project or dialect are not shown.
  const held = useApp((s) => s.simulation.presets);
  const current = held !== null && snapshotId !== null && held.key === presetsKey(snapshotId, projectIndex, dialect) ? held : null;
  const view = current?.view ?? null;
  const presets = view?.presets ?? PRESETS.map((p) => ({ id: p.id, title: p.title, description: p.description, rules: p.rules(), coverage: null, suggested: false }));
  const renderPreset = (preset: (typeof presets)[number]) => {
    const inDraft = count > 0 && preset.rules.every((rule) => present.has(storedBlobKey(rule)));
    return (
    <li key={preset.id}>
      <strong>{preset.title}</strong>
      <p>{preset.description}</p>
      <p className="mono small">{presetRulesText(preset.rules)}</p>
      {preset.coverage ? <p className="small coverage">{coverageText(preset.coverage, view?.leftOut ?? 0)}</p> : null}
      <div className="actions">
        <button type="button" aria-label={`Use preset ${preset.title}`} onClick={() => applyPresetRules(preset.title, preset.rules, 'replace')}>
          Use
        </button>
        <button type="button" aria-label={`Add preset ${preset.title}`} disabled={count === 0 || inDraft} onClick={() => applyPresetRules(preset.title, preset.rules, 'append')}>
          Add to draft
        </button>
        {inDraft ? <span className="muted small">Already in the draft</span> : null}
      </div>
    </li>
    );
  };
  const project = projectName === '' ? 'this snapshot' : `project ${projectName}`;
  return (
    <div className="panel" role="region" aria-label="Presets">
      <h2>Presets</h2>
      <p className="hint">From the STACKIT Container Registry guide{view ? `, measured on the tags of ${project}` : ''}. Each replaces the draft (Undo brings it back), or adds to it.</p>
      {snapshotId !== null && current === null ? <p className="muted small" role="status">Measuring the presets on the tags of {project}…</p> : null}
      {current?.error ? <p className="note note-warn small">The presets could not be measured on these tags: {current.error}</p> : null}
      {view ? (
        <p className="small" aria-label="Tag styles">
          {stylesText(view.styles, view.leftOut)}
          {view.leftOut > 0 ? ` Measured on the ${formatCount(MEASURED_NAMES)} most frequent names; ${formatCount(view.leftOut)} tags with rarer names are left out.` : ''}
        </p>
      ) : null}
      <ul className="presets">{presets.filter((p) => !p.suggested).map(renderPreset)}</ul>
      {presets.some((p) => p.suggested) ? (
        <>
          <h3>Suggested for the tags of {project}</h3>
          <ul className="presets" aria-label="Suggested presets">
            {presets.filter((p) => p.suggested).map(renderPreset)}
          </ul>
        </>
      ) : null}
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
  const plainRegistry = useApp((s) => s.snapshots.current?.index.meta.registry.kind === 'oci');
  const [chosenId, setConnectionId] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  // Live rules only make sense from the snapshot's own registry: offer its connection first.
  const connectionId = chosenId ?? connections.find((c) => registryAddress(c.url) === registry)?.id ?? null;
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  // A plain registry has no rules to read.
  if (plainRegistry) return null;
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
