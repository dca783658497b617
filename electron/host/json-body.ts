// Runs in Node.
/**
 * Reads a JSON request body with a size cap. The cap is generous (snapshot imports travel as text in
 * the body) but bounded, so no caller can make the host buffer without limit.
 */
import type { IncomingMessage } from 'node:http';
import { HttpRefusal } from './responses.js';

/** 64 MiB: room for large snapshot imports. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The request's media type, lower case, without parameters. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function tooLarge(limit: number): HttpRefusal {
  // Connection: close, so a client still sending the rest of a huge body is cut off after the answer.
  return new HttpRefusal(413, 'bad-input', `the request is larger than ${Math.floor(limit / (1024 * 1024))} MiB`, { Connection: 'close' });
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (mediaType(req) !== 'application/json') {
    throw new HttpRefusal(415, 'bad-input', 'the request body must be JSON (content-type: application/json)');
  }
  // Refuse a declared oversize body before reading any of it.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);

  const body = await collect(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    // The parser's message quotes the body; it stays out of the answer and out of any log.
    throw new HttpRefusal(400, 'bad-input', 'the request body is not valid JSON');
  }
}

/**
 * Plain 'data' events rather than `for await`: leaving an async iterator early destroys the request and
 * with it the socket, and the client would never see the 413. Past the cap the rest is read and dropped.
 */
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}
