// Test helper (Node): Harbor's error answers.
//
// `lib/http.SendError` writes `{"errors":[{"code":...,"message":...}]}` with Go's json.Marshal plus a
// newline, as `application/json; charset=utf-8`; for any 5xx it hides the cause behind a generic body.
import { goString } from './go-json.js';

export class HarborError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HarborError';
  }
}

export const unauthorized = (): HarborError => new HarborError(401, 'UNAUTHORIZED', 'unauthorized');
export const forbidden = (message = 'forbidden'): HarborError => new HarborError(403, 'FORBIDDEN', message);
export const notFound = (message: string): HarborError => new HarborError(404, 'NOT_FOUND', message);
export const badRequest = (message: string): HarborError => new HarborError(400, 'BAD_REQUEST', message);
export const conflict = (message: string): HarborError => new HarborError(409, 'CONFLICT', message);
export const precondition = (message: string): HarborError => new HarborError(412, 'PRECONDITION', message);

/** The body Harbor sends for an error: 5xx causes are never shown. */
export function errorBody(status: number, code: string, message: string): string {
  if (status >= 500) {
    code = 'UNKNOWN';
    message = 'internal server error';
  }
  return `{"errors":[{"code":${goString(code)},"message":${goString(message)}}]}\n`;
}

export const ERROR_CONTENT_TYPE = 'application/json; charset=utf-8';
