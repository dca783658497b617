// Runs in the browser (pure, no DOM).
/** What the next retention run does to one digest, in words, for the lock map's details. */
import type { RetentionForecast } from '../../../shared/retention/forecast.js';
import type { RetentionArtifactRow } from '../../../shared/retention/report.js';
import { retentionArtifactRow } from '../../../shared/retention/report.js';
import { shortDigest } from './format.js';

const UNTOUCHED_WORDS: Record<string, string> = {
  'not-selected': 'no enabled retention rule selects its repository',
  'no-tag-selector': 'no retention rule of its repository has a tag selector',
  fails: "its repository's retention job fails",
  'not-launched': 'the retention run does nothing at all',
  runs: 'retention does not list it',
};

/** The row for a digest, or null when the forecast is not of its project. */
export function retentionRowOf(forecast: RetentionForecast, artifact: number): RetentionArtifactRow | null {
  const slot = artifact - forecast.firstArtifact;
  return slot < 0 || slot >= forecast.outcome.length ? null : retentionArtifactRow(forecast, artifact);
}

/** `relabel` turns an immutability rule's label into the one the Rules screen shows. */
export function retentionFateText(row: RetentionArtifactRow, relabel: (label: string) => string): string {
  switch (row.outcome) {
    case 'retained':
      return `Retained by ${row.rule ?? 'a retention rule'}.`;
    case 'deleted':
      return 'Deleted: no retention rule retains it and nothing keeps it.';
    case 'immutable': {
      const rule = row.rule === null ? 'an immutability rule' : `immutability ${relabel(row.rule)}`;
      return row.check === 'delete'
        ? `Retention would delete it, but ${rule} makes a tag of it immutable: the delete is refused (412, logged as ERR) and it stays.`
        : `Retention would delete it, but ${rule} keeps it: the run skips it as IMMUTABLE.`;
    }
    case 'referenced':
      return `Retention would delete it, but the index ${row.index === null ? '' : shortDigest(row.index)} that stays references it, so the delete is refused.`;
    case 'untouched':
      return `Untouched: ${UNTOUCHED_WORDS[row.reason ?? 'runs'] ?? 'retention does not reach it'}.`;
  }
}
