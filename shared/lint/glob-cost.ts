// Runs anywhere (pure).
/**
 * `glob-cost`: patterns whose matching can explode. The glob library Harbor links backtracks: each `*`
 * in a path segment may try every split of the rest of the name, so k stars against a name of n
 * characters can cost on the order of C(n, k) steps (`*a*a*a*a*a*a*a*a*a*a*ab` against a 40-character
 * tag froze a browser tab for 17 s, and Harbor is slow on it too). The estimate uses the longest names
 * the pattern meets in the snapshot, or a 64-character name without one; it is an upper bound for the
 * library's backtracking. With a snapshot, the steps are also counted on its longest names (up to
 * MEASURE_CAP), so the finding says what matching those real names costs, not only what it could.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import { backtrackingSteps } from './backtracking-steps.js';
import { expandBraces } from './braces.js';
import type { LintFinding } from './finding.js';

/** Steps beyond which a pattern is worth a warning. */
export const COST_WARNING = 1e8;
const NAME_WITHOUT_SNAPSHOT = 64;
/** Counting stops here: a few milliseconds per name, and already more than any sane pattern needs. */
export const MEASURE_CAP = 1_000_000;
/** How many of the longest names are counted on. */
const MEASURED_NAMES = 3;

/** The largest number of single `*` in one `/`-separated segment of any brace alternative. */
export function starsPerSegment(pattern: string): number {
  let most = 0;
  for (const alternative of expandBraces(pattern, 256) ?? [pattern]) {
    for (const segment of alternative.split('/')) {
      let stars = 0;
      for (let i = 0; i < segment.length; i++) {
        if (segment[i] === '\\') i++;
        else if (segment[i] === '*' && segment[i + 1] !== '*' && segment[i - 1] !== '*') stars++;
      }
      most = Math.max(most, stars);
    }
  }
  return most;
}

/** C(n, k), saturating at Infinity. */
export function combinations(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - i + 1)) / i;
  return result;
}

/**
 * Whether matching `pattern` against names of this length can explode: lint's own probes (example
 * names built from the pattern) skip such patterns, which this check reports instead.
 */
export function matchingMayExplode(pattern: string, nameLength: number): boolean {
  const stars = starsPerSegment(pattern);
  return stars >= 3 && combinations(nameLength, stars) >= COST_WARNING;
}

/** Keeps the `limit` longest names seen, longest first. */
function keepLongest(list: string[], name: string, limit: number): void {
  if (list.length === limit && name.length <= list[limit - 1]!.length) return;
  if (list.includes(name)) return;
  let at = list.findIndex((kept) => kept.length < name.length);
  if (at < 0) at = list.length;
  list.splice(at, 0, name);
  if (list.length > limit) list.pop();
}

function longestNames(result: SimulationResult, project: number): { tag: string[]; repository: string[] } {
  const { index } = result;
  const tag: string[] = [];
  const repository: string[] = [];
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    for (const part of index.repositoryNames[r]!.split('/')) keepLongest(repository, part, MEASURED_NAMES);
    const end = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = index.artifactTagStart[index.repositoryArtifactStart[r]!]!; t < end; t++) keepLongest(tag, index.tagNames[t]!, MEASURED_NAMES);
  }
  return { tag, repository };
}

/** The `/`-separated segments, over every brace alternative, where stars backtrack against each other. */
function costlySegments(pattern: string): string[] {
  const segments = new Set<string>();
  for (const alternative of expandBraces(pattern, 256) ?? [pattern]) {
    for (const segment of alternative.split('/')) if (starsPerSegment(segment) >= 3) segments.add(segment);
  }
  return [...segments];
}

/** The most steps any costly segment takes on any of the names, counted up to MEASURE_CAP. */
function countedSteps(pattern: string, names: readonly string[]): { name: string; steps: number; capped: boolean; matched: boolean } | null {
  let worst: { name: string; steps: number; capped: boolean; matched: boolean } | null = null;
  for (const name of names) {
    for (const segment of costlySegments(pattern)) {
      const count = backtrackingSteps(segment, name, MEASURE_CAP);
      if (worst === null || count.steps > worst.steps) worst = { name, ...count };
      if (count.capped) return worst;
    }
  }
  return worst;
}

function countedText(counted: NonNullable<ReturnType<typeof countedSteps>>): string {
  const on = JSON.stringify(counted.name.slice(0, 60));
  if (counted.capped) return ` Counted on ${on}: more than ${MEASURE_CAP.toLocaleString('en-US')} steps before Taglock stopped counting.`;
  return ` Counted on ${on}: ${counted.steps.toLocaleString('en-US')} steps${counted.matched ? ' (it matches early; names that do not match pay the full cost)' : ''}.`;
}

export function globCostFindings(set: CompiledRuleSet, simulation?: { result: SimulationResult; project: number }): LintFinding[] {
  const longest = simulation ? longestNames(simulation.result, simulation.project) : null;
  const out: LintFinding[] = [];
  const check = (rule: CompiledRule, pattern: string, slot: 'tag' | 'repository') => {
    const stars = starsPerSegment(pattern);
    if (stars < 3) return;
    const names = longest === null ? [] : slot === 'tag' ? longest.tag : longest.repository;
    const name = names[0] ?? null;
    const length = name === null || name === '' ? NAME_WITHOUT_SNAPSHOT : name.length;
    const cost = combinations(length, stars);
    if (cost < COST_WARNING) return;
    const counted = names.length > 0 ? countedSteps(pattern, names) : null;
    const on = name === null || name === '' ? `a ${length}-character ${slot === 'tag' ? 'tag' : 'name'}` : `the snapshot's longest ${slot === 'tag' ? 'tag' : 'repository name part'} (${JSON.stringify(name.slice(0, 60))}, ${length} characters)`;
    out.push({
      severity: 'warning',
      code: 'glob-cost',
      ruleIndex: rule.index,
      rule: rule.label,
      message:
        `Its ${slot} pattern has ${stars} "*" in one segment: matching it can take about ${cost.toExponential(1)} steps on ${on}, ` +
        `in Taglock and in Harbor alike (the glob library backtracks).` +
        (counted ? countedText(counted) : '') +
        ` Fewer "*" (or "**") say the same for most names.`,
    });
  };
  for (const rule of set.rules) {
    if (rule.disabled) continue;
    if (rule.repository) check(rule, rule.repository.selector.pattern, 'repository');
    if (rule.tag) check(rule, rule.tag.selector.pattern, 'tag');
  }
  return out;
}
