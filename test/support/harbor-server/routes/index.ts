// Test helper (Node): the operations this server implements, keyed `METHOD /swagger/template`.
import type { Handler } from '../context.js';
import { copyArtifact, createTag, deleteArtifact, deleteRepository, deleteTag } from './artifact-writes.js';
import { createRule, deleteRule, listRules, updateRule } from './immutable.js';
import { getProject, getProjectSummary, listProjects } from './projects.js';
import { listReplicationPolicies } from './replication.js';
import { getRetention } from './retention.js';
import { getArtifact, getRepository, listArtifacts, listRepositories, listTags } from './repositories.js';
import { getCurrentUser, getCurrentUserPermissions, getSystemInfo } from './system.js';

const REPOSITORY = '/projects/{project_name}/repositories/{repository_name}';

export const HANDLERS: Readonly<Record<string, Handler>> = {
  'GET /systeminfo': getSystemInfo,
  'GET /users/current': getCurrentUser,
  'GET /users/current/permissions': getCurrentUserPermissions,
  'GET /projects': listProjects,
  'GET /projects/{project_name_or_id}': getProject,
  'GET /projects/{project_name_or_id}/summary': getProjectSummary,
  'GET /projects/{project_name}/repositories': listRepositories,
  [`GET ${REPOSITORY}`]: getRepository,
  [`GET ${REPOSITORY}/artifacts`]: listArtifacts,
  [`GET ${REPOSITORY}/artifacts/{reference}`]: getArtifact,
  [`GET ${REPOSITORY}/artifacts/{reference}/tags`]: listTags,
  [`DELETE ${REPOSITORY}`]: deleteRepository,
  [`POST ${REPOSITORY}/artifacts`]: copyArtifact,
  [`DELETE ${REPOSITORY}/artifacts/{reference}`]: deleteArtifact,
  [`POST ${REPOSITORY}/artifacts/{reference}/tags`]: createTag,
  [`DELETE ${REPOSITORY}/artifacts/{reference}/tags/{tag_name}`]: deleteTag,
  'GET /projects/{project_name_or_id}/immutabletagrules': listRules,
  'POST /projects/{project_name_or_id}/immutabletagrules': createRule,
  'PUT /projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id}': updateRule,
  'DELETE /projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id}': deleteRule,
  'GET /replication/policies': listReplicationPolicies,
  'GET /retentions/{id}': getRetention,
};
