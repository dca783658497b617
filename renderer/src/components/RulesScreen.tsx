// Runs in the browser (React).
/**
 * The rule editor: Harbor's familiar list with its n/15 counter, add/edit/duplicate/enable/disable/
 * delete/reorder, the add/edit form with a live preview of the stored pattern and of what Harbor's UI
 * refuses, lint findings inline, presets, and a pattern tester with the per-rule trace.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { sortFindings } from '../../../shared/lint/finding.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { compileRuleSet, evaluationOrder } from '../../../shared/engine/rule-set.js';
import { decide, explain } from '../../../shared/engine/decide.js';
import { HARBOR_UI_RULE_LIMIT, ruleLabel } from '../../../shared/rules/model.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { portalStoredPattern } from '../../../shared/rules/portal.js';
import { PRESETS } from '../../../shared/rules/presets.js';
import { parseWireRules, toWireRules } from '../../../shared/rules/wire.js';
import { editorProblems, effectiveRules, isDirty } from '../store/rules-slice.js';
import { formatCount, formatTime, plural, toErrorData } from '../view/format.js';
import { OUTCOME_WORDS, decorationWord, outcomeTone, parseTesterInput, selectorText } from '../view/rules-view.js';
import { ConnectionSelect, EmptyState, ErrorNote, NeedsSnapshot, ScreenHeader, SecretField, needsSecret } from './common.js';
import { useApp, useAppShallow } from './store-context.js';

/** Lint of the effective draft, plus the snapshot-aware findings of the latest simulation. */
export function useFindings(): { findings: LintFinding[]; stale: boolean } {
  const { draft, editor, dialect, projectIndex, projectNames, revision } = useAppShallow((s) => ({
    draft: s.rules.draft,
    editor: s.rules.editor,
    dialect: s.rules.dialect,
    projectIndex: s.rules.projectIndex,
    projectNames: s.rules.projectNames,
    revision: s.rules.revision,
  }));
  const view = useApp((s) => s.simulation.view);
  return useMemo(() => {
    const rules = effectiveRules({ draft, editor });
    const name = projectNames[projectIndex];
    const staticFindings = lintRules(rules, { dialect, projectNames: name ? [name] : [] });
    const fromSnapshot =
      view && view.projectIndex === projectIndex ? view.findings.filter((f) => f.ruleIndex === null || f.ruleIndex < rules.length) : [];
    return { findings: sortFindings([...staticFindings, ...fromSnapshot]), stale: view !== null && view.revision !== revision };
  }, [draft, editor, dialect, projectIndex, projectNames, view, revision]);
}

function FindingList({ findings, label }: { findings: LintFinding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, i) => (
        <li key={`${f.code}-${i}`} className={`finding finding-${f.severity}`}>
          <span className="severity">{f.severity}</span> <span className="finding-message">{f.message}</span> <code className="finding-code">{f.code}</code>
        </li>
      ))}
    </ul>
  );
}

export function RulesScreen() {
  const current = useApp((s) => s.snapshots.current);
  const undo = useApp((s) => s.rules.undo);
  const redo = useApp((s) => s.rules.redo);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  if (!current) {
    return (
      <section className="screen">
        <ScreenHeader title="Rules" />
        <NeedsSnapshot />
      </section>
    );
  }
  return (
    <section className="screen" aria-labelledby="rules-title">
      <ScreenHeader title="Rules">
        <ProjectPicker />
      </ScreenHeader>
      <ServerLine />
      <div className="rules-layout">
        <div className="rules-main">
          <RuleList />
          <PatternTester />
        </div>
        <aside className="rules-side">
          <RuleEditorPanel />
          <PresetsPanel />
          <PullPanel />
        </aside>
      </div>
    </section>
  );
}

function ProjectPicker() {
  const { projectNames, projectIndex, dialect } = useAppShallow((s) => ({
    projectNames: s.rules.projectNames,
    projectIndex: s.rules.projectIndex,
    dialect: s.rules.dialect,
  }));
  const setProject = useApp((s) => s.rules.setProject);
  const id = useId();
  return (
    <div className="row-inline">
      <label htmlFor={id}>Project</label>
      <select id={id} value={projectIndex} onChange={(e) => setProject(Number(e.target.value))} disabled={projectNames.length < 2}>
        {projectNames.map((name, i) => (
          <option key={`${name}-${i}`} value={i}>
            {name === '' ? '(repositories outside projects)' : name}
          </option>
        ))}
      </select>
      <span className="badge" title="The glob library version Harbor links decides some edge cases; it comes from the snapshot's Harbor version.">
        glob dialect {dialect}
      </span>
    </div>
  );
}

function ServerLine() {
  const { server, dirty, projectName } = useAppShallow((s) => ({
    server: s.rules.server,
    dirty: isDirty(s.rules),
    projectName: s.rules.projectNames[s.rules.projectIndex] ?? '',
  }));
  const connectionName = useApp((s) => s.connections.list.find((c) => c.id === server.connectionId)?.name ?? null);
  const fetchedAt = useApp((s) => s.snapshots.current?.index.meta.fetchedAt ?? null);
  return (
    <p className="lead">
      {server.source === 'live'
        ? `Compared with the live rules of ${projectName} pulled from ${connectionName ?? 'the registry'} at ${formatTime(server.at)}.`
        : server.source === 'snapshot'
          ? `Compared with the ${plural(server.rules.length, 'rule')} in force in ${projectName} when the snapshot was fetched (${formatTime(fetchedAt)}).`
          : 'This snapshot does not know the rules of this project (plain registries have none): the draft is compared with no rules.'}{' '}
      {dirty ? <strong className="dirty">The draft differs from them.</strong> : <span className="muted">The draft equals them.</span>}
    </p>
  );
}

function RuleList() {
  const { draft, editor, selected, past, future, dialect, server } = useAppShallow((s) => ({
    draft: s.rules.draft,
    editor: s.rules.editor,
    selected: s.rules.selected,
    past: s.rules.past.length,
    future: s.rules.future.length,
    dialect: s.rules.dialect,
    server: s.rules.server,
  }));
  const actions = useAppShallow((s) => ({
    startAdd: s.rules.startAdd,
    startEdit: s.rules.startEdit,
    duplicate: s.rules.duplicate,
    toggle: s.rules.toggle,
    remove: s.rules.remove,
    move: s.rules.move,
    undo: s.rules.undo,
    redo: s.rules.redo,
    reset: s.rules.resetToServer,
    select: s.rules.select,
  }));
  const view = useApp((s) => s.simulation.view);
  const projectIndex = useApp((s) => s.rules.projectIndex);
  const { findings, stale } = useFindings();
  const rules = draft.map((d) => d.rule);
  const order = useMemo(() => {
    const positions = new Array<number>(rules.length);
    evaluationOrder(rules).forEach((index, position) => (positions[index] = position));
    return positions;
  }, [draft]);
  const decided = useMemo(() => {
    const out = new Map<number, { decided: number; stopped: number }>();
    if (!view || view.projectIndex !== projectIndex) return out;
    for (const stat of view.draft.ruleStats[projectIndex] ?? []) out.set(stat.rule.index, { decided: stat.decidedTags, stopped: stat.stoppedTags });
    return out;
  }, [view, projectIndex]);
  const count = draft.length;
  const over = count > HARBOR_UI_RULE_LIMIT;
  const listFindings = findings.filter((f) => f.ruleIndex === null);
  const orderedByIdNote = rules.some((r) => r.id !== null) && rules.some((r) => r.id === null);
  void dialect;

  return (
    <div className="panel" role="region" aria-label="Rule list">
      <div className="list-head">
        <h2>
          Immutability rules{' '}
          <span className={`counter${over ? ' counter-over' : ''}`} aria-label={`${count} of ${HARBOR_UI_RULE_LIMIT} rules`}>
            {count}/{HARBOR_UI_RULE_LIMIT}
          </span>
        </h2>
        <div className="actions">
          <button type="button" className="primary" onClick={actions.startAdd} disabled={editor !== null && editor.index === null}>
            Add rule
          </button>
          <button type="button" onClick={actions.undo} disabled={past === 0} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" onClick={actions.redo} disabled={future === 0} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          <button type="button" onClick={actions.reset} disabled={server.source === 'none' && count === 0}>
            Reset to server rules
          </button>
        </div>
      </div>
      {over ? (
        <p className="note note-warn" role="status">
          {count} rules: the server accepts them, but Harbor's web UI shows and edits only {HARBOR_UI_RULE_LIMIT} and disables "Add" at{' '}
          {HARBOR_UI_RULE_LIMIT}.
        </p>
      ) : null}
      <p className="hint">
        Harbor evaluates rules by id, lowest first, whatever order its page shows; the first rule that selects a tag makes it immutable, and
        a rule that fails stops the evaluation. New rules get ids in list order when published, after the existing ones.
        {orderedByIdNote ? ' Moving a rule that already has an id does not change when it is evaluated.' : ''}
      </p>
      <FindingList findings={listFindings} label="Findings for the whole list" />
      {count === 0 ? (
        <EmptyState title="No rules in the draft">
          <p>Without rules every tag stays mutable. Add a rule, or start from a preset.</p>
        </EmptyState>
      ) : (
        <div className="table-scroll">
        <table className="table rules-table" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col" title="Position in Harbor's evaluation order">
                Eval.
              </th>
              <th scope="col">Enabled</th>
              <th scope="col">Rule</th>
              <th scope="col">Selects</th>
              <th scope="col" className="num" title="Tags of the snapshot this rule makes immutable (it decides first)">
                Decides
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.map((d, i) => {
              const rule = d.rule;
              const label = ruleLabel(rule, i);
              const rowFindings = findings.filter((f) => f.ruleIndex === i);
              const stats = decided.get(i);
              const editing = editor?.index === i;
              return (
                <RuleRow
                  key={d.key}
                  index={i}
                  rule={rule}
                  label={label}
                  order={order[i]! + 1}
                  editing={editing}
                  selected={selected === i}
                  stats={stats}
                  stale={stale}
                  findings={rowFindings}
                  last={i === draft.length - 1}
                  onSelect={() => actions.select(i)}
                  onEdit={() => actions.startEdit(i)}
                  onDuplicate={() => actions.duplicate(i)}
                  onToggle={() => actions.toggle(i)}
                  onRemove={() => actions.remove(i)}
                  onMove={(delta) => actions.move(i, delta)}
                />
              );
            })}
          </tbody>
        </table>
        </div>
      )}
      <RulesJson />
    </div>
  );
}

function RuleRow(props: {
  index: number;
  rule: ImmutableRule;
  label: string;
  order: number;
  editing: boolean;
  selected: boolean;
  stats: { decided: number; stopped: number } | undefined;
  stale: boolean;
  findings: LintFinding[];
  last: boolean;
  onSelect: () => void;
  onEdit: () => void;
  onDuplicate: () => void;
  onToggle: () => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}) {
  const { rule, label, stats } = props;
  const worst = props.findings.find((f) => f.severity === 'error') ? 'error' : props.findings.find((f) => f.severity === 'warning') ? 'warning' : null;
  return (
    <>
      <tr
        className={[props.selected ? 'selected' : '', props.editing ? 'editing' : '', rule.disabled ? 'disabled-rule' : ''].filter(Boolean).join(' ') || undefined}
        onClick={props.onSelect}
      >
        <td className="num">{props.order}</td>
        <td>
          <input type="checkbox" checked={!rule.disabled} aria-label={`Enabled: ${label}`} onChange={props.onToggle} />
        </td>
        <th scope="row">
          {label}
          {props.editing ? <span className="badge badge-accent">editing</span> : null}
          {worst ? <span className={`badge badge-${worst === 'error' ? 'danger' : 'warn'}`}>{worst}</span> : null}
        </th>
        <td className="selects">
          <div>
            <span className="deco">repositories {decorationWord(rule.repositorySelectors[0]?.decoration ?? '')}</span>{' '}
            <code>{rule.repositorySelectors[0]?.pattern ?? '(none)'}</code>
          </div>
          <div>
            <span className="deco">tags {decorationWord(rule.tagSelectors[0]?.decoration ?? '')}</span> <code>{rule.tagSelectors[0]?.pattern ?? '(none)'}</code>
          </div>
        </td>
        <td className={`num${props.stale ? ' stale' : ''}`}>
          {stats ? formatCount(stats.decided) : '–'}
          {stats && stats.stopped > 0 ? <span className="badge badge-danger">stops {formatCount(stats.stopped)}</span> : null}
        </td>
        <td className="actions-cell">
          <button type="button" aria-label={`Edit ${label}`} onClick={props.onEdit}>
            Edit
          </button>
          <button type="button" aria-label={`Duplicate ${label}`} onClick={props.onDuplicate}>
            Duplicate
          </button>
          <button type="button" className="icon" aria-label={`Move ${label} up`} disabled={props.index === 0} onClick={() => props.onMove(-1)}>
            ↑
          </button>
          <button type="button" className="icon" aria-label={`Move ${label} down`} disabled={props.last} onClick={() => props.onMove(1)}>
            ↓
          </button>
          <button type="button" className="danger" aria-label={`Delete ${label}`} onClick={props.onRemove}>
            Delete
          </button>
        </td>
      </tr>
      {props.findings.length > 0 ? (
        <tr className="findings-row">
          <td colSpan={6}>
            <FindingList findings={props.findings} label={`Findings for ${label}`} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The draft as Harbor's JSON, to copy out or paste in. */
function RulesJson() {
  const draft = useApp((s) => s.rules.draft);
  const replaceDraft = useApp((s) => s.rules.replaceDraft);
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const json = useMemo(() => JSON.stringify(toWireRules(draft.map((d) => d.rule)), null, 2), [draft]);
  return (
    <details className="json-box">
      <summary>Rules as JSON (Harbor's API format)</summary>
      <label htmlFor={id} className="visually-hidden">
        Rules JSON
      </label>
      <textarea
        id={id}
        spellCheck={false}
        rows={10}
        value={text ?? json}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
      />
      {problem ? (
        <p className="note note-error" role="alert">
          {problem} <code className="error-code">(bad-input)</code>
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          disabled={text === null}
          onClick={() => {
            try {
              replaceDraft(parseWireRules(JSON.parse(text ?? json)));
              setText(null);
            } catch (error) {
              setProblem(`Not a rule list: ${toErrorData(error).message}`);
            }
          }}
        >
          Use this JSON as the draft
        </button>
        <button type="button" disabled={text === null} onClick={() => setText(null)}>
          Discard JSON changes
        </button>
      </div>
    </details>
  );
}

function RuleEditorPanel() {
  const { editor, draft } = useAppShallow((s) => ({ editor: s.rules.editor, draft: s.rules.draft }));
  const { updateForm, cancelEdit, commitEdit } = useAppShallow((s) => ({ updateForm: s.rules.updateForm, cancelEdit: s.rules.cancelEdit, commitEdit: s.rules.commitEdit }));
  const { findings } = useFindings();
  const id = useId();
  if (editor === null) return null;
  const form = editor.form;
  const problems = editorProblems({ draft, editor });
  const editedIndex = editor.index ?? draft.length;
  const label = editor.index === null ? 'new rule' : ruleLabel(draft[editor.index]!.rule, editor.index);
  const formFindings = findings.filter((f) => f.ruleIndex === editedIndex);
  const storedRepository = portalStoredPattern(form.repositoryText);
  const storedTag = portalStoredPattern(form.tagText);
  return (
    <form
      className="panel form editor"
      aria-label="Rule editor"
      onSubmit={(e) => {
        e.preventDefault();
        commitEdit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancelEdit();
      }}
    >
      <h2>{editor.index === null ? 'Add a rule' : `Edit ${label}`}</h2>
      <p className="hint">The simulation follows what you type; the draft changes when you save.</p>
      <fieldset>
        <legend>For the repositories</legend>
        <div className="row-inline">
          <label htmlFor={`${id}-rd`} className="visually-hidden">
            Repository condition
          </label>
          <select id={`${id}-rd`} value={form.repositoryDecoration} onChange={(e) => updateForm({ repositoryDecoration: e.target.value })}>
            <option value="repoMatches">matching</option>
            <option value="repoExcludes">excluding</option>
          </select>
          <label htmlFor={`${id}-rt`} className="visually-hidden">
            Repository patterns
          </label>
          <input
            id={`${id}-rt`}
            className="mono grow"
            value={form.repositoryText}
            spellCheck={false}
            autoFocus
            onChange={(e) => updateForm({ repositoryText: e.target.value })}
            placeholder="** or team/**, nginx"
          />
        </div>
        <p className="preview">
          Harbor stores <output aria-label="Stored repository pattern">{storedRepository === '' ? '(empty)' : storedRepository}</output>
        </p>
      </fieldset>
      <fieldset>
        <legend>Tags</legend>
        <div className="row-inline">
          <label htmlFor={`${id}-td`} className="visually-hidden">
            Tag condition
          </label>
          <select id={`${id}-td`} value={form.tagDecoration} onChange={(e) => updateForm({ tagDecoration: e.target.value })}>
            <option value="matches">matching</option>
            <option value="excludes">excluding</option>
          </select>
          <label htmlFor={`${id}-tt`} className="visually-hidden">
            Tag patterns
          </label>
          <input
            id={`${id}-tt`}
            className="mono grow"
            value={form.tagText}
            spellCheck={false}
            onChange={(e) => updateForm({ tagText: e.target.value })}
            placeholder="v*.*.* or rc, test, nightly"
          />
        </div>
        <p className="preview">
          Harbor stores <output aria-label="Stored tag pattern">{storedTag === '' ? '(empty)' : storedTag}</output>
        </p>
      </fieldset>
      <p className="hint">
        As in Harbor: a comma list without braces is wrapped in {'{…}'} and every space is removed on save. Repository names are matched
        without the project name.
      </p>
      <label className="check">
        <input type="checkbox" checked={form.disabled} onChange={(e) => updateForm({ disabled: e.target.checked })} /> Disabled
      </label>
      {problems.length > 0 ? (
        <ul className="problems" role="alert" aria-label="Harbor would refuse this rule">
          {problems.map((p) => (
            <li key={p.code}>
              {p.message} <code className="error-code">({p.code})</code>
            </li>
          ))}
        </ul>
      ) : null}
      <FindingList findings={formFindings} label={`Findings for the ${editor.index === null ? 'new rule' : 'edited rule'}`} />
      <div className="actions">
        <button type="submit" className="primary" disabled={problems.length > 0}>
          {editor.index === null ? 'Add to draft' : 'Save rule'}
        </button>
        <button type="button" onClick={cancelEdit}>
          Cancel edit
        </button>
      </div>
    </form>
  );
}

function PresetsPanel() {
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

function PullPanel() {
  const connections = useApp((s) => s.connections.list);
  const { pulling, pullError, projectName } = useAppShallow((s) => ({
    pulling: s.rules.pulling,
    pullError: s.rules.pullError,
    projectName: s.rules.projectNames[s.rules.projectIndex] ?? '',
  }));
  const pull = useApp((s) => s.rules.pull);
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
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
      <p className="hint">Read the rules in force right now from Harbor, to compare the draft with them.</p>
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

function PatternTester() {
  const { tester, draft, editor, dialect, server, projectName } = useAppShallow((s) => ({
    tester: s.rules.tester,
    draft: s.rules.draft,
    editor: s.rules.editor,
    dialect: s.rules.dialect,
    server: s.rules.server,
    projectName: s.rules.projectNames[s.rules.projectIndex] ?? '',
  }));
  const setTester = useApp((s) => s.rules.setTester);
  const id = useId();
  const input = parseTesterInput(tester, projectName || null);
  const result = useMemo(() => {
    if (input === null) return null;
    const set = compileRuleSet(effectiveRules({ draft, editor }), dialect);
    const serverSet = compileRuleSet(server.rules, dialect);
    return {
      decision: decide(set, input.repository, input.tags),
      trace: explain(set, input.repository, input.tags),
      server: decide(serverSet, input.repository, input.tags),
    };
  }, [input?.repository, input?.tags.join('\u0000'), draft, editor, dialect, server]);
  return (
    <div className="panel" role="region" aria-label="Pattern tester">
      <h2>Pattern tester</h2>
      <div className="field">
        <label htmlFor={id}>Repository and tag to test (repository:tag)</label>
        <input
          id={id}
          className="mono"
          value={tester}
          spellCheck={false}
          placeholder="backend/api:v1.2.3   ·   base/node:latest,v2.0.0   ·   base/node:"
          onChange={(e) => setTester(e.target.value)}
        />
        <p className="hint">
          One tag is judged as pushes, deletes and listings judge it. Several tags (comma-separated) or none (nothing after the colon) is an
          artifact as tag retention judges it.
        </p>
      </div>
      {input?.warning ? <p className="note note-warn">{input.warning}</p> : null}
      {result && input ? (
        <div role="status" aria-label="Tester verdict" className="tester-result">
          <p className={`verdict verdict-${result.decision.immutable ? 'immutable' : result.decision.error ? 'stopped' : 'mutable'}`}>
            <strong>
              {input.repository}
              {input.tags.length === 1 ? `:${input.tags[0]}` : input.tags.length === 0 ? ' (untagged)' : ` with ${input.tags.join(', ')}`}
            </strong>{' '}
            is{' '}
            {result.decision.immutable
              ? `IMMUTABLE — decided by ${result.decision.rule!.label}`
              : result.decision.error
                ? `MUTABLE because evaluation stopped on an error: ${result.decision.error.message}`
                : 'MUTABLE — no rule selects it'}
            . With the server rules: {result.server.immutable ? `immutable (${result.server.rule!.label})` : result.server.error ? 'mutable (stopped by an error)' : 'mutable'}.
          </p>
          <Trace trace={result.trace} label="Rule by rule" />
        </div>
      ) : (
        <p className="muted">Type a repository and a tag to see which rule decides, and why the others do not.</p>
      )}
    </div>
  );
}

export function Trace({ trace, label }: { trace: ReturnType<typeof explain>; label: string }) {
  if (trace.length === 0) return <p className="muted">There are no rules: everything stays mutable.</p>;
  return (
    <ol className="trace" aria-label={label}>
      {trace.map((t) => (
        <li key={`${t.rule.index}`} className={`trace-${outcomeTone(t.outcome)}`}>
          <span className="trace-rule">{t.rule.label}</span>{' '}
          <span className="muted small">
            (repositories {selectorText(t.rule.rule.repositorySelectors[0])}, tags {selectorText(t.rule.rule.tagSelectors[0])})
          </span>
          <div className="trace-outcome">
            {OUTCOME_WORDS[t.outcome]}
            {t.message ? `: ${t.message}` : ''}
          </div>
        </li>
      ))}
    </ol>
  );
}
