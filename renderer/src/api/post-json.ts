// Runs in the browser (renderer).
/**
 * One JSON POST to the browser host, its answer read as a CallResult. The host answers refusals as
 * CallResults too (`{ok:false, error:{code, message}}`), so a refusal reaches the UI with the host's own
 * words; only an answer that is not one is described here from its HTTP status.
 */
import type { CallResult } from '../../../shared/contract/api.js';
import type { ErrorCode, ErrorData } from '../../../shared/errors.js';
import { keepSpareCopy } from './spare-copies.js';

/** What a page without a usable session token is told, whatever it tried. */
export const NO_ACCESS_MESSAGE =
  "This tab has no access to Taglock's local service: open the link Taglock printed when it started. Each link works once; for another tab, start Taglock again.";

const STATUS_CODES: Record<number, ErrorCode> = { 400: 'bad-input', 401: 'auth', 403: 'forbidden', 404: 'not-found', 409: 'conflict' };

export function failure(code: ErrorCode, message: string): CallResult<unknown> {
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

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

/** One JSON POST to the host, answered as a CallResult: the host sends its refusals as CallResults too. */
export async function postJson(fetch: FetchLike, url: string, headers: Record<string, string>, body: unknown): Promise<CallResult<unknown>> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  } catch (error) {
    return failure('network', `Taglock's local service did not answer (${error instanceof Error ? error.message : String(error)}). Is it still running?`);
  }
  return answerOf(response);
}

/** A host's answer read as a CallResult: its own, or one told from the HTTP status. */
async function answerOf(response: { status: number; text(): Promise<string> }): Promise<CallResult<unknown>> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return failure('network', 'The answer of Taglock\'s local service was cut off.');
  }
  return answerOfText(response.status, text);
}

/** A host's answer, read whole, as a CallResult: its own, or one told from the HTTP status. */
function answerOfText(status: number, text: string): CallResult<unknown> {
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = asCallResult(parsed);
  if (result !== null) return result;
  if (status === 401 || status === 403) return failure('auth', NO_ACCESS_MESSAGE);
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'server' : 'internal');
  return failure(code, `Taglock's local service answered HTTP ${status} without a usable result.`);
}

export type UploadFetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: Blob }) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * A file sent as the body of one POST: the browser reads a file's body from disk as it sends it, so a
 * file of any size goes without being held in the page. Answered as a CallResult.
 */
export async function postFile(fetch: UploadFetchLike, url: string, headers: Record<string, string>, file: Blob, contentType: string): Promise<CallResult<unknown>> {
  let response: Awaited<ReturnType<UploadFetchLike>>;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body: file });
  } catch (error) {
    return failure('network', `Taglock's local service did not answer (${error instanceof Error ? error.message : String(error)}). Is it still running?`);
  }
  return answerOf(response);
}

export type BinaryFetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  body: ResponseBody | null;
}>;

/** The part of a response body's ReadableStream read here: its default reader, and its BYOB reader (byte streams only, as fetch's are). */
interface ResponseBody {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> };
  getReader(options: { mode: 'byob' }): ByobReader;
}

interface ByobReader {
  read(view: Uint8Array<ArrayBuffer>): Promise<{ done: boolean; value?: Uint8Array<ArrayBuffer> }>;
  cancel(): Promise<void>;
}

/**
 * Up to this size an answer is taken whole (one copy, a few milliseconds). Larger ones are read chunk by
 * chunk into one buffer, since arrayBuffer() copies a 100 MB answer in one long task; Chromium's
 * DevTools protocol reports a body read that way as an aborted request, so small answers are not.
 */
const WHOLE_BODY_BYTES = 8 * 1024 * 1024;

function announcedLength(response: Awaited<ReturnType<BinaryFetchLike>>): number {
  const length = Number(response.headers.get('content-length'));
  return Number.isSafeInteger(length) ? length : 0;
}

/** How a large answer is kept: alone, with a spare copy for a worker, or in memory shared with workers. */
export type BodyKeeping = 'alone' | 'spare' | 'shared';

/**
 * The body read chunk by chunk into one buffer of the announced length: `arrayBuffer()` would copy a
 * large body into a new buffer in one main-thread task (over a second at 110 MB on a busy machine);
 * chunk by chunk the work is spread over many short tasks. With 'spare', each chunk is written into a
 * spare copy too (spare-copies.ts), while the thread waits for the next one anyway; with 'shared', the
 * one buffer is a SharedArrayBuffer, which a worker is handed without any copy. Null when the length is
 * not announced or the body does not match it.
 */
async function readAnnouncedBody(response: Awaited<ReturnType<BinaryFetchLike>>, keeping: BodyKeeping): Promise<ArrayBuffer | SharedArrayBuffer | null> {
  const length = Number(response.headers.get('content-length'));
  if (response.body === null || !Number.isSafeInteger(length) || length < 0) return null;
  if (keeping === 'shared') {
    const shared = new SharedArrayBuffer(length);
    return (await copyChunks(response.body, new Uint8Array(shared), null)) ? shared : null;
  }
  const spare = keeping === 'spare' ? new Uint8Array(length) : null;
  const byob = byobReaderOf(response.body);
  let bytes: ArrayBuffer | null;
  if (byob !== null) bytes = await readInto(byob, length, spare);
  else {
    const target = new Uint8Array(length);
    bytes = (await copyChunks(response.body, target, spare)) ? target.buffer : null;
  }
  if (bytes !== null && spare !== null) keepSpareCopy(bytes, spare.buffer);
  return bytes;
}

function byobReaderOf(body: ResponseBody): ByobReader | null {
  try {
    return body.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream (a body made by hand): read as chunks of its own.
    return null;
  }
}

/**
 * Straight into the answer's buffer: the network's bytes are written where they stay, with no buffer
 * made per chunk and no copy (on a machine where every freshly touched page costs, each 100 MB copy
 * costs a good part of a second). The buffer moves with every read (a BYOB read transfers it) and comes
 * back in the answer.
 */
async function readInto(reader: ByobReader, length: number, spare: Uint8Array | null): Promise<ArrayBuffer | null> {
  let buffer = new ArrayBuffer(length);
  let at = 0;
  while (at < length) {
    const { done, value } = await reader.read(new Uint8Array(buffer, at, length - at));
    if (done || value === undefined) return null;
    buffer = value.buffer;
    spare?.set(value, at);
    at += value.byteLength;
  }
  return (await endsHere(reader)) ? buffer : null;
}

/** Nothing may follow what was announced. */
async function endsHere(reader: ByobReader): Promise<boolean> {
  const { done } = await reader.read(new Uint8Array(1));
  if (!done) void reader.cancel();
  return done;
}

/** A BYOB read's buffer, used again for every chunk: no memory is freshly touched per chunk. */
const SCRATCH_BYTES = 2 * 2 ** 20;

/** Every chunk copied into `target` (and `spare`); false when the body is longer or shorter than `target`. */
async function copyChunks(body: ResponseBody, target: Uint8Array, spare: Uint8Array | null): Promise<boolean> {
  let at = 0;
  const take = (chunk: Uint8Array): boolean => {
    if (at + chunk.length > target.length) return false;
    target.set(chunk, at);
    spare?.set(chunk, at);
    at += chunk.length;
    return true;
  };
  const byob = byobReaderOf(body);
  if (byob !== null) {
    let scratch = new ArrayBuffer(SCRATCH_BYTES);
    while (at < target.length) {
      const { done, value } = await byob.read(new Uint8Array(scratch, 0, Math.min(SCRATCH_BYTES, target.length - at)));
      if (done || value === undefined || !take(value)) return false;
      scratch = value.buffer;
    }
    return endsHere(byob);
  }
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return at === target.length;
    if (value === undefined || !take(value)) return false;
  }
}

/**
 * One call of a method answering bytes: its bytes when the host sends `contentType`, otherwise the
 * host's CallResult (a failure, or a refusal) read from the JSON it sent instead. `keeping`: how a large
 * answer is kept as it arrives (readAnnouncedBody); bytes a worker gets too are kept 'shared' where the
 * page may share memory, 'spare' otherwise.
 */
export async function postForBytes(fetch: BinaryFetchLike, url: string, headers: Record<string, string>, body: unknown, contentType: string, options: { keeping?: BodyKeeping } = {}): Promise<CallResult<unknown>> {
  let response: Awaited<ReturnType<BinaryFetchLike>>;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  } catch (error) {
    return failure('network', `Taglock's local service did not answer (${error instanceof Error ? error.message : String(error)}). Is it still running?`);
  }
  const isBytes = response.status === 200 && response.headers.get('content-type') === contentType;
  const cutOff = failure('network', 'The answer of Taglock\'s local service was cut off.');
  try {
    if (!isBytes) return answerOfText(response.status, new TextDecoder().decode(await response.arrayBuffer()));
    const bytes = announcedLength(response) > WHOLE_BODY_BYTES ? await readAnnouncedBody(response, options.keeping ?? 'alone') : await response.arrayBuffer();
    return bytes === null ? cutOff : { ok: true, value: bytes };
  } catch {
    return cutOff;
  }
}
