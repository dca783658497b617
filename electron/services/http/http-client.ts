// Runs in Node.
/**
 * The one HTTP client every registry client uses, on undici: Basic or Bearer auth, retries with backoff
 * for 429/5xx/dropped connections (idempotent requests only), per-request time limits, redirects
 * followed without leaking credentials to another origin, proxies from the environment, custom CAs,
 * and counters for progress. It keeps no cookies, on purpose: Harbor demands CSRF tokens from any
 * client that sends its `sid` cookie back.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { Agent, EnvHttpProxyAgent } from 'undici';
import type { CollectedAnswer } from './answer-collector.js';
import { AnswerOverdue, AnswerTooLarge, collectAnswer } from './answer-collector.js';
import type { RetryPolicy } from './retry-policy.js';
import { DEFAULT_RETRY_POLICY, isRetryableError, isRetryableStatus, parseRetryAfter, retryDelay } from './retry-policy.js';
import { HttpError, displayUrl, statusError, transportError } from './http-error.js';
import type { HttpLimits } from './limits.js';
import { DEFAULT_LIMITS, DeadlineError, LimitError, limitText } from './limits.js';
import type { TlsSettings } from './tls-options.js';
import { connectOptions } from './tls-options.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface HttpClientOptions extends TlsSettings {
  baseUrl: string;
  credentials?: Credentials | null;
  /** Per attempt: time to the response headers, and between body chunks. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Use HTTP(S)_PROXY / NO_PROXY from the environment (default true). */
  proxyFromEnvironment?: boolean;
  userAgent?: string;
  /** Told about every retry, e.g. to show "retrying in 2 s" in progress. */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  /** Connections per origin (default 16); a caller with more requests in flight asks for as many. */
  connections?: number;
  /** Limits on what one server can make Taglock hold or wait for (see `limits.ts`). */
  limits?: Partial<HttpLimits>;
  /**
   * Origins of token services (realms) on another address that may receive the Basic credentials; by
   * default they go only to the registry's own origin (see bearer-auth.ts).
   */
  allowedTokenRealms?: readonly string[];
}

export interface HttpRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the base URL, or absolute (e.g. from a Link header). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Answers that are not errors (default: 2xx). */
  accept?: (status: number) => boolean;
  /** A smaller body limit for this request (e.g. manifests), in bytes. */
  maxBodyBytes?: number;
  /**
   * Authorization: the client's Basic credentials (the default for the registry's own origin), none
   * (the default elsewhere), or a bearer token.
   */
  auth?: 'basic' | 'none' | { bearer: string };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  url: URL;
}

export interface HttpStats {
  requests: number;
  retries: number;
  bytes: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const MAX_REDIRECTS = 5;

export class HttpClient {
  readonly baseUrl: URL;
  readonly stats: HttpStats = { requests: 0, retries: 0, bytes: 0 };
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  readonly limits: HttpLimits;
  /** When the operation this client serves must be over (ms since the epoch). */
  private readonly operationEnds: number;
  /** The Basic authorization header, made once (every request of a fetch sends it). */
  private readonly basicAuthorization: string | null;

  constructor(private readonly options: HttpClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    } catch {
      throw new HttpError('bad-input', `not a URL: ${JSON.stringify(options.baseUrl)}`, null);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new HttpError('bad-input', `only http and https URLs are supported, not ${base.protocol}`, null);
    if (base.username || base.password) throw new HttpError('bad-input', 'put credentials in the username and password fields, not in the URL', null);
    this.baseUrl = base;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.operationEnds = Date.now() + this.limits.operationDeadlineMs;
    const credentials = options.credentials;
    this.basicAuthorization = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : null;
    const connect = connectOptions(options);
    const agentOptions = { connect, connections: options.connections ?? 16, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs };
    // Through a proxy the registry's TLS runs inside the tunnel: it needs the same trust settings.
    this.dispatcher =
      options.proxyFromEnvironment === false ? new Agent(agentOptions) : new EnvHttpProxyAgent({ ...agentOptions, requestTls: connect });
  }

  get hasCredentials(): boolean {
    return Boolean(this.options.credentials);
  }

  get insecure(): boolean {
    return this.options.insecure === true;
  }

  /** Whether the connection allows sending its credentials to a token service at this origin. */
  allowsTokenRealm(origin: string): boolean {
    return origin === this.baseUrl.origin || (this.options.allowedTokenRealms ?? []).some((allowed) => {
      try {
        return new URL(allowed).origin === origin;
      } catch {
        return false;
      }
    });
  }

  resolve(path: string, query?: HttpRequest['query']): URL {
    const relative = path.startsWith('/') ? path.slice(1) : path;
    const search = query === undefined ? '' : queryString(query);
    // One parse for the common case (a path without a query of its own): setting searchParams entry by
    // entry serializes the URL again each time, and a fetch builds thousands of them.
    if (search !== '' && !relative.includes('?') && !relative.includes('#')) return new URL(`${relative}?${search}`, this.baseUrl);
    const url = new URL(relative, this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    let url = this.resolve(req.path, req.query);
    // Credentials go to the registry's own origin unless the caller asks otherwise (a token realm).
    let auth = req.auth ?? (url.origin === this.baseUrl.origin ? 'basic' : 'none');
    for (let redirects = 0; ; redirects++) {
      const response = await this.withRetries(method, url, req, auth);
      const location = response.headers.location;
      if (response.status >= 300 && response.status < 400 && typeof location === 'string' && (method === 'GET' || method === 'HEAD')) {
        if (redirects >= MAX_REDIRECTS) throw new HttpError('server', `${method} ${displayUrl(url)}: too many redirects`, response.status);
        const next = new URL(location, url);
        // Credentials go only to the origin they were given for.
        if (next.origin !== this.baseUrl.origin) auth = 'none';
        url = next;
        continue;
      }
      const accept = req.accept ?? ((status: number) => status >= 200 && status < 300);
      if (!accept(response.status)) throw statusError(response.status, response.body.toString('utf8'), method, url, this.secretsOf(auth));
      return response;
    }
  }

  /** GET (or another method) expecting a JSON answer; a wrong content type or broken JSON is an error. */
  async json<T>(req: HttpRequest): Promise<{ data: T; response: HttpResponse }> {
    const response = await this.request({ ...req, headers: { accept: 'application/json', ...req.headers } });
    const type = String(response.headers['content-type'] ?? '');
    const method = req.method ?? 'GET';
    if (!/json/i.test(type)) {
      throw new HttpError('server', `${method} ${displayUrl(response.url)}: expected JSON, got ${type || 'no content type'} (is this the registry's API, or a login page or proxy?)`, response.status);
    }
    try {
      return { data: JSON.parse(response.body.toString('utf8')) as T, response };
    } catch {
      throw new HttpError('server', `${method} ${displayUrl(response.url)}: the answer is not complete JSON (cut off?)`, response.status);
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private headersFor(req: HttpRequest, auth: HttpRequest['auth']): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'taglock', ...req.headers };
    if (auth === 'basic' && this.basicAuthorization !== null) {
      headers.authorization = this.basicAuthorization;
    } else if (typeof auth === 'object') {
      headers.authorization = `Bearer ${auth.bearer}`;
    }
    if (req.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    return headers;
  }

  /** What must never appear in a message: the password, its Basic form, a bearer token. */
  private secretsOf(auth: HttpRequest['auth']): string[] {
    const credentials = this.options.credentials;
    const secrets = credentials ? [credentials.password, Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')] : [];
    if (auth !== undefined && typeof auth === 'object') secrets.push(auth.bearer);
    return secrets;
  }

  private async withRetries(method: string, url: URL, req: HttpRequest, auth: HttpRequest['auth']): Promise<HttpResponse> {
    const retryable = IDEMPOTENT.has(method);
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse | null = null;
      let failure: unknown = null;
      try {
        response = await this.once(method, url, req, auth);
      } catch (error) {
        // A limit is final: asking again only makes the server send the same again.
        if (error instanceof LimitError || error instanceof DeadlineError) throw error;
        failure = error;
      }
      const canRetry = retryable && attempt < this.retry.retries && !req.signal?.aborted;
      if (response !== null && !(canRetry && isRetryableStatus(response.status))) return response;
      if (failure !== null && !(canRetry && isRetryableError(failure))) throw transportError(failure, method, url);
      const retryAfter = response ? parseRetryAfter(headerValue(response.headers['retry-after'])) : null;
      const delayMs = retryDelay(this.retry, attempt, retryAfter);
      const reason = response ? `HTTP ${response.status}` : String((failure as { code?: string }).code ?? 'connection failed');
      this.stats.retries++;
      this.options.onRetry?.({ url: displayUrl(url), attempt: attempt + 1, delayMs, reason });
      await sleep(delayMs, undefined, req.signal ? { signal: req.signal } : undefined).catch(() => {
        throw transportError(Object.assign(new Error('cancelled'), { name: 'AbortError' }), method, url);
      });
    }
  }

  private async once(method: string, url: URL, req: HttpRequest, auth: HttpRequest['auth']): Promise<HttpResponse> {
    const left = this.operationEnds - Date.now();
    if (left <= 0) throw new DeadlineError(`${this.describe(method, url)}: ${limitText('operationDeadlineMs', this.limits)}`);
    this.stats.requests++;
    const maxBytes = Math.min(req.maxBodyBytes ?? Infinity, this.limits.maxBodyBytes);
    // A total deadline per request: the per-chunk body timeout alone lets a trickling server hold us forever.
    const deadline = Math.min(this.limits.requestDeadlineMs, left);
    if (req.signal && !unlimitedSignals.has(req.signal)) {
      // One signal often serves every request of a fetch: as many listeners as requests in flight.
      setMaxListeners(0, req.signal);
      unlimitedSignals.add(req.signal);
    }
    let answer: CollectedAnswer;
    try {
      // undici never follows redirects at this level; request() above does, origin-aware.
      answer = await collectAnswer(
        this.dispatcher,
        {
          origin: url.origin,
          path: url.search ? `${url.pathname}${url.search}` : url.pathname,
          method: method as Dispatcher.HttpMethod,
          headers: this.headersFor(req, auth),
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          ...(req.body !== undefined ? { body: req.body } : {}),
        },
        { maxBytes, deadlineMs: deadline, signal: req.signal, counter: this.stats },
      );
    } catch (error) {
      // Worded only here: a fetch makes thousands of requests and almost all succeed.
      if (error instanceof AnswerTooLarge) {
        const limit = limitText(maxBytes < this.limits.maxBodyBytes ? 'maxManifestBytes' : 'maxBodyBytes', this.limits);
        throw new LimitError(
          error.announced === null
            ? `${this.describe(method, url)}: the answer is larger than ${limit}`
            : `${this.describe(method, url)}: the answer announces ${error.announced} bytes, more than ${limit}`,
        );
      }
      if (error instanceof AnswerOverdue) {
        const limit = deadline === left ? limitText('operationDeadlineMs', this.limits) : limitText('requestDeadlineMs', this.limits);
        throw new DeadlineError(`${this.describe(method, url)}: no complete answer within ${limit}`);
      }
      throw error;
    }
    const declaredLength = Number(headerValue(answer.headers['content-length']) ?? NaN);
    if (method !== 'HEAD' && Number.isFinite(declaredLength) && declaredLength !== answer.body.length) {
      throw Object.assign(new Error(`answer cut off: ${answer.body.length} of ${declaredLength} bytes`), { code: 'UND_ERR_SOCKET' });
    }
    return { status: answer.status, headers: answer.headers, body: answer.body, url };
  }

  private describe(method: string, url: URL): string {
    return `${method} ${displayUrl(url)}`;
  }
}

/** `a=1&b=two`, as URLSearchParams writes it; undefined values are left out. */
function queryString(query: NonNullable<HttpRequest['query']>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}

/** Signals already told to allow any number of listeners (telling them again costs on every request). */
const unlimitedSignals = new WeakSet<AbortSignal>();

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
