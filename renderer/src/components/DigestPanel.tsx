// Runs in the browser (React).
/**
 * The lock map's details of one digest: where it is, whether the draft locks it (and whether the server
 * rules did), its tags, times, size and index children, the rules that lock it and what Harbor will
 * refuse because of it, and what the next retention run does to it when a retention policy is known.
 */
import { useMemo } from 'react';
import { digestDetail } from '../../../shared/engine/details.js';
import type { SimulationView } from '../sim/compute.js';
import { relabelText } from '../store/rule-labels.js';
import { formatBytes, formatCount, formatTime, shortDigest } from '../view/format.js';
import { ruleText } from '../view/rules-view.js';
import { DigestRetention } from './DigestRetention.js';
import { useLabelAt } from './RuleList.js';
import { CopyButton } from './save-and-copy.js';
import { useApp } from './store-context.js';

const OPERATION_WORDS: Record<string, string> = {
  'overwrite-tag': 'Overwrite a tag (push)',
  'delete-tag': 'Delete a tag',
  'delete-artifact': 'Delete the artifact or its repository',
  retention: 'Tag retention',
  'garbage-collection': 'Garbage collection',
};

export function DigestPanel({
  view,
  selected,
  cell,
  onPick,
  hiddenByFilter = false,
}: {
  view: SimulationView;
  selected: number | null;
  cell: [number, number] | null;
  onPick: (artifact: number) => void;
  /** The map's filters hide this digest's repository: the details stay, and say so. */
  hiddenByFilter?: boolean;
}) {
  // Draft rules by their stable labels (only the edited project's rules can lack an id).
  const labelOf = useLabelAt();
  const selectTag = useApp((s) => s.simulation.selectTag);
  const go = useApp((s) => s.ui.go);
  const detail = useMemo(() => (selected === null || selected >= view.draft.index.counts.artifacts ? null : digestDetail(view.draft, selected)), [view, selected]);
  if (detail === null) {
    return (
      <aside className="panel digest-panel" role="region" aria-label="Digest details">
        <h2>Digest</h2>
        <p className="muted">Select a cell to see its tags, what locks it and what Harbor will refuse.</p>
      </aside>
    );
  }
  const index = view.draft.index;
  const a = detail.artifact;
  const wasLocked = view.server.artifactImmutableTags[a]! > 0;
  const inCell = cell && cell[1] - cell[0] > 1 && a >= cell[0] && a < cell[1] ? cell : null;
  const firstTag = index.artifactTagStart[a]!;
  return (
    <aside className="panel digest-panel" role="region" aria-label="Digest details">
      <h2>Digest</h2>
      <p className="mono break">
        <span>{detail.digest}</span> <CopyButton text={detail.digest} what="the digest" />
      </p>
      <p className="small">
        in <strong>{detail.repository}</strong>
        {detail.project ? ` (project ${detail.project})` : ''}
      </p>
      {hiddenByFilter ? <p className="note">The map&apos;s filters hide this repository now; these details stay until you pick another digest.</p> : null}
      <p className={`verdict verdict-${detail.locked ? 'immutable' : 'mutable'}`}>
        {lockWords(detail.locked, detail.retentionProtected, wasLocked)}
      </p>
      {inCell ? (
        <details className="cell-list" open>
          <summary>This cell groups {formatCount(inCell[1] - inCell[0])} digests</summary>
          <ul>
            {Array.from({ length: Math.min(40, inCell[1] - inCell[0]) }, (_, i) => inCell[0] + i).map((x) => (
              <li key={x}>
                <button type="button" className={`link mono${x === a ? ' current' : ''}`} onClick={() => onPick(x)}>
                  {shortDigest(index.artifactDigests.get(x))}
                </button>{' '}
                <span className="muted small">{view.draft.artifactImmutableTags[x]! > 0 ? 'locked' : 'free'}</span>
              </li>
            ))}
            {inCell[1] - inCell[0] > 40 ? <li className="muted">and {formatCount(inCell[1] - inCell[0] - 40)} more</li> : null}
          </ul>
        </details>
      ) : null}
      <dl className="facts small">
        <div>
          <dt>Immutable tags</dt>
          <dd>{detail.lockingTags.length > 0 ? detail.lockingTags.join(', ') : 'none'}</dd>
        </div>
        <div>
          <dt>Mutable tags</dt>
          <dd>{detail.mutableTags.length > 0 ? detail.mutableTags.join(', ') : 'none'}</dd>
        </div>
        <div>
          <dt>Pushed</dt>
          <dd>{formatTime(detail.data.pushTime, 'unknown')}</dd>
        </div>
        <div>
          <dt>Last pulled</dt>
          <dd>{formatTime(detail.data.pullTime, 'never')}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(detail.data.size)}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>
            {detail.data.type ?? 'unknown'}
            {detail.data.mediaType ? <span className="muted"> ({detail.data.mediaType})</span> : null}
          </dd>
        </div>
        <div>
          <dt>References</dt>
          <dd>
            {detail.data.references.length > 0 ? (
              <ul className="plain">
                {detail.data.references.map((r) => (
                  <li key={r} className="mono">
                    {shortDigest(r, 16)}
                  </li>
                ))}
              </ul>
            ) : (
              'none (not a multi-arch index)'
            )}
          </dd>
        </div>
      </dl>
      <h3>Locked by</h3>
      {detail.lockingRules.length > 0 ? (
        <ul className="plain">
          {detail.lockingRules.map((rule) => (
            <li key={rule.index}>
              <strong>{relabelText(rule.label, labelOf)}</strong>: <span className="small">{ruleText(rule.rule)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No rule: no tag of this digest is immutable.</p>
      )}
      <h3>What Harbor will do</h3>
      <table className="table compact" aria-label="Consequences">
        <tbody>
          {detail.consequences.map((c) => (
            <tr key={c.operation}>
              <th scope="row">{OPERATION_WORDS[c.operation] ?? c.operation}</th>
              <td>
                <span className={`verdict-pill ${c.blocked ? 'verdict-immutable' : 'verdict-mutable'}`}>{c.blocked ? 'blocked' : 'allowed'}</span>
              </td>
              <td className="small">{c.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DigestRetention artifact={a} snapshotId={view.snapshotId} />
      {index.artifactTagStart[a + 1]! > firstTag ? (
        <button
          type="button"
          onClick={() => {
            selectTag(firstTag);
            go('simulation');
          }}
        >
          Explain its first tag
        </button>
      ) : null}
    </aside>
  );
}

/** The digest's state under the draft and under the server rules, in one sentence. */
export function lockWords(locked: boolean, retentionProtected: boolean, wasLocked: boolean): string {
  const draft = locked ? 'Locked' : retentionProtected ? 'Not locked (kept by tag retention)' : 'Not locked';
  if (locked === wasLocked) return `${draft} with the draft rules, as with the server rules.`;
  return locked ? 'Locked with the draft rules, not with the server rules: newly locked by the draft.' : `${draft} with the draft rules, locked with the server rules: the draft frees it.`;
}
