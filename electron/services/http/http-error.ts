// Runs in Node.
/** Turning transport failures and HTTP answers into TaglockErrors with stable codes and plain words. */
import type { ErrorCode } from '../../../shared/errors.js';
import { TaglockError } from '../../../shared/errors.js';

export class HttpError extends TaglockError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number | null,
    /** The server's own error code and message (Harbor: `{"errors":[{"code","message"}]}`), if any. */
    readonly serverCode: string | null = null,
    readonly serverMessage: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'HttpError';
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** A URL fit for messages and logs: never any credentials in it. */
export function displayUrl(url: URL | string): string {
  const copy = new URL(url.toString());
  copy.username = '';
  copy.password = '';
  return copy.toString();
}

export function transportError(error: unknown, method: string, url: URL): HttpError {
  const where = `${method} ${displayUrl(url)}`;
  // An abort (DOMException, numeric code) is the user's cancel, whatever else it carries.
  if ((error as Error)?.name === 'AbortError') return new HttpError('cancelled', `${where}: cancelled`, null, null, null, { cause: error });
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : '';
  if (TLS_CODES.has(code) || /certificate|SSL/i.test((error as Error).message ?? '')) {
    return new HttpError(
      'tls',
      `${where}: the server's certificate is not trusted (${code || (error as Error).message}). Give its CA with a CA file, or switch verification off explicitly (insecure).`,
      null,
      null,
      null,
      { cause: error },
    );
  }
  if (code === 'ECONNREFUSED') return new HttpError('network', `${where}: connection refused: is the registry running at that address?`, null, null, null, { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpError('network', `${where}: host not found`, null, null, null, { cause: error });
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT') return new HttpError('timeout', `${where}: no answer in time`, null, null, null, { cause: error });
  if (code === 'ABORT_ERR' || (error as Error).name === 'AbortError') return new HttpError('cancelled', `${where}: cancelled`, null, null, null, { cause: error });
  return new HttpError('network', `${where}: ${(error as Error).message || code || 'connection failed'}`, null, null, null, { cause: error });
}

function serverErrorOf(body: string): { code: string | null; message: string | null } {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return { code: first.code ?? null, message: first.message ?? null };
  } catch {
    // Not Harbor's JSON error body; the status alone speaks.
  }
  return { code: null, message: null };
}

const SERVER_TEXT_LIMIT = 200;

/**
 * Text a server sent, made safe to show: control characters (terminal escapes) become spaces, anything
 * that looks like a credential (an Authorization header, `Basic …`, `Bearer …`, and the given secrets)
 * becomes [redacted], and long text is cut. A server that echoes the request's Authorization header
 * must not put it into a CI log.
 */
export function cleanServerText(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  clean = clean
    .replace(/(authorization\s*["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',;}]+/gi, (_m, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ''}[redacted]`)
    .replace(/\b(basic|bearer)\s+(?!\[redacted\])[A-Za-z0-9+/=._~-]{8,}/gi, '$1 [redacted]')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  return clean.length > SERVER_TEXT_LIMIT ? `${clean.slice(0, SERVER_TEXT_LIMIT)}…` : clean;
}

export function statusError(status: number, body: string, method: string, url: URL, secrets: readonly string[] = []): HttpError {
  const parsed = serverErrorOf(body);
  const server = { code: parsed.code === null ? null : cleanServerText(parsed.code, secrets), message: parsed.message === null ? null : cleanServerText(parsed.message, secrets) };
  const where = `${method} ${displayUrl(url)}`;
  const said = server.message ? `: ${JSON.stringify(server.message)}` : '';
  const code: ErrorCode =
    status === 401 ? 'auth'
    : status === 403 ? 'forbidden'
    : status === 404 ? 'not-found'
    : status === 409 || status === 412 ? 'conflict'
    : status === 429 || status >= 500 ? 'server'
    : 'bad-input';
  const meaning =
    status === 401 ? 'not signed in (wrong or missing credentials)'
    : status === 403 ? 'not allowed for this account'
    : status === 404 ? 'not found'
    : status === 429 ? 'too many requests'
    : status >= 500 ? 'the server failed'
    : `refused (${status})`;
  return new HttpError(code, `${where}: ${meaning}${said}`, status, server.code, server.message);
}
