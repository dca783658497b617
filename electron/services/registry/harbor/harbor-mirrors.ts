// Runs in Node.
/**
 * Whether a Harbor project mirrors another registry: a proxy cache (the project's `registry_id`, the
 * cached registry named by the project summary) or a replication destination or source (the replication
 * policies, when the account may read them). Facts and their sources: docs/harbor-mirrors.md.
 */
import { TaglockError } from '../../../../shared/errors.js';
import type { ReplicationPolicyInput } from '../../../../shared/registry/replication.js';
import type { SnapshotRemoteRegistry, SnapshotReplication } from '../../../../shared/snapshot/schema.js';
import type { HarborProject, HarborRegistry, HarborReplicationPolicy } from './harbor-api.js';
import type { HarborClient } from './harbor-client.js';

function remote(registry: HarborRegistry | null | undefined): SnapshotRemoteRegistry | null {
  if (!registry || typeof registry.id !== 'number') return null;
  return { id: registry.id, name: registry.name || null, url: registry.url || null, type: registry.type || null };
}

function tagFilter(policy: HarborReplicationPolicy): SnapshotReplication['tagFilter'] {
  const filter = (policy.filters ?? []).find((f) => f.type === 'tag' && typeof f.value === 'string');
  if (!filter) return null;
  return { pattern: filter.value as string, decoration: filter.decoration === 'excludes' ? 'excludes' : 'matches' };
}

/** A listed policy as the pure reader wants it (Harbor reads only its first name filter). */
export function policyInput(policy: HarborReplicationPolicy): ReplicationPolicyInput {
  const nameFilter = (policy.filters ?? []).find((f) => f.type === 'name');
  return {
    id: policy.id,
    name: policy.name,
    enabled: policy.enabled === true,
    source: remote(policy.src_registry),
    destination: remote(policy.dest_registry),
    destNamespace: policy.dest_namespace ?? '',
    nameFilter: typeof nameFilter?.value === 'string' ? nameFilter.value : null,
    tagFilter: tagFilter(policy),
    trigger: policy.trigger?.type || null,
  };
}

/** The registry a proxy-cache project caches (name and URL null when the summary does not say), or null. */
export async function proxyCacheOf(client: HarborClient, project: HarborProject, options: { signal?: AbortSignal } = {}): Promise<SnapshotRemoteRegistry | null> {
  const id = project.registry_id;
  if (typeof id !== 'number' || id <= 0) return null;
  let registry: HarborRegistry | null | undefined = null;
  try {
    registry = (await client.projectSummary(project.name, options)).registry;
  } catch (error) {
    if (!(error instanceof TaglockError && (error.code === 'forbidden' || error.code === 'auth' || error.code === 'not-found'))) throw error;
  }
  return { id, name: registry?.name || null, url: registry?.url || null, type: registry?.type || null };
}
