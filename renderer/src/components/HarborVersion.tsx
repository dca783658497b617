// Runs in the browser.
/**
 * Which Harbor the simulation judges as: the version the snapshot recorded, or one the admin picks to
 * see what another release does (the glob library, the name tag retention judges, untagged artifacts;
 * docs/harbor-versions.md). The profile's assumptions are said under it.
 */
import { useMemo } from 'react';
import { harborProfile } from '../../../shared/engine/harbor-profile.js';
import { judgedHarborVersion } from '../store/rules-slice.js';
import { useAppShallow } from './store-context.js';

/** Releases worth comparing: each side of every boundary in the version table. */
const CHOICES: readonly { version: string; note: string }[] = [
  { version: '2.16.0', note: 'retention judges the full name (fix assumed)' },
  { version: '2.15.2', note: 'newest release' },
  { version: '2.11.0', note: '' },
  { version: '2.10.3', note: 'doublestar v1.3.4' },
  { version: '2.10.2', note: 'doublestar v1.1.1' },
  { version: '2.5.0', note: '' },
  { version: '2.4.3', note: 'retention: matches rules keep untagged' },
];

export function HarborVersionBar() {
  const { recorded, override, dialect, setHarborVersion } = useAppShallow((s) => ({
    recorded: s.rules.recordedHarborVersion,
    override: s.rules.harborVersionOverride,
    dialect: s.rules.dialect,
    setHarborVersion: s.rules.setHarborVersion,
  }));
  const profile = useMemo(() => harborProfile(judgedHarborVersion({ recordedHarborVersion: recorded, harborVersionOverride: override })), [recorded, override]);
  return (
    <div className="harbor-version small" role="group" aria-label="Harbor version">
      <label>
        Judged as{' '}
        <select aria-label="Judge as Harbor version" value={override ?? ''} onChange={(e) => setHarborVersion(e.target.value === '' ? null : e.target.value)}>
          <option value="">{`recorded: ${recorded === null ? 'unknown' : `Harbor ${recorded}`}`}</option>
          {CHOICES.map((c) => (
            <option key={c.version} value={c.version}>
              {`Harbor ${c.version}${c.note ? ` (${c.note})` : ''}`}
            </option>
          ))}
        </select>
      </label>{' '}
      <span className="muted" data-testid="harbor-profile">
        {profile.label} · doublestar {dialect} · tag retention judges {profile.behaviour.retention.stripsFirstComponent ? 'names without their first path component' : 'the full repository name'}
      </span>
      {profile.notes.map((note) => (
        <p key={note} className="muted small">
          {note}
        </p>
      ))}
    </div>
  );
}

/** The profile the open snapshot is judged with (memoised per version). */
export function useJudgedProfile() {
  const { recorded, override } = useAppShallow((s) => ({ recorded: s.rules.recordedHarborVersion, override: s.rules.harborVersionOverride }));
  return useMemo(() => harborProfile(judgedHarborVersion({ recordedHarborVersion: recorded, harborVersionOverride: override })), [recorded, override]);
}
