// Runs in the browser (pure, no DOM).
/**
 * What a draft belongs to: one project of one registry. Two snapshots of the same registry and project
 * share a draft (a re-fetch keeps your work); a snapshot of another registry or project never sees it,
 * even when the project has the same name, because server rule ids mean different rules there.
 */
import type { SnapshotIndex } from '../../../shared/snapshot/snapshot-index.js';

export interface DraftScope {
  /** The registry's normalised address (see `registryAddress`). */
  registry: string;
  project: string;
  /** Harbor's project id, when the snapshot recorded it: a project re-created under the same name is another project. */
  projectId: number | null;
}

/**
 * A registry URL as one comparable text: scheme, lower-case host, port without the scheme's default,
 * and the path without trailing slashes (`https://Harbor.example:443/` -> `https://harbor.example`).
 * Text that is no URL is kept as typed, so it only ever equals itself.
 */
export function registryAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}

export function scopeKey(scope: DraftScope): string {
  return JSON.stringify([scope.registry, scope.project, scope.projectId]);
}

export function sameScope(a: DraftScope | null, b: DraftScope | null): boolean {
  return a !== null && b !== null && scopeKey(a) === scopeKey(b);
}

/** The scope of one project of an opened snapshot. */
export function scopeOf(index: SnapshotIndex, projectIndex: number): DraftScope {
  const project = index.projects[projectIndex];
  return { registry: registryAddress(index.meta.registry.url), project: project?.name ?? '', projectId: project?.id ?? null };
}

/** "project shop on https://harbor.example" */
export function scopeText(scope: Pick<DraftScope, 'registry' | 'project'>): string {
  return `project ${scope.project === '' ? '(none)' : scope.project} on ${scope.registry}`;
}

/**
 * Why a publish to (`connectionUrl`, `project`) cannot be planned from a draft of `scope`, or null
 * when it is the same registry and project. The id is compared when both sides know it.
 */
export function targetMismatch(scope: DraftScope, target: { url: string; project: string; projectId?: number | null }): string | null {
  const registry = registryAddress(target.url);
  if (registry !== scope.registry) return `the target is ${scopeText({ registry, project: target.project })}, but the draft and the open snapshot are of ${scopeText(scope)}`;
  if (target.project !== scope.project) return `the target is project ${target.project}, but the draft and the open snapshot are of project ${scope.project === '' ? '(none)' : scope.project}`;
  if (target.projectId != null && scope.projectId !== null && target.projectId !== scope.projectId) {
    return `project ${target.project} has id ${target.projectId} on the server, but the snapshot recorded id ${scope.projectId}: it was deleted and created again since`;
  }
  return null;
}
