// Test helper (Node): /systeminfo, /users/current, /users/current/permissions.
import { ALL_PROJECT_POLICIES, can } from '../auth.js';
import type { Answer, RequestContext } from '../context.js';
import { precondition, unauthorized } from '../errors.js';
import { queryBool } from '../bind.js';

/** `harbor_version` and the other protected fields only for authenticated callers. */
export function getSystemInfo(context: RequestContext): Answer {
  const info: Record<string, unknown> = {
    auth_mode: 'db_auth',
    banner_message: '',
    current_time: new Date().toISOString(),
    oidc_provider_name: '',
    primary_auth_mode: false,
    self_registration: false,
  };
  if (context.principal.kind !== 'anonymous') {
    Object.assign(info, {
      external_url: context.externalUrl,
      harbor_version: context.state.harborVersion,
      has_ca_root: false,
      notification_enable: true,
      project_creation_restriction: 'everyone',
      read_only: false,
      registry_storage_provider_name: 'filesystem',
      registry_url: new URL(context.externalUrl).host,
    });
  }
  return { status: 200, json: info };
}

/** 401 anonymous; 412 for a robot (not a local user's security context). */
export function getCurrentUser(context: RequestContext): Answer {
  const principal = context.principal;
  if (principal.kind === 'anonymous') throw unauthorized();
  if (principal.kind === 'robot') throw precondition('get current user not available for security context: robot');
  const user = principal.user;
  return {
    status: 200,
    json: {
      admin_role_in_auth: false,
      comment: '',
      creation_time: user.creation_time,
      email: user.email,
      realname: user.realname,
      sysadmin_flag: user.sysadmin,
      update_time: user.creation_time,
      user_id: user.id,
      username: user.username,
    },
  };
}

/**
 * The caller's permissions in `scope=/project/{id}` (numeric id only); `relative=true` strips the scope
 * (the project itself becomes `.`). Anonymous callers get 401, any other scope an empty list.
 */
export function getCurrentUserPermissions(context: RequestContext): Answer {
  const relative = queryBool(context.query, 'relative', false);
  if (context.principal.kind === 'anonymous') throw unauthorized();
  const scope = context.query.get('scope') ?? '';
  const match = /^\/project\/(\d+)$/.exec(scope);
  const result: Array<{ resource: string; action: string }> = [];
  if (match) {
    const project = context.state.project(Number(match[1]));
    for (const policy of ALL_PROJECT_POLICIES) {
      if (!can(context.principal, project, policy.resource, policy.action)) continue;
      const absolute = policy.resource === '.' ? scope : `${scope}/${policy.resource}`;
      result.push({ action: policy.action, resource: relative ? policy.resource : absolute });
    }
  }
  return { status: 200, json: result };
}
