// Runs anywhere (pure).
/**
 * Storage in findings: what the artifacts a finding is about weigh (the sum of their sizes, as the
 * snapshot recorded them), and `untagged-retained-in-snapshot`, the untagged artifacts tag retention keeps
 * because of a rule. Locked and retained artifacts keep every layer alive through garbage collection,
 * so their size is what the rule costs.
 */
import type { CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import type { RetentionForecast } from '../retention/forecast.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import { perIndex } from '../snapshot/per-index.js';
import { itemsPerProject } from '../snapshot/per-project.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import { RECORDED_POLICY, keptByImmutability } from './retention-forecast.js';

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `512 B`, `1.2 GiB`, `34 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/**
 * What these artifacts weigh, for a message: `1.2 GiB`, `at least 1.2 GiB` when some sizes are unknown,
 * or null when none is known (plain registries do not always say).
 */
export function artifactBytesText(index: SnapshotIndex, artifacts: Iterable<number>): string | null {
  let total = 0;
  let known = 0;
  let unknown = 0;
  for (const a of artifacts) {
    // An index built without the size column (the app's simulation worker) knows no size.
    const size = index.artifactSize[a];
    if (size === undefined || Number.isNaN(size)) unknown++;
    else {
      total += size;
      known++;
    }
  }
  if (known === 0) return null;
  return `${unknown > 0 ? 'at least ' : ''}${formatBytes(total)}`;
}

/** Per project: its untagged artifacts, in order (computed once per index; a keystroke's lint reads them). */
const untaggedArtifacts = perIndex((index: SnapshotIndex): Int32Array[] =>
  itemsPerProject(
    index.projects.length,
    index.counts.artifacts,
    (a) => index.repositoryProject[index.artifactRepository[a]!]!,
    (a) => index.artifactTagStart[a + 1] === index.artifactTagStart[a],
  ),
);

/** Per rule (position in evaluation order): the untagged artifacts of the project that retention keeps because of it. */
function untaggedRetainedBy(result: SimulationResult, project: number): Map<number, number[]> {
  const { index, artifactRetentionVerdict } = result;
  const out = new Map<number, number[]>();
  for (const a of untaggedArtifacts(index)[project] ?? []) {
    const verdict = artifactRetentionVerdict[a]!;
    if (verdict < 0) continue;
    const list = out.get(verdict) ?? [];
    list.push(a);
    out.set(verdict, list);
  }
  return out;
}

/**
 * With the project's retention policy (`retention`, made with `result`): how many of them that policy
 * would delete but for this rule, so what the quirk costs now, not only what it could.
 */
function policyCost(retention: RetentionForecast | null, position: number, kept: ReadonlyMap<number, number[]>, policy: string): string {
  if (retention === null) return '';
  const wanted = kept.get(position) ?? [];
  if (wanted.length === 0) return ` ${policy} would not delete them at the moment anyway.`;
  const bytes = artifactBytesText(retention.index, wanted);
  return ` ${policy} would delete ${countOf(wanted.length, 'of them', 'of them')}${bytes ? ` (${bytes})` : ''} but for this rule.`;
}

/** `policy` names the policy `retention` forecasts, at the start of a sentence. */
export function untaggedStorageFindings(
  set: CompiledRuleSet,
  result: SimulationResult,
  project: number,
  where: string,
  retention: RetentionForecast | null = null,
  policy = RECORDED_POLICY,
): LintFinding[] {
  const out: LintFinding[] = [];
  const kept = retention === null ? new Map<number, number[]>() : keptByImmutability(retention, false);
  for (const [position, artifacts] of untaggedRetainedBy(result, project)) {
    const rule = set.rules[position]!;
    const bytes = artifactBytesText(result.index, artifacts);
    const count = countOf(artifacts.length, 'untagged artifact', 'untagged artifacts');
    out.push({
      severity: 'warning',
      code: 'untagged-retained-in-snapshot',
      ruleIndex: rule.index,
      rule: rule.label,
      message: `Tag retention treats ${count}${bytes ? ` (${bytes})` : ''} in ${where} as immutable because of it, so retention never cleans them up.${policyCost(retention, position, kept, policy)}`,
    });
  }
  return out;
}
