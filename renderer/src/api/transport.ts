// Runs in the browser (renderer).
/**
 * How the UI reaches the Node side. Two shapes, one contract (shared/contract/api.ts), with the names
 * both sides spell alike in shared/contract/transport-names.ts:
 *
 * - Electron: the preload exposes `window.taglock = { invoke(method, args), onEvent(listener) }`.
 * - Browser host: `POST /api/call` with `{ method, args }` and the session token in a header, answering a
 *   CallResult (methods answering bytes go to `/api/binary`, answered as application/octet-stream); events as Server-Sent Events from `GET /api/events?token=…`, one TaglockEvent per `data:`.
 *   The token comes from the page's session (session.ts: a one-time launch code traded for it).
 */
import type { CallResult, MethodName, TaglockEvent } from '../../../shared/contract/api.js';
import type { Transport } from '../../../shared/contract/client.js';
import type { TaglockBridge } from '../../../shared/contract/transport-names.js';
import {
  BINARY_CALL_PATH,
  BINARY_CONTENT_TYPE,
  BRIDGE_NAME,
  CALL_PATH,
  EVENTS_PATH,
  EVENTS_TOKEN_PARAM,
  TOKEN_HEADER,
  IMPORT_NAME_PARAM,
  IMPORT_PATH,
  hasEventType,
  isBinaryMethod,
} from '../../../shared/contract/transport-names.js';
import type { SnapshotSummary } from '../../../shared/contract/api.js';
import { TaglockError } from '../../../shared/errors.js';
import type { BinaryFetchLike, FetchLike, UploadFetchLike } from './post-json.js';
import { asCallResult, failure, postFile, postForBytes, postJson } from './post-json.js';
import type { Session, TabStorage } from './session.js';
import { startSession } from './session.js';

declare global {
  interface Window {
    [BRIDGE_NAME]?: TaglockBridge;
  }
}

/** The part of EventSource the transport uses. */
export interface EventSourceLike {
  onmessage: ((event: { data: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** Every call and the event stream wait for it; without a session, calls answer its error. */
  session: Promise<Session>;
  /** Origin or prefix to put before /api/…; '' for the page's own origin. */
  base?: string;
  fetch: FetchLike;
  /** For the methods answering bytes (BINARY_METHODS); without it they fail. */
  fetchBinary?: BinaryFetchLike;
  /** For streamed snapshot imports; without it there are none. */
  upload?: UploadFetchLike;
  createEventSource: (url: string) => EventSourceLike;
  /** Called for a `data:` line that is not a TaglockEvent (ignored otherwise). */
  onBadEvent?: (data: string) => void;
  /** Whether the page may share memory with its workers; defaults to asking the page (canShareMemory). */
  canShareMemory?: () => boolean;
}

/**
 * A page isolated from other origins (the host's opener and embedder policies) may share memory with its
 * workers: an opened snapshot's bytes are then held once, in a SharedArrayBuffer, instead of copied.
 */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Imports a snapshot file as it is read from disk, without a whole-file string in the page. */
export type SnapshotUploader = (fileName: string, file: Blob) => Promise<SnapshotSummary>;

/** A transport, and the streamed import where it has one (the browser host; not the desktop shell). */
export interface PageTransport extends Transport {
  uploadSnapshot: SnapshotUploader | null;
}

/** The browser host's transport: JSON calls over fetch, events over one shared EventSource. */
export function createHttpTransport(options: HttpTransportOptions): PageTransport {
  const base = options.base ?? '';
  const listeners = new Set<(event: TaglockEvent) => void>();
  let source: EventSourceLike | null = null;
  let opening = false;

  const open = (token: string) => {
    source = options.createEventSource(`${base}${EVENTS_PATH}?${EVENTS_TOKEN_PARAM}=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        options.onBadEvent?.(message.data);
        return;
      }
      if (!hasEventType(event)) {
        options.onBadEvent?.(message.data);
        return;
      }
      for (const listener of [...listeners]) listener(event);
    };
    // EventSource reconnects by itself after a network error; nothing to do here.
    source.onerror = () => undefined;
  };

  const openOnceSessionIsReady = () => {
    if (source !== null || opening) return;
    opening = true;
    void options.session.then((session) => {
      opening = false;
      // Every listener may have left meanwhile; and without a session the stream would only be refused.
      if (listeners.size > 0 && source === null && session.ok) open(session.token);
    });
  };

  const upload = options.upload;
  return {
    uploadSnapshot:
      upload === undefined
        ? null
        : async (fileName, file) => {
            const session = await options.session;
            if (!session.ok) throw new TaglockError(session.error.code, session.error.message);
            const url = `${base}${IMPORT_PATH}?${new URLSearchParams({ [IMPORT_NAME_PARAM]: fileName }).toString()}`;
            const result = await postFile(upload, url, { [TOKEN_HEADER]: session.token }, file, BINARY_CONTENT_TYPE);
            if (!result.ok) throw new TaglockError(result.error.code, result.error.message);
            return result.value as SnapshotSummary;
          },
    async call(method: MethodName, args: unknown[]): Promise<CallResult<unknown>> {
      const session = await options.session;
      if (!session.ok) return { ok: false, error: session.error };
      if (isBinaryMethod(method)) {
        if (options.fetchBinary === undefined) return failure('internal', `${method} answers binary, which this transport cannot receive.`);
        // An opened snapshot's bytes go to the simulation worker too (sim/encoded-indexes.ts); an export's go nowhere else.
        const keeping = method !== 'loadSnapshotIndex' ? 'alone' : (options.canShareMemory ?? canShareMemory)() ? 'shared' : 'spare';
        return postForBytes(options.fetchBinary, `${base}${BINARY_CALL_PATH}`, { [TOKEN_HEADER]: session.token }, { method, args }, BINARY_CONTENT_TYPE, { keeping });
      }
      return postJson(options.fetch, `${base}${CALL_PATH}`, { [TOKEN_HEADER]: session.token }, { method, args });
    },
    subscribe(listener: (event: TaglockEvent) => void): () => void {
      listeners.add(listener);
      openOnceSessionIsReady();
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
export function createBridgeTransport(bridge: TaglockBridge): PageTransport {
  return {
    uploadSnapshot: null,
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

function sessionStorageOf(win: Window): TabStorage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * The transport for this page: the preload's bridge in Electron, otherwise the browser host's HTTP API
 * (the launch code leaves the address bar before this returns).
 */
export function createTransport(win: Window = window): PageTransport {
  const bridge = win[BRIDGE_NAME];
  if (bridge) return createBridgeTransport(bridge);
  const fetch: FetchLike = (url, init) => win.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' });
  return createHttpTransport({
    session: startSession({ location: win.location, history: win.history, tab: sessionStorageOf(win), fetch }),
    fetch,
    fetchBinary: (url, init) => win.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
    upload: (url, init) => win.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
    createEventSource: (url) => new EventSource(url) as unknown as EventSourceLike,
  });
}
