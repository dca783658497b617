// Runs in Node.
/**
 * The two API endpoints of the wire protocol:
 * - `POST /api/call` `{method, args}` → 200 with the dispatcher's CallResult (errors as data);
 * - `GET /api/events?token=…` → the server-sent event stream.
 * Checks run cheapest-and-most-telling first: origin, token, then method, content type and size, so a
 * caller without the token learns nothing about the API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from '../../shared/contract/dispatch.js';
import type { EventHub } from './event-stream.js';
import { checkOrigin, checkToken } from './guards.js';
import { readJsonBody } from './json-body.js';
import { HttpRefusal, sendJson } from './responses.js';

export interface ApiContext {
  token: string;
  dispatch: Dispatcher;
  events: EventHub;
  maxBodyBytes: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function allow(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpRefusal(405, 'bad-input', `${req.method} is not allowed here`, { Allow: method });
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, context: ApiContext): Promise<void> {
  checkOrigin(req);
  switch (url.pathname) {
    case '/api/call': {
      checkToken(req, context.token, url, false);
      allow(req, 'POST');
      const body = await readJsonBody(req, context.maxBodyBytes);
      if (!isRecord(body)) throw new HttpRefusal(400, 'bad-input', 'the request body must be an object {"method": ..., "args": [...]}');
      // Method and arguments are checked by the dispatcher: a bad call is an answer (bad-input), not an HTTP failure.
      sendJson(res, 200, await context.dispatch(body.method, body.args));
      return;
    }
    case '/api/events':
      checkToken(req, context.token, url, true);
      allow(req, 'GET');
      context.events.attach(res);
      return;
    default:
      checkToken(req, context.token, url, false);
      throw new HttpRefusal(404, 'not-found', 'no such API endpoint');
  }
}
