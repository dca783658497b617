// Runs in the browser (renderer).
/**
 * How the UI reaches the Node side. Two shapes, one contract (shared/contract/api.ts):
 *
 * - Electron: the preload exposes `window.taglock = { invoke(method, args), onEvent(listener) }`.
 * - Browser host: `POST /api/call` with `{ method, args }` and the header `X-Taglock-Token`, answering a
 *   CallResult; events as Server-Sent Events from `GET /api/events?token=…`, one TaglockEvent per `data:`.
 *
 * The host hands the token in the page URL fragment (`#token=…`). It is read once at start-up and removed
 * from the address bar so it is not bookmarked, shared or kept in history; it is kept in memory and in
 * this tab's session storage, so reloading the tab still reaches the same host run (session storage is
 * per tab and per origin, and a new host run has a new token anyway).
 */
import type { CallResult, MethodName, TaglockEvent } from '../../../shared/contract/api.js';
import type { ErrorCode, ErrorData } from '../../../shared/errors.js';
import type { Transport } from '../../../shared/contract/client.js';

/** What the Electron preload exposes. */
export interface TaglockBridge {
  invoke(method: string, args: unknown[]): Promise<CallResult<unknown>>;
  onEvent(listener: (event: TaglockEvent) => void): () => void;
}

declare global {
  interface Window {
    taglock?: TaglockBridge;
  }
}

export const TOKEN_HEADER = 'X-Taglock-Token';
export const CALL_PATH = '/api/call';
export const EVENTS_PATH = '/api/events';

/** The token in a URL fragment such as `#token=abc` or `#a=1&token=abc`; null when there is none. */
export function tokenFromHash(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return null;
  const token = new URLSearchParams(text).get('token');
  return token === null || token === '' ? null : token;
}

/** The fragment with the token removed ('' when nothing else was in it). */
export function hashWithoutToken(hash: string): string {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const params = new URLSearchParams(text);
  if (!params.has('token')) return hash;
  params.delete('token');
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
 * Reads the token from the fragment once and scrubs it from the address bar (history.replaceState, so
 * no new history entry and no reload). Returns null when the page carries none.
 */
export function takeTokenFromLocation(location: LocationLike, history: HistoryLike, tab: TabStorage | null = null): string | null {
  const token = tokenFromHash(location.hash);
  if (token === null) return readTab(tab);
  history.replaceState(history.state, '', `${location.pathname}${location.search}${hashWithoutToken(location.hash)}`);
  try {
    tab?.setItem(TAB_TOKEN_KEY, token);
  } catch {
    // Without session storage a reload needs the link again, as before.
  }
  return token;
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

function sessionStorageOf(win: Window): TabStorage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

const STATUS_CODES: Record<number, ErrorCode> = { 400: 'bad-input', 401: 'auth', 403: 'forbidden', 404: 'not-found', 409: 'conflict' };

function failure(code: ErrorCode, message: string): CallResult<unknown> {
  return { ok: false, error: { code, message } };
}

function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/** A parsed answer body as a CallResult, or null when it is not one. */
export function asCallResult(value: unknown): CallResult<unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.ok === true && 'value' in v) return { ok: true, value: v.value };
  if (v.ok === false && isErrorData(v.error)) return { ok: false, error: v.error };
  return null;
}

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

/** The part of EventSource the transport uses. */
export interface EventSourceLike {
  onmessage: ((event: { data: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  token: string | null;
  /** Origin or prefix to put before /api/…; '' for the page's own origin. */
  base?: string;
  fetch: FetchLike;
  createEventSource: (url: string) => EventSourceLike;
  /** Called for a `data:` line that is not a TaglockEvent (ignored otherwise). */
  onBadEvent?: (data: string) => void;
}

function isEvent(value: unknown): value is TaglockEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'fetch-progress' || type === 'fetch-done' || type === 'fetch-failed' || type === 'apply-step';
}

/** The browser host's transport: JSON calls over fetch, events over one shared EventSource. */
export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.base ?? '';
  const listeners = new Set<(event: TaglockEvent) => void>();
  let source: EventSourceLike | null = null;

  const open = () => {
    const query = options.token === null ? '' : `?token=${encodeURIComponent(options.token)}`;
    source = options.createEventSource(`${base}${EVENTS_PATH}${query}`);
    source.onmessage = (message) => {
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        options.onBadEvent?.(message.data);
        return;
      }
      if (!isEvent(event)) {
        options.onBadEvent?.(message.data);
        return;
      }
      for (const listener of [...listeners]) listener(event);
    };
    // EventSource reconnects by itself after a network error; nothing to do here.
    source.onerror = () => undefined;
  };

  return {
    async call(method: MethodName, args: unknown[]): Promise<CallResult<unknown>> {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (options.token !== null) headers[TOKEN_HEADER] = options.token;
      let response: Awaited<ReturnType<FetchLike>>;
      try {
        response = await options.fetch(`${base}${CALL_PATH}`, { method: 'POST', headers, body: JSON.stringify({ method, args }) });
      } catch (error) {
        return failure('network', `Taglock's local service did not answer (${error instanceof Error ? error.message : String(error)}). Is it still running?`);
      }
      let text = '';
      try {
        text = await response.text();
      } catch {
        return failure('network', 'The answer of Taglock\'s local service was cut off.');
      }
      let parsed: unknown = undefined;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const result = asCallResult(parsed);
      if (result !== null) return result;
      if (response.status === 401 || response.status === 403) {
        return failure('auth', 'This page is not allowed to talk to Taglock\'s local service: open it again from the link Taglock printed (the access token is missing or old).');
      }
      const code = STATUS_CODES[response.status] ?? (response.status >= 500 ? 'server' : 'internal');
      return failure(code, `Taglock's local service answered HTTP ${response.status} without a usable result.`);
    },
    subscribe(listener: (event: TaglockEvent) => void): () => void {
      listeners.add(listener);
      if (source === null) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source !== null) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/** The Electron preload's transport. */
export function createBridgeTransport(bridge: TaglockBridge): Transport {
  return {
    async call(method, args) {
      try {
        const result = asCallResult(await bridge.invoke(method, args));
        return result ?? failure('internal', `The desktop shell gave no usable answer to ${method}.`);
      } catch (error) {
        return failure('internal', `The desktop shell failed on ${method}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    subscribe(listener) {
      return bridge.onEvent(listener);
    },
  };
}

/** The transport for this page: the preload's bridge in Electron, otherwise the browser host's HTTP API. */
export function createTransport(win: Window = window): Transport {
  if (win.taglock) return createBridgeTransport(win.taglock);
  const token = takeTokenFromLocation(win.location, win.history, sessionStorageOf(win));
  return createHttpTransport({
    token,
    fetch: (url, init) => win.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
    createEventSource: (url) => new EventSource(url) as unknown as EventSourceLike,
  });
}
