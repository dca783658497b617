// Test helper (Node): a standard cast of users, robots and projects for the Harbor server's own tests, and
// a raw HTTP call helper (no cookie jar, no redirects, no retries).
import { request } from 'undici';
import type { HarborServer, HarborServerOptions } from '../support/harbor-server/index.js';

export const API = '/api/v2.0';

export const USERS = {
  admin: { username: 'admin', password: 'Harbor12345', sysadmin: true },
  owner: { username: 'owner', password: 'Owner12345', roles: { library: 'projectAdmin' as const } },
  maint: { username: 'maint', password: 'Maint12345', roles: { library: 'maintainer' as const, team: 'developer' as const } },
  dev: { username: 'dev', password: 'Dev12345', roles: { library: 'developer' as const } },
  guest: { username: 'guest', password: 'Guest12345', roles: { library: 'guest' as const } },
};

export const ROBOTS = {
  publisher: {
    name: 'library+publisher',
    secret: 'PubSecret1',
    permissions: {
      library: ['immutable-tag:list', 'immutable-tag:create', 'immutable-tag:update', 'immutable-tag:delete', 'repository:list', 'artifact:list', 'tag:list', 'project:read'],
    },
  },
  reader: { name: 'library+reader', secret: 'ReadSecret1', permissions: { library: ['repository:list', 'artifact:list', 'tag:list'] } },
  /** A system robot: no project, may list replication policies. */
  auditor: { name: 'auditor', secret: 'AuditSecret1', permissions: {}, system: ['replication-policy:list'] },
};

export type Who = keyof typeof USERS | keyof typeof ROBOTS | 'anonymous' | { username: string; password: string };

export function digest(n: number): string {
  return 'sha256:' + n.toString(16).padStart(64, '0');
}

/** A rule as a client posts it. */
export function rule(tagPattern: string, options: { repository?: string; decoration?: string; repoDecoration?: string; disabled?: boolean; priority?: number } = {}) {
  return {
    disabled: options.disabled ?? false,
    priority: options.priority ?? 0,
    action: 'immutable',
    template: 'immutable_template',
    tag_selectors: [{ kind: 'doublestar', decoration: options.decoration ?? 'matches', pattern: tagPattern }],
    scope_selectors: { repository: [{ kind: 'doublestar', decoration: options.repoDecoration ?? 'repoMatches', pattern: options.repository ?? '**' }] },
  };
}

export function standardOptions(extra: Partial<HarborServerOptions> = {}): HarborServerOptions {
  return {
    users: Object.values(USERS),
    robots: Object.values(ROBOTS),
    projects: [
      {
        name: 'library',
        repositories: [
          {
            name: 'team/app',
            artifacts: [
              { digest: digest(1), tags: ['v1.0.0', 'latest'] },
              { digest: digest(2), tags: ['v0.9.0', 'rc1'], pull_time: '2026-02-01T10:00:00Z' },
              { digest: digest(3) },
            ],
          },
          { name: 'nginx', artifacts: [{ digest: digest(4), tags: ['1.25', 'stable'] }] },
        ],
        rules: [rule('v*')],
      },
      { name: 'team', public: true, repositories: [{ name: 'tools', artifacts: [{ digest: digest(5), tags: ['v2'] }] }] },
      { name: 'secret', repositories: [] },
    ],
    ...extra,
  };
}

/**
 * The standard cast plus mirrors: `hub` (a Docker Hub proxy cache, registry 1), a pull policy into
 * `library` from registry 1, a push policy from `team` to registry 2 (disabled).
 */
export function mirrorOptions(): HarborServerOptions {
  const standard = standardOptions();
  return {
    ...standard,
    registries: [
      { id: 1, name: 'docker-hub', url: 'https://hub.docker.com', type: 'docker-hub', credential: { access_key: 'puller', access_secret: 'hub-token' } },
      { id: 2, name: 'backup', url: 'https://backup.example.com', type: 'harbor', description: 'off-site copy', insecure: true },
    ],
    projects: [
      ...standard.projects!,
      { name: 'hub', public: true, registry_id: 1, repositories: [{ name: 'library/nginx', artifacts: [{ digest: digest(9), tags: ['1.27.3', '1.27', 'stable'] }] }] },
    ],
    replicationPolicies: [
      {
        name: 'pull-nginx',
        src_registry: 1,
        dest_namespace: 'library',
        filters: [
          { type: 'name', value: 'library/nginx' },
          { type: 'tag', value: '1.*', decoration: 'matches' },
        ],
        trigger: { type: 'scheduled', cron: '0 0 * * * *' },
      },
      { name: 'push-team', dest_registry: 2, filters: [{ type: 'name', value: 'team/**' }], enabled: false, replicate_deletion: true, override: true },
    ],
  };
}

export function authorization(who: Who, server?: HarborServer): string | undefined {
  if (who === 'anonymous') return undefined;
  if (typeof who === 'object') return 'Basic ' + Buffer.from(`${who.username}:${who.password}`).toString('base64');
  if (who in USERS) {
    const user = USERS[who as keyof typeof USERS];
    return 'Basic ' + Buffer.from(`${user.username}:${user.password}`).toString('base64');
  }
  const robot = ROBOTS[who as keyof typeof ROBOTS];
  const prefix = server?.state.robotPrefix ?? 'robot$';
  return 'Basic ' + Buffer.from(`${prefix}${robot.name}:${robot.secret}`).toString('base64');
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function call(
  server: HarborServer,
  method: string,
  path: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string>; bodyTimeout?: number } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const auth = authorization(options.as ?? 'admin', server);
  if (auth) headers.authorization = auth;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await request(server.url + (path.startsWith('/api/') || path.startsWith('/v2') ? path : API + path), {
    method: method as 'GET',
    headers,
    body,
    ...(options.bodyTimeout !== undefined ? { bodyTimeout: options.bodyTimeout } : {}),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

export function errorOf(result: CallResult): { code: string; message: string } {
  return (result.json as { errors: Array<{ code: string; message: string }> }).errors[0]!;
}
