// Test helper (Node): GET /retentions/{id}, as Harbor's retention handler answers it
// (src/server/v2.0/handler/retention.go at v2.15.2):
// - the id is bound as an int64 first (422 otherwise, whoever asks);
// - `Prepare` wants an authenticated caller: 401 for anonymous ones, before the policy is looked up;
// - an unknown id is a plain error in the manager ("no such Retention policy"): Harbor's generic 500;
// - then `requireAccess`: the policy's project, resource `tag-retention`, action `read` (401/403 as every
//   project check; a project admin, maintainer or developer has it, a guest does not);
// - the policy is answered as retention-blob.ts writes it.
import { requireProjectAccess, requireSystemAccess } from '../auth.js';
import { pathInt64 } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { HarborError, unauthorized } from '../errors.js';
import { retentionAnswer } from '../retention-blob.js';

export function getRetention(context: RequestContext): Answer {
  const id = pathInt64(context.params.id!, 'id');
  if (context.principal.kind === 'anonymous') throw unauthorized();
  const stored = context.state.retentionPolicies.find((p) => p.id === id);
  if (!stored) throw new HarborError(500, 'UNKNOWN', `no such Retention policy with id ${id}`);
  const scope = (JSON.parse(stored.blob) as { scope?: { level?: string; ref?: number } | null }).scope;
  if (scope?.level === 'project') requireProjectAccess(context.state, context.principal, scope.ref ?? 0, 'tag-retention', 'read');
  else requireSystemAccess(context.principal, 'tag-retention', 'read');
  return { status: 200, json: retentionAnswer(stored.blob, id, Date.now()) };
}
