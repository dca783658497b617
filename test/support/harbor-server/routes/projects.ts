// Test helper (Node): GET /projects, GET /projects/{project_name_or_id} and its /summary.
import { can, isSysadmin, parseProjectNameOrId, requireProjectAccess, ROLE_IDS, roleOf, type Principal } from '../auth.js';
import { headerBool, queryBool } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { notFound } from '../errors.js';
import { pagingHeaders, readPage, slicePage } from '../paging.js';
import type { StateProject, StateRegistry } from '../state.js';
import type { ProjectRole } from '../types.js';

export function projectJson(project: StateProject, principal: Principal): Record<string, unknown> {
  const role = roleOf(principal, project);
  const out: Record<string, unknown> = {
    creation_time: project.creation_time,
    cve_allowlist: {
      creation_time: project.creation_time,
      id: project.id,
      items: [],
      project_id: project.id,
      update_time: project.update_time,
    },
    // Every metadata row of the project, to anyone who may read it; `retention_id` only when it has a policy.
    metadata: { public: project.public ? 'true' : 'false', ...(project.retention_id > 0 ? { retention_id: String(project.retention_id) } : {}) },
    name: project.name,
    owner_id: 1,
    owner_name: project.owner_name,
    project_id: project.id,
    repo_count: project.repositories?.length ?? 0,
    update_time: project.update_time,
  };
  // `registry_id` is an int64 with omitempty: present only for a proxy-cache project.
  if (project.registry_id > 0) out.registry_id = project.registry_id;
  if (role !== null) {
    out.current_user_role_id = ROLE_IDS[role];
    out.current_user_role_ids = [ROLE_IDS[role]];
  }
  if (isSysadmin(principal) || role === 'projectAdmin') out.togglable = true;
  return out;
}

/** Who sees a project in the list: public ones, one's own, everything for a sysadmin. */
function visible(project: StateProject, principal: Principal): boolean {
  if (project.public || isSysadmin(principal)) return true;
  if (principal.kind === 'user') return principal.user.roles[project.name] !== undefined;
  if (principal.kind === 'robot') return principal.robot.permissions[project.name] !== undefined || principal.robot.permissions['*'] !== undefined;
  return false;
}

export function listProjects(context: RequestContext): Answer {
  const page = readPage(context.query);
  const publicFilter = context.query.has('public') ? queryBool(context.query, 'public', false) : null;
  const name = context.query.get('name');
  const all = [...context.state.projects]
    .filter((p) => visible(p, context.principal))
    .filter((p) => publicFilter === null || p.public === publicFilter)
    .filter((p) => !name || p.name.includes(name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((p) => projectJson(p, context.principal)),
  };
}

export function getProject(context: RequestContext): Answer {
  const nameOrId = parseProjectNameOrId(context.params.project_name_or_id!, headerBool(context.headers, 'X-Is-Resource-Name'));
  const { project } = requireProjectAccess(context.state, context.principal, nameOrId, '.', 'read');
  if (!project) throw notFound(`project ${nameOrId} not found`);
  return { status: 200, json: projectJson(project, context.principal) };
}

/**
 * A registry as `lib.JSONCopy` carries it into the swagger model (model/project.go of the summary): the
 * credential removed, empty strings and `false` omitted, the id and both times always present.
 */
export function registryJson(registry: StateRegistry, credential: Record<string, string> | null = null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    creation_time: registry.creation_time,
    id: registry.id,
    name: registry.name,
    status: registry.status,
    type: registry.type,
    update_time: registry.update_time,
    url: registry.url,
  };
  if (registry.description !== '') out.description = registry.description;
  if (registry.insecure) out.insecure = true;
  if (credential !== null) out.credential = credential;
  return out;
}

const MEMBER_COUNTS: Array<[ProjectRole, string]> = [
  ['projectAdmin', 'project_admin_count'],
  ['maintainer', 'maintainer_count'],
  ['developer', 'developer_count'],
  ['guest', 'guest_count'],
  ['limitedGuest', 'limited_guest_count'],
];

/**
 * `GetProjectSummary`: project read access; the quota with `quota` read, member counts with `member`
 * list (the creator, `admin`, is a project admin member), and for a proxy-cache project the registry it
 * caches, its credential removed, to anyone who may read the project.
 */
export function getProjectSummary(context: RequestContext): Answer {
  const nameOrId = parseProjectNameOrId(context.params.project_name_or_id!, headerBool(context.headers, 'X-Is-Resource-Name'));
  const { project } = requireProjectAccess(context.state, context.principal, nameOrId, '.', 'read');
  if (!project) throw notFound(`project ${nameOrId} not found`);
  const out: Record<string, unknown> = { repo_count: project.repositories.length };
  if (can(context.principal, project, 'quota', 'read')) {
    let used = 0;
    for (const repository of project.repositories) for (const artifact of repository.artifacts ?? []) used += artifact.size ?? 0;
    out.quota = { hard: { storage: -1 }, used: { storage: used } };
  }
  if (can(context.principal, project, 'member', 'list')) {
    for (const [role, field] of MEMBER_COUNTS) {
      const count = context.state.users.filter((u) => u.roles[project.name] === role).length + (role === 'projectAdmin' ? 1 : 0);
      if (count > 0) out[field] = count;
    }
  }
  const registry = project.registry_id > 0 ? context.state.registry(project.registry_id) : undefined;
  if (registry) out.registry = registryJson(registry);
  return { status: 200, json: out };
}
