// Runs anywhere (pure).
/**
 * `retention-blocked-by-immutability`: the tagged artifacts the project's retention policy would delete
 * but an immutability rule keeps, per immutability rule, with their size. Harbor's retention skips them
 * (IMMUTABLE) or its delete is refused (412, ERR): the storage the admin meant to free stays. Untagged
 * ones are told by `untagged-retained-in-snapshot` (storage.ts), the `excludes` quirk.
 */
import type { SimulationResult } from '../engine/simulate.js';
import type { RetentionForecast } from '../retention/forecast.js';
import { CHECK_DELETE } from '../retention/outcomes.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { RECORDED_POLICY, keptByImmutability } from './retention-forecast.js';
import { artifactBytesText } from './storage.js';

const MAX_EXAMPLES = 3;

/** `team/app:v1.0.0`: the artifact named by a tag this rule locks (the first tag when the delete's check decided). */
function example(result: SimulationResult, artifact: number, position: number): string {
  const { index } = result;
  const repository = index.repositoryNames[index.artifactRepository[artifact]!]!;
  let tag = index.artifactTagStart[artifact]!;
  for (let t = tag; t < index.artifactTagStart[artifact + 1]!; t++) {
    if (result.tagVerdict[t] === position) {
      tag = t;
      break;
    }
  }
  return `${repository}:${index.tagNames[tag]!}`;
}

/** How Harbor keeps them: retention's own check (IMMUTABLE), or the delete it then tries (412, ERR; harbor-profile.ts). */
function how(forecast: RetentionForecast, artifacts: readonly number[]): string {
  const refused = artifacts.filter((a) => forecast.immutableCheck[a - forecast.firstArtifact] === CHECK_DELETE).length;
  if (refused === 0) return 'retention skips them (IMMUTABLE)';
  if (refused === artifacts.length) return "retention's own check misses them, but the delete it then tries is refused (412, ERR)";
  return `retention skips them (IMMUTABLE), or for ${countOf(refused, 'of them', 'of them')} the delete it tries is refused (412, ERR)`;
}

/** `forecast` was made with `result` (retention-forecast.ts), so rule positions are the simulation's. */
export function retentionBlockedFindings(forecast: RetentionForecast | null, result: SimulationResult, where: string, policy = RECORDED_POLICY): LintFinding[] {
  if (forecast === null || forecast.immutability === null) return [];
  const rules = forecast.immutability.rules;
  const out: LintFinding[] = [];
  for (const [position, artifacts] of keptByImmutability(forecast, true)) {
    const rule = rules[position]!;
    const bytes = artifactBytesText(forecast.index, artifacts);
    const repositories = new Set(artifacts.map((a) => forecast.index.artifactRepository[a]!)).size;
    const examples = artifacts.slice(0, MAX_EXAMPLES).map((a) => example(result, a, position));
    out.push({
      severity: 'warning',
      code: 'retention-blocked-by-immutability',
      ruleIndex: rule.index,
      rule: rule.label,
      message:
        `${policy} would delete ${countOf(artifacts.length, 'tagged artifact', 'tagged artifacts')}${bytes ? ` (${bytes})` : ''} ` +
        `in ${countOf(repositories, 'repository', 'repositories')} of ${where} that this rule keeps immutable (e.g. ${examples.join(', ')}): ` +
        `${how(forecast, artifacts)}, so that storage is never freed. If they may go, narrow this rule; if they must stay, let a retention rule keep them.`,
    });
  }
  return out;
}
