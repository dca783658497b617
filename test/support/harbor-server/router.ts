// Test helper (Node): from a raw request path to a swagger operation, decoding as Harbor does.
//
// The path is percent-decoded once (what Go's `URL.Path`, behind Harbor's nginx, gives the router) and
// matched segment by segment against the swagger's templates, static segments first; a single-encoded
// `%2F` therefore splits the repository name and matches no route (404 "path ... was not found").
// `repository_name` is then decoded once more (Harbor's `unescapePathParams`), so `team%252Fapp` is
// `team/app`.
import type { Handler } from './context.js';
import { HarborError, notFound } from './errors.js';
import { HANDLERS } from './routes/index.js';
import { loadSwagger } from './swagger.js';

export type RouteResult =
  | { kind: 'handler'; template: string; handler: Handler; params: Record<string, string>; path: string }
  | { kind: 'unimplemented'; template: string; path: string };

function decodeOnce(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Resolve a request or throw the Harbor error answer (400 bad escape, 404 no route, 405 wrong method). */
export function route(method: string, rawPath: string): RouteResult {
  const contract = loadSwagger();
  const path = decodeOnce(rawPath);
  if (path === null) throw new HarborError(400, 'BAD_REQUEST', `invalid URL escape in ${JSON.stringify(rawPath)}`);
  if (!path.startsWith(contract.basePath + '/')) throw notFound(`path ${rawPath} was not found`);
  const segments = path.slice(contract.basePath.length).split('/').filter((s) => s !== '');
  const match = contract.match(segments);
  if (!match) throw notFound(`path ${rawPath} was not found`);
  const methods = contract.templates.find((t) => t.template === match.template)!.methods;
  if (!methods.has(method)) {
    throw new HarborError(405, 'METHOD_NOT_ALLOWED', `method ${method} is not allowed, but [${[...methods].join(',')}] are`);
  }
  const handler = HANDLERS[`${method} ${match.template}`];
  if (!handler) return { kind: 'unimplemented', template: match.template, path };
  const params = { ...match.params };
  if (params.repository_name !== undefined) params.repository_name = decodeOnce(params.repository_name) ?? params.repository_name;
  return { kind: 'handler', template: match.template, handler, params, path };
}
