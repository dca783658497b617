// Runs in Node.
/**
 * How the host answers: JSON bodies, and refusals as `{ok:false,error:{code,message}}` with the stable
 * codes of shared/errors.ts, so the renderer handles an HTTP refusal like any other error as data.
 */
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ErrorCode } from '../../shared/errors.js';

/** A refusal decided before the request reaches the services (bad Host, no token, body too large...). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    // API answers carry user data: never cache them.
    'Cache-Control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Uint8Array): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

/**
 * `byteLength` bytes read from `stream` as they come. A stream that fails midway rejects after the
 * headers went out (the caller then cuts the connection: the page sees a body shorter than announced).
 */
export async function sendStream(res: ServerResponse, contentType: string, byteLength: number, stream: Readable): Promise<void> {
  if (res.headersSent) {
    stream.destroy();
    res.destroy();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': byteLength, 'Cache-Control': 'no-store' });
  await pipeline(stream, res);
}

export function sendRefusal(res: ServerResponse, refusal: HttpRefusal): void {
  sendJson(res, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } }, refusal.headers);
}
