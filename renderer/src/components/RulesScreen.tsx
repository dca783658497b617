// Runs in the browser (React).
/**
 * The rule editor: the draft of one (registry, project) seen against the rules recorded in the snapshot
 * and the live ones, Harbor's familiar list (RuleList.tsx), the add/edit form with a live preview of
 * the stored pattern and of what Harbor's UI refuses, the side panels (RuleSidePanels.tsx: presets,
 * live rules, taking the rules to another project), and a pattern tester with the per-rule trace.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { compileRuleSet } from '../../../shared/engine/rule-set.js';
import { decide, explain } from '../../../shared/engine/decide.js';
import { formFromRule } from '../../../shared/rules/editor-form.js';
import type { RuleForm } from '../../../shared/rules/editor-form.js';
import { portalStoredPattern } from '../../../shared/rules/portal.js';
import { scopeText } from '../store/draft-scope.js';
import { relabelText } from '../store/rule-labels.js';
import { NEW_RULE_FORM, editorProblems, effectiveRules, isDirty } from '../store/rules-slice.js';
import { sameForm } from '../store/rules-state.js';
import type { DraftRule, RuleEditor } from '../store/types.js';
import { formatTime, plural } from '../view/format.js';
import { costlyRulesFor } from '../sim/glob-budget.js';
import { OUTCOME_WORDS, outcomeTone, parseTesterInput, selectorText } from '../view/rules-view.js';
import { NeedsSnapshot, ScreenHeader } from './common.js';
import { FindingList, RuleList, useFindings, useLabelAt } from './RuleList.js';
import { CarryPanel, PresetsPanel, PullPanel } from './RuleSidePanels.js';
import { ServerStateBanners } from './ServerState.js';
import { TerraformPanel } from './TerraformPanel.js';
import { useJudgedProfile } from './HarborVersion.js';
import { useApp, useAppShallow } from './store-context.js';

/** The pattern tester's field, for the `/` shortcut. */
export const TESTER_ID = 'rule-tester';

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
      <DraftStates />
      <ServerStateBanners />
      <div className="rules-layout">
        <div className="rules-main">
          <RuleList />
          <PatternTester />
        </div>
        <aside className="rules-side">
          <RuleEditorPanel />
          <TerraformPanel />
          <PresetsPanel />
          <PullPanel />
          <CarryPanel />
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

/** The three states, apart: the rules recorded in the snapshot, the live ones (once read), the draft. */
function DraftStates() {
  const { scope, recorded, live, server, dirty, restoredFrom, autosave, draft } = useAppShallow((s) => ({
    draft: s.rules.draft,
    scope: s.rules.scope,
    recorded: s.rules.recorded,
    live: s.rules.live,
    server: s.rules.server,
    dirty: isDirty(s.rules),
    restoredFrom: s.rules.restoredFrom,
    autosave: s.rules.autosave,
  }));
  const connectionName = useApp((s) => s.connections.list.find((c) => c.id === live?.connectionId)?.name ?? null);
  const fetchedAt = useApp((s) => s.snapshots.current?.index.meta.fetchedAt ?? null);
  const plainRegistry = useApp((s) => s.snapshots.current?.index.meta.registry.kind === 'oci');
  if (scope === null) return null;
  if (plainRegistry) {
    return (
      <div className="draft-states" role="region" aria-label="Draft and server rules">
        <p>
          Draft of <strong>{scopeText(scope)}</strong>
        </p>
        <p className="muted small">
          A plain registry has no immutability rules: the draft ({plural(draft.length, 'rule')}) shows what these rules would do to its tags on Harbor.
          {dirty && autosave.state === 'saved' ? ' It is saved on this computer.' : ''}
        </p>
      </div>
    );
  }
  return (
    <div className="draft-states" role="region" aria-label="Draft and server rules">
      <p>
        Draft of <strong>{scopeText(scope)}</strong>
        {restoredFrom !== null ? <span className="muted"> · restored from the autosave of {formatTime(restoredFrom)}</span> : null}
      </p>
      <ul className="plain states-list">
        <li>
          <span className="state-name">Recorded in the snapshot:</span>{' '}
          {recorded === null
            ? "unknown: the account that fetched it may not read this project's rules (that needs project admin, maintainer, or a robot allowed to list immutable-tag rules); its tags were fetched all the same"
            : `${plural(recorded.length, 'rule')} (fetched ${formatTime(fetchedAt)})`}
        </li>
        <li>
          <span className="state-name">Live on the server:</span>{' '}
          {live === null ? 'not read yet (a plan reads them)' : `${plural(live.rules.length, 'rule')} (read from ${connectionName ?? 'the registry'} at ${formatTime(live.at)})`}
        </li>
        <li>
          <span className="state-name">Draft:</span>{' '}
          {dirty ? (
            <strong className="dirty">differs from the {server.source === 'live' ? 'live rules' : server.source === 'snapshot' ? "snapshot's rules" : 'server (no rules known)'}</strong>
          ) : (
            <span className="muted">equals the {server.source === 'live' ? 'live rules' : server.source === 'snapshot' ? "snapshot's rules" : 'server (no rules)'}</span>
          )}
          {dirty ? <span className="muted"> (unpublished changes{autosave.state === 'saved' ? ', saved on this computer' : autosave.state === 'saving' ? ', saving…' : ''})</span> : null}
          {autosave.state === 'failed' ? <span className="bad"> The draft could not be saved: {autosave.error.message}</span> : null}
        </li>
      </ul>
    </div>
  );
}

/** The form the editor opened with: what Escape compares against before it throws typing away. */
function openingForm(editor: RuleEditor, draft: readonly DraftRule[]): RuleForm {
  const rule = editor.index === null ? undefined : draft[editor.index];
  return rule === undefined ? NEW_RULE_FORM : formFromRule(rule.rule);
}

function RuleEditorPanel() {
  const { editor, draft } = useAppShallow((s) => ({ editor: s.rules.editor, draft: s.rules.draft }));
  const { updateForm, cancelEdit, commitEdit } = useAppShallow((s) => ({ updateForm: s.rules.updateForm, cancelEdit: s.rules.cancelEdit, commitEdit: s.rules.commitEdit }));
  const { findings } = useFindings();
  const labelOf = useLabelAt();
  const id = useId();
  const repositoryField = useRef<HTMLInputElement | null>(null);
  /** Where focus was when the editor opened (the Add or Edit button): it goes back there when it closes. */
  const opener = useRef<HTMLElement | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const openedFor = editor === null ? null : (editor.index ?? 'new');
  useEffect(() => {
    if (openedFor === null) return;
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    // The field starts as Harbor's dialog does, with `**`: selected, so typing replaces it.
    repositoryField.current?.focus();
    repositoryField.current?.select();
    setConfirmDiscard(false);
  }, [openedFor]);
  if (editor === null) return null;
  const close = (how: 'cancel' | 'save') => {
    const back = opener.current;
    if (how === 'cancel') cancelEdit();
    else if (!commitEdit()) return;
    // The opener may be gone (a rule's Edit button after its row moved); then the list's Add button.
    // After React has drawn the list again (the Add button is enabled again only then).
    setTimeout(() => {
      const target = back?.isConnected ? back : document.querySelector<HTMLElement>('[data-focus-after-edit]');
      target?.focus();
    }, 0);
  };
  const change = (patch: Partial<RuleForm>) => {
    setConfirmDiscard(false);
    updateForm(patch);
  };
  const form = editor.form;
  const problems = editorProblems({ draft, editor });
  const editedIndex = editor.index ?? draft.length;
  const label = labelOf(editedIndex);
  const formFindings = findings.filter((f) => f.ruleIndex === editedIndex);
  const storedRepository = portalStoredPattern(form.repositoryText);
  const storedTag = portalStoredPattern(form.tagText);
  return (
    <form
      className="panel form editor"
      aria-label="Rule editor"
      onSubmit={(e) => {
        e.preventDefault();
        close('save');
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        // Escape closes at once when nothing was typed; typing is thrown away only on a second Escape.
        if (sameForm(form, openingForm(editor, draft)) || confirmDiscard) close('cancel');
        else setConfirmDiscard(true);
      }}
    >
      <h2>{editor.index === null ? `Add a rule (${label})` : `Edit ${label}`}</h2>
      <p className="hint">The simulation follows what you type; the draft changes when you save.</p>
      {confirmDiscard ? (
        <p className="note note-warn" role="alert">
          Press Escape again to throw away what you typed, or save the rule.
        </p>
      ) : null}
      <fieldset>
        <legend>For the repositories</legend>
        <div className="row-inline">
          <label htmlFor={`${id}-rd`} className="visually-hidden">
            Repository condition
          </label>
          <select id={`${id}-rd`} value={form.repositoryDecoration} onChange={(e) => change({ repositoryDecoration: e.target.value })}>
            <option value="repoMatches">matching</option>
            <option value="repoExcludes">excluding</option>
          </select>
          <label htmlFor={`${id}-rt`} className="visually-hidden">
            Repository patterns
          </label>
          <input
            id={`${id}-rt`}
            className="mono grow"
            ref={repositoryField}
            value={form.repositoryText}
            spellCheck={false}
            onChange={(e) => change({ repositoryText: e.target.value })}
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
          <select id={`${id}-td`} value={form.tagDecoration} onChange={(e) => change({ tagDecoration: e.target.value })}>
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
            onChange={(e) => change({ tagText: e.target.value })}
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
        <input type="checkbox" checked={form.disabled} onChange={(e) => change({ disabled: e.target.checked })} /> Disabled
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
        <button type="button" onClick={() => close('cancel')}>
          Cancel edit
        </button>
      </div>
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
  const labelOf = useLabelAt();
  const input = parseTesterInput(tester, projectName || null);
  const profile = useJudgedProfile();
  const result = useMemo(() => {
    if (input === null) return null;
    // One match of a crafted pattern can take minutes on this thread: such rules are not tried here.
    const rules = effectiveRules({ draft, editor });
    const costly = [...costlyRulesFor(rules, input.repository, input.tags), ...costlyRulesFor(server.rules, input.repository, input.tags).map((p) => -1 - p)];
    if (costly.length > 0) return { kind: 'not tested' as const, costly: costly.filter((p) => p >= 0) };
    try {
      const set = compileRuleSet(rules, dialect, profile);
      const serverSet = compileRuleSet(server.rules, dialect, profile);
      return {
        kind: 'tested' as const,
        decision: decide(set, input.repository, input.tags),
        trace: explain(set, input.repository, input.tags),
        server: decide(serverSet, input.repository, input.tags),
      };
    } catch {
      return null; // a pattern past Taglock's bounds: lint says so
    }
  }, [input?.repository, input?.tags.join('\u0000'), draft, editor, dialect, profile, server]);
  return (
    <div className="panel" role="region" aria-label="Pattern tester">
      <h2>Pattern tester</h2>
      <div className="field">
        <label htmlFor={TESTER_ID}>Repository and tag to test (repository:tag)</label>
        <input
          id={TESTER_ID}
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
      {result?.kind === 'not tested' ? (
        <p role="status" aria-label="Tester verdict" className="note note-warn">
          Not tested: {result.costly.length > 0 ? result.costly.map(labelOf).join(', ') : 'a rule on the server'} can take seconds to minutes to match a name this
          long (see lint glob-cost), and the tester runs on this page. The simulation judges it in the background, within its time budget.
        </p>
      ) : result && input ? (
        <div role="status" aria-label="Tester verdict" className="tester-result">
          <p className={`verdict verdict-${result.decision.immutable ? 'immutable' : result.decision.error ? 'stopped' : 'mutable'}`}>
            <strong>
              {input.repository}
              {input.tags.length === 1 ? `:${input.tags[0]}` : input.tags.length === 0 ? ' (untagged)' : ` with ${input.tags.join(', ')}`}
            </strong>{' '}
            is{' '}
            {result.decision.immutable
              ? `IMMUTABLE — decided by ${labelOf(result.decision.rule!.index)}`
              : result.decision.error
                ? `MUTABLE because evaluation stopped on an error: ${result.decision.error.message}`
                : 'MUTABLE — no rule selects it'}
            . With the server rules: {result.server.immutable ? `immutable (${relabelText(result.server.rule!.label, labelOf)})` : result.server.error ? 'mutable (stopped by an error)' : 'mutable'}.
          </p>
          <Trace trace={result.trace} label="Rule by rule" labelOf={labelOf} />
        </div>
      ) : (
        <p className="muted">Type a repository and a tag to see which rule decides, and why the others do not.</p>
      )}
    </div>
  );
}

/** A rule-by-rule trace; `labelOf` names the rules of the draft by their stable labels. */
export function Trace({ trace, label, labelOf }: { trace: ReturnType<typeof explain>; label: string; labelOf?: (index: number) => string }) {
  if (trace.length === 0) return <p className="muted">There are no rules: everything stays mutable.</p>;
  return (
    <ol className="trace" aria-label={label}>
      {trace.map((t) => (
        <li key={`${t.rule.index}`} className={`trace-${outcomeTone(t.outcome)}`}>
          <span className="trace-rule">{labelOf ? labelOf(t.rule.index) : relabelText(t.rule.label, () => t.rule.label)}</span>{' '}
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
