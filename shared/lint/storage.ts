// Runs anywhere (pure).
/**
 * Storage in findings: what the artifacts a finding is about weigh (the sum of their sizes, as the
 * snapshot recorded them), and `untagged-retained-in-snapshot`, the untagged artifacts tag retention keeps
 * because of a rule. Locked and retained artifacts keep every layer alive through garbage collection,
 * so their size is what the rule costs.
 */
import type { CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';
import type { LintFinding } from './finding.js';

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

/** Per rule (position in evaluation order): the untagged artifacts of the project that retention keeps because of it. */
function untaggedRetainedBy(result: SimulationResult, project: number): Map<number, number[]> {
  const { index, artifactRetentionVerdict } = result;
  const out = new Map<number, number[]>();
  for (let a = 0; a < index.counts.artifacts; a++) {
    if (index.artifactTagStart[a + 1] !== index.artifactTagStart[a]) continue;
    if (index.repositoryProject[index.artifactRepository[a]!] !== project) continue;
    const verdict = artifactRetentionVerdict[a]!;
    if (verdict < 0) continue;
    const list = out.get(verdict) ?? [];
    list.push(a);
    out.set(verdict, list);
  }
  return out;
}

export function untaggedStorageFindings(set: CompiledRuleSet, result: SimulationResult, project: number, where: string): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [position, artifacts] of untaggedRetainedBy(result, project)) {
    const rule = set.rules[position]!;
    const bytes = artifactBytesText(result.index, artifacts);
    const count = `${artifacts.length.toLocaleString('en-US')} untagged artifact${artifacts.length === 1 ? '' : 's'}`;
    out.push({
      severity: 'warning',
      code: 'untagged-retained-in-snapshot',
      ruleIndex: rule.index,
      rule: rule.label,
      message: `Tag retention treats ${count}${bytes ? ` (${bytes})` : ''} in ${where} as immutable because of it, so retention never cleans them up.`,
    });
  }
  return out;
}
