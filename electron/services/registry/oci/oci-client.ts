// Runs in Node.
/**
 * A read-only client for plain OCI / Docker registries (CNCF distribution and compatible): the auth
 * scheme from `/v2/`, repositories from `/v2/_catalog`, tags from `/v2/<name>/tags/list` (both paged with
 * `Link`), digests by `HEAD /v2/<name>/manifests/<tag>`, and manifests of image indexes. Basic auth is the
 * HttpClient's; Bearer (token) auth is answered here, with a token cached per scope (bearer-auth.ts).
 */
import { createHash } from 'node:crypto';
import type { HttpClient, HttpRequest, HttpResponse, HttpStats } from '../../http/http-client.js';
import { headerValue } from '../../http/http-client.js';
import { ListBudget } from '../../http/limits.js';
import { HttpError, displayUrl } from '../../http/http-error.js';
import { BearerAuth } from './bearer-auth.js';
import { nextPageUrl } from './link-header.js';
import { MANIFEST_ACCEPT, bareMediaType, isIndexMediaType, isManifestMediaType } from './media-types.js';
import { pickChallenge, parseWwwAuthenticate, type BearerChallenge } from './www-authenticate.js';

export { fetchOciSnapshot, splitRepositoryName, type FetchOciSnapshotOptions, type OciSnapshotProgress } from './oci-snapshot.js';

/**
 * Repository names: path components of alphanumerics joined by `.`, `_` or `-`, as the distribution spec
 * has them, but upper case allowed (a few registries accept it). Anything else (`..`, empty components,
 * other characters) could change the request path, so it is refused.
 */
const REPOSITORY_NAME = /^[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*(?:\/[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
/** Stop following `Link` after this many pages: a registry that loops must not hang a fetch. */
const MAX_PAGES = 10_000;

export type AuthScheme = 'none' | 'basic' | 'bearer';

export interface PingResult {
  /** What `/v2/` asks for: nothing, Basic credentials, or a token from `realm`. */
  scheme: AuthScheme;
  /** Basic: the realm's name; Bearer: the token service URL. */
  realm: string | null;
  /** Bearer only. */
  service: string | null;
  scope: string | null;
  /** `Docker-Distribution-Api-Version`, e.g. `registry/2.0`, when sent. */
  apiVersion: string | null;
}

export interface ManifestDescriptor {
  digest: string;
  /** The manifest's media type (index, image manifest, ...), or null when the registry does not say. */
  mediaType: string | null;
  /** The manifest's own size in bytes, or null when unknown. */
  size: number | null;
}

export interface ManifestReference extends ManifestDescriptor {
  platform: { os: string; architecture: string; variant?: string } | null;
}

export interface OciManifest extends ManifestDescriptor {
  size: number;
  /** Children of an index / manifest list, by digest; [] for other manifests. */
  references: string[];
  /** Children with their platforms (index / manifest list only). */
  manifests: ManifestReference[];
  /** Image manifests: the config blob and the layers. */
  config: ManifestDescriptor | null;
  layers: ManifestDescriptor[];
  /** The parsed manifest document. */
  document: unknown;
}

export interface PageOptions {
  signal?: AbortSignal;
  /** `n` asked per page (default 100); registries may ignore it. */
  pageSize?: number;
}

export interface ListRepositoriesOptions extends PageOptions {
  /** Told after every page: the names on that page and how many were found so far. */
  onPage?: (page: { repositories: string[]; total: number; page: number }) => void;
}

export interface OciRegistryClientOptions {
  /** The clock token lifetimes are measured with (ms since the epoch; default Date.now). */
  now?: () => number;
}

interface SendOptions {
  /** The token scope this request needs (`repository:a/b:pull`, `registry:catalog:*`). */
  scope: string;
  signal?: AbortSignal | undefined;
}

export function isValidRepositoryName(name: string): boolean {
  return name.length <= 255 && REPOSITORY_NAME.test(name);
}

function checkRepository(name: string): void {
  if (!isValidRepositoryName(name)) throw new HttpError('bad-input', `not a valid repository name: ${JSON.stringify(name.slice(0, 300))}`, null);
}

function checkReference(reference: string): void {
  if (!TAG.test(reference) && !DIGEST.test(reference)) throw new HttpError('bad-input', `not a valid tag or digest: ${JSON.stringify(reference.slice(0, 300))}`, null);
}

function sha256Digest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

function cancelled(what: string, cause?: unknown): HttpError {
  return new HttpError('cancelled', `${what}: cancelled`, null, null, null, cause === undefined ? undefined : { cause });
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function descriptorOf(value: unknown): ManifestDescriptor | null {
  if (typeof value !== 'object' || value === null) return null;
  const d = value as { digest?: unknown; mediaType?: unknown; size?: unknown };
  if (typeof d.digest !== 'string' || !DIGEST.test(d.digest)) return null;
  return {
    digest: d.digest,
    mediaType: typeof d.mediaType === 'string' ? d.mediaType : null,
    size: typeof d.size === 'number' && Number.isFinite(d.size) ? d.size : null,
  };
}

export class OciRegistryClient {
  private scheme: AuthScheme | 'unknown' = 'unknown';
  private readonly bearer: BearerAuth;

  constructor(
    readonly http: HttpClient,
    options: OciRegistryClientOptions = {},
  ) {
    this.bearer = new BearerAuth(http, options.now);
  }

  /** Requests, retries and bytes so far (the HttpClient's counters, token requests included). */
  get stats(): HttpStats {
    return this.http.stats;
  }

  /** Token requests sent so far. */
  get tokenRequests(): number {
    return this.bearer.tokenRequests;
  }

  /** The registry's base URL, without credentials or a trailing slash. */
  get url(): string {
    return displayUrl(this.http.baseUrl).replace(/\/+$/, '');
  }

  /**
   * Asks `/v2/` which auth the registry wants (without credentials, so the answer is the challenge), then
   * checks the credentials like `docker login`: Basic on `/v2/`, or a scope-less token from the realm.
   * Refused credentials are an `auth` error; a server that is no registry is a `server` error.
   */
  async ping(options: { signal?: AbortSignal } = {}): Promise<PingResult> {
    const { signal } = options;
    const probe = await this.guard(`GET ${this.url}/v2/`, signal, () =>
      this.http.request({ path: 'v2/', auth: 'none', accept: (s) => (s >= 200 && s < 300) || s === 401, ...(signal ? { signal } : {}) }),
    ).catch((error: unknown) => {
      if (error instanceof HttpError && error.code === 'not-found') {
        throw new HttpError('not-found', `${error.message}: no registry API (/v2/) at this address`, error.status, error.serverCode, error.serverMessage);
      }
      throw error;
    });
    const apiVersion = headerValue(probe.headers['docker-distribution-api-version']) ?? null;
    if (probe.status !== 401 && apiVersion === null && /html/i.test(headerValue(probe.headers['content-type']) ?? '')) {
      throw new HttpError('server', `GET ${displayUrl(probe.url)}: answered a web page, not the registry API (is this the registry's address?)`, probe.status);
    }
    if (probe.status !== 401) {
      this.scheme = 'none';
      return { scheme: 'none', realm: null, service: null, scope: null, apiVersion };
    }
    const picked = pickChallenge(parseWwwAuthenticate(probe.headers['www-authenticate']));
    if (picked === null) {
      throw new HttpError('auth', `GET ${displayUrl(probe.url)}: the registry asks to sign in (401) but names no Basic or Bearer scheme`, 401);
    }
    if (picked.scheme === 'basic') {
      this.scheme = 'basic';
      const check = await this.guard(`GET ${this.url}/v2/`, signal, () =>
        this.http.request({ path: 'v2/', auth: 'basic', accept: (s) => (s >= 200 && s < 300) || s === 401, ...(signal ? { signal } : {}) }),
      );
      if (check.status === 401) throw this.basicRefused('GET', check.url);
      return { scheme: 'basic', realm: picked.realm, service: null, scope: null, apiVersion };
    }
    this.scheme = 'bearer';
    this.bearer.challenge = picked.bearer;
    // A token for no scope proves the credentials (`docker login` does the same). Not cached: it grants nothing.
    await this.guard(`token for ${this.url}`, signal, () => this.bearer.token('\u0000login', [], picked.bearer, signal));
    return { scheme: 'bearer', realm: picked.bearer.realm, service: picked.bearer.service, scope: picked.bearer.scope, apiVersion };
  }

  /** Every repository in `/v2/_catalog`, following `Link` pages; sorted, without duplicates. */
  async listRepositories(options: ListRepositoriesOptions = {}): Promise<string[]> {
    const found = new Set<string>();
    let page = 0;
    await this.paged('v2/_catalog', options, 'registry:catalog:*', (body, url) => {
      const repositories = (body as { repositories?: unknown }).repositories;
      if (repositories !== null && repositories !== undefined && !Array.isArray(repositories)) {
        throw new HttpError('server', `GET ${displayUrl(url)}: "repositories" is not a list`, 200);
      }
      const names = stringArray(repositories);
      let added = 0;
      for (const name of names) {
        if (!found.has(name)) added++;
        found.add(name);
      }
      page++;
      options.onPage?.({ repositories: names, total: found.size, page });
      return added;
    }).catch((error: unknown) => {
      if (error instanceof HttpError && error.code === 'not-found') {
        throw new HttpError('not-found', `${error.message} — this registry does not list its repositories (/v2/_catalog); name the repositories to read instead`, error.status);
      }
      throw error;
    });
    return [...found].sort(compareNames);
  }

  /**
   * Every tag of a repository, following `Link` pages. Copes with registries that ignore `n`, answer
   * tags unsorted or `"tags": null`: the result is sorted and without duplicates.
   */
  async listTags(repository: string, options: PageOptions = {}): Promise<string[]> {
    checkRepository(repository);
    const found = new Set<string>();
    await this.paged(`v2/${repository}/tags/list`, options, `repository:${repository}:pull`, (body, url) => {
      const tags = (body as { tags?: unknown }).tags;
      if (tags !== null && tags !== undefined && !Array.isArray(tags)) throw new HttpError('server', `GET ${displayUrl(url)}: "tags" is not a list`, 200);
      let added = 0;
      for (const tag of stringArray(tags)) {
        if (!found.has(tag)) added++;
        found.add(tag);
      }
      return added;
    }).catch((error: unknown) => {
      if (error instanceof HttpError && error.code === 'not-found') {
        throw new HttpError('not-found', `repository ${JSON.stringify(repository)} not found, or it has no tags (${error.message})`, error.status, error.serverCode, error.serverMessage);
      }
      throw error;
    });
    return [...found].sort(compareNames);
  }

  /**
   * The digest a tag (or digest) points at, by `HEAD` with every manifest type in `Accept` (so an index
   * is not resolved to one platform). Falls back to `GET` and the sha256 of the body when the registry
   * sends no `Docker-Content-Digest` header or refuses `HEAD`.
   */
  async resolveDigest(repository: string, reference: string, options: { signal?: AbortSignal } = {}): Promise<ManifestDescriptor> {
    checkRepository(repository);
    checkReference(reference);
    const path = `v2/${repository}/manifests/${reference}`;
    const head = await this.manifestRequest('HEAD', repository, reference, path, options.signal);
    const digest = headerValue(head.headers['docker-content-digest'])?.trim();
    if (head.status >= 200 && head.status < 300 && digest && DIGEST.test(digest)) {
      const length = Number(headerValue(head.headers['content-length']));
      return { digest, mediaType: bareMediaType(headerValue(head.headers['content-type'])), size: Number.isFinite(length) && length > 0 ? length : null };
    }
    const manifest = await this.getManifest(repository, reference, options);
    return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
  }

  /** A manifest by tag or digest: its digest, media type, size, and an index's children (`references`). */
  async getManifest(repository: string, reference: string, options: { signal?: AbortSignal } = {}): Promise<OciManifest> {
    checkRepository(repository);
    checkReference(reference);
    const path = `v2/${repository}/manifests/${reference}`;
    const response = await this.manifestRequest('GET', repository, reference, path, options.signal);
    const where = `GET ${displayUrl(response.url)}`;
    let document: unknown;
    try {
      document = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new HttpError('server', `${where}: the manifest is not JSON`, response.status);
    }
    if (typeof document !== 'object' || document === null) throw new HttpError('server', `${where}: the manifest is not a JSON object`, response.status);
    const computed = sha256Digest(response.body);
    const header = headerValue(response.headers['docker-content-digest'])?.trim();
    if (reference.startsWith('sha256:') && reference !== computed) {
      throw new HttpError('server', `${where}: the manifest's sha256 is ${computed}, not the digest asked for`, response.status);
    }
    const digest = reference.includes(':') ? reference : header && DIGEST.test(header) ? header : computed;
    const doc = document as { mediaType?: unknown; manifests?: unknown; config?: unknown; layers?: unknown };
    const contentType = bareMediaType(headerValue(response.headers['content-type']));
    const declared = typeof doc.mediaType === 'string' ? doc.mediaType : null;
    const mediaType = isManifestMediaType(contentType) ? contentType : declared ?? (Array.isArray(doc.manifests) ? 'application/vnd.oci.image.index.v1+json' : contentType);
    const manifests: ManifestReference[] = [];
    if (isIndexMediaType(mediaType) || (mediaType === null && Array.isArray(doc.manifests))) {
      for (const entry of Array.isArray(doc.manifests) ? doc.manifests : []) {
        const descriptor = descriptorOf(entry);
        if (!descriptor) continue;
        const p = (entry as { platform?: { os?: unknown; architecture?: unknown; variant?: unknown } }).platform;
        const platform =
          p && typeof p.os === 'string' && typeof p.architecture === 'string'
            ? { os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' ? { variant: p.variant } : {}) }
            : null;
        manifests.push({ ...descriptor, platform });
      }
    }
    return {
      digest,
      mediaType,
      size: response.body.length,
      references: manifests.map((m) => m.digest),
      manifests,
      config: descriptorOf(doc.config),
      layers: (Array.isArray(doc.layers) ? doc.layers : []).map(descriptorOf).filter((d): d is ManifestDescriptor => d !== null),
      document,
    };
  }

  private async manifestRequest(method: 'GET' | 'HEAD', repository: string, reference: string, path: string, signal: AbortSignal | undefined): Promise<HttpResponse> {
    try {
      return await this.send(
        {
          method,
          path,
          headers: { accept: MANIFEST_ACCEPT },
          maxBodyBytes: this.http.limits.maxManifestBytes,
          // HEAD: a registry that does not allow it (405/501) gets a GET instead.
          accept: (s) => (s >= 200 && s < 300) || (method === 'HEAD' && (s === 405 || s === 501)),
          ...(signal ? { signal } : {}),
        },
        { scope: `repository:${repository}:pull`, signal },
      );
    } catch (error) {
      if (error instanceof HttpError && error.code === 'not-found') {
        const what = reference.includes(':') ? `manifest ${reference}` : `tag ${JSON.stringify(reference)}`;
        throw new HttpError('not-found', `${what} not found in repository ${JSON.stringify(repository)} (${error.message})`, error.status, error.serverCode, error.serverMessage);
      }
      throw error;
    }
  }

  /**
   * GETs JSON pages from `first`, following `Link: <...>; rel="next"` on the registry's own origin.
   * `take` handles one page and says how many new items it brought; a next page that brings nothing
   * new twice in a row (a registry ignoring `last`) ends with an error rather than a loop.
   */
  private async paged(first: string, options: PageOptions, scope: string, take: (body: unknown, url: URL) => number): Promise<void> {
    const pageSize = options.pageSize ?? 100;
    let url: URL = this.http.resolve(first, { n: pageSize });
    const seen = new Set<string>();
    let fruitless = 0;
    const budget = new ListBudget(this.http.limits, `GET ${displayUrl(url)}`);
    for (let page = 1; ; page++) {
      seen.add(url.href);
      const response = await this.send({ path: url.href, headers: { accept: 'application/json' }, ...(options.signal ? { signal: options.signal } : {}) }, { scope, signal: options.signal });
      const where = `GET ${displayUrl(response.url)}`;
      const type = headerValue(response.headers['content-type']) ?? '';
      if (type !== '' && !/json/i.test(type)) {
        throw new HttpError('server', `${where}: expected JSON, got ${type} (is this the registry's API, or a login page or proxy?)`, response.status);
      }
      let body: unknown;
      try {
        body = JSON.parse(response.body.toString('utf8'));
      } catch {
        throw new HttpError('server', `${where}: the answer is not complete JSON (cut off?)`, response.status);
      }
      if (typeof body !== 'object' || body === null) throw new HttpError('server', `${where}: the answer is not a JSON object`, response.status);
      const added = take(body, response.url);
      budget.add(added, response.body.length);
      const next = nextPageUrl(response.headers.link, response.url);
      if (next === null) return;
      if (next.origin !== this.http.baseUrl.origin) {
        throw new HttpError('server', `${where}: the next page is on another host (${displayUrl(next)}); not following it with your credentials`, response.status);
      }
      fruitless = added === 0 ? fruitless + 1 : 0;
      if (seen.has(next.href) || fruitless >= 2 || page >= MAX_PAGES) {
        throw new HttpError('server', `${where}: the registry's pages do not advance (Link: rel="next" leads back or brings nothing new)`, response.status);
      }
      url = next;
    }
  }

  /**
   * Sends a request with the auth the registry wants: Basic (the HttpClient's credentials) until a
   * Bearer challenge is seen, then a token for `scope`. On a 401 with a Bearer challenge it fetches a
   * token (for the challenge's scope and ours) and retries once; a second 401 is an `auth` error.
   */
  private async send(req: HttpRequest, options: SendOptions): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const accept = req.accept ?? ((status: number) => status >= 200 && status < 300);
    const target = `${method} ${displayUrl(this.http.resolve(req.path))}`;
    const { scope, signal } = options;
    return this.guard(target, signal, async () => {
      let token: string | null = null;
      let tokenWasCached = false;
      if (this.scheme === 'bearer' && this.bearer.challenge) {
        // Once the realm is known, get the token first instead of collecting a 401 per scope.
        tokenWasCached = this.bearer.cached(scope) !== null;
        token = await this.bearer.token(scope, [scope], this.bearer.challenge, signal);
      }
      const attempt = (auth: HttpRequest['auth']) => this.http.request({ ...req, auth, accept: (s) => accept(s) || s === 401 });
      let response = await attempt(token === null ? 'basic' : { bearer: token });
      if (response.status !== 401 || accept(401)) return response;

      const picked = pickChallenge(parseWwwAuthenticate(response.headers['www-authenticate']));
      if (picked?.scheme === 'bearer') {
        this.scheme = 'bearer';
        this.bearer.challenge = picked.bearer;
        const scopes = [...new Set([scope, ...(picked.bearer.scope ?? '').split(' ').filter(Boolean)])];
        if (token !== null) {
          this.bearer.invalidate(scope, token);
          // A token fetched just now for exactly what the registry asks was refused: asking again is futile.
          if (!tokenWasCached && scopes.length === 1) throw this.tokenRefused(method, response.url, scope, picked.bearer);
        }
        token = await this.bearer.token(scope, scopes, picked.bearer, signal);
        response = await attempt({ bearer: token });
        if (response.status !== 401) return response;
        this.bearer.invalidate(scope, token);
        throw this.tokenRefused(method, response.url, scope, picked.bearer);
      }
      if (picked?.scheme === 'basic') {
        this.scheme = 'basic';
        throw this.basicRefused(method, response.url);
      }
      throw new HttpError('auth', `${method} ${displayUrl(response.url)}: not signed in (401), and the registry names no Basic or Bearer scheme`, 401);
    });
  }

  /** Runs `task`, turning any failure after `signal` fired into one `cancelled` error. */
  private async guard<T>(what: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    if (signal?.aborted) throw cancelled(what, signal.reason);
    try {
      return await task();
    } catch (error) {
      if (signal?.aborted && !(error instanceof HttpError && error.code === 'cancelled')) throw cancelled(what, error);
      throw error;
    }
  }

  private basicRefused(method: string, url: URL): HttpError {
    return new HttpError('auth', `${method} ${displayUrl(url)}: the registry refused the sign-in (401): wrong username or password, or none given`, 401);
  }

  private tokenRefused(method: string, url: URL, scope: string, challenge: BearerChallenge): HttpError {
    const realm = (() => {
      try {
        const u = new URL(challenge.realm);
        return displayUrl(`${u.origin}${u.pathname}`);
      } catch {
        return 'the token service';
      }
    })();
    return new HttpError(
      'auth',
      `${method} ${displayUrl(url)}: the registry refused the token from ${realm} for "${scope}" (401): the account has no access to it, or the registry does not allow anonymous access`,
      401,
    );
  }
}

/** Code-point order, so results are the same on every machine (no locale). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
