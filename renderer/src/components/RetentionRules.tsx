// Runs in the browser (React).
/**
 * The retention draft, in Harbor's model: a compact list of rules (OR'ed: an artifact is retained when
 * any rule retains it; what no rule retains in the repositories they select is deleted) and an editor
 * for the chosen one, whose every change is forecast at once. Never published from here.
 */
import { useId } from 'react';
import type { RetentionRule } from '../../../shared/retention/policy.js';
import { RETENTION_TEMPLATES, parameterValidationProblem, retentionTemplate } from '../../../shared/retention/templates.js';
import type { CleanupForecast, RecordedPolicyState } from '../view/cleanup-forecast.js';
import { formatBytes, formatCount } from '../view/format.js';
import type { RetentionRuleForm } from '../view/retention-rule-form.js';
import { applyRuleForm, ruleForm } from '../view/retention-rule-form.js';
import { useApp } from './store-context.js';

/** `retain the most recently pushed 10 artifacts · repositories matching ** · tags matching ** (untagged too)`. */
export function retentionRuleText(rule: RetentionRule): string {
  const form = ruleForm(rule);
  const template = retentionTemplate(form.template);
  const what = template === undefined ? `template ${JSON.stringify(form.template)} (unknown to Harbor)` : template.displayText.replace('#', String(form.parameter));
  const repositories = `repositories ${form.repositoryDecoration === 'repoMatches' ? 'matching' : 'excluding'} ${form.repositoryPattern}`;
  const tags = `tags ${form.tagDecoration === 'matches' ? 'matching' : 'excluding'} ${form.tagPattern}${form.untagged ? ' (untagged too)' : ''}`;
  return `retain ${what} · ${repositories} · ${tags}`;
}

function RuleEditor({ position, rule }: { position: number; rule: RetentionRule }) {
  const updateRule = useApp((s) => s.cleanup.updateRule);
  const selectRule = useApp((s) => s.cleanup.selectRule);
  const id = useId();
  const form = ruleForm(rule);
  const template = retentionTemplate(form.template);
  const set = (patch: Partial<RetentionRuleForm>) => updateRule(position, applyRuleForm(rule, { ...form, ...patch }));
  // What Harbor's own check says when the policy is saved (the template's Valid): the forecast still
  // reads the value as the job would, but the admin could not set it.
  const refusal = template === undefined ? null : parameterValidationProblem(template, rule.params);
  return (
    <fieldset className="retention-editor" aria-label={`Edit retention rule ${position + 1}`}>
      <legend>Retention rule {position + 1}</legend>
      <div className="field">
        <label htmlFor={`${id}-t`}>Retain</label>
        <select
          id={`${id}-t`}
          value={form.template}
          onChange={(e) => set({ template: e.target.value, parameter: retentionTemplate(e.target.value)?.defaultValue ?? 0 })}
        >
          {template === undefined ? <option value={form.template}>{form.template || '(none)'}</option> : null}
          {RETENTION_TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.displayText} ({t.id}){t.offered ? '' : ', by API only'}
            </option>
          ))}
        </select>
      </div>
      {template?.unit ? (
        <div className="field">
          <label htmlFor={`${id}-p`}>{template.unit === 'count' ? 'Count' : 'Days'}</label>
          <input id={`${id}-p`} type="number" min={0} max={template.maximum ?? undefined} value={form.parameter} onChange={(e) => set({ parameter: e.target.valueAsNumber || 0 })} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-rd`}>Repositories</label>
        <select id={`${id}-rd`} value={form.repositoryDecoration} onChange={(e) => set({ repositoryDecoration: e.target.value as RetentionRuleForm['repositoryDecoration'] })}>
          <option value="repoMatches">matching</option>
          <option value="repoExcludes">excluding</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-rp`}>Repository pattern</label>
        <input id={`${id}-rp`} type="text" spellCheck={false} value={form.repositoryPattern} onChange={(e) => set({ repositoryPattern: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-td`}>Tags</label>
        <select id={`${id}-td`} value={form.tagDecoration} onChange={(e) => set({ tagDecoration: e.target.value as RetentionRuleForm['tagDecoration'] })}>
          <option value="matches">matching</option>
          <option value="excludes">excluding</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-tp`}>Tag pattern</label>
        <input id={`${id}-tp`} type="text" spellCheck={false} value={form.tagPattern} onChange={(e) => set({ tagPattern: e.target.value })} />
      </div>
      <label className="check">
        <input type="checkbox" checked={form.untagged} onChange={(e) => set({ untagged: e.target.checked })} /> Untagged artifacts count as matching
      </label>
      <label className="check">
        <input type="checkbox" checked={form.disabled} onChange={(e) => set({ disabled: e.target.checked })} /> Disabled
      </label>
      <button type="button" className="small-button" onClick={() => selectRule(null)}>
        Done
      </button>
      {refusal !== null ? (
        <p className="note note-warn retention-refusal" role="alert">
          Harbor refuses to save a policy with this rule: {refusal}.
        </p>
      ) : null}
    </fieldset>
  );
}

export function RetentionRules({ forecast, policyState }: { forecast: CleanupForecast | null; policyState: RecordedPolicyState }) {
  const draft = useApp((s) => s.cleanup.draft);
  const recorded = useApp((s) => s.snapshots.current?.index.projects[s.rules.projectIndex]?.retention ?? null);
  const selected = useApp((s) => s.cleanup.selectedRule);
  const { addRule, removeRule, selectRule, resetDraft } = useApp((s) => s.cleanup);
  const policy = draft ?? recorded;
  const rules = policy?.rules ?? [];
  // Figures go by position: only those of a forecast of this very list of rules (one of an earlier list,
  // still shown while the next is worked out, would put a removed rule's figures beside its successor).
  const stats = forecast !== null && forecast.draftPolicy === policy ? forecast.draft.ruleStats : undefined;
  return (
    <div className="panel" role="region" aria-label="Retention rules">
      <div className="list-head">
        <h2>Retention rules{draft !== null ? ' (draft)' : ''}</h2>
        <div className="actions">
          <button type="button" className="small-button" onClick={addRule}>
            Add retention rule
          </button>
          {draft !== null ? (
            <button type="button" className="small-button" onClick={resetDraft}>
              {policyState === 'recorded' ? "Back to the server's policy" : 'Drop the draft'}
            </button>
          ) : null}
        </div>
      </div>
      <p className="small muted">
        Harbor ORs the rules: an artifact is retained when any rule retains it; the rest of the repositories they select is deleted. Taglock only forecasts
        retention policies: plan and publish change immutability rules only, so set this policy in Harbor.
      </p>
      {rules.length === 0 ? (
        <p className="muted">
          {policyState === 'not-read'
            ? 'No retention rules known: the snapshot did not read the server\'s policy. Draft rules to see what they would do.'
            : 'No retention rules: Harbor runs no retention job and deletes nothing.'}
        </p>
      ) : null}
      <ol className="retention-rules" aria-label="Retention rules">
        {rules.map((rule, position) => {
          const stat = stats?.[position];
          return (
            <li key={position} aria-current={selected === position ? 'true' : undefined}>
              <span className="retention-rule-text">
                <strong>{position + 1}.</strong> {rule.disabled ? <span className="badge">disabled</span> : null} {retentionRuleText(rule)}
              </span>
              {stat ? (
                <span className="small muted">
                  retains {formatCount(stat.retained)}; only it: {formatCount(stat.retainedOnly)} ({formatBytes(stat.bytesRetainedOnly)})
                </span>
              ) : null}
              <button type="button" className="small-button" onClick={() => selectRule(selected === position ? null : position)} aria-label={`Edit retention rule ${position + 1}`}>
                Edit
              </button>
              <button type="button" className="small-button" onClick={() => removeRule(position)} aria-label={`Remove retention rule ${position + 1}`}>
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      {selected !== null && rules[selected] !== undefined ? <RuleEditor position={selected} rule={rules[selected]} /> : null}
    </div>
  );
}
