// Runs in Node.
/**
 * The endpoints of the wire protocol (names in shared/contract/transport-names.ts):
 * - `POST /api/session` `{code}` → 200 `{ok:true, value:{token}}`: trades the one-time launch code of the
 *   printed URL for this run's session token; a spent, expired or wrong code gets 401 `auth`;
 * - `POST /api/call` `{method, args}` → 200 with the dispatcher's CallResult (errors as data);
 * - `POST /api/binary` `{method, args}` for a method answering bytes → 200 with the bytes
 *   (application/octet-stream), or 200 with the CallResult when the call fails;
 * - `POST /api/import?name=…` with a snapshot file as the body → 200 with CallResult<SnapshotSummary>;
 * - `GET /api/events?token=…` → the server-sent event stream.
 * Checks run cheapest-and-most-telling first: origin, token, then method, content type and size, so a
 * caller without the token learns nothing about the API. The session endpoint alone is open to callers
 * without the token (getting it is what it is for); it proves the caller by the code instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from '../../shared/contract/dispatch.js';
import type { SessionGrant } from '../../shared/contract/transport-names.js';
import type { SnapshotSummary } from '../../shared/contract/api.js';
import type { EncodedIndexStream } from '../services/snapshots/snapshot-store.js';
import { BINARY_CALL_PATH, BINARY_CONTENT_TYPE, CALL_PATH, EVENTS_PATH, IMPORT_NAME_PARAM, IMPORT_PATH, isBinaryMethod, SESSION_PATH } from '../../shared/contract/transport-names.js';
import { TaglockError } from '../../shared/errors.js';
import type { EventHub } from './event-stream.js';
import { checkOrigin, checkToken } from './guards.js';
import { mediaType, readJsonBody } from './json-body.js';
import type { LaunchCodes } from './launch-codes.js';
import { HttpRefusal, sendBytes, sendJson, sendStream } from './responses.js';

export interface ApiContext {
  token: string;
  launchCodes: LaunchCodes;
  dispatch: Dispatcher;
  events: EventHub;
  maxBodyBytes: number;
  /** Takes a snapshot file as it streams in; null where the services cannot (a test's fake). */
  importStream: ((fileName: string, body: AsyncIterable<Uint8Array>) => Promise<SnapshotSummary>) | null;
  /** A snapshot's kept encoding, to send as it is read; null where the services cannot (a test's fake). */
  indexStream: ((id: string) => Promise<EncodedIndexStream | null>) | null;
}

/** `{"code": "<43 characters>"}` fits with room to spare; anyone may send this, so it stays tiny. */
const SESSION_MAX_BODY_BYTES = 1024;
/** The arguments of a binary call: an id or two. */
const SMALL_BODY_BYTES = 64 * 1024;

const SPENT_CODE_MESSAGE =
  'this launch link has already been used or has expired (each link Taglock prints works once, for a few minutes): start Taglock again and open the new link it prints';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function allow(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpRefusal(405, 'bad-input', `${req.method} is not allowed here`, { Allow: method });
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext): Promise<void> {
  checkOrigin(req);
  switch (url.pathname) {
    case SESSION_PATH: {
      allow(req, 'POST');
      const body = await readJsonBody(req, SESSION_MAX_BODY_BYTES);
      if (!context.launchCodes.redeem(isRecord(body) ? body.code : undefined)) throw new HttpRefusal(401, 'auth', SPENT_CODE_MESSAGE);
      const grant: SessionGrant = { token: context.token };
      sendJson(res, 200, { ok: true, value: grant });
      return;
    }
    case CALL_PATH: {
      checkToken(req, context.token, url, false);
      allow(req, 'POST');
      const body = await readJsonBody(req, context.maxBodyBytes);
      if (!isRecord(body)) throw new HttpRefusal(400, 'bad-input', 'the request body must be an object {"method": ..., "args": [...]}');
      // Its bytes would turn into "{}" as JSON.
      if (isBinaryMethod(body.method)) throw new HttpRefusal(400, 'bad-input', `${body.method} answers binary: call it at ${BINARY_CALL_PATH}`);
      // Method and arguments are checked by the dispatcher: a bad call is an answer (bad-input), not an HTTP failure.
      sendJson(res, 200, await context.dispatch(body.method, body.args));
      return;
    }
    case BINARY_CALL_PATH: {
      checkToken(req, context.token, url, false);
      allow(req, 'POST');
      const body = await readJsonBody(req, SMALL_BODY_BYTES);
      if (!isRecord(body) || !isBinaryMethod(body.method)) throw new HttpRefusal(400, 'bad-input', `only methods answering binary are called at ${BINARY_CALL_PATH}`);
      if (await sentAsStream(res, body, context)) return;
      const result = await context.dispatch(body.method, body.args);
      if (result.ok && result.value instanceof ArrayBuffer) sendBytes(res, BINARY_CONTENT_TYPE, new Uint8Array(result.value));
      else sendJson(res, 200, result);
      return;
    }
    case IMPORT_PATH:
      checkToken(req, context.token, url, false);
      allow(req, 'POST');
      await importUpload(req, res, url, context);
      return;
    case EVENTS_PATH:
      checkToken(req, context.token, url, true);
      allow(req, 'GET');
      context.events.attach(res);
      return;
    default:
      checkToken(req, context.token, url, false);
      throw new HttpRefusal(404, 'not-found', 'no such API endpoint');
  }
}

/**
 * A saved snapshot's kept encoding, sent as it is read from disk: the page starts receiving at once.
 * False (nothing sent) whenever the dispatcher answers instead: another method, bad arguments, the demo,
 * or no current kept encoding (loadSnapshotIndex then makes one).
 */
async function sentAsStream(res: ServerResponse, body: Record<string, unknown>, context: ApiContext): Promise<boolean> {
  const args = body.args;
  if (body.method !== 'loadSnapshotIndex' || context.indexStream === null || !Array.isArray(args) || args.length !== 1 || typeof args[0] !== 'string') return false;
  const opened = await context.indexStream(args[0]);
  if (opened === null) return false;
  await sendStream(res, BINARY_CONTENT_TYPE, opened.byteLength, opened.stream);
  return true;
}

const MAX_FILE_NAME_LENGTH = 255;

async function importUpload(req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext): Promise<void> {
  if (mediaType(req) !== BINARY_CONTENT_TYPE) throw new HttpRefusal(415, 'bad-input', `the request body must be the file itself (content-type: ${BINARY_CONTENT_TYPE})`);
  const fileName = url.searchParams.get(IMPORT_NAME_PARAM) ?? '';
  if (fileName === '' || fileName.length > MAX_FILE_NAME_LENGTH) throw new HttpRefusal(400, 'bad-input', `the file's name must be given in the "${IMPORT_NAME_PARAM}" parameter`);
  if (context.importStream === null) throw new HttpRefusal(404, 'not-found', 'this host takes no uploads');
  try {
    sendJson(res, 200, { ok: true, value: await context.importStream(fileName, req) });
  } catch (error) {
    if (!(error instanceof TaglockError)) throw error;
    // Refused before its end (too large), the rest of the body is not waited for.
    const headers: Record<string, string> = req.readableEnded ? {} : { Connection: 'close' };
    sendJson(res, 200, { ok: false, error: error.toData() }, headers);
  }
}
