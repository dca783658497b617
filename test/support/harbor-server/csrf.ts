// Test helper (Node): Harbor's session cookie and CSRF protection.
//
// Every answer to a request without a known `sid` cookie sets a fresh `sid` (beego starts a session per
// request). A request that carries any `sid` cookie goes through gorilla/csrf: it gets a `__csrf` token
// cookie, and a POST/PUT/PATCH/DELETE must send that token in `X-Harbor-CSRF-Token`, else 403 ("CSRF
// token not found in request" without the header, "CSRF token invalid" with a wrong one). A client that
// keeps no cookie jar never meets this.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { forbidden, type HarborError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

function cookies(headers: IncomingHttpHeaders): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

export class Sessions {
  private readonly tokens = new Map<string, string>();
  private readonly issued = new Set<string>();

  private newSession(): string {
    const sid = randomBytes(16).toString('hex');
    this.issued.add(sid);
    return `sid=${sid}; Path=/; HttpOnly`;
  }

  /**
   * The cookies to set on the answer, and the 403 to send instead when the CSRF check fails.
   */
  check(method: string, headers: IncomingHttpHeaders): { setCookies: string[]; error: HarborError | null } {
    const jar = cookies(headers);
    const sid = jar.get('sid');
    if (sid === undefined) return { setCookies: [this.newSession()], error: null };
    let token = this.tokens.get(sid);
    if (token === undefined) {
      token = randomBytes(24).toString('base64url');
      this.tokens.set(sid, token);
    }
    const setCookies = [`__csrf=${token}; Path=/; SameSite=Strict`];
    if (!this.issued.has(sid)) setCookies.unshift(this.newSession());
    if (SAFE_METHODS.has(method)) return { setCookies, error: null };
    const sent = headers['x-harbor-csrf-token'];
    const value = Array.isArray(sent) ? sent[0] : sent;
    if (value === undefined || value === '') return { setCookies, error: forbidden('CSRF token not found in request') };
    if (value !== token) return { setCookies, error: forbidden('CSRF token invalid') };
    return { setCookies, error: null };
  }
}
