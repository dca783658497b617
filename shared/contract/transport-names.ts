// Runs anywhere (pure).
/**
 * The names both sides of a transport must spell alike, defined once: the Electron bridge and its IPC
 * channels, and the browser host's paths, header and URL parameters. A side that spelled one on its own
 * would still compile and only fail at run time, when the other side does not answer.
 *
 * The sandboxed preload can require nothing but 'electron', so it cannot import these values; it
 * imports their types instead (`const channel: InvokeChannel = 'taglock:invoke'`), and the compiler
 * refuses any other spelling there.
 */
import type { CallResult, MethodName, Result, TaglockEvent } from './api.js';

/** What the Electron preload exposes to the page as `window[BRIDGE_NAME]`. */
export interface TaglockBridge {
  invoke(method: string, args: unknown[]): Promise<CallResult<unknown>>;
  onEvent(listener: (event: TaglockEvent) => void): () => void;
}

export const BRIDGE_NAME = 'taglock';
export type BridgeName = typeof BRIDGE_NAME;

/** Page → main process: one call, answered with a CallResult. */
export const INVOKE_CHANNEL = 'taglock:invoke';
export type InvokeChannel = typeof INVOKE_CHANNEL;
/** Main process → page: every TaglockEvent. */
export const EVENT_CHANNEL = 'taglock:event';
export type EventChannel = typeof EVENT_CHANNEL;

/** Browser host: `POST {method, args}` → CallResult. */
export const CALL_PATH = '/api/call';
/**
 * Browser host: `POST {method, args}` for a method answering binary (BINARY_METHODS) → its bytes as
 * `application/octet-stream`, or a JSON CallResult when it fails. Over Electron IPC the same methods
 * answer through INVOKE_CHANNEL (an ArrayBuffer survives structured cloning).
 */
export const BINARY_CALL_PATH = '/api/binary';
/** What BINARY_CALL_PATH answers a successful call with. */
export const BINARY_CONTENT_TYPE = 'application/octet-stream';
/**
 * Browser host: `POST` a snapshot file as the body (BINARY_CONTENT_TYPE), its name in IMPORT_NAME_PARAM
 * → CallResult<SnapshotSummary>. Streamed to disk, for files too large for a JSON call.
 */
export const IMPORT_PATH = '/api/import';
export const IMPORT_NAME_PARAM = 'name';
/** Browser host: the server-sent event stream, one TaglockEvent per `data:` record. */
export const EVENTS_PATH = '/api/events';
/** Browser host: `POST SessionRequest` → CallResult<SessionGrant>; trades the one-time launch code for the session token. */
export const SESSION_PATH = '/api/session';

/** Carries the session token on calls (lower case: Node reports header names that way). */
export const TOKEN_HEADER = 'x-taglock-token';
/** Carries the session token on the event stream, whose EventSource cannot set headers. */
export const EVENTS_TOKEN_PARAM = 'token';
/** Carries the one-time launch code in the fragment of the URL the host prints. */
export const LAUNCH_CODE_PARAM = 'code';

export interface SessionRequest {
  code: string;
}

export interface SessionGrant {
  token: string;
}

/** The methods whose result is bytes (an ArrayBuffer, or shared memory): derived from the contract, so none can be forgotten. */
export type BinaryMethod = { [M in MethodName]: Result<M> extends ArrayBuffer | SharedArrayBuffer ? M : never }[MethodName];
const BINARY_METHODS: Readonly<Record<BinaryMethod, true>> = { loadSnapshotIndex: true, exportSnapshot: true };

/** Whether a method answers binary (and so goes over BINARY_CALL_PATH, not CALL_PATH). */
export function isBinaryMethod(method: unknown): method is BinaryMethod {
  return typeof method === 'string' && Object.hasOwn(BINARY_METHODS, method);
}

/** Every event type, once; a Record so the compiler insists on exactly the members of TaglockEvent. */
const EVENT_TYPES: Readonly<Record<TaglockEvent['type'], true>> = {
  'fetch-progress': true,
  'fetch-done': true,
  'fetch-failed': true,
  'apply-step': true,
};

/** Whether a value received from the other side carries a known event type. */
export function hasEventType(value: unknown): value is TaglockEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && Object.hasOwn(EVENT_TYPES, type);
}
