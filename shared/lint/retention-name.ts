// Runs anywhere (pure).
/**
 * `retention-name-quirk`: tag retention in Harbor up to 2.15.2 judges a repository without its first
 * path component (harbor-profile.ts), so a repository pattern can select a repository on push and delete
 * but not on retention, or the other way round. A warning when retention keeps what push and delete
 * leave mutable, or deletes untagged artifacts the rule keeps; otherwise (tagged artifacts stay, the run
 * only logs errors) an info. With a snapshot the finding names the real repositories; without one it
 * shows a name built from the pattern.
 */
import { judgedName } from '../engine/decide.js';
import { untaggedAnswer } from '../engine/judge.js';
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import { SELECTED, select } from '../engine/selector.js';
import type { SimulationResult } from '../engine/simulate.js';
import { matchingMayExplode } from './glob-cost.js';
import type { LintFinding } from './finding.js';

const NO_TAGS: readonly string[] = [];
const MAX_EXAMPLES = 3;

/** Names a pattern's literal parts suggest, plus nested shapes any pattern may meet. */
function probeNames(pattern: string): string[] {
  const literal = pattern
    .replace(/\{([^{},]*)[^{}]*\}/g, '$1')
    .replace(/\[[^\]]*\]/g, 'x')
    .replace(/\*\*/g, 'x/y')
    .replace(/[*?]/g, 'x');
  return [...new Set([literal, `${literal}/x`, 'x/y', 'x/y/z', 'team/app'])].filter((name) => name !== '' && !name.startsWith('/') && !name.includes('//'));
}

interface Mismatch {
  name: string;
  judgedAs: string;
  onPush: boolean;
}

function mismatches(set: CompiledRuleSet, rule: CompiledRule, names: Iterable<string>): Mismatch[] {
  const out: Mismatch[] = [];
  for (const name of names) {
    const judgedAs = judgedName(set, name, 'retention');
    if (judgedAs === name) continue;
    const onPush = select(rule.repository!, name, NO_TAGS, true) === SELECTED;
    const onRetention = select(rule.repository!, judgedAs, NO_TAGS, true) === SELECTED;
    if (onPush !== onRetention) out.push({ name, judgedAs, onPush });
  }
  return out;
}

function projectRepositories(result: SimulationResult, project: number): string[] {
  const { index } = result;
  const names: string[] = [];
  for (let r = 0; r < index.counts.repositories; r++) if (index.repositoryProject[r] === project) names.push(index.repositoryNames[r]!);
  return names;
}

export function retentionNameFindings(set: CompiledRuleSet, simulation?: { result: SimulationResult; project: number }): LintFinding[] {
  if (!set.profile.behaviour.retention.stripsFirstComponent) return [];
  const harbor = set.profile.label;
  const out: LintFinding[] = [];
  for (const rule of set.rules) {
    // Only selectors that read the repository name; rules that never act say nothing about retention.
    if (rule.disabled || rule.repository === null || rule.tag === null || rule.repository.target !== 'repository') continue;
    const fromSnapshot = simulation !== undefined;
    const names = fromSnapshot ? projectRepositories(simulation.result, simulation.project) : probeNames(rule.repository.selector.pattern);
    // Probe names are as long as the pattern: a pattern glob-cost flags could take minutes to match them.
    if (!fromSnapshot && names.some((name) => matchingMayExplode(rule.repository!.selector.pattern, name.length))) continue;
    const found = mismatches(set, rule, names);
    if (found.length === 0) continue;
    const pattern = JSON.stringify(rule.repository.selector.pattern);
    const examples = found
      .slice(0, MAX_EXAMPLES)
      .map((m) => `${m.name} (retention sees \`${m.judgedAs}\`)`)
      .join(', ');
    const lost = found.filter((m) => m.onPush);
    const gained = found.filter((m) => !m.onPush);
    // Retention deletes through the artifact delete, which judges each tag by the real name
    // (docs/harbor-retention.md §6): a tagged artifact its own check misses is refused there and stays.
    // Untagged artifacts have no tag for the delete to judge: those only retention's check keeps are lost.
    const untaggedLost = lost.length > 0 && untaggedAnswer(set, rule.tag.selector.decoration);
    const repositories = (n: number) => (fromSnapshot ? `${n.toLocaleString('en-US')} repositor${n === 1 ? 'y' : 'ies'}` : 'names like these');
    const parts: string[] = [];
    if (gained.length > 0) {
      parts.push(`retention skips the artifacts of ${repositories(gained.length)} as IMMUTABLE though push and delete treat them as mutable, so it never cleans them up`);
    }
    if (lost.length > 0) {
      parts.push(
        `retention's own check misses ${repositories(lost.length)} it protects on push and delete; their tagged artifacts stay all the same ` +
          '(the delete retention then tries is refused, 412, and the run logs an error, ERR, instead of IMMUTABLE)' +
          (untaggedLost ? ', but their untagged artifacts, which this rule keeps from retention, are deleted' : ''),
      );
    }
    const advice = untaggedLost
      ? ` To keep those untagged artifacts too, add a rule with the same tag selector for the names retention sees (e.g. ${JSON.stringify(lost[0]!.judgedAs)}); it also applies to top-level repositories of those names.`
      : '';
    out.push({
      severity: gained.length > 0 || untaggedLost ? 'warning' : 'info',
      code: 'retention-name-quirk',
      ruleIndex: rule.index,
      rule: rule.label,
      message:
        `Tag retention in ${harbor} judges repositories without their first path component, so the repository pattern ${pattern} answers differently there: ` +
        `${parts.join('; and ')}. ${fromSnapshot ? 'In the snapshot' : 'For example'}: ${examples}.${advice} The fix (harbor#23546) is expected in Harbor 2.16.`,
    });
  }
  return out;
}
