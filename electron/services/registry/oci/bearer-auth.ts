// Runs in Node.
/**
 * Docker registry token auth (https://distribution.github.io/distribution/spec/auth/token/): on a
 * `Bearer realm=...,service=...,scope=...` challenge, ask the realm for a token (with the HttpClient's
 * Basic credentials, if any), cache it per scope until `expires_in` runs out, and share one request
 * between callers that want the same scope at the same time.
 */
import type { HttpClient } from '../../http/http-client.js';
import { HttpError, displayUrl } from '../../http/http-error.js';
import type { BearerChallenge } from './www-authenticate.js';

/** The token spec's default lifetime when a token service gives none. */
const DEFAULT_EXPIRES_IN_S = 60;

interface CachedToken {
  token: string;
  /** ms since the epoch after which the token is not used any more (a little before it expires). */
  refreshAt: number;
}

export interface TokenResponse {
  token?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
}

export class BearerAuth {
  /** The realm and service of the last Bearer challenge: once known, tokens are fetched before requests. */
  challenge: BearerChallenge | null = null;
  /** Token requests sent (successful or not), for tests and diagnostics. */
  tokenRequests = 0;
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly http: HttpClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** A cached, still fresh token for this scope key. */
  cached(key: string): string | null {
    const entry = this.cache.get(key);
    if (!entry) return null;
    if (this.now() >= entry.refreshAt) {
      this.cache.delete(key);
      return null;
    }
    return entry.token;
  }

  /** Forgets a token the registry refused (only if nobody replaced it meanwhile). */
  invalidate(key: string, token: string): void {
    if (this.cache.get(key)?.token === token) this.cache.delete(key);
  }

  /**
   * A token for `key` (the scope the caller needs), asking for `scopes` (usually the same, plus what the
   * challenge named). Concurrent callers for one key share one request.
   */
  async token(key: string, scopes: readonly string[], challenge: BearerChallenge, signal?: AbortSignal): Promise<string> {
    const cached = this.cached(key);
    if (cached) return cached;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const promise = this.fetchToken(scopes, challenge, signal).then(
      ({ token, expiresInMs }) => {
        // Refresh a tenth of the lifetime (at most 10 s) early, so a token does not expire in flight.
        this.cache.set(key, { token, refreshAt: this.now() + expiresInMs - Math.min(10_000, expiresInMs / 10) });
        return token;
      },
    );
    this.pending.set(key, promise);
    try {
      return await promise;
    } finally {
      this.pending.delete(key);
    }
  }

  private realmUrl(challenge: BearerChallenge, scopes: readonly string[]): URL {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw new HttpError('server', `the registry names an invalid token service (realm ${JSON.stringify(challenge.realm.slice(0, 200))})`, null);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new HttpError('server', `the registry names a token service that is not http(s): ${displayUrl(realm)}`, null);
    }
    if (realm.username || realm.password) throw new HttpError('server', 'the registry names a token service URL with credentials in it; refusing it', null);
    if (this.http.hasCredentials) {
      // Credentials stay home: a realm elsewhere needs the connection's permission, and plain http the
      // connection's insecure flag (a registry can name any realm it likes).
      if (!this.http.allowsTokenRealm(realm.origin)) {
        throw new HttpError(
          'auth',
          `the registry asks to sign in at a token service on another address (${realm.origin}); Taglock sends your credentials only to ${this.http.baseUrl.origin} ` +
            `unless the connection allows that token service (in the app: the connection's Token services; on the command line: --token-realm ${realm.origin})`,
          null,
        );
      }
      // On the registry's own origin the realm gets what every request there gets anyway.
      if (realm.protocol === 'http:' && realm.origin !== this.http.baseUrl.origin && !this.http.insecure) {
        throw new HttpError('auth', `the registry sends sign-ins to an unencrypted token service (${displayUrl(realm)}); refusing to send credentials there unless the connection is marked insecure`, null);
      }
    }
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    for (const scope of scopes) realm.searchParams.append('scope', scope);
    return realm;
  }

  private async fetchToken(scopes: readonly string[], challenge: BearerChallenge, signal?: AbortSignal): Promise<{ token: string; expiresInMs: number }> {
    const url = this.realmUrl(challenge, scopes);
    const where = `token service ${displayUrl(`${url.origin}${url.pathname}`)}`;
    this.tokenRequests++;
    const response = await this.http.request({
      path: url.href,
      auth: 'basic',
      headers: { accept: 'application/json' },
      accept: (status) => (status >= 200 && status < 300) || status === 401 || status === 403,
      ...(signal ? { signal } : {}),
    });
    if (response.status === 401 || response.status === 403) {
      throw new HttpError(
        'auth',
        `the ${where} refused the sign-in (HTTP ${response.status}): wrong username or password, or this account may not sign in there`,
        response.status,
      );
    }
    let body: TokenResponse;
    try {
      body = JSON.parse(response.body.toString('utf8')) as TokenResponse;
    } catch {
      throw new HttpError('server', `the ${where} did not answer JSON (is the realm a token service?)`, response.status);
    }
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (token === '') throw new HttpError('server', `the ${where} answered without a token`, response.status);
    const expiresIn = typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0 ? body.expires_in : DEFAULT_EXPIRES_IN_S;
    return { token, expiresInMs: expiresIn * 1000 };
  }
}
