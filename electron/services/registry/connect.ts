// Runs in Node.
/**
 * Opening a registry from what a user typed: a Harbor when the URL serves Harbor's API (/api/v2.0),
 * otherwise a plain OCI registry (read-only).
 */
import { badInput } from '../../../shared/errors.js';
import type { Credentials, HttpClientOptions } from '../http/http-client.js';
import { HttpClient } from '../http/http-client.js';
import { HarborClient } from './harbor/harbor-client.js';

export interface ConnectionSettings {
  url: string;
  username?: string | null;
  /** Held in memory only; never written by Taglock in plain text. */
  password?: string | null;
  caFile?: string | null;
  insecure?: boolean;
  timeoutMs?: number;
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
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...extra,
  });
}

/** True when the URL answers Harbor's /api/v2.0/systeminfo with JSON. */
export async function isHarbor(http: HttpClient, signal?: AbortSignal): Promise<boolean> {
  const response = await http.request({
    path: 'api/v2.0/systeminfo',
    accept: () => true,
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  return response.status === 200 && /json/i.test(String(response.headers['content-type'] ?? ''));
}

export async function openHarbor(settings: ConnectionSettings, extra: Partial<HttpClientOptions> = {}): Promise<HarborClient> {
  const http = httpClientFor(settings, extra);
  if (!(await isHarbor(http))) {
    await http.close();
    throw badInput(`${settings.url} does not serve Harbor's API (/api/v2.0): rules can only be read and published on Harbor`);
  }
  return new HarborClient(http);
}
