// Test helper (Node): GET /replication/policies, as Harbor's replication handler answers it
// (src/server/v2.0/handler/replication.go, src/controller/replication/policy.go):
// - system access `replication-policy` `list`: 401 anonymous, 403 (message: the caller's name) for anyone
//   but a sysadmin or a system robot granted it;
// - pages like every list, newest policy first (the model's default sort, creation_time desc); `name`
//   (deprecated) and `q=name=~…` filter by a substring of the name, `q=name=…` by the whole name;
// - both ends are filled in: the remote registry, and this Harbor as registry id 0 named "Local" (its
//   internal core URL, a secret credential shown as "*****", zero times);
// - go-swagger's omitempty: `enabled`, `override`, `replicate_deletion`/`deletion` and empty strings are
//   left out when false or empty; the pointer fields (replace count, speed, copy_by_chunk,
//   single_active_replication) are always written.
import { requireSystemAccess } from '../auth.js';
import type { Answer, RequestContext } from '../context.js';
import { GO_ZERO_TIME } from '../go-json.js';
import { pagingHeaders, readPage, slicePage } from '../paging.js';
import type { StateReplicationPolicy } from '../state.js';
import { registryJson } from './projects.js';

/** This Harbor as a replication end (`getLocalRegistry` in src/pkg/reg/manager.go). */
const LOCAL_REGISTRY: Record<string, unknown> = {
  creation_time: GO_ZERO_TIME,
  credential: { access_secret: '*****', type: 'secret' },
  id: 0,
  insecure: true,
  name: 'Local',
  status: 'healthy',
  type: 'harbor',
  update_time: GO_ZERO_TIME,
  url: 'http://core:8080',
};

function end(context: RequestContext, id: number): Record<string, unknown> {
  if (id === 0) return LOCAL_REGISTRY;
  const registry = context.state.registry(id)!;
  const credential = registry.credential ? { access_key: registry.credential.access_key, access_secret: '*****', type: 'basic' } : null;
  return registryJson(registry, credential);
}

function policyJson(context: RequestContext, policy: StateReplicationPolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {
    copy_by_chunk: false,
    creation_time: policy.creation_time,
    dest_namespace_replace_count: policy.dest_namespace_replace_count,
    dest_registry: end(context, policy.dest_registry_id),
    id: policy.id,
    name: policy.name,
    single_active_replication: false,
    speed: 0,
    src_registry: end(context, policy.src_registry_id),
    trigger: { type: policy.trigger.type, trigger_settings: policy.trigger.cron ? { cron: policy.trigger.cron } : {} },
    update_time: policy.update_time,
  };
  if (policy.description !== '') out.description = policy.description;
  if (policy.dest_namespace !== '') out.dest_namespace = policy.dest_namespace;
  if (policy.enabled) out.enabled = true;
  if (policy.override) out.override = true;
  if (policy.replicate_deletion) {
    out.replicate_deletion = true;
    out.deletion = true;
  }
  if (policy.filters.length > 0) {
    out.filters = policy.filters.map((f) => ({ type: f.type, value: f.value, ...(f.decoration ? { decoration: f.decoration } : {}) }));
  }
  return out;
}

export function listReplicationPolicies(context: RequestContext): Answer {
  // Binding (page_size at most 100) comes before the handler's permission check.
  const page = readPage(context.query);
  requireSystemAccess(context.principal, 'replication-policy', 'list');
  const tests: Array<(name: string) => boolean> = [];
  const deprecated = context.query.get('name');
  if (deprecated) tests.push((name) => name.includes(deprecated));
  for (const term of (context.query.get('q') ?? '').split(',')) {
    const match = /^\s*name\s*=\s*(~?)(.*)$/.exec(term);
    if (!match) continue;
    const value = match[2]!.trim();
    tests.push(match[1] === '~' ? (name) => name.includes(value) : (name) => name === value);
  }
  const all = context.state.replicationPolicies
    .filter((p) => tests.every((test) => test(p.name)))
    .sort((a, b) => (a.creation_time < b.creation_time ? 1 : a.creation_time > b.creation_time ? -1 : b.id - a.id));
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((p) => policyJson(context, p)),
  };
}
