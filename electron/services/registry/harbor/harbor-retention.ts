// Runs in Node.
/**
 * A Harbor project's tag-retention policy, read permission-aware: the project's `retention_id` metadata
 * names it, `GET /retentions/{id}` returns it. Facts and their sources: docs/harbor-retention.md
 * ("How Taglock reads the policy").
 */
import { TaglockError } from '../../../../shared/errors.js';
import type { RetentionPolicy } from '../../../../shared/retention/policy.js';
import type { HarborProject } from './harbor-api.js';
import type { HarborClient } from './harbor-client.js';

/**
 * The policy; null when the project has none (no `retention_id`); undefined when it was not read: the
 * project answer carried no metadata, or the account may not read the policy (401, 403). Any other
 * failure fails the fetch, as the other reads do.
 */
export async function retentionOf(client: HarborClient, project: HarborProject, options: { signal?: AbortSignal } = {}): Promise<RetentionPolicy | null | undefined> {
  const metadata = project.metadata;
  if (metadata === undefined || metadata === null) return undefined;
  const text = metadata.retention_id;
  if (text === undefined || text === null || text === '') return null;
  // Harbor writes the id with strconv.FormatInt; anything else cannot name a policy.
  const id = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  try {
    return await client.getRetentionPolicy(id, options);
  } catch (error) {
    if (error instanceof TaglockError && (error.code === 'forbidden' || error.code === 'auth')) return undefined;
    throw error;
  }
}
