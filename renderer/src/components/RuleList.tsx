// Runs in the browser (React).
/**
 * The draft's rule list: Harbor's list with its n/15 counter and evaluation order, every rule under its
 * stable label (`#4`, `new A`), lint findings inline (in those labels), the actions per rule, and the
 * draft as Harbor's JSON.
 */
import { useId, useMemo, useState } from 'react';
import type { LintFinding } from '../../../shared/lint/finding.js';
import { sortFindings } from '../../../shared/lint/finding.js';
import { lintRules } from '../../../shared/lint/lint.js';
import { projectScopeOf } from '../../../shared/lint/project-scope.js';
import { withoutCoveredMovingFindings } from '../../../shared/lint/locks-moving-tags.js';
import { evaluationOrder } from '../../../shared/engine/rule-set.js';
import { HARBOR_UI_RULE_LIMIT } from '../../../shared/rules/model.js';
import type { ImmutableRule } from '../../../shared/rules/model.js';
import { parseWireRules, toWireRules } from '../../../shared/rules/wire.js';
import { relabelText } from '../store/rule-labels.js';
import { effectiveRules, labelAt } from '../store/rules-state.js';
import { snapshotFindings } from '../view/cross-policy-findings.js';
import { formatCount, toErrorData } from '../view/format.js';
import { decorationWord } from '../view/rules-view.js';
import { EmptyState } from './common.js';
import { CopyButton, downloadText } from './save-and-copy.js';
import { useJudgedProfile } from './HarborVersion.js';
import { useApp, useAppShallow } from './store-context.js';
import { RulesTerraform } from './RulesTerraform.js';

/** The stable label of a rule by its position in the effective rules (see rule-labels.ts). */
export function useLabelAt(): (index: number) => string {
  const { draft, nextLabel } = useAppShallow((s) => ({ draft: s.rules.draft, nextLabel: s.rules.nextLabel }));
  return useMemo(() => (index: number) => labelAt({ draft, nextLabel }, index), [draft, nextLabel]);
}

/**
 * Lint of the effective draft, plus the snapshot-aware findings of the latest simulation, those across
 * both policies from the Cleanup forecast made from it (cross-policy-findings.ts).
 */
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
  const forecast = useApp((s) => s.cleanup.forecast);
  const snapshotId = useApp((s) => s.snapshots.current?.id ?? null);
  const index = useApp((s) => s.snapshots.current?.index ?? null);
  const label = useLabelAt();
  const profile = useJudgedProfile();
  const rules = useMemo(() => effectiveRules({ draft, editor }), [draft, editor]);
  // The rules' own project, with its repositories, so that a `project/...` pattern is judged against them.
  // Apart from the snapshot findings: those change twice per edit (simulation, then the Cleanup forecast).
  const staticFindings = useMemo(
    () => lintSafely(rules, { dialect, profile, ...projectScopeOf(index, projectNames[projectIndex] ?? '') }),
    [rules, dialect, profile, projectIndex, projectNames, index],
  );
  return useMemo(() => {
    // Snapshot findings only from a simulation of this snapshot and project.
    const fromSnapshot =
      view && view.snapshotId === snapshotId && view.projectIndex === projectIndex ? snapshotFindings(view, forecast).filter((f) => f.ruleIndex === null || f.ruleIndex < rules.length) : [];
    // Where the snapshot shows the moving tags a rule locks, that finding replaces the name-only one.
    const relabelled = withoutCoveredMovingFindings([...staticFindings, ...fromSnapshot]).map((f) => ({
      ...f,
      rule: f.ruleIndex !== null ? label(f.ruleIndex) : f.rule === null ? null : relabelText(f.rule, label),
      message: relabelText(f.message, label),
    }));
    return { findings: sortFindings(relabelled), stale: view !== null && view.revision !== revision };
  }, [rules, staticFindings, projectIndex, view, forecast, revision, snapshotId, label]);
}

/** Lint that never throws into the page: a pattern past Taglock's bounds becomes a finding of its own. */
export function lintSafely(rules: Parameters<typeof lintRules>[0], context: Parameters<typeof lintRules>[1]): LintFinding[] {
  try {
    return lintRules(rules, context);
  } catch (error) {
    return [{ severity: 'error', code: 'pattern-limit', ruleIndex: null, rule: null, message: toErrorData(error).message }];
  }
}

export function FindingList({ findings, label }: { findings: LintFinding[]; label: string }) {
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

export function RuleList() {
  const { draft, editor, selected, past, future, dialect } = useAppShallow((s) => ({
    draft: s.rules.draft,
    editor: s.rules.editor,
    selected: s.rules.selected,
    past: s.rules.past.length,
    future: s.rules.future.length,
    dialect: s.rules.dialect,
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
    resetTo: s.rules.resetTo,
    select: s.rules.select,
  }));
  const { hasLive, hasRecorded } = useAppShallow((s) => ({ hasLive: s.rules.live !== null, hasRecorded: s.rules.recorded !== null }));
  const view = useApp((s) => s.simulation.view);
  const projectIndex = useApp((s) => s.rules.projectIndex);
  const snapshotId = useApp((s) => s.snapshots.current?.id ?? null);
  const { findings, stale } = useFindings();
  const rules = draft.map((d) => d.rule);
  const order = useMemo(() => {
    const positions = new Array<number>(rules.length);
    evaluationOrder(rules).forEach((index, position) => (positions[index] = position));
    return positions;
  }, [draft]);
  const decided = useMemo(() => {
    const out = new Map<number, { decided: number; stopped: number }>();
    if (!view || view.snapshotId !== snapshotId || view.projectIndex !== projectIndex) return out;
    for (const stat of view.draft.ruleStats[projectIndex] ?? []) out.set(stat.rule.index, { decided: stat.decidedTags, stopped: stat.stoppedTags });
    return out;
  }, [view, projectIndex, snapshotId]);
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
          <button type="button" className="primary" data-focus-after-edit="" onClick={actions.startAdd} disabled={editor !== null && editor.index === null}>
            Add rule
          </button>
          <button type="button" onClick={actions.undo} disabled={past === 0} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" onClick={actions.redo} disabled={future === 0} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          {hasLive ? (
            <button type="button" onClick={() => actions.resetTo('live')}>
              Reset to the live rules
            </button>
          ) : null}
          {hasRecorded ? (
            <button type="button" onClick={() => actions.resetTo('snapshot')}>
              Reset to the snapshot's rules
            </button>
          ) : null}
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
        a rule that fails stops the evaluation. New rules (named new A, new B, …) get ids in list order when published, after the existing ones
        (named by id: #4).
        {orderedByIdNote ? ' Moving a rule that already has an id does not change when it is evaluated.' : ''}
      </p>
      <FindingList findings={listFindings} label="Findings for the whole list" />
      {count === 0 ? (
        <EmptyState title="No rules in the draft">
          <p>Without rules every tag stays mutable. Add a rule, or start from a preset.</p>
        </EmptyState>
      ) : (
        <table className="table rules-table" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col" className="col-order num" title="When Harbor consults this rule: rules run by id, lowest first">
                Order
              </th>
              <th scope="col" className="col-enabled">
                On
              </th>
              <th scope="col" className="col-rule">
                Rule
              </th>
              <th scope="col">Selects</th>
              <th scope="col" className="col-decides num" title="Tags of the snapshot this rule makes immutable (it decides first)">
                Decides
              </th>
              <th scope="col" className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.map((d, i) => {
              const rule = d.rule;
              const label = d.label;
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
      )}
      <RulesJson />
      <RulesTerraform />
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

/** The draft as Harbor's JSON (what its API takes), to copy out, save as a file, or paste in. */
function RulesJson() {
  const draft = useApp((s) => s.rules.draft);
  const project = useApp((s) => s.rules.scope?.project ?? '');
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
        <CopyButton text={text ?? json} what="the rules JSON" />
        <button
          type="button"
          className="small-button"
          aria-label="Save the rules JSON as a file"
          onClick={() => downloadText(`taglock-rules-${project === '' ? 'snapshot' : project}.json`, `${text ?? json}\n`)}
        >
          Save as a file
        </button>
      </div>
    </details>
  );
}

