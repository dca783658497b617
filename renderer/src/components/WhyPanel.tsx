// Runs in the browser (React).
/**
 * "Why": the selected tag's verdict with the draft and with the server rules, rule by rule, with its
 * digest, push time, the other tags on its digest and what tag retention makes of it.
 */
import { useMemo } from 'react';
import { explain } from '../../../shared/engine/decide.js';
import { tagDetail } from '../../../shared/engine/details.js';
import type { SimulationView } from '../sim/compute.js';
import { costlyRulesFor } from '../sim/glob-budget.js';
import { relabelText } from '../store/rule-labels.js';
import { formatTime, shortDigest } from '../view/format.js';
import { useLabelAt } from './RuleList.js';
import { Trace } from './RulesScreen.js';
import { CopyButton } from './save-and-copy.js';
import { useApp } from './store-context.js';

/** The panel's id: a tag picked from the list of changes brings it into view. */
export const WHY_PANEL_ID = 'why-panel';

export function WhyPanel({ view }: { view: SimulationView }) {
  const selectedTag = useApp((s) => s.simulation.selectedTag);
  const selectDigest = useApp((s) => s.simulation.selectDigest);
  const go = useApp((s) => s.ui.go);
  const labelOf = useLabelAt();
  const plainRegistry = view.draft.index.meta.registry.kind !== 'harbor';
  const info = useMemo(() => {
    if (selectedTag === null || selectedTag >= view.draft.index.counts.tags) return null;
    const detail = tagDetail(view.draft, selectedTag);
    const index = view.draft.index;
    const artifact = index.tagArtifact[selectedTag]!;
    const project = index.repositoryProject[index.artifactRepository[artifact]!]!;
    const set = view.draft.ruleSets[project]!;
    return {
      detail,
      artifact,
      project,
      // The verdict comes from the simulation; re-matching a crafted pattern here could take minutes.
      trace: costlyRulesFor(set.rules.map((r) => r.rule), detail.repository, [detail.name]).length > 0 ? null : explain(set, detail.repository, [detail.name]),
      serverVerdict: view.server.tagVerdict[selectedTag]!,
      serverRules: view.server.ruleSets[project]!.rules,
      pushTime: index.tagPushTime[selectedTag]!,
      otherTags: index.tagNames.slice(index.artifactTagStart[artifact]!, index.artifactTagStart[artifact + 1]!).filter((n) => n !== detail.name),
    };
  }, [view, selectedTag]);
  return (
    <aside id={WHY_PANEL_ID} className="panel why-panel" role="region" aria-label="Why">
      <h2>Why</h2>
      {info === null ? (
        <p className="muted">Select a tag in the table to see which rule decides it, rule by rule.</p>
      ) : (
        <>
          <p className={`verdict verdict-${info.detail.immutable ? 'immutable' : info.detail.errorRule ? 'stopped' : 'mutable'}`}>
            <strong className="mono">
              {info.detail.repository}:{info.detail.name}
            </strong>{' '}
            is {info.detail.immutable ? `immutable, decided by ${relabelText(info.detail.rule!.label, labelOf)}` : info.detail.errorRule ? `mutable: ${relabelText(info.detail.errorRule.label, labelOf)} failed and stopped the evaluation` : 'mutable: no rule selects it'}.
          </p>
          {plainRegistry ? null : (
            <p className="small">
              With the server rules:{' '}
              {info.serverVerdict >= 0 ? `immutable (${relabelText(info.serverRules[info.serverVerdict]!.label, labelOf)})` : info.serverVerdict <= -2 ? 'mutable (stopped by an error)' : 'mutable'}.{' '}
              {info.detail.serverImmutable !== null ? `Harbor reported it ${info.detail.serverImmutable ? 'immutable' : 'mutable'} when fetched.` : 'Harbor did not report a verdict for it when fetched.'}
            </p>
          )}
          {info.trace === null ? (
            <p className="note note-warn">The rule-by-rule trace is not shown: a rule of this project can take seconds to minutes to match this tag (see lint glob-cost).</p>
          ) : (
            <Trace trace={info.trace} label="Rule by rule for this tag" {...(info.project === view.projectIndex ? { labelOf } : {})} />
          )}
          <dl className="facts small">
            <div>
              <dt>Digest</dt>
              <dd>
                <span className="mono" title={info.detail.digest}>
                  {shortDigest(info.detail.digest, 16)}
                </span>{' '}
                <CopyButton text={info.detail.digest} what="the digest" />
              </dd>
            </div>
            <div>
              <dt>Pushed</dt>
              <dd>{formatTime(info.pushTime, 'unknown')}</dd>
            </div>
            <div>
              <dt>Other tags on it</dt>
              <dd>{info.otherTags.length > 0 ? info.otherTags.slice(0, 8).join(', ') + (info.otherTags.length > 8 ? ', …' : '') : 'none'}</dd>
            </div>
            {plainRegistry ? null : (
              <div>
                <dt>Tag retention</dt>
                <dd data-testid="why-retention">{info.detail.retention.sentence}</dd>
              </div>
            )}
          </dl>
          <button
            type="button"
            onClick={() => {
              selectDigest(info.artifact);
              go('lockmap');
            }}
          >
            Show the digest in the lock map
          </button>
        </>
      )}
    </aside>
  );
}
