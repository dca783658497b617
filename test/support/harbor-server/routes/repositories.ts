// Test helper (Node): repositories, artifacts and tags of a project.
//
// `{repository_name}` is the name WITHOUT the project, every `/` encoded twice (`team%252Fapp`): the
// router decodes the path once (a single-encoded slash becomes a path separator, and no route matches),
// and the handler decodes this parameter once more. Artifact listings embed at most `inlineTagLimit`
// tags per artifact; `tags[].immutable` is always written (false unless `with_immutable_status=true`,
// then Harbor's live verdict for that one tag). An unknown repository lists as empty, not 404.
import { requireProjectAccess } from '../auth.js';
import { queryBool } from '../bind.js';
import type { Answer, RequestContext } from '../context.js';
import { notFound } from '../errors.js';
import { pagingHeaders, readPage, slicePage } from '../paging.js';
import type { StateArtifact, StateProject, StateRepository, StateTag } from '../state.js';

const IMAGE_ICON = 'sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06';
export const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Harbor's `repository.Encode` for links: a `/` in the name becomes `%252F`. */
function encodeRepository(name: string): string {
  return encodeURIComponent(name).replace(/%2F/g, '%252F');
}

function newestFirst<T extends { push_time: string; id: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.push_time === b.push_time ? b.id - a.id : a.push_time < b.push_time ? 1 : -1));
}

function repositoryJson(project: StateProject, repository: StateRepository): Record<string, unknown> {
  const out: Record<string, unknown> = {
    artifact_count: repository.artifacts.length,
    creation_time: repository.creation_time,
    id: repository.id,
    name: `${project.name}/${repository.name}`,
    project_id: project.id,
    pull_count: repository.pull_count,
    update_time: repository.update_time,
  };
  if (repository.description !== '') out.description = repository.description;
  return out;
}

function tagJson(context: RequestContext, project: StateProject, repository: StateRepository, artifact: StateArtifact, tag: StateTag, withImmutable: boolean) {
  return {
    artifact_id: artifact.id,
    id: tag.id,
    immutable: withImmutable ? context.isImmutable(project, repository.name, tag.name) : false,
    name: tag.name,
    pull_time: tag.pull_time,
    push_time: tag.push_time,
    repository_id: repository.id,
  };
}

function artifactJson(
  context: RequestContext,
  project: StateProject,
  repository: StateRepository,
  artifact: StateArtifact,
  options: { withTag: boolean; withImmutable: boolean; tagLimit: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    digest: artifact.digest,
    id: artifact.id,
    manifest_media_type: artifact.manifest_media_type,
    media_type: artifact.media_type,
    project_id: project.id,
    pull_time: artifact.pull_time,
    push_time: artifact.push_time,
    repository_id: repository.id,
    repository_name: `${project.name}/${repository.name}`,
    size: artifact.size,
    type: artifact.type,
  };
  if (artifact.type === 'IMAGE') {
    const base = `/api/v2.0/projects/${project.name}/repositories/${encodeRepository(repository.name)}/artifacts/${artifact.digest}/additions`;
    out.addition_links = {
      build_history: { absolute: false, href: `${base}/build_history` },
      vulnerabilities: { absolute: false, href: `${base}/vulnerabilities` },
    };
    out.icon = IMAGE_ICON;
  }
  if (artifact.references.length > 0) {
    out.references = artifact.references.map((reference) => {
      const child = repository.artifacts.find((a) => a.digest === reference.digest);
      const ref: Record<string, unknown> = { child_digest: reference.digest, parent_id: artifact.id };
      if (child) ref.child_id = child.id;
      if (reference.platform) ref.platform = reference.platform;
      return ref;
    });
  }
  if (options.withTag && artifact.tags.length > 0) {
    const tags = newestFirst(artifact.tags).slice(0, Math.max(0, options.tagLimit));
    if (tags.length > 0) out.tags = tags.map((tag) => tagJson(context, project, repository, artifact, tag, options.withImmutable));
  }
  return out;
}

/** `q` terms `key=value` (exact) and `key=~value` (substring), comma-separated. */
function queryTerms(q: string | null): Array<{ key: string; value: string; fuzzy: boolean }> {
  if (!q) return [];
  return q.split(',').flatMap((term) => {
    const eq = term.indexOf('=');
    if (eq < 0) return [];
    const key = term.slice(0, eq).trim();
    let value = term.slice(eq + 1).trim();
    const fuzzy = value.startsWith('~');
    if (fuzzy) value = value.slice(1);
    return [{ key, value, fuzzy }];
  });
}

function repositoryParam(context: RequestContext): string {
  return context.params.repository_name!;
}

export function listRepositories(context: RequestContext): Answer {
  const page = readPage(context.query);
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'repository', 'list');
  const terms = queryTerms(context.query.get('q')).filter((t) => t.key === 'name');
  const all = [...project!.repositories]
    .filter((r) => terms.every((t) => (t.fuzzy ? `${project!.name}/${r.name}`.includes(t.value) : `${project!.name}/${r.name}` === t.value)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((r) => repositoryJson(project!, r)),
  };
}

export function getRepository(context: RequestContext): Answer {
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'repository', 'read');
  const name = repositoryParam(context);
  const repository = context.state.repositoryIn(project!, name);
  if (!repository) throw notFound(`repository ${project!.name}/${name} not found`);
  return { status: 200, json: repositoryJson(project!, repository) };
}

/** Top-level artifacts only: an artifact another one in the repository references is hidden. */
function listedArtifacts(repository: StateRepository): StateArtifact[] {
  const children = new Set(repository.artifacts.flatMap((a) => a.references.map((r) => r.digest)));
  return newestFirst(repository.artifacts.filter((a) => !children.has(a.digest)));
}

function tagFilter(artifact: StateArtifact, terms: ReturnType<typeof queryTerms>): boolean {
  return terms.every((t) => {
    if (t.key !== 'tags') return true;
    if (t.value === '*' && !t.fuzzy) return artifact.tags.length > 0;
    if (t.value === 'nil' && !t.fuzzy) return artifact.tags.length === 0;
    return artifact.tags.some((tag) => (t.fuzzy ? tag.name.includes(t.value) : tag.name === t.value));
  });
}

export function listArtifacts(context: RequestContext): Answer {
  const page = readPage(context.query);
  const withTag = queryBool(context.query, 'with_tag', true);
  const withImmutable = queryBool(context.query, 'with_immutable_status', false);
  queryBool(context.query, 'with_label', false);
  queryBool(context.query, 'with_scan_overview', false);
  queryBool(context.query, 'with_accessory', false);
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'artifact', 'list');
  const repository = context.state.repositoryIn(project!, repositoryParam(context));
  const terms = queryTerms(context.query.get('q'));
  const all = repository ? listedArtifacts(repository).filter((a) => tagFilter(a, terms)) : [];
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((a) =>
      artifactJson(context, project!, repository!, a, { withTag, withImmutable, tagLimit: context.state.inlineTagLimit }),
    ),
  };
}

export function findArtifact(context: RequestContext, project: StateProject): { repository: StateRepository; artifact: StateArtifact } {
  const name = repositoryParam(context);
  const reference = context.params.reference!;
  const repository = context.state.repositoryIn(project, name);
  const isDigest = DIGEST.test(reference);
  const artifact = repository?.artifacts.find((a) => (isDigest ? a.digest === reference : a.tags.some((t) => t.name === reference)));
  if (!repository || !artifact) {
    throw notFound(`artifact ${project.name}/${name}${isDigest ? '@' : ':'}${reference} not found`);
  }
  return { repository, artifact };
}

export function getArtifact(context: RequestContext): Answer {
  readPage(context.query);
  const withTag = queryBool(context.query, 'with_tag', true);
  const withImmutable = queryBool(context.query, 'with_immutable_status', false);
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'artifact', 'read');
  const { repository, artifact } = findArtifact(context, project!);
  return { status: 200, json: artifactJson(context, project!, repository, artifact, { withTag, withImmutable, tagLimit: context.state.inlineTagLimit }) };
}

export function listTags(context: RequestContext): Answer {
  const page = readPage(context.query);
  const withImmutable = queryBool(context.query, 'with_immutable_status', false);
  const { project } = requireProjectAccess(context.state, context.principal, context.params.project_name!, 'tag', 'list');
  const { repository, artifact } = findArtifact(context, project!);
  const terms = queryTerms(context.query.get('q')).filter((t) => t.key === 'name');
  const all = newestFirst(artifact.tags).filter((tag) => terms.every((t) => (t.fuzzy ? tag.name.includes(t.value) : tag.name === t.value)));
  return {
    status: 200,
    headers: pagingHeaders(context.rawPath, context.rawQuery, all.length, page),
    json: slicePage(all, page).map((tag) => tagJson(context, project!, repository, artifact, tag, withImmutable)),
  };
}
