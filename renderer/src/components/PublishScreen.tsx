// Runs in the browser (React).
/**
 * Publishing the draft safely: plan against the live server, see the steps and what they change on the
 * snapshot, confirm once, follow the steps, then the verified result or exactly what was done, what
 * failed and what was not attempted. Below: the publish history.
 */
import { useId, useMemo, useState } from 'react';
import type { StepResultView } from '../../../shared/contract/api.js';
import { sortFindings } from '../../../shared/lint/finding.js';
import { projectScopeOf } from '../../../shared/lint/project-scope.js';
import { scopeText } from '../store/draft-scope.js';
import { targetProblem, targetProject } from '../store/publish-slice.js';
import { relabelText } from '../store/rule-labels.js';
import { draftRules } from '../store/rules-slice.js';
import { formatTime, plural } from '../view/format.js';
import { plainRuleWords } from '../view/rules-view.js';
import { ConnectionSelect, EmptyState, ErrorNote, ScreenHeader, SecretField, needsSecret } from './common.js';
import { PlanPanel } from './PublishPlan.js';
import { useLabelAt } from './RuleList.js';
import { ServerStateBanners } from './ServerState.js';
import { useJudgedProfile } from './HarborVersion.js';
import { lintSafely } from './RuleList.js';
import { useApp, useAppShallow } from './store-context.js';

export function PublishScreen() {
  const connections = useApp((s) => s.connections.list);
  const go = useApp((s) => s.ui.go);
  return (
    <section className="screen" aria-labelledby="publish-title">
      <ScreenHeader title="Publish" />
      <p className="lead">
        Publishing makes the server's rules equal to the draft in as few calls as possible, in an order that never leaves tags unprotected
        in between: create, enable, edit, disable, delete. Harbor has no transaction across calls, so every step is reported, and the result
        is read back and verified.
      </p>
      {connections.length === 0 ? (
        <EmptyState title="No connection to publish to">
          <p>Add the Harbor or STACKIT Container Registry connection first.</p>
          <button type="button" onClick={() => go('connections')}>
            Go to Connections
          </button>
        </EmptyState>
      ) : (
        <>
          <ServerStateBanners />
          <TargetPanel />
          <PlanPanel />
          <ResultPanel />
        </>
      )}
      <HistoryPanel />
    </section>
  );
}

function TargetPanel() {
  const { connectionId, planning, applying } = useAppShallow((s) => ({
    connectionId: s.publish.connectionId,
    planning: s.publish.planning,
    applying: s.publish.applying,
  }));
  const { draftCount, editorOpen, scope, projectNames, dialect, draft } = useAppShallow((s) => ({
    draftCount: s.rules.draft.length,
    editorOpen: s.rules.editor !== null,
    scope: s.rules.scope,
    projectNames: s.rules.projectNames,
    dialect: s.rules.dialect,
    draft: s.rules.draft,
  }));
  const chosenProject = useApp((s) => targetProject(s));
  const problem = useApp((s) => targetProblem(s));
  const fetching = useApp((s) => s.snapshots.fetch !== null);
  const index = useApp((s) => s.snapshots.current?.index ?? null);
  const connection = useApp((s) => s.connections.list.find((c) => c.id === connectionId) ?? null);
  const { choose, makePlan, fetchTarget } = useAppShallow((s) => ({ choose: s.publish.choose, makePlan: s.publish.makePlan, fetchTarget: s.publish.fetchTarget }));
  const [secret, setSecret] = useState('');
  const id = useId();
  const editedProject = scope?.project ?? '';
  const suggestions = [...new Set([...(connection?.projects ?? []), ...projectNames.filter((p) => p !== '')])];
  const labelOf = useLabelAt();
  const profile = useJudgedProfile();
  const errors = useMemo(
    () => sortFindings(lintSafely(draftRules(draft), { dialect, profile, ...projectScopeOf(index, editedProject) })).filter((f) => f.severity === 'error'),
    [draft, dialect, profile, editedProject, index],
  );
  return (
    <form
      className="panel form"
      aria-label="Publish target"
      onSubmit={(e) => {
        e.preventDefault();
        void makePlan(secret || undefined).then(() => setSecret(''));
      }}
    >
      <h2>Where to publish</h2>
      <div className="grid-2">
        <ConnectionSelect label="Target connection" value={connectionId} disabled={applying} onChange={(value) => choose({ connectionId: value })} />
        <div className="field">
          <label htmlFor={`${id}-p`}>Target project</label>
          <input id={`${id}-p`} list={`${id}-pl`} value={chosenProject} disabled={applying} onChange={(e) => choose({ project: e.target.value })} placeholder="project name" />
          <datalist id={`${id}-pl`}>
            {suggestions.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
      </div>
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <p>
        The draft holds {plural(draftCount, 'rule')} of <strong>{scope ? scopeText(scope) : '(no snapshot open)'}</strong>.
      </p>
      {problem !== null && connection ? (
        <div className="note note-error" role="alert" aria-label="Target refused">
          <p>
            <strong>Not planned here:</strong> {problem}. A draft's rule ids and the snapshot's tags belong to one registry and project; planned elsewhere
            they would edit unrelated rules and show another registry's effect.
          </p>
          <div className="actions">
            <button type="button" disabled={fetching || (needsSecret(connection) && secret === '')} onClick={() => void fetchTarget({ ...(secret ? { secret } : {}) })}>
              Fetch {chosenProject} from {connection.name} and open it
            </button>
            <button
              type="button"
              disabled={fetching || draftCount === 0 || (needsSecret(connection) && secret === '')}
              onClick={() => void fetchTarget({ carryRules: true, ...(secret ? { secret } : {}) })}
            >
              Fetch it and take these rules along (without ids)
            </button>
          </div>
        </div>
      ) : null}
      {editorOpen ? <p className="note note-warn">A rule is still open in the editor: only saved rules are published. Save or cancel it in Rules first.</p> : null}
      {errors.length > 0 ? (
        <p className="note note-error" role="alert">
          Lint finds {plural(errors.length, 'error')} in the draft (first: {errors[0]!.ruleIndex !== null ? `${labelOf(errors[0]!.ruleIndex)}: ` : ''}
          {relabelText(errors[0]!.message, labelOf)}). Publishing is allowed, but check Rules first.
        </p>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={!connection || chosenProject === '' || problem !== null || planning || applying || (needsSecret(connection) && secret === '')}
        >
          {planning ? 'Planning…' : 'Plan publish'}
        </button>
      </div>
    </form>
  );
}

function StepStatus({ step }: { step: StepResultView | undefined }) {
  if (!step) return <span className="status status-pending">pending</span>;
  return <span className={`status status-${step.status}`}>{step.status === 'not-attempted' ? 'not attempted' : step.status}</span>;
}

function ResultPanel() {
  const { progress, result, applying, plan } = useAppShallow((s) => ({ progress: s.publish.progress, result: s.publish.result, applying: s.publish.applying, plan: s.publish.plan }));
  if (!progress && !result) return null;
  const steps = result?.steps ?? progress?.steps ?? [];
  const total = result ? result.steps.length : (progress?.total ?? plan?.steps.length ?? 0);
  const done = steps.filter((s) => s?.status === 'done').length;
  const failed = steps.filter((s) => s?.status === 'failed');
  const notAttempted = steps.filter((s) => s?.status === 'not-attempted');
  return (
    <div className="panel" role="region" aria-label="Publish result" aria-busy={applying}>
      <h2>{applying ? 'Publishing…' : 'Result'}</h2>
      <progress aria-label="Publish progress" max={Math.max(1, total)} value={steps.filter(Boolean).length} />
      <ol className="steps">
        {Array.from({ length: total }, (_, i) => {
          const step = steps[i];
          return (
            <li key={i}>
              <StepStatus step={step} /> {plainRuleWords(step?.description ?? plan?.steps[i]?.description ?? `step ${i + 1}`)}
              {step?.error ? (
                <span className="step-error">
                  {' '}
                  — {step.error.message} <code className="error-code">({step.error.code})</code>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {result ? (
        result.verified && failed.length === 0 ? (
          <p className="note note-success" role="status">
            Done: {plural(done, 'step')} applied to {result.project}, and the server's rules were read back and match the draft.
            {result.replanned ? ' (The plan was refreshed once because the server had changed in a compatible way.)' : ''}
          </p>
        ) : (
          <div className="note note-error" role="alert">
            <p>
              <strong>The publish to {result.project} is incomplete.</strong> {plural(done, 'step')} done, {plural(failed.length, 'step')} failed,{' '}
              {plural(notAttempted.length, 'step')} not attempted.
              {result.verified ? '' : " The server's rules do not match the draft yet."}
            </p>
            {result.remaining.length > 0 ? (
              <>
                <p>Still different on the server:</p>
                <ul>
                  {result.remaining.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <p>Nothing is rolled back automatically. Fix the cause, then plan again: the new plan starts from what the server has now.</p>
          </div>
        )
      ) : null}
    </div>
  );
}

function HistoryPanel() {
  const history = useApp((s) => s.publish.history);
  const error = useApp((s) => s.publish.historyError);
  return (
    <div className="panel" role="region" aria-label="Publish history">
      <h2>History</h2>
      <ErrorNote error={error} action="The history could not be read." />
      {history.length === 0 ? (
        <p className="muted">Nothing published from this machine yet.</p>
      ) : (
        <table className="table compact" aria-label="Past publishes">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Registry</th>
              <th scope="col">Project</th>
              <th scope="col">By</th>
              <th scope="col">Outcome</th>
              <th scope="col">Steps</th>
            </tr>
          </thead>
          <tbody>
            {history.map((record, i) => (
              <tr key={`${record.at}-${i}`}>
                <td>{formatTime(record.at)}</td>
                <td>
                  <code>{record.registry}</code>
                </td>
                <td>{record.project}</td>
                <td>{record.actor ?? 'unknown'}</td>
                <td>
                  <span className={`status status-${record.outcome}`}>{record.outcome}</span>
                  {record.verified ? ' · verified' : ''}
                </td>
                <td>
                  <details>
                    <summary>{plural(record.steps.length, 'step')}</summary>
                    <ul className="plain small">
                      {record.steps.map((s, j) => (
                        <li key={j}>
                          [{s.status}] {plainRuleWords(s.description)}
                          {s.error ? ` — ${s.error}` : ''}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
