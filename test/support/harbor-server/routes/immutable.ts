// Test helper (Node): /projects/{project_name_or_id}/immutabletagrules[/{immutable_rule_id}], with the
// traps of spec §5:
// - GET pages like every list (default 10, at most 100, X-Total-Count, Link); `disabled`/`priority` omitted
//   when false/0;
// - POST answers 201 with an empty body and `Location`, and always stores the rule ENABLED; its blob is the
//   JSON of the posted rule (with the posted `disabled`!), and a byte-identical blob in the same project is
//   409 "immutable rule already exists";
// - PUT needs the body's `id` to equal the path's (400 before any permission check); when the body's
//   `disabled` differs from the stored flag ONLY the flag changes (200), otherwise the blob is replaced;
// - PUT/DELETE of an unknown rule or another project's rule: 404.
// Nothing about kinds, decorations or patterns is validated.
import { parseProjectNameOrId, requireProjectAccess } from '../auth.js';
import { checkContentType, headerBool, pathInt64 } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { badRequest, conflict, HarborError, notFound } from '../errors.js';
import { pagingHeaders, readPage, slicePage } from '../paging.js';
import { bindRuleBody, listedRule, ruleBlob } from '../rule-blob.js';
import type { StoredRule } from '../state.js';

function projectParam(context: RequestContext): string | number {
  return parseProjectNameOrId(context.params.project_name_or_id!, headerBool(context.headers, 'X-Is-Resource-Name'));
}

/** Harbor's `requireRuleAccess`: the rule must exist and belong to the project. */
function requireRule(context: RequestContext, projectId: number, ruleId: number): StoredRule {
  const rule = context.state.rules.find((r) => r.id === ruleId);
  if (!rule) throw notFound(`immutable rule ${ruleId} not found`);
  if (rule.projectId !== projectId) throw notFound(`project id ${projectId} does not match`);
  return rule;
}

export function listRules(context: RequestContext): Answer {
  const nameOrId = projectParam(context);
  const page = readPage(context.query);
  const { projectId } = requireProjectAccess(context.state, context.principal, nameOrId, 'immutable-tag', 'list');
  const all = context.state.rules.filter((r) => r.projectId === projectId).sort((a, b) => a.id - b.id);
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((r) => listedRule(r.id, r.disabled, r.blob)),
  };
}

export function createRule(context: RequestContext): Answer {
  checkContentType(context.headers, context.body);
  const nameOrId = projectParam(context);
  const metadata = bindRuleBody(context.body);
  const { projectId } = requireProjectAccess(context.state, context.principal, nameOrId, 'immutable-tag', 'create');
  const blob = ruleBlob(metadata, projectId);
  if (context.state.rules.some((r) => r.projectId === projectId && r.blob === blob)) throw conflict('immutable rule already exists');
  const id = context.state.allocateRuleId();
  context.state.rules.push({ id, projectId, disabled: false, blob });
  return { status: 201, headers: { Location: `${context.path.replace(/\/$/, '')}/${id}` } };
}

export function updateRule(context: RequestContext): Answer {
  checkContentType(context.headers, context.body);
  const nameOrId = projectParam(context);
  const ruleId = pathInt64(context.params.immutable_rule_id!, 'immutable_rule_id');
  const metadata = bindRuleBody(context.body);
  if (metadata.id !== ruleId) throw badRequest("the immutable_rule_id doesn't match the id in the payload body of ImmutableRule");
  const { projectId } = requireProjectAccess(context.state, context.principal, nameOrId, 'immutable-tag', 'update');
  const rule = requireRule(context, projectId, metadata.id);
  if (rule.disabled !== metadata.disabled) {
    rule.disabled = metadata.disabled;
  } else {
    const blob = ruleBlob(metadata, projectId);
    // The table's unique (project_id, tag_filter) index; the update path does not translate it to a 409.
    if (context.state.rules.some((r) => r !== rule && r.projectId === projectId && r.blob === blob)) {
      throw new HarborError(500, 'UNKNOWN', 'duplicate key value violates unique constraint');
    }
    rule.blob = blob;
  }
  return { status: 200 };
}

export function deleteRule(context: RequestContext): Answer {
  const nameOrId = projectParam(context);
  const ruleId = pathInt64(context.params.immutable_rule_id!, 'immutable_rule_id');
  const { projectId } = requireProjectAccess(context.state, context.principal, nameOrId, 'immutable-tag', 'delete');
  requireRule(context, projectId, ruleId);
  context.state.rules = context.state.rules.filter((r) => r.id !== ruleId);
  return { status: 200 };
}
