// Test helper (Node): Harbor's live immutability verdict for one tag, from the project's current rules.
import { dialectForHarborVersion } from '../../../shared/engine/dialect-for-version.js';
import { compileRuleSet, type CompiledRuleSet } from '../../../shared/engine/rule-set.js';
import { createDecider } from '../../../shared/engine/decide.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import type { HarborState, StateProject } from './state.js';
import type { ImmutabilityJudge, ListedRule } from './types.js';

/** The shared engine, with the glob dialect of the server's Harbor version. */
export function engineJudge(harborVersion: () => string): ImmutabilityJudge {
  // Keyed by the rules array: requestJudge hands the same array for every tag of a request.
  const cache = new WeakMap<readonly ListedRule[], { dialect: string; decide: ReturnType<typeof createDecider> }>();
  return (_project, rules, repository, tags) => {
    const dialect = dialectForHarborVersion(harborVersion());
    let entry = cache.get(rules);
    if (entry === undefined || entry.dialect !== dialect) {
      const set: CompiledRuleSet = compileRuleSet(parseWireRules(rules), dialect);
      entry = { dialect, decide: createDecider(set) };
      cache.set(rules, entry);
    }
    return entry.decide(repository, tags).immutable;
  };
}

/** Per request: each project's rules are read once, then every tag is judged alone (spec §2). */
export function requestJudge(state: HarborState, judge: ImmutabilityJudge): (project: StateProject, repository: string, tag: string) => boolean {
  const rulesByProject = new Map<number, ListedRule[]>();
  return (project, repository, tag) => {
    let rules = rulesByProject.get(project.id);
    if (rules === undefined) {
      rules = state.rulesOf(project.id);
      rulesByProject.set(project.id, rules);
    }
    return judge(project.name, rules, repository, [tag]);
  };
}
