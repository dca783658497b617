// Runs in the browser (renderer).
/**
 * How a page in the browser gets its session with the host. The URL the host prints carries no session
 * token, only a one-time launch code (`#code=…`), because the browser keeps that URL in its history and
 * session files. The page removes the code from the address bar at once and trades it for the token
 * (`POST /api/session`); from then on the code is worthless. The token is kept in memory and in this
 * tab's session storage, so reloading the tab still reaches the same host run without the code (session
 * storage is per tab and per origin, and a new host run has a new token anyway).
 */
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionRequest } from '../../../shared/contract/transport-names.js';
import { LAUNCH_CODE_PARAM, SESSION_PATH } from '../../../shared/contract/transport-names.js';
import type { FetchLike } from './post-json.js';
import { NO_ACCESS_MESSAGE, postJson } from './post-json.js';

/** The page's access to the host: the session token, or why there is none (every call answers it). */
export type Session = { ok: true; token: string } | { ok: false; error: ErrorData };

/** The launch code in a URL fragment such as `#code=abc` or `#a=1&code=abc`; null when there is none. */
export function launchCodeFromHash(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return null;
  const code = new URLSearchParams(text).get(LAUNCH_CODE_PARAM);
  return code === null || code === '' ? null : code;
}

/** The fragment with the launch code removed ('' when nothing else was in it). */
export function hashWithoutLaunchCode(hash: string): string {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(text);
  if (!params.has(LAUNCH_CODE_PARAM)) return hash;
  params.delete(LAUNCH_CODE_PARAM);
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}

export interface LocationLike {
  pathname: string;
  search: string;
  hash: string;
}

export interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
  readonly state: unknown;
}

/**
 * Reads the launch code from the fragment and scrubs it from the address bar (history.replaceState, so
 * no new history entry and no reload). Returns null when the page carries none.
 */
export function takeLaunchCode(location: LocationLike, history: HistoryLike): string | null {
  const code = launchCodeFromHash(location.hash);
  if (code !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}${hashWithoutLaunchCode(location.hash)}`);
  return code;
}

/** The tab's session storage (or anything shaped like it). */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const TAB_TOKEN_KEY = 'taglock.token';

function readTab(tab: TabStorage | null): string | null {
  try {
    return tab?.getItem(TAB_TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

function writeTab(tab: TabStorage | null, token: string): void {
  try {
    tab?.setItem(TAB_TOKEN_KEY, token);
  } catch {
    // Without session storage a reload finds no token, and the page says to start Taglock again.
  }
}

function grantedToken(value: unknown): string | null {
  const token = typeof value === 'object' && value !== null ? (value as { token?: unknown }).token : undefined;
  return typeof token === 'string' && token !== '' ? token : null;
}

export interface SessionOptions {
  location: LocationLike;
  history: HistoryLike;
  tab: TabStorage | null;
  fetch: FetchLike;
  /** Origin or prefix to put before /api/…; '' for the page's own origin. */
  base?: string;
}

/**
 * The page's session with the host. A launch code in the address bar is scrubbed at once (before this
 * returns its promise) and traded for the token, which the tab keeps; without a code, the token the tab
 * kept earlier serves (a reload). A refused code falls back to a kept token too: the tab has already
 * traded it (the link opened again in the same tab).
 */
export function startSession(options: SessionOptions): Promise<Session> {
  const code = takeLaunchCode(options.location, options.history);
  const kept = readTab(options.tab);
  if (code === null) return Promise.resolve(kept === null ? { ok: false, error: { code: 'auth', message: NO_ACCESS_MESSAGE } } : { ok: true, token: kept });
  const request: SessionRequest = { code };
  return postJson(options.fetch, `${options.base ?? ''}${SESSION_PATH}`, {}, request).then((answer): Session => {
    const token = answer.ok ? grantedToken(answer.value) : null;
    if (token !== null) {
      writeTab(options.tab, token);
      return { ok: true, token };
    }
    if (kept !== null) return { ok: true, token: kept };
    return { ok: false, error: answer.ok ? { code: 'internal', message: "Taglock's local service granted no session token." } : answer.error };
  });
}
