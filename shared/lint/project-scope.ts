// Runs anywhere (pure).
/**
 * The project a rule list belongs to, as lint needs it: its name, and the names of its repositories
 * (without the project, as rules see them) when a snapshot shows them. A pattern that starts with the
 * project's own name is a mistake only if the project has no repository named that way; a Docker Hub
 * proxy-cache project really has `library/nginx`.
 */
import type { SnapshotIndex } from '../snapshot/snapshot-index.js';

export interface ProjectScope {
  /** The rules' own project; undefined when unknown. */
  project?: string;
  /** Its repository names, when a snapshot holds the project; undefined when unknown. */
  repositories?: readonly string[];
}

export function repositoriesOfProject(index: SnapshotIndex, project: number): string[] {
  const names: string[] = [];
  for (let r = 0; r < index.counts.repositories; r++) if (index.repositoryProject[r] === project) names.push(index.repositoryNames[r]!);
  return names;
}

/** The scope of the snapshot project with this name, or just the name when the snapshot lacks it. */
export function projectScopeOf(index: SnapshotIndex | null | undefined, project: string): ProjectScope {
  if (project === '') return {};
  const at = index ? index.projects.findIndex((p) => p.name === project) : -1;
  return at < 0 ? { project } : { project, repositories: repositoriesOfProject(index!, at) };
}
