// Runs in Node.
/**
 * Which project `taglock lint` judges the rules as belonging to. A rules file is one project's list, but a
 * snapshot may hold many projects (a whole Harbor has `library`, created at installation), and lint needs
 * the rules' own project: a `library/**` pattern is a mistake only there, and only when that project has
 * no `library/...` repository. --project names it; else rules pulled from a server carry their project id;
 * else every project of the snapshot is tried in turn.
 */
import type { ImmutableRule } from '../../shared/rules/model.js';
import type { IndexedProject } from '../../shared/snapshot/snapshot-index.js';

export interface LintTargets {
  /** Snapshot projects (indexes) the rules are judged in, with a simulation. */
  snapshotProjects: number[];
  /** Projects judged without a snapshot (named, but not in it); null: no project is known. */
  without: (string | null)[];
}

export function lintTargets(snapshot: { readonly projects: readonly IndexedProject[] } | null, named: readonly string[], rules: readonly ImmutableRule[]): LintTargets {
  const projects = snapshot?.projects ?? [];
  if (named.length > 0) {
    const names = [...new Set(named)];
    return {
      snapshotProjects: names.map((name) => projects.findIndex((p) => p.name === name)).filter((at) => at >= 0),
      without: names.filter((name) => !projects.some((p) => p.name === name)),
    };
  }
  if (projects.length === 0) return { snapshotProjects: [], without: [null] };
  const ids = new Set(rules.flatMap((rule) => (rule.projectId === undefined ? [] : [rule.projectId])));
  const own = projects.flatMap((p, at) => (p.id !== null && ids.has(p.id) ? [at] : []));
  return { snapshotProjects: own.length > 0 ? own : projects.map((_, at) => at), without: [] };
}
