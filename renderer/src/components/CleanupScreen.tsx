// Runs in the browser (React).
/**
 * Cleanup: what the next tag-retention run does to the project, with the retention policy and the
 * immutability rules together. Totals and the live difference between the drafts (the Rules screen's
 * immutability draft and the retention draft here) and the server's current policies, the "run at"
 * time, the retention rules, and per repository bars of what is deleted, retained and kept by
 * immutability.
 */
import { useEffect, useState } from 'react';
import type { RetentionTotals } from '../../../shared/retention/outcomes.js';
import type { CleanupForecast, RecordedPolicyState } from '../view/cleanup-forecast.js';
import { differenceSentences, recordedPolicyState, serverSideWords } from '../view/cleanup-forecast.js';
import { formatBytes, formatCount, formatTime, plural, sentence } from '../view/format.js';
import { CleanupChart } from './CleanupChart.js';
import { ErrorNote, SimulatedScreen, Stat } from './common.js';
import { RetentionRules } from './RetentionRules.js';
import { useApp } from './store-context.js';

export function CleanupScreen() {
  return <SimulatedScreen title="Cleanup" render={() => <CleanupBody />} />;
}

function CleanupBody() {
  const forecast = useApp((s) => s.cleanup.forecast);
  const error = useApp((s) => s.cleanup.error);
  const policyState = usePolicyState();
  return (
    <>
      <ErrorNote error={error} action="The cleanup forecast failed." />
      <RunPanel forecast={forecast} />
      <RetentionRules forecast={forecast} policyState={policyState} />
      {forecast ? <CleanupChart forecast={forecast} words={serverSideWords(policyState)} /> : null}
    </>
  );
}

/** Whether the snapshot recorded the open project's retention policy, recorded that it has none, or did not read it. */
function usePolicyState(): RecordedPolicyState {
  const index = useApp((s) => s.snapshots.current?.index ?? null);
  const projectIndex = useApp((s) => s.rules.projectIndex);
  return index === null ? 'not-read' : recordedPolicyState(index, projectIndex);
}

const POLICY_WORDS: Record<RecordedPolicyState, string> = {
  recorded: "The project's retention policy as recorded in the snapshot is the server's current policy.",
  none: 'This project has no retention policy on the server: Harbor deletes nothing now. Draft rules below to see what they would do.',
  'not-read':
    "This snapshot did not read the project's retention policy (an older snapshot, or an account that may not read it), so the server's side counts as no policy. Draft rules below to see what they would do.",
};

const DAY = 86_400_000;
/** The start of the UTC day of a time: the date field's days begin there. */
const dayOf = (ms: number): number => ms - (((ms % DAY) + DAY) % DAY);

/** `2026-11-01` (UTC) for a date input. */
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function RunAt() {
  const runAt = useApp((s) => s.cleanup.runAt);
  const chosen = useApp((s) => s.cleanup.runAtChosen);
  const setRunAt = useApp((s) => s.cleanup.setRunAt);
  const runNow = useApp((s) => s.cleanup.runNow);
  const fetched = useApp((s) => s.snapshots.current?.index.meta.fetchedAt ?? null);
  const fetchedAt = fetched === null ? null : Date.parse(fetched);
  // Without a rule on either side the run time changes nothing, so the snapshot's age does not matter.
  const withRules = useApp((s) => (s.cleanup.forecast ? s.cleanup.forecast.draft.policy.rules.length + s.cleanup.forecast.server.policy.rules.length > 0 : false));
  // The field's own text: while a day is typed part by part, it is empty (and the browser says the input
  // is incomplete); the store's time stays as it was until a whole day is there.
  const [text, setText] = useState(dateOf(runAt));
  useEffect(() => setText(dateOf(runAt)), [runAt]);
  return (
    <div className="row-inline run-at">
      <label htmlFor="cleanup-run-at">Run at (UTC)</label>
      <input
        id="cleanup-run-at"
        type="date"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          // A day means its start, as `taglock retention --at` reads one; no day (the field cleared) is now.
          if (e.target.value !== '') setRunAt(Date.parse(`${e.target.value}T00:00:00Z`));
          else if (!e.target.validity.badInput) runNow();
        }}
      />
      <button type="button" className="small-button" onClick={runNow} disabled={!chosen}>
        Now
      </button>
      <span className="muted small" aria-label="Run time">
        {formatTime(runAt)}
        {chosen ? '' : ' (now)'}: the day-counting rules count back from this time.
      </span>
      {fetchedAt !== null && runAt < dayOf(fetchedAt) ? (
        <p className="note note-warn run-at-note" role="note" aria-label="Run before the snapshot">
          This time is before the snapshot was fetched ({formatTime(fetchedAt)}). The forecast still judges every artifact the snapshot holds, those pushed after this time too, which the
          registry did not hold yet.
        </p>
      ) : null}
      {fetchedAt !== null && runAt - fetchedAt > DAY && withRules ? (
        <p className="note note-info run-at-note" role="note" aria-label="Run after the snapshot">
          The snapshot was fetched {plural(Math.floor((runAt - fetchedAt) / DAY), 'day')} before this time ({formatTime(fetchedAt)}): what was pushed or pulled since is not in it,
          and the forecast counts as if nothing was, so the rules that count days or keep the latest artifacts may retain less than they will. Fetch the project again for a
          current forecast, or{' '}
          <button
            type="button"
            className="small-button"
            onClick={() => {
              setRunAt(fetchedAt);
              // The note and this button go: the keyboard's place moves to the field that now shows the time.
              document.getElementById('cleanup-run-at')?.focus();
            }}
          >
            Run at the fetch time
          </button>
        </p>
      ) : null}
    </div>
  );
}

const both = (count: number, bytes: number) => `${formatCount(count)} · ${formatBytes(bytes)}`;

interface TotalLine {
  label: string;
  count: keyof RetentionTotals;
  bytes: keyof RetentionTotals;
  help?: string;
  /** Shown only when either side has some (rare kinds). */
  rare?: boolean;
}

const TOTAL_LINES: readonly TotalLine[] = [
  { label: 'Deleted', count: 'deleted', bytes: 'bytesDeleted' },
  {
    label: 'Kept by immutability',
    count: 'immutable',
    bytes: 'bytesImmutable',
    help: 'Retention would delete these, but an immutability rule keeps them: Harbor skips them (IMMUTABLE) or the delete is refused.',
  },
  { label: 'Retained by a rule', count: 'retained', bytes: 'bytesRetained' },
  { label: 'Kept for an index', count: 'referenced', bytes: 'bytesReferenced', rare: true, help: 'An index that stays references them, so their delete is refused.' },
  { label: 'Untouched', count: 'untouched', bytes: 'bytesUntouched', rare: true, help: 'No retention job reaches these: no rule selects their repository, or its job fails.' },
];

/** Only more deleted reads as worse; the other figures change with it and are coloured as neither. */
function Totals({ draft, server, against }: { draft: RetentionTotals; server: RetentionTotals; against: string }) {
  return (
    <dl className="stats">
      {TOTAL_LINES.filter((line) => !line.rare || draft[line.count] + server[line.count] > 0).map((line) => (
        <Stat
          key={line.label}
          label={line.label}
          value={both(draft[line.count], draft[line.bytes])}
          delta={draft[line.count] - server[line.count]}
          tone={line.count === 'deleted' && draft.deleted > 0 ? 'warn' : undefined}
          meaning={line.count === 'deleted' ? 'deletes' : 'neutral'}
          against={against}
          help={line.help}
        />
      ))}
    </dl>
  );
}

function RunPanel({ forecast }: { forecast: CleanupForecast | null }) {
  const drafted = useApp((s) => s.cleanup.draft !== null);
  const policyState = usePolicyState();
  const server = serverSideWords(policyState);
  const sentences = forecast ? differenceSentences(forecast.difference, formatBytes, formatCount, server.keeps) : [];
  return (
    <div className="panel" role="region" aria-label="Next retention run">
      <h2>The next retention run, with the drafts</h2>
      <p className={policyState === 'recorded' ? 'small' : 'note note-warn'} aria-label="Retention policy on the server">
        {POLICY_WORDS[policyState]}
        {drafted ? ' The retention rules below are a draft.' : ''}
      </p>
      <RunAt />
      {forecast ? (
        <>
          <Totals draft={forecast.draft.totals} server={forecast.server.totals} against={server.against} />
          <div role="status" aria-live="polite" aria-label="Difference against the server's policies" className="cleanup-difference">
            {sentences.length > 0 ? (
              sentences.map((sentence) => (
                <p key={sentence} className="note note-info">
                  {sentence}
                </p>
              ))
            ) : (
              <p className="muted">The drafts change nothing this run does, against {policyState === 'recorded' ? "the server's current policies" : server.against}.</p>
            )}
          </div>
          {forecast.draft.launchError !== null ? <p className="note note-warn">The run does nothing: {forecast.draft.launchError}</p> : null}
          {forecast.draft.notes.map((note) => (
            <p key={note} className="small muted">
              {sentence(note)}
            </p>
          ))}
        </>
      ) : (
        <p className="muted">Forecasting…</p>
      )}
      <p className="small muted">
        Storage figures are the artifact sizes Harbor reports; layers shared with artifacts that stay make the space actually freed smaller.
      </p>
    </div>
  );
}
