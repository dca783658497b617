// Runs anywhere (pure).
/**
 * `glob-cost`: patterns whose matching can explode. The glob library Harbor links backtracks: each `*`
 * in a path segment may try every split of the rest of the name, so k stars against a name of n
 * characters can cost on the order of C(n, k) steps (`*a*a*a*a*a*a*a*a*a*a*ab` against a 40-character
 * tag froze a browser tab for 17 s, and Harbor is slow on it too). The estimate uses the longest names
 * the pattern meets in the snapshot, or a 64-character name without one; it is an upper bound for the
 * library's backtracking, not a timing.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import type { SimulationResult } from '../engine/simulate.js';
import { expandBraces } from './braces.js';
import type { LintFinding } from './finding.js';

/** Steps beyond which a pattern is worth a warning. */
export const COST_WARNING = 1e8;
const NAME_WITHOUT_SNAPSHOT = 64;

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

function longestNames(result: SimulationResult, project: number): { tag: string; repository: string } {
  const { index } = result;
  let tag = '';
  let repository = '';
  for (let r = 0; r < index.counts.repositories; r++) {
    if (index.repositoryProject[r] !== project) continue;
    const name = index.repositoryNames[r]!;
    for (const part of name.split('/')) if (part.length > repository.length) repository = part;
    const end = index.artifactTagStart[index.repositoryArtifactStart[r + 1]!]!;
    for (let t = index.artifactTagStart[index.repositoryArtifactStart[r]!]!; t < end; t++) if (index.tagNames[t]!.length > tag.length) tag = index.tagNames[t]!;
  }
  return { tag, repository };
}

export function globCostFindings(set: CompiledRuleSet, simulation?: { result: SimulationResult; project: number }): LintFinding[] {
  const longest = simulation ? longestNames(simulation.result, simulation.project) : null;
  const out: LintFinding[] = [];
  const check = (rule: CompiledRule, pattern: string, slot: 'tag' | 'repository') => {
    const stars = starsPerSegment(pattern);
    if (stars < 3) return;
    const name = longest === null ? null : slot === 'tag' ? longest.tag : longest.repository;
    const length = name === null || name === '' ? NAME_WITHOUT_SNAPSHOT : name.length;
    const cost = combinations(length, stars);
    if (cost < COST_WARNING) return;
    const on = name === null || name === '' ? `a ${length}-character ${slot === 'tag' ? 'tag' : 'name'}` : `the snapshot's longest ${slot === 'tag' ? 'tag' : 'repository name part'} (${JSON.stringify(name.slice(0, 60))}, ${length} characters)`;
    out.push({
      severity: 'warning',
      code: 'glob-cost',
      ruleIndex: rule.index,
      rule: rule.label,
      message:
        `Its ${slot} pattern has ${stars} "*" in one segment: matching it can take about ${cost.toExponential(1)} steps on ${on}, ` +
        `in Taglock and in Harbor alike (the glob library backtracks). Fewer "*" (or "**") say the same for most names.`,
    });
  };
  for (const rule of set.rules) {
    if (rule.disabled) continue;
    if (rule.repository) check(rule, rule.repository.selector.pattern, 'repository');
    if (rule.tag) check(rule, rule.tag.selector.pattern, 'tag');
  }
  return out;
}
