// Runs in Node.
/**
 * Opening a registry from what a user typed: a Harbor when the URL serves Harbor's API (/api/v2.0),
 * otherwise a plain OCI registry (read-only).
 */
import { badInput } from '../../../shared/errors.js';
import type { Credentials, HttpClientOptions } from '../http/http-client.js';
import { HttpClient } from '../http/http-client.js';
import { HttpError, cleanServerText, displayUrl } from '../http/http-error.js';
import { limitsFromEnvironment } from '../http/limits.js';
import { HarborClient } from './harbor/harbor-client.js';

export interface ConnectionSettings {
  url: string;
  username?: string | null;
  /** Held in memory only; never written by Taglock in plain text. */
  password?: string | null;
  caFile?: string | null;
  insecure?: boolean;
  timeoutMs?: number;
  /** Token services on another address that may receive the credentials (see bearer-auth.ts). */
  allowedTokenRealms?: readonly string[];
}

export function httpClientFor(settings: ConnectionSettings, extra: Partial<HttpClientOptions> = {}): HttpClient {
  let credentials: Credentials | null = null;
  if (settings.username) {
    if (settings.password === undefined || settings.password === null) {
      throw badInput(`a password or secret is needed for ${settings.username} (--password-stdin or TAGLOCK_PASSWORD)`);
    }
    credentials = { username: settings.username, password: settings.password };
  }
  return new HttpClient({
    baseUrl: settings.url,
    credentials,
    caFile: settings.caFile ?? null,
    insecure: settings.insecure === true,
    allowedTokenRealms: settings.allowedTokenRealms ?? [],
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    limits: limitsFromEnvironment(),
    ...extra,
  });
}

function quoteAnswer(body: Buffer): string {
  return JSON.stringify(cleanServerText(body.toString('utf8')));
}

/**
 * Whether the URL serves Harbor, judged by what /api/v2.0/systeminfo answers (Harbor answers it to
 * anyone, with `auth_mode` in its JSON):
 * - Harbor's JSON: true;
 * - 404 (a plain registry has no such path), or 401/403 with no JSON (a registry that guards every
 *   path): false;
 * - anything else (a 5xx after retries, a web page, JSON that is not Harbor's): an error naming the URL
 *   and the answer, never a silent switch to the plain-registry path.
 */
export async function isHarbor(http: HttpClient, signal?: AbortSignal): Promise<boolean> {
  const response = await http.request({
    path: 'api/v2.0/systeminfo',
    accept: () => true,
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  const where = `GET ${displayUrl(response.url)}`;
  const json = /json/i.test(String(response.headers['content-type'] ?? ''));
  if (response.status === 404 || ((response.status === 401 || response.status === 403) && !json)) return false;
  if (response.status !== 200) {
    throw new HttpError('server', `${where} answered HTTP ${response.status} ${quoteAnswer(response.body)}: cannot tell whether this is Harbor (try again, or give --kind)`, response.status);
  }
  if (!json) {
    throw new HttpError(
      'server',
      `${where} answered a ${String(response.headers['content-type'] ?? 'untyped')} page instead of Harbor's JSON ${quoteAnswer(response.body)}: a login page or proxy in the way? (give --kind oci for a plain registry)`,
      response.status,
    );
  }
  let info: unknown;
  try {
    info = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new HttpError('server', `${where} answered broken JSON ${quoteAnswer(response.body)}`, response.status);
  }
  if (info === null || typeof info !== 'object' || !('auth_mode' in info || 'harbor_version' in info)) {
    throw new HttpError('server', `${where} answered JSON that is not Harbor's system information ${quoteAnswer(response.body)}`, response.status);
  }
  return true;
}

export async function openHarbor(settings: ConnectionSettings, extra: Partial<HttpClientOptions> = {}): Promise<HarborClient> {
  const http = httpClientFor(settings, extra);
  if (!(await isHarbor(http))) {
    await http.close();
    throw badInput(`${settings.url} does not serve Harbor's API (/api/v2.0): rules can only be read and published on Harbor`);
  }
  return new HarborClient(http);
}
