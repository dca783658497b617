// Runs in Node.
/**
 * Harbor (and STACKIT Container Registry) API v2.0: projects, repositories, artifacts with tags, and
 * immutable-tag rules with every server quirk handled (spec §5–6):
 * - lists are read whole (page_size=100, X-Total-Count);
 * - POST creates a rule ENABLED whatever the body says, answers 201 with the id only in Location;
 * - PUT needs the id in the body, and when `disabled` differs from the stored state ONLY the flag changes,
 *   so an edit is sent with the stored flag and a toggle separately;
 * - wrong credentials silently become anonymous, so identity is checked, not assumed.
 */
import { TaglockError } from '../../../../shared/errors.js';
import type { RetentionPolicy } from '../../../../shared/retention/policy.js';
import { parseRetentionPolicy } from '../../../../shared/retention/policy.js';
import type { ImmutableRule } from '../../../../shared/rules/model.js';
import { parseWireRules, toWireRule } from '../../../../shared/rules/wire.js';
import type { HttpClient } from '../../http/http-client.js';
import { headerValue } from '../../http/http-client.js';
import { HttpError } from '../../http/http-error.js';
import type {
  HarborArtifact,
  HarborPermission,
  HarborProject,
  HarborProjectSummary,
  HarborReplicationPolicy,
  HarborRepository,
  HarborSystemInfo,
  HarborTag,
  HarborUser,
} from './harbor-api.js';
import { API_PREFIX, PROJECT_BY_NAME, projectPath, repositoryPath, withoutProject } from './harbor-api.js';
import { listAll } from './paging.js';

/** Artifacts listed with this many tags or more may carry more than the listing shows. */
export const INLINE_TAG_LIMIT = 10;

export type Identity = { kind: 'user'; username: string; sysadmin: boolean } | { kind: 'robot' } | { kind: 'anonymous' };

interface Options {
  signal?: AbortSignal;
}

export class HarborClient {
  constructor(readonly http: HttpClient) {}

  private opts(options: Options): { signal?: AbortSignal } {
    return options.signal ? { signal: options.signal } : {};
  }

  /**
   * Options of a request under /projects/{name}: the name is always read as a name. The headers are
   * shared, not copied per request: the HTTP client only reads them.
   */
  private byName(options: Options): { signal?: AbortSignal; headers: Record<string, string> } {
    return options.signal ? { signal: options.signal, headers: PROJECT_BY_NAME } : { headers: PROJECT_BY_NAME };
  }

  /** Harbor answers /systeminfo to anyone; `harbor_version` only to authenticated callers. */
  async systemInfo(options: Options = {}): Promise<HarborSystemInfo> {
    return (await this.http.json<HarborSystemInfo>({ path: `${API_PREFIX}/systeminfo`, ...this.opts(options) })).data;
  }

  /** Who the credentials make us: a user, a robot (Harbor answers 412 to robots), or anonymous. */
  async identity(options: Options = {}): Promise<Identity> {
    const response = await this.http.request({
      path: `${API_PREFIX}/users/current`,
      accept: (status) => status === 200 || status === 401 || status === 412,
      ...this.opts(options),
    });
    if (response.status === 401) return { kind: 'anonymous' };
    if (response.status === 412) return { kind: 'robot' };
    const user = JSON.parse(response.body.toString('utf8')) as HarborUser;
    return { kind: 'user', username: user.username, sysadmin: user.sysadmin_flag === true };
  }

  async permissions(projectId: number, options: Options = {}): Promise<HarborPermission[]> {
    const { data } = await this.http.json<HarborPermission[]>({
      path: `${API_PREFIX}/users/current/permissions`,
      query: { scope: `/project/${projectId}`, relative: true },
      ...this.opts(options),
    });
    return Array.isArray(data) ? data : [];
  }

  async listProjects(options: Options = {}): Promise<HarborProject[]> {
    return listAll<HarborProject>(this.http, `${API_PREFIX}/projects`, {}, this.opts(options));
  }

  async getProject(name: string, options: Options = {}): Promise<HarborProject> {
    return (
      await this.http.json<HarborProject>({
        path: projectPath(name),
        ...this.byName(options),
      })
    ).data;
  }

  /** The project's summary; for a proxy-cache project it names the cached registry (anyone who may read the project sees it). */
  async projectSummary(name: string, options: Options = {}): Promise<HarborProjectSummary> {
    return (
      await this.http.json<HarborProjectSummary>({
        path: `${projectPath(name)}/summary`,
        ...this.byName(options),
      })
    ).data;
  }

  /**
   * Every replication policy, or null when the account may not read them (Harbor wants the system
   * permission to list replication policies: 401 for anonymous callers, 403 for the others).
   */
  async listReplicationPolicies(options: Options = {}): Promise<HarborReplicationPolicy[] | null> {
    try {
      return await listAll<HarborReplicationPolicy>(this.http, `${API_PREFIX}/replication/policies`, {}, this.opts(options));
    } catch (error) {
      if (error instanceof TaglockError && (error.code === 'forbidden' || error.code === 'auth')) return null;
      throw error;
    }
  }

  /** Repository names WITHOUT the project, as rules see them; `onPage` sees each page as it arrives. */
  async listRepositories(project: string, options: Options & { onPage?: (names: string[]) => void } = {}): Promise<string[]> {
    const repositories = await listAll<HarborRepository>(this.http, `${projectPath(project)}/repositories`, {}, {
      ...this.byName(options),
      onPage: (_count, _total, page) => options.onPage?.(page.map((repository) => withoutProject(project, repository.name))),
    });
    return repositories.map((repository) => withoutProject(project, repository.name));
  }

  /** Every artifact with all its tags and Harbor's own immutable verdict per tag. */
  async listArtifacts(project: string, repository: string, options: Options = {}): Promise<HarborArtifact[]> {
    const artifacts = await listAll<HarborArtifact>(
      this.http,
      `${repositoryPath(project, repository)}/artifacts`,
      { with_tag: true, with_immutable_status: true },
      this.byName(options),
    );
    for (const artifact of artifacts) {
      if ((artifact.tags?.length ?? 0) >= INLINE_TAG_LIMIT) artifact.tags = await this.listTags(project, repository, artifact.digest, options);
    }
    return artifacts;
  }

  async listTags(project: string, repository: string, digest: string, options: Options = {}): Promise<HarborTag[]> {
    return listAll<HarborTag>(
      this.http,
      `${repositoryPath(project, repository)}/artifacts/${encodeURIComponent(digest)}/tags`,
      { with_immutable_status: true },
      this.byName(options),
    );
  }

  async listRules(project: string, options: Options = {}): Promise<ImmutableRule[]> {
    const wire = await listAll<unknown>(this.http, `${projectPath(project)}/immutabletagrules`, {}, this.byName(options));
    try {
      return parseWireRules(wire, 'rules');
    } catch (error) {
      throw new HttpError('server', `the server's rule list of project ${project} is malformed: ${(error as Error).message}`, null);
    }
  }

  /**
   * A tag-retention policy by id (the project's `retention_id` metadata). Harbor wants an authenticated
   * caller (401) with `tag-retention` `read` in the policy's project (403).
   */
  async getRetentionPolicy(id: number, options: Options = {}): Promise<RetentionPolicy> {
    const { data } = await this.http.json<unknown>({ path: `${API_PREFIX}/retentions/${id}`, ...this.opts(options) });
    try {
      return parseRetentionPolicy(data);
    } catch (error) {
      throw new HttpError('server', `the server's retention policy ${id} is malformed: ${(error as Error).message}`, null);
    }
  }

  /** Creates a rule (the server makes it enabled) and returns its id, read from the Location header. */
  async createRule(project: string, rule: ImmutableRule, options: Options = {}): Promise<number> {
    const body = { ...toWireRule({ ...rule, id: null }, { includeId: false }), disabled: false };
    const response = await this.http.request({
      method: 'POST',
      path: `${projectPath(project)}/immutabletagrules`,
      body: JSON.stringify(body),
      ...this.byName(options),
    });
    const location = headerValue(response.headers.location) ?? '';
    const id = Number(/\/(\d+)\/?$/.exec(location)?.[1]);
    if (!Number.isSafeInteger(id)) {
      throw new TaglockError('server', `Harbor created a rule in project ${project} but did not say its id (Location: ${JSON.stringify(location)})`);
    }
    return id;
  }

  /** Edits a rule's selectors, keeping its stored enabled/disabled state (else Harbor drops the edit). */
  async updateRule(project: string, id: number, rule: ImmutableRule, storedDisabled: boolean, options: Options = {}): Promise<void> {
    await this.put(project, id, { ...rule, id, disabled: storedDisabled }, options);
  }

  /** Enables or disables a rule; Harbor changes only the flag when it differs from the stored one. */
  async setRuleDisabled(project: string, id: number, stored: ImmutableRule, disabled: boolean, options: Options = {}): Promise<void> {
    await this.put(project, id, { ...stored, id, disabled }, options);
  }

  /** Deletes a rule; one that is already gone (e.g. a retried delete that had succeeded) counts as deleted. */
  async deleteRule(project: string, id: number, options: Options = {}): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: `${projectPath(project)}/immutabletagrules/${id}`,
      accept: (status) => (status >= 200 && status < 300) || status === 404,
      ...this.byName(options),
    });
  }

  private async put(project: string, id: number, rule: ImmutableRule, options: Options): Promise<void> {
    await this.http.request({
      method: 'PUT',
      path: `${projectPath(project)}/immutabletagrules/${id}`,
      body: JSON.stringify(toWireRule(rule)),
      ...this.byName(options),
    });
  }
}
