// Runs in the browser (React).
/** The lock map's word on what the next retention run does to the selected digest, with the drafts and on the server. */
import { relabelText } from '../store/rule-labels.js';
import { formatTime } from '../view/format.js';
import { retentionFateText, retentionRowOf } from '../view/retention-fate.js';
import { useLabelAt } from './RuleList.js';
import { useApp } from './store-context.js';

export function DigestRetention({ artifact, snapshotId }: { artifact: number; snapshotId: string }) {
  const forecast = useApp((s) => s.cleanup.forecast);
  const labelOf = useLabelAt();
  if (forecast === null || forecast.snapshotId !== snapshotId || forecast.draft.policy.rules.length === 0) return null;
  const draft = retentionRowOf(forecast.draft, artifact);
  if (draft === null) return null;
  const server = forecast.server.policy.rules.length === 0 ? null : retentionRowOf(forecast.server, artifact);
  const relabel = (label: string) => relabelText(label, labelOf);
  const draftText = retentionFateText(draft, relabel);
  const serverText = server === null ? 'No retention policy: nothing is deleted.' : retentionFateText(server, relabel);
  return (
    <>
      <h3>Next retention run</h3>
      <p className="small" data-testid="digest-retention" aria-label="Next retention run">
        At {formatTime(forecast.runAt)}, with the drafts: {draftText}
        {serverText !== draftText ? ` With the server's policies: ${serverText}` : ''}
      </p>
    </>
  );
}
