// Test helper (Node): the registry side of spec §4, just enough to watch immutability bite a push:
//   GET /v2/                               ping (401 with a Bearer challenge when anonymous)
//   PUT /v2/<name>/manifests/<reference>   push; to an EXISTING immutable tag it is 412 "Failed to process
//                                          request due to '<repo>:<tag>' configured as immutable." even
//                                          with the same digest; new tags and pushes by digest pass
//   DELETE /v2/<name>/manifests/<digest>   412 with the same message when any tag of the digest is immutable
// Blobs are not modelled: any manifest body is accepted. `<name>` includes the project; the 412 names
// the repository without it, as Harbor does.
import { createHash } from 'node:crypto';
import { can, type Principal } from '../auth.js';
import type { Answer, RequestContext } from '../context.js';
import { badRequest, HarborError, notFound } from '../errors.js';
import { DIGEST } from './repositories.js';

function challenge(context: RequestContext, scope?: string): HarborError {
  const value = `Bearer realm="${context.externalUrl}/service/token",service="harbor-registry"${scope ? `,scope="${scope}"` : ''}`;
  return new HarborError(401, 'UNAUTHORIZED', 'unauthorized to access repository', { 'WWW-Authenticate': value });
}

function immutable(repository: string, tag: string): HarborError {
  return new HarborError(412, 'PRECONDITION', `Failed to process request due to '${repository}:${tag}' configured as immutable.`);
}

function requireAccess(context: RequestContext, principal: Principal, name: string, resource: string, action: string, scopeAction: string) {
  const slash = name.indexOf('/');
  const projectName = slash < 0 ? '' : name.slice(0, slash);
  const repositoryName = slash < 0 ? name : name.slice(slash + 1);
  const project = context.state.project(projectName);
  if (principal.kind === 'anonymous' && !(project && can(principal, project, resource, action))) throw challenge(context, `repository:${name}:${scopeAction}`);
  if (!project) throw notFound(`project ${projectName} not found`);
  if (!can(principal, project, resource, action)) throw new HarborError(403, 'DENIED', 'requested access to the resource is denied');
  return { project, repositoryName };
}

function manifestChildren(body: string): string[] {
  try {
    const manifest = JSON.parse(body) as { manifests?: Array<{ digest?: unknown }> };
    return (manifest.manifests ?? []).map((m) => m.digest).filter((d): d is string => typeof d === 'string');
  } catch {
    return [];
  }
}

export function registry(context: RequestContext): Answer {
  const path = context.path.replace(/\/+$/, '');
  if (path === '/v2') {
    if (context.method !== 'GET' && context.method !== 'HEAD') throw new HarborError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
    if (context.principal.kind === 'anonymous') throw challenge(context);
    return { status: 200, json: {} };
  }
  const at = path.lastIndexOf('/manifests/');
  if (!path.startsWith('/v2/') || at < 0) throw notFound(`path ${context.rawPath} was not found`);
  const name = path.slice('/v2/'.length, at);
  const reference = path.slice(at + '/manifests/'.length);
  const byDigest = DIGEST.test(reference);

  if (context.method === 'PUT') {
    const { project, repositoryName } = requireAccess(context, context.principal, name, 'repository', 'push', 'pull,push');
    const digest = 'sha256:' + createHash('sha256').update(context.body, 'utf8').digest('hex');
    if (byDigest && reference !== digest) throw new HarborError(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    const existing = context.state.repositoryIn(project, repositoryName);
    const holder = byDigest ? undefined : existing?.artifacts.find((a) => a.tags.some((t) => t.name === reference));
    if (holder && context.isImmutable(project, repositoryName, reference)) throw immutable(repositoryName, reference);

    const repository = existing ?? context.state.addRepository(project.name, { name: repositoryName });
    let artifact = repository.artifacts.find((a) => a.digest === digest);
    if (!artifact) {
      const mediaType = (context.headers['content-type'] ?? 'application/vnd.oci.image.manifest.v1+json').split(';')[0]!.trim();
      const children = manifestChildren(context.body);
      artifact = context.state.addArtifact(project.name, repositoryName, {
        digest,
        media_type: mediaType,
        manifest_media_type: mediaType,
        size: Buffer.byteLength(context.body),
        ...(children.length > 0 ? { references: children } : {}),
      });
    }
    if (!byDigest && holder !== artifact) {
      if (holder) holder.tags = holder.tags.filter((t) => t.name !== reference);
      context.state.addTag(project.name, repositoryName, digest, reference);
    }
    return { status: 201, headers: { Location: `/v2/${name}/manifests/${digest}`, 'Docker-Content-Digest': digest } };
  }

  if (context.method === 'DELETE') {
    const { project, repositoryName } = requireAccess(context, context.principal, name, 'repository', 'delete', 'delete');
    if (!byDigest) throw badRequest('deleting a manifest by tag is not supported');
    const repository = context.state.repositoryIn(project, repositoryName);
    const artifact = repository?.artifacts.find((a) => a.digest === reference);
    if (!repository || !artifact) throw new HarborError(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${reference}`);
    const locked = artifact.tags.find((t) => context.isImmutable(project, repositoryName, t.name));
    if (locked) throw immutable(repositoryName, locked.name);
    repository.artifacts = repository.artifacts.filter((a) => a !== artifact);
    return { status: 202 };
  }

  throw new HarborError(405, 'METHOD_NOT_ALLOWED', `method ${context.method} is not supported here`);
}
