// Runs in Node.
/**
 * Who may talk to the host. Three independent checks, each answering a different attack:
 * - Host header: a web page whose DNS name is rebound to 127.0.0.1 still sends its own name as Host,
 *   so only requests addressed to 127.0.0.1:<port> or localhost:<port> are served (DNS rebinding).
 * - Origin header: a browser names the page that made a request; one from another site is refused
 *   even before its token could be guessed (cross-site request forgery).
 * - Token: proves the caller got it from this host, through the one-time code of the URL it printed
 *   (any local process can connect).
 */
import type { IncomingMessage } from 'node:http';
import { EVENTS_TOKEN_PARAM, TOKEN_HEADER } from '../../shared/contract/transport-names.js';
import { HttpRefusal } from './responses.js';
import { sameToken } from './token.js';

function hostHeader(req: IncomingMessage): string {
  return (req.headers.host ?? '').toLowerCase();
}

/** 421 Misdirected Request: this server does not answer for that name. */
export function checkHost(req: IncomingMessage, port: number): void {
  const host = hostHeader(req);
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new HttpRefusal(421, 'forbidden', 'this server only answers requests addressed to 127.0.0.1 or localhost on its own port');
  }
}

/**
 * A browser sends Origin on cross-origin requests and on every POST; when present it must be the
 * origin of this very host as the request addressed it (checkHost has already vetted the Host).
 * Non-browser clients send no Origin and are judged by the token alone.
 */
export function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  if (origin !== `http://${hostHeader(req)}`) {
    throw new HttpRefusal(403, 'forbidden', 'requests from other origins are not allowed');
  }
}

/** The header for calls; the query parameter only for the event stream (EventSource cannot set headers). */
export function checkToken(req: IncomingMessage, token: string, url: URL, allowQuery: boolean): void {
  const header = req.headers[TOKEN_HEADER];
  const given = typeof header === 'string' ? header : allowQuery ? url.searchParams.get(EVENTS_TOKEN_PARAM) : null;
  if (!sameToken(token, given)) {
    throw new HttpRefusal(401, 'auth', 'missing or wrong session token: open the link Taglock printed when it started (it works once; for another tab, start Taglock again)');
  }
}
