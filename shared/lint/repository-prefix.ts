// Runs anywhere (pure).
/**
 * `project-prefix` and `registry-host-prefix`: a repository pattern written as a full image reference.
 * Harbor matches the repository name without the registry host and without the project (`team/app` in
 * project `library`), so `library/**` or `harbor.example.com/library/app` select only repositories whose
 * own name starts that way. That is a mistake when the project has no such repository (an error once a
 * snapshot shows it), and right in a proxy-cache project whose repositories are `library/<image>` (then
 * silent). The suggested pattern is given with what it would select, so the fix never widens a rule
 * unseen.
 */
import type { CompiledRule, CompiledRuleSet } from '../engine/rule-set.js';
import { compileGlob } from '../glob/index.js';
import type { Dialect } from '../glob/dialect.js';
import { sampleName } from './braces.js';
import { matchingMayExplode } from './glob-cost.js';
import type { LintFinding } from './finding.js';
import { countOf } from './finding.js';
import type { ProjectScope } from './project-scope.js';

const MAX_EXAMPLES = 3;

/** The pattern's first `/`-separated component when it is plain text, else null. */
function literalFirstComponent(pattern: string): string | null {
  const slash = pattern.indexOf('/');
  if (slash <= 0) return null;
  const first = pattern.slice(0, slash);
  return /[*?[\]{}\\]/.test(first) ? null : first;
}

/** A registry host: `localhost`, a dotted name or address, or anything with a port. */
export function looksLikeHost(component: string): boolean {
  return component === 'localhost' || component.includes('.') || component.includes(':');
}

/** `of project shop in the snapshot`, or `in the snapshot` when the project has no name. */
function inProject(scope: ProjectScope): string {
  return scope.project ? `of project ${scope.project} in the snapshot` : 'in the snapshot';
}


/** What the suggested pattern would select, in the snapshot's project or in words. */
function reach(pattern: string, excluding: boolean, dialect: Dialect, scope: ProjectScope): string {
  const verb = excluding ? 'excludes' : 'matches';
  const repositories = scope.repositories ?? [];
  const longest = repositories.reduce((most, name) => Math.max(most, name.length), 0);
  // glob-cost reports patterns whose matching can take minutes; they are described in words here.
  if (repositories.length > 0 && !matchingMayExplode(pattern, longest)) {
    const glob = compileGlob(pattern, dialect);
    const hit = pattern === '' ? [...repositories] : repositories.filter((name) => glob.match(name) === 'match');
    const examples = hit.length > 0 ? ` (e.g. ${hit.slice(0, MAX_EXAMPLES).join(', ')})` : '';
    return `${JSON.stringify(pattern)} ${verb} ${hit.length.toLocaleString('en-US')} of the ${countOf(repositories.length, 'repository', 'repositories')} ${inProject(scope)}${examples}`;
  }
  if (pattern === '' || pattern === '**') return `${JSON.stringify(pattern)} ${verb} every repository of the project`;
  const sample = sampleName(pattern);
  return `${JSON.stringify(pattern)} ${verb} repositories named like ${JSON.stringify(sample ?? pattern)}`;
}

function finding(rule: CompiledRule, severity: LintFinding['severity'], code: string, message: string): LintFinding {
  return { severity, code, ruleIndex: rule.index, rule: rule.label, message };
}

export function repositoryPrefixFindings(set: CompiledRuleSet, scope: ProjectScope): LintFinding[] {
  const out: LintFinding[] = [];
  const repositories = scope.repositories ?? [];
  const project = scope.project ?? '';
  for (const rule of set.rules) {
    const selector = rule.repository?.selector;
    if (!selector || rule.repository!.target !== 'repository') continue;
    const first = literalFirstComponent(selector.pattern);
    if (first === null) continue;
    const excluding = selector.decoration === 'repoExcludes';
    const pattern = JSON.stringify(selector.pattern);
    // A snapshot decides: some repository really is named this way (a proxy cache), or none is.
    const named = repositories.some((name) => name.startsWith(`${first}/`));
    if (named) continue;
    const shown = repositories.length > 0;
    const effect = excluding ? 'it excludes nothing there, and the rule applies to every repository' : 'this rule locks nothing there';
    if (project !== '' && first === project) {
      const fix = reach(selector.pattern.slice(first.length + 1), excluding, set.dialect, scope);
      out.push(
        shown
          ? finding(rule, 'error', 'project-prefix',
              `Repository pattern ${pattern} starts with "${first}/", the name of this rule's own project, but Harbor matches repository names without the project: ` +
              `no repository ${inProject(scope)} starts with "${first}/", so ${effect}. Without the prefix, ${fix}.`)
          : finding(rule, 'warning', 'project-prefix',
              `Repository pattern ${pattern} starts with "${first}/", the name of this rule's own project; Harbor matches repository names without the project, ` +
              `so it selects only repositories whose own name starts with "${first}/" (as in a Docker Hub proxy cache). If you meant the project itself: ${fix}.`),
      );
    } else if (looksLikeHost(first)) {
      // Drop the host, and the project after it when it is this rule's own.
      let rest = selector.pattern.slice(first.length + 1);
      if (project !== '' && rest.startsWith(`${project}/`)) rest = rest.slice(project.length + 1);
      const fix = reach(rest, excluding, set.dialect, scope);
      out.push(
        shown
          ? finding(rule, 'error', 'registry-host-prefix',
              `Repository pattern ${pattern} starts with the registry host "${first}/", but Harbor matches repository names without the host and the project (harbor#21297): ` +
              `no repository ${inProject(scope)} starts with "${first}/", so ${effect}. Without the prefix, ${fix}.`)
          : finding(rule, 'warning', 'registry-host-prefix',
              `Repository pattern ${pattern} starts with what looks like a registry host, "${first}/"; Harbor matches repository names without the host and the project (harbor#21297), ` +
              `so it selects only repositories whose own name starts with "${first}/". If you meant the host: ${fix}.`),
      );
    }
  }
  return out;
}
