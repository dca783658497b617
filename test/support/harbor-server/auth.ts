// Test helper (Node): who the caller is (HTTP Basic for users and robots) and what Harbor's RBAC lets
// them do in a project.
//
// Harbor quirks reproduced:
// - wrong credentials are not refused: the request simply runs as anonymous;
// - a denied project access is 401 for anonymous callers and 403 for everyone else, also when the
//   project NAME does not exist (the permission check fails before any lookup), even for a sysadmin;
// - a sysadmin passes every check for a numeric project id, existing or not.
import type { HarborState, StateProject, StateRobot, StateUser } from './state.js';
import { forbidden, unauthorized, type HarborError } from './errors.js';
import type { ProjectRole } from './types.js';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: StateUser }
  | { kind: 'robot'; robot: StateRobot; username: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function principalName(principal: Principal): string | null {
  if (principal.kind === 'user') return principal.user.username;
  if (principal.kind === 'robot') return principal.username;
  return null;
}

/** Resolve an `Authorization` header. Anything that does not authenticate is anonymous. */
export function authenticate(state: HarborState, header: string | undefined): Principal {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return ANONYMOUS;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return ANONYMOUS;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (state.robotPrefix !== '' && username.startsWith(state.robotPrefix)) {
    const name = username.slice(state.robotPrefix.length);
    const robot = state.robots.find((r) => r.name === name && r.secret === password);
    return robot ? { kind: 'robot', robot, username } : ANONYMOUS;
  }
  const user = state.users.find((u) => u.username === username && u.password === password);
  return user ? { kind: 'user', user } : ANONYMOUS;
}

/** A project-relative policy: resource `.` is the project itself. */
export interface Policy {
  resource: string;
  action: string;
}

function policies(spec: Record<string, string>): Policy[] {
  return Object.entries(spec).flatMap(([resource, actions]) => actions.split(' ').map((action) => ({ resource, action })));
}

/** Harbor's project roles (common/rbac/project/rbac_role.go), without the retired chart resources. */
export const ROLE_POLICIES: Record<ProjectRole, Policy[]> = {
  projectAdmin: policies({
    '.': 'read update delete',
    member: 'create read update delete list',
    metadata: 'create read update delete',
    log: 'list',
    label: 'create read update delete list',
    quota: 'read',
    repository: 'create read update delete list pull push',
    'tag-retention': 'create read update delete list operate',
    'immutable-tag': 'create update delete list',
    configuration: 'read update',
    robot: 'create read update delete list',
    'notification-policy': 'create update delete list read',
    scan: 'create read stop',
    sbom: 'create read stop',
    scanner: 'read create',
    artifact: 'create read delete list',
    'artifact-addition': 'read',
    tag: 'list create delete',
    accessory: 'list',
    'artifact-label': 'create delete',
    'preheat-policy': 'create read update delete list',
  }),
  maintainer: policies({
    '.': 'read',
    member: 'read list',
    metadata: 'create read update delete',
    log: 'list',
    quota: 'read',
    label: 'create read update delete list',
    repository: 'create read update delete list push pull',
    'tag-retention': 'create read update delete list operate',
    accessory: 'list',
    'immutable-tag': 'create update delete list',
    configuration: 'read',
    robot: 'read list',
    'notification-policy': 'list',
    scan: 'create read stop',
    sbom: 'create read stop',
    scanner: 'read',
    artifact: 'create read delete list',
    'artifact-addition': 'read',
    tag: 'list create delete',
    'artifact-label': 'create delete',
  }),
  developer: policies({
    '.': 'read',
    member: 'read list',
    log: 'list',
    label: 'read list',
    quota: 'read',
    repository: 'create read update list push pull',
    'tag-retention': 'create read update delete list operate',
    configuration: 'read',
    robot: 'read list',
    scan: 'read',
    sbom: 'read',
    scanner: 'read',
    artifact: 'create read list',
    'artifact-addition': 'read',
    tag: 'list create',
    accessory: 'list',
    'artifact-label': 'create delete',
  }),
  guest: policies({
    '.': 'read',
    member: 'read list',
    log: 'list',
    label: 'read list',
    quota: 'read',
    repository: 'read list pull',
    configuration: 'read',
    robot: 'read list',
    scan: 'read',
    sbom: 'read',
    scanner: 'read',
    tag: 'list',
    accessory: 'list',
    artifact: 'read list',
    'artifact-addition': 'read',
  }),
  limitedGuest: policies({
    '.': 'read',
    quota: 'read',
    repository: 'list pull',
    configuration: 'read',
    scan: 'read',
    sbom: 'read',
    scanner: 'read',
    tag: 'list',
    accessory: 'list',
    artifact: 'read list',
    'artifact-addition': 'read',
  }),
};

/** What anyone, anonymous included, may do in a public project. */
export const PUBLIC_POLICIES: Policy[] = policies({
  '.': 'read',
  label: 'read list',
  repository: 'list pull',
  scan: 'read',
  scanner: 'read',
  tag: 'list',
  accessory: 'list',
  artifact: 'read list',
  'artifact-addition': 'read',
});

/** Every project policy, in a stable order: what `/users/current/permissions` iterates over. */
export const ALL_PROJECT_POLICIES: Policy[] = (() => {
  const seen = new Set<string>();
  const all: Policy[] = [];
  for (const list of Object.values(ROLE_POLICIES)) {
    for (const policy of list) {
      const key = `${policy.resource}:${policy.action}`;
      if (!seen.has(key)) {
        seen.add(key);
        all.push(policy);
      }
    }
  }
  return all;
})();

export const ROLE_IDS: Record<ProjectRole, number> = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4, limitedGuest: 5 };

function has(list: readonly Policy[], resource: string, action: string): boolean {
  return list.some((p) => p.resource === resource && p.action === action);
}

/** A robot permission string `resource:action`; `project` names the project itself. */
function robotAllows(robot: StateRobot, project: StateProject, resource: string, action: string): boolean {
  const granted = [...(robot.permissions[project.name] ?? []), ...(robot.permissions['*'] ?? [])];
  return granted.some((entry) => {
    const colon = entry.lastIndexOf(':');
    const r = entry.slice(0, colon);
    const a = entry.slice(colon + 1);
    const resourceOk = r === '*' || r === resource || (resource === '.' && r === 'project');
    return resourceOk && (a === '*' || a === action);
  });
}

export function isSysadmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.user.sysadmin;
}

export function roleOf(principal: Principal, project: StateProject): ProjectRole | null {
  return principal.kind === 'user' ? (principal.user.roles[project.name] ?? null) : null;
}

/** Harbor's `Can(action, /project/{id}/{resource})`; `project` undefined: a numeric id no project has. */
export function can(principal: Principal, project: StateProject | undefined, resource: string, action: string): boolean {
  if (isSysadmin(principal)) return true;
  if (!project) return false;
  if (project.public && has(PUBLIC_POLICIES, resource, action)) return true;
  if (principal.kind === 'robot') return robotAllows(principal.robot, project, resource, action);
  const role = roleOf(principal, project);
  return role !== null && has(ROLE_POLICIES[role], resource, action);
}

/** `/projects/{project_name_or_id}` as Harbor parses it (`X-Is-Resource-Name: true` forces a name). */
export function parseProjectNameOrId(text: string, isResourceName: boolean): string | number {
  if (isResourceName) return text;
  return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/**
 * Harbor's `RequireProjectAccess`: the project (possibly undefined for a sysadmin with an unknown
 * numeric id), or the 401/403 error to answer.
 */
export function requireProjectAccess(
  state: HarborState,
  principal: Principal,
  nameOrId: string | number,
  resource: string,
  action: string,
): { project: StateProject | undefined; projectId: number } {
  const project = state.project(nameOrId);
  const allowed = typeof nameOrId === 'string' ? project !== undefined && can(principal, project, resource, action) : can(principal, project, resource, action);
  if (!allowed) throw denied(principal);
  return { project, projectId: project?.id ?? (nameOrId as number) };
}

/**
 * Harbor's `RequireSystemAccess` (system namespace, e.g. `replication-policy` `list`): 401 for anonymous
 * callers, 403 (its message the caller's name) unless a sysadmin or a system robot granted it.
 */
export function requireSystemAccess(principal: Principal, resource: string, action: string): void {
  if (principal.kind === 'anonymous') throw unauthorized();
  if (isSysadmin(principal)) return;
  if (principal.kind === 'robot') {
    const granted = principal.robot.system.some((entry) => {
      const colon = entry.lastIndexOf(':');
      const r = entry.slice(0, colon);
      const a = entry.slice(colon + 1);
      return (r === '*' || r === resource) && (a === '*' || a === action);
    });
    if (granted) return;
  }
  throw forbidden(principalName(principal) ?? 'forbidden');
}

export function denied(principal: Principal): HarborError {
  return principal.kind === 'anonymous' ? unauthorized() : forbidden();
}
