// Test helper (Node): a tiny token service for distribution's `auth.token` mode
// (https://distribution.github.io/distribution/spec/auth/token/). It checks Basic credentials against a
// user list and answers signed JWTs that distribution v2.8 accepts:
// - `alg` ES256 (P-256; the signature is r||s as JWS wants it), signed with the key of a self-signed
//   certificate that the registry trusts through `auth.token.rootcertbundle`;
// - the signing key named by `kid` = libtrust's key id of that certificate's public key (distribution
//   builds its trusted-key map from the root bundle with libtrust.FromCryptoPublicKey(cert).KeyID()), or,
//   alternatively, by the certificate itself in `x5c` (verified against the same root bundle);
// - `iss` = `auth.token.issuer`, `aud` = `auth.token.service` (a string: v2.8 does not read a list),
//   `nbf`/`exp` within distribution's 60 s leeway, and `access` claims for the requested scopes.
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryUser } from './types.js';

export interface TokenRequestRecord {
  /** The Basic user, or null for anonymous requests. */
  username: string | null;
  service: string | null;
  /** The `scope` parameters, in order (may be empty, e.g. for `docker login`). */
  scopes: string[];
  status: number;
}

export interface TokenServerOptions {
  users: readonly RegistryUser[];
  issuer: string;
  service: string;
  /** PEM P-256 private key and its certificate (the certificate is the registry's root bundle). */
  keyPem: string;
  certPem: string;
  /** How the token names its signing key (default `kid`). */
  keyReference?: 'kid' | 'x5c';
  /** `expires_in` of issued tokens, seconds (default 300). */
  expiresIn?: number;
  /** Which response field carries the token (default both, as Docker Hub does). */
  tokenField?: 'token' | 'access_token' | 'both';
  /** Actions granted to a user for a resource; default: signed-in users get what they ask, anonymous nothing. */
  grant?: (username: string | null, resource: { type: string; name: string }, requested: string[]) => string[];
}

export interface TokenServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The realm to configure in the registry: `${url}/token`. */
  realm: string;
  /** Every request the service answered, in order (tests count them). */
  readonly requests: TokenRequestRecord[];
  /** Mutable at run time, e.g. to test `expires_in` handling or the `access_token` field. */
  settings: { expiresIn: number; tokenField: 'token' | 'access_token' | 'both' };
  close(): Promise<void>;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** libtrust's key id: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32, in groups of 4. */
export function libtrustKeyId(certOrKeyPem: string): string {
  const der = createPublicKey(certOrKeyPem).export({ type: 'spki', format: 'der' });
  const hash = createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join(':');
}

/** Parses `type:name:actions` (the name may itself contain colons, e.g. a host:port prefix). */
export function parseScope(scope: string): { type: string; name: string; actions: string[] } | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return null;
  const type = scope.slice(0, first).replace(/\(.*\)$/, '');
  return { type, name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

function basicUser(req: IncomingMessage): { username: string; password: string } | null | 'malformed' {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return 'malformed';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(options.keyPem);
  const certDer = new X509Certificate(options.certPem).raw;
  const kid = libtrustKeyId(options.certPem);
  const requests: TokenRequestRecord[] = [];
  const settings = { expiresIn: options.expiresIn ?? 300, tokenField: options.tokenField ?? 'both' } as TokenServer['settings'];
  const grant =
    options.grant ?? ((username: string | null, _resource: { type: string; name: string }, requested: string[]) => (username === null ? [] : requested));

  const issue = (username: string | null, scopes: string[]): string => {
    const header: Record<string, unknown> = { typ: 'JWT', alg: 'ES256' };
    if (options.keyReference === 'x5c') header.x5c = [certDer.toString('base64')];
    else header.kid = kid;
    const now = Math.floor(Date.now() / 1000);
    const access: { type: string; name: string; actions: string[] }[] = [];
    for (const scope of scopes) {
      const parsed = parseScope(scope);
      if (!parsed) continue;
      const actions = grant(username, { type: parsed.type, name: parsed.name }, parsed.actions);
      if (actions.length > 0) access.push({ type: parsed.type, name: parsed.name, actions });
    }
    const claims = {
      iss: options.issuer,
      sub: username ?? '',
      aud: options.service,
      exp: now + settings.expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${base64url(signature)}`;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ').filter(Boolean));
    const service = url.searchParams.get('service');
    const record: TokenRequestRecord = { username: null, service, scopes, status: 200 };
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      requests.push(record);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/token' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      answer(404, { errors: [{ code: 'NOT_FOUND', message: 'no such endpoint' }] });
      return;
    }
    const user = basicUser(req);
    if (user === 'malformed') {
      answer(400, { errors: [{ code: 'BAD_REQUEST', message: 'malformed Authorization header' }] });
      return;
    }
    if (user) {
      record.username = user.username;
      const known = options.users.find((u) => u.username === user.username);
      if (!known || known.password !== user.password) {
        answer(401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }, { 'www-authenticate': 'Basic realm="taglock-test-token"' });
        return;
      }
    }
    if (service !== options.service) {
      answer(400, { errors: [{ code: 'BAD_REQUEST', message: `unknown service ${JSON.stringify(service)}` }] });
      return;
    }
    const token = issue(user ? user.username : null, scopes);
    const body: Record<string, unknown> = { expires_in: settings.expiresIn, issued_at: new Date().toISOString() };
    if (settings.tokenField !== 'access_token') body.token = token;
    if (settings.tokenField !== 'token') body.access_token = token;
    answer(200, body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    realm: `${url}/token`,
    requests,
    settings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
