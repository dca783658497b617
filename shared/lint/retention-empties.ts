// Runs anywhere (pure).
/**
 * `retention-deletes-last-artifact`: repositories whose every artifact the project's retention policy
 * would delete, immutability included: the next run empties them, and every pull from them fails after.
 * Usually a day-counting rule (`nDaysSinceLastPush`) over a repository nobody pushed to lately, or a
 * tag selector that misses the tags in use.
 */
import type { RetentionForecast } from '../retention/forecast.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { RECORDED_POLICY, emptiedRepositories } from './retention-forecast.js';
import { formatBytes } from './storage.js';

const MAX_EXAMPLES = 3;

export function retentionEmptiesFindings(forecast: RetentionForecast | null, where: string, policy = RECORDED_POLICY): LintFinding[] {
  if (forecast === null) return [];
  const emptied = emptiedRepositories(forecast);
  if (emptied.length === 0) return [];
  const examples = emptied.slice(0, MAX_EXAMPLES).map((r) => {
    const size = r.totals.sizeUnknown === r.totals.artifacts ? '' : `, ${r.totals.sizeUnknown > 0 ? 'at least ' : ''}${formatBytes(r.totals.bytesDeleted)}`;
    return `${r.name} (${countOf(r.totals.artifacts, 'artifact', 'artifacts')}${size})`;
  });
  const more = emptied.length > MAX_EXAMPLES ? ', …' : '';
  return [
    {
      severity: 'warning',
      code: 'retention-deletes-last-artifact',
      ruleIndex: null,
      rule: null,
      message:
        `${policy} would delete every artifact of ${countOf(emptied.length, 'repository', 'repositories')} in ${where}: ${examples.join(', ')}${more}. ` +
        'No retention rule keeps any of them at the run\'s time and no immutability rule protects one, so the next run empties them and every pull from them fails.',
    },
  ];
}
