// Test helper (Node): the API writes an immutable tag blocks (spec §4), each judged live and each one
// transaction (a refused request changes nothing):
// - DELETE a tag: 412 "the tag <tag> configured as immutable, cannot be deleted";
// - DELETE an artifact or a whole repository: 412 with the same message when ANY of its tags is immutable;
// - copy an artifact onto a repository where one of its tags exists on another artifact and is immutable:
//   412 "the tag <tag> configured as immutable, cannot be updated" (the same digest is fine);
// - creating a tag that exists is 409 (immutability plays no part); new tags are never blocked.
import { requireProjectAccess } from '../auth.js';
import { checkContentType } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { badRequest, conflict, HarborError, notFound } from '../errors.js';
import { bindingError } from '../rule-blob.js';
import type { StateArtifact, StateProject, StateRepository } from '../state.js';
import { DIGEST, findArtifact } from './repositories.js';

export const immutableTagError = (tag: string, verb: 'deleted' | 'updated'): HarborError =>
  new HarborError(412, 'PRECONDITION', `the tag ${tag} configured as immutable, cannot be ${verb}`);

/** Artifacts another artifact of the repository references (index children). */
function parentsOf(repository: StateRepository, artifact: StateArtifact): StateArtifact[] {
  return repository.artifacts.filter((a) => a !== artifact && a.references.some((r) => r.digest === artifact.digest));
}

/** Harbor's deep delete: the root with its tags, then children nobody else references and nobody tagged. */
function deletionSet(repository: StateRepository, root: StateArtifact): StateArtifact[] {
  const doomed = new Set<StateArtifact>([root]);
  const visit = (artifact: StateArtifact) => {
    for (const reference of artifact.references) {
      const child = repository.artifacts.find((a) => a.digest === reference.digest);
      if (!child || doomed.has(child) || child.tags.length > 0) continue;
      if (parentsOf(repository, child).some((p) => !doomed.has(p))) continue;
      doomed.add(child);
      visit(child);
    }
  };
  visit(root);
  return [...doomed];
}

function checkDeletable(context: RequestContext, project: StateProject, repository: StateRepository, artifact: StateArtifact): void {
  for (const tag of artifact.tags) {
    if (context.isImmutable(project, repository.name, tag.name)) throw immutableTagError(tag.name, 'deleted');
  }
}

export function deleteTag(context: RequestContext): Answer {
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'tag', 'delete');
  const { repository, artifact } = findArtifact(context, project!);
  const name = context.params.tag_name!;
  const tag = artifact.tags.find((t) => t.name === name);
  if (!tag) throw notFound(`tag ${name} attached to artifact ${artifact.id} not found`);
  if (context.isImmutable(project!, repository.name, tag.name)) throw immutableTagError(tag.name, 'deleted');
  artifact.tags = artifact.tags.filter((t) => t !== tag);
  return { status: 200 };
}

export function deleteArtifact(context: RequestContext): Answer {
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'artifact', 'delete');
  const { repository, artifact } = findArtifact(context, project!);
  if (parentsOf(repository, artifact).length > 0) {
    throw new HarborError(412, 'VIOLATE_FOREIGN_KEY_CONSTRAINT', 'the deleting artifact is referenced by others');
  }
  checkDeletable(context, project!, repository, artifact);
  const doomed = new Set(deletionSet(repository, artifact));
  repository.artifacts = repository.artifacts.filter((a) => !doomed.has(a));
  return { status: 200 };
}

export function deleteRepository(context: RequestContext): Answer {
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'repository', 'delete');
  const name = context.params.repository_name!;
  const repository = context.state.repositoryIn(project!, name);
  if (!repository) throw notFound(`repository ${project!.name}/${name} not found`);
  for (const artifact of repository.artifacts) checkDeletable(context, project!, repository, artifact);
  project!.repositories = project!.repositories.filter((r) => r !== repository);
  return { status: 200 };
}

export function createTag(context: RequestContext): Answer {
  checkContentType(context.headers, context.body);
  let body: unknown;
  try {
    body = context.body.trim() === '' ? undefined : JSON.parse(context.body);
  } catch {
    throw bindingError('parsing tag body from "" failed, because invalid character looking for beginning of value');
  }
  if (body === undefined) throw bindingError('tag in body is required');
  const name = (body as { name?: unknown }).name;
  if (typeof name !== 'string') throw bindingError('name in body is required');
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'tag', 'create');
  const { repository, artifact } = findArtifact(context, project!);
  if (repository.artifacts.some((a) => a.tags.some((t) => t.name === name))) {
    throw conflict(`tag ${name} already exists under the repository ${repository.id}`);
  }
  context.state.addTag(project!.name, repository.name, artifact.digest, name);
  return { status: 201 };
}

/** POST /projects/{p}/repositories/{r}/artifacts?from=project/repo:tag|@digest */
export function copyArtifact(context: RequestContext): Answer {
  const from = context.query.get('from');
  if (from === null) throw bindingError('from in query is required');
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'artifact', 'create');
  const match = /^([^@:]+(?:\/[^@:]+)*)(?::([\w][\w.-]{0,127})|@(.+))$/.exec(from);
  if (!match || (match[3] !== undefined && !DIGEST.test(match[3]))) throw badRequest(`invalid input: ${from}`);
  const [sourceProjectName, ...rest] = match[1]!.split('/');
  const reference = match[2] ?? match[3]!;
  const source = requireProjectAccess(context.state, context.principal, sourceProjectName!, 'artifact', 'read').project!;
  const sourceRepository = context.state.repositoryIn(source, rest.join('/'));
  const sourceArtifact = sourceRepository?.artifacts.find((a) => (match[3] !== undefined ? a.digest === reference : a.tags.some((t) => t.name === reference)));
  if (!sourceRepository || !sourceArtifact) throw notFound(`artifact ${from} not found`);

  const targetName = context.params.repository_name!;
  const target = context.state.repositoryIn(project!, targetName);
  // Check every tag first: the request is one transaction.
  for (const tag of sourceArtifact.tags) {
    const holder = target?.artifacts.find((a) => a.tags.some((t) => t.name === tag.name));
    if (holder && holder.digest !== sourceArtifact.digest && context.isImmutable(project!, targetName, tag.name)) throw immutableTagError(tag.name, 'updated');
  }
  const repository = target ?? context.state.addRepository(project!.name, { name: targetName });
  let copy = repository.artifacts.find((a) => a.digest === sourceArtifact.digest);
  if (!copy) {
    copy = context.state.addArtifact(project!.name, repository.name, {
      digest: sourceArtifact.digest,
      type: sourceArtifact.type,
      media_type: sourceArtifact.media_type,
      manifest_media_type: sourceArtifact.manifest_media_type,
      size: sourceArtifact.size,
      references: sourceArtifact.references,
    });
  }
  for (const tag of sourceArtifact.tags) {
    const holder = repository.artifacts.find((a) => a.tags.some((t) => t.name === tag.name));
    if (holder === copy) continue;
    if (holder) holder.tags = holder.tags.filter((t) => t.name !== tag.name);
    context.state.addTag(project!.name, repository.name, copy.digest, tag.name);
  }
  return { status: 201, headers: { Location: `${context.path.replace(/\/$/, '')}/${reference}` } };
}
