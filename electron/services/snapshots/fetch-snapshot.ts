// Runs in Node.
/**
 * A snapshot from whatever the URL serves: Harbor when it answers /api/v2.0 (unless the caller knows it
 * is a plain registry), otherwise the OCI API, where the first path component of a repository name is
 * its project, as Harbor would have it. The command line and the app both fetch through here.
 */
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { HttpClient } from '../http/http-client.js';
import { badInput } from '../../../shared/errors.js';
import { displayUrl } from '../http/http-error.js';
import { isHarbor } from '../registry/connect.js';
import { HarborClient } from '../registry/harbor/harbor-client.js';
import { fetchHarborSnapshot } from '../registry/harbor/harbor-snapshot.js';
import { OciRegistryClient, fetchOciSnapshot, splitRepositoryName } from '../registry/oci/oci-client.js';
import type { FetchProgress } from './fetch-progress.js';

export interface FetchSnapshotOptions {
  /** Project names; all the account can see when empty. */
  projects: readonly string[];
  /** 'oci' skips the Harbor probe. */
  kind?: 'harbor' | 'oci' | 'auto';
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
}

export async function fetchSnapshot(http: HttpClient, options: FetchSnapshotOptions): Promise<Snapshot> {
  const { projects, signal, onProgress } = options;
  const common = { ...(signal ? { signal } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}) };
  const harbor = options.kind !== 'oci' && (await isHarbor(http, signal));
  if (options.kind === 'harbor' && !harbor) throw badInput(`${displayUrl(http.baseUrl)} does not serve Harbor's API (/api/v2.0/systeminfo is not there)`);
  if (harbor) {
    return fetchHarborSnapshot(new HarborClient(http), { projects, ...common, ...(onProgress ? { onProgress } : {}) });
  }
  const client = new OciRegistryClient(http);
  const repositories = projects.length
    ? (await client.listRepositories(signal ? { signal } : {})).filter((name) => projects.includes(splitRepositoryName(name).project))
    : undefined;
  return fetchOciSnapshot(client, {
    ...common,
    ...(repositories ? { repositories } : {}),
    ...(onProgress
      ? { onProgress: (p) => onProgress({ phase: p.phase, done: p.done, total: p.total, requests: p.requests, retries: http.stats.retries, bytes: p.bytes, etaSeconds: null }) }
      : {}),
  });
}
