// Test helper (Node): GET /projects and GET /projects/{project_name_or_id}.
import { isSysadmin, parseProjectNameOrId, requireProjectAccess, ROLE_IDS, roleOf, type Principal } from '../auth.js';
import { headerBool, queryBool } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { notFound } from '../errors.js';
import { pagingHeaders, readPage, slicePage } from '../paging.js';
import type { StateProject } from '../state.js';

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
    metadata: { public: project.public ? 'true' : 'false' },
    name: project.name,
    owner_id: 1,
    owner_name: project.owner_name,
    project_id: project.id,
    repo_count: project.repositories?.length ?? 0,
    update_time: project.update_time,
  };
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
