// Runs in Node.
/**
 * What an admin needs to know before trusting a connection: is it Harbor, which version (and so which
 * glob dialect), were the credentials accepted (Harbor silently treats wrong ones as anonymous), and what
 * may this account do in each project.
 */
import type { Dialect } from '../../../../shared/glob/dialect.js';
import { dialectForHarborVersion } from '../../../../shared/engine/dialect-for-version.js';
import type { HarborClient, Identity } from './harbor-client.js';
import type { HarborPermission } from './harbor-api.js';

export interface ProjectAccess {
  project: string;
  projectId: number;
  immutableTag: { list: boolean; create: boolean; update: boolean; delete: boolean };
  repositoryList: boolean;
  artifactList: boolean;
}

export interface HarborConnectionReport {
  harborVersion: string | null;
  dialect: Dialect;
  identity: Identity;
  /** True when credentials were given but Harbor treated the caller as anonymous. */
  credentialsRejected: boolean;
  projects: ProjectAccess[];
  warnings: string[];
}

function can(permissions: readonly HarborPermission[], resource: string, action: string): boolean {
  return permissions.some((p) => p.resource === resource && p.action === action);
}

export async function checkHarborConnection(
  client: HarborClient,
  options: { projects?: readonly string[]; credentialsGiven: boolean; signal?: AbortSignal },
): Promise<HarborConnectionReport> {
  const signal = options.signal ? { signal: options.signal } : {};
  const info = await client.systemInfo(signal);
  const identity = await client.identity(signal);
  const harborVersion = info.harbor_version ?? null;
  const credentialsRejected = options.credentialsGiven && identity.kind === 'anonymous';
  const warnings: string[] = [];
  if (credentialsRejected) warnings.push('Harbor did not accept the credentials and treats this connection as anonymous: check the user name (robots include their prefix, e.g. robot$name) and the secret.');
  if (harborVersion === null) warnings.push('Harbor did not tell its version (it does so only to signed-in callers); rules are judged with doublestar v1.3.4.');
  const report = { harborVersion, dialect: dialectForHarborVersion(harborVersion), identity, credentialsRejected, warnings };
  // With rejected credentials every project answer would only describe an anonymous visitor.
  if (credentialsRejected) return { ...report, projects: [] };

  const names = options.projects?.length ? [...options.projects] : (await client.listProjects(signal)).map((p) => p.name);
  const projects: ProjectAccess[] = [];
  for (const name of names) {
    const project = await client.getProject(name, signal);
    // Harbor answers the permissions endpoint only to signed-in callers; anonymous ones may only read public projects.
    const permissions = identity.kind === 'anonymous' ? [] : await client.permissions(project.project_id, signal);
    const access: ProjectAccess = {
      project: project.name,
      projectId: project.project_id,
      immutableTag: {
        list: can(permissions, 'immutable-tag', 'list'),
        create: can(permissions, 'immutable-tag', 'create'),
        update: can(permissions, 'immutable-tag', 'update'),
        delete: can(permissions, 'immutable-tag', 'delete'),
      },
      repositoryList: can(permissions, 'repository', 'list'),
      artifactList: can(permissions, 'artifact', 'list'),
    };
    if (!access.immutableTag.list) warnings.push(`In project ${name} this account cannot read immutability rules (needs project admin, maintainer or a robot with immutable-tag list).`);
    projects.push(access);
  }
  return { ...report, projects };
}
