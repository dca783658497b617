// Runs in the browser (React).
/**
 * The plan of a publish: its steps (new rules under their draft labels), its effect on the project's own
 * tags, and the one confirmation. When the server changed since the plan, the publish is refused and
 * this panel shows what changed rule by rule and offers the two ways on: re-plan on top of the change,
 * or overwrite it behind a confirmation that names what it reverts.
 */
import { useEffect, useRef, useState } from 'react';
import type { PlanStepView } from '../../../shared/contract/api.js';
import { describeRevert, describeServerChange } from '../../../shared/publish/drift.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { planIsStale } from '../store/publish-slice.js';
import { relabelText } from '../store/rule-labels.js';
import { formatCount, formatTime, plural, pluralVerb } from '../view/format.js';
import { plainRuleWords, stepText } from '../view/rules-view.js';
import { ErrorNote, InsecureBadge, SecretField, needsSecret } from './common.js';
import { useLabelAt } from './RuleList.js';
import { useApp, useAppShallow } from './store-context.js';

const STEP_WORDS: Record<PlanStepView['kind'], string> = {
  create: 'Create',
  enable: 'Enable',
  edit: 'Edit',
  disable: 'Disable',
  delete: 'Delete',
  guard: 'Guard',
  unguard: 'Unguard',
};

export function PlanPanel() {
  const state = useAppShallow((s) => ({
    plan: s.publish.plan,
    planError: s.publish.planError,
    effect: s.publish.effect,
    effectNote: s.publish.effectNote,
    applying: s.publish.applying,
    result: s.publish.result,
    applyError: s.publish.applyError,
    drift: s.publish.drift,
  }));
  const snapshot = useApp((s) => s.snapshots.current?.summary ?? null);
  const labelOf = useLabelAt();
  const { plan, effect } = state;
  if (!plan && !state.planError) return null;
  return (
    <div className="panel" role="region" aria-label="Plan">
      <h2>Plan{plan ? ` for ${plan.project}` : ''}</h2>
      <ErrorNote error={state.planError && { ...state.planError, message: relabelText(state.planError.message, labelOf) }} action="The plan could not be made." />
      {plan ? (
        <>
          <p>
            The server has {plural(plan.remoteRules.length, 'rule')} now.{' '}
            {plan.steps.length === 0 ? <strong>Nothing to change: the server already has exactly the draft.</strong> : `Publishing takes ${plural(plan.steps.length, 'step')}:`}
          </p>
          {plan.steps.length > 0 ? (
            <ol className="steps" aria-label="Plan steps">
              {plan.steps.map((step, i) => (
                <li key={i}>
                  <span className={`badge step-${step.kind}`}>{STEP_WORDS[step.kind]}</span>{' '}
                  {step.kind === 'create' && step.desiredIndex !== null ? <strong className="rule-label">{labelOf(step.desiredIndex)}: </strong> : null}
                  {stepText(step.kind, step.description)}
                </li>
              ))}
            </ol>
          ) : null}
          {plan.notes.map((note) => (
            <p key={note} className="note note-warn">
              {relabelText(note, labelOf)}
            </p>
          ))}
          <div className="effect" role="region" aria-label="Effect on the current snapshot">
            <h3>
              Effect on the tags of {plan.project}
              {snapshot ? ` (snapshot ${snapshot.name}, fetched ${formatTime(snapshot.fetchedAt)})` : ''}
            </h3>
            {effect ? (
              <>
                <p>
                  Immutable tags in {effect.project}: {formatCount(effect.before.immutableTags)} → <strong>{formatCount(effect.after.immutableTags)}</strong>; locked
                  digests: {formatCount(effect.before.lockedDigests)} → <strong>{formatCount(effect.after.lockedDigests)}</strong>.
                </p>
                <ul className="plain">
                  <li className="change-up">▲ {pluralVerb(effect.newlyImmutableTags, 'tag', 'becomes', 'become')} immutable{effect.examples.newlyImmutable.length > 0 ? `, e.g. ${effect.examples.newlyImmutable.slice(0, 4).join(', ')}` : ''}</li>
                  <li className="change-down">▼ {pluralVerb(effect.freedTags, 'tag', 'stops', 'stop')} being immutable{effect.examples.freed.length > 0 ? `, e.g. ${effect.examples.freed.slice(0, 4).join(', ')}` : ''}</li>
                  <li>
                    {pluralVerb(effect.newlyLockedDigests, 'digest', 'becomes', 'become')} locked, {pluralVerb(effect.freedDigests, 'digest', 'is', 'are')} freed.
                  </li>
                </ul>
                <p className="hint">Simulated with the rules the server has now (read by the plan) against the draft, on this project's tags in the open snapshot.</p>
              </>
            ) : (
              <p className="muted">{state.effectNote ?? 'Simulating…'}</p>
            )}
          </div>
          {state.drift ? <DriftPanel /> : plan.steps.length > 0 && !state.result ? <ConfirmBox /> : null}
          <ErrorNote error={state.applyError} action="The publish did not run." />
        </>
      ) : null}
    </div>
  );
}

/** The one confirmation; for an overwrite, it first names every change of the other writer it reverts. */
function ConfirmBox() {
  const { plan, applying, overwrites, plannedRules, connectionId } = useAppShallow((s) => ({
    plan: s.publish.plan!,
    applying: s.publish.applying,
    overwrites: s.publish.overwrites,
    plannedRules: s.publish.plannedRules,
    connectionId: s.publish.connectionId,
  }));
  const stale = useApp((s) => planIsStale(s));
  const connection = useApp((s) => s.connections.list.find((c) => c.id === connectionId) ?? null);
  const apply = useApp((s) => s.publish.apply);
  const [secret, setSecret] = useState('');
  const reverting = overwrites !== null && overwrites.length > 0;
  const desired = plannedRules ? parseWireRules(plannedRules) : [];
  const label = reverting
    ? `Confirm: overwrite, revert ${plural(overwrites.length, 'change')} made on the server, and publish to ${plan.project}`
    : `Confirm and publish ${plural(plan.steps.length, 'change')} to ${plan.project}`;
  return (
    <div className="confirm-box">
      {stale ? (
        <p className="note note-warn" role="alert">
          The draft changed since this plan: plan again before publishing.
        </p>
      ) : null}
      {reverting ? (
        <div className="note note-error" role="region" aria-label="What the overwrite reverts">
          <p>
            <strong>This publish overwrites what someone else changed on the server.</strong> It:
          </p>
          <ul>
            {overwrites.map((change, i) => (
              <li key={i}>{plainRuleWords(describeRevert(change, desired))}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <SecretField connection={connection} value={secret} onChange={setSecret} />
      <button
        type="button"
        className="primary danger-solid"
        disabled={applying || stale || (needsSecret(connection) && secret === '')}
        onClick={() => {
          void apply(secret || undefined).then(() => setSecret(''));
        }}
      >
        {applying ? 'Publishing…' : label}
      </button>
      <InsecureBadge connection={connection} />
      <p className="hint">If the server's rules change after this plan, the publish is refused and nothing is done.</p>
    </div>
  );
}

/** The publish was refused (drift): what changed, and the two ways on. The stale confirmation is gone. */
function DriftPanel() {
  const drift = useApp((s) => s.publish.drift!);
  const planning = useApp((s) => s.publish.planning);
  const project = useApp((s) => s.publish.plan?.project ?? '');
  const { rebaseOnDrift, planOverwrite } = useAppShallow((s) => ({ rebaseOnDrift: s.publish.rebaseOnDrift, planOverwrite: s.publish.planOverwrite }));
  const box = useRef<HTMLDivElement>(null);
  // It replaces the button just clicked: keep it in view on a small window.
  useEffect(() => {
    // Again once the server's changes are listed (they push the choices down). A block body: newer
    // engines answer scrollIntoView with a promise, which must not become the cleanup.
    void box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [drift.live, drift.liveError]);
  return (
    <div ref={box} className="note note-error drift" role="region" aria-label="Publish refused: the server changed">
      <p role="alert">
        <strong>Not published: the rules of {project} changed on the server since this plan</strong> (someone else edited them). Nothing was changed, and
        this plan can no longer be confirmed.
      </p>
      <ErrorNote error={drift.liveError} action="The server's rules could not be read to show what changed." />
      {drift.live !== null ? (
        drift.changes.length > 0 ? (
          <>
            <p>What changed on the server since the plan:</p>
            <ul aria-label="Changes on the server since the plan">
              {drift.changes.map((change, i) => (
                <li key={i}>{plainRuleWords(describeServerChange(change))}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>The server's rules are back to what the plan saw; plan again to publish.</p>
        )
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={planning || drift.live === null} onClick={() => void rebaseOnDrift()}>
          Re-plan on top of their change
        </button>
        <button type="button" className="danger" disabled={planning} onClick={() => void planOverwrite()}>
          Overwrite their change…
        </button>
      </div>
      <p className="hint">
        Re-plan: every rule your draft did not touch takes the server's version, rules they added stay, and the new plan shows only your own
        changes. Overwrite: a new plan that makes the server equal to your draft; before you confirm it, it names each of their changes it reverts.
      </p>
    </div>
  );
}
