// Test helper (Node): raw HTTP against the host with node:http, which sends the request target and
// headers exactly as given (fetch would normalise `..` and refuse to set Host).
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  bytes: Buffer;
  json: () => unknown;
}

export interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** `origin` is http://127.0.0.1:<port>; the Host header defaults to that, as a browser would send. */
export function send(origin: string, sent: Sent): Promise<Answer> {
  const { hostname, port, host } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: sent.method ?? 'GET', path: sent.path, headers: { host, ...sent.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, bytes, json: () => JSON.parse(text) as unknown });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

/** A call the way the renderer makes it. */
export function call(origin: string, token: string, method: string, args: unknown[], headers: Record<string, string> = {}): Promise<Answer> {
  return send(origin, {
    method: 'POST',
    path: '/api/call',
    headers: { 'content-type': 'application/json', 'x-taglock-token': token, origin, ...headers },
    body: JSON.stringify({ method, args }),
  });
}

/** The one-time code in a launch URL's fragment. */
export function launchCodeOf(url: string): string {
  const code = new URLSearchParams(new URL(url).hash.slice(1)).get('code');
  if (code === null) throw new Error(`no launch code in ${url}`);
  return code;
}

/** The page's trade of a launch code for the session token, as the renderer makes it. */
export function exchange(origin: string, code: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(origin, {
    method: 'POST',
    path: '/api/session',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify({ code }),
  });
}

/** The value of a successful call, or the test fails with the error it got. */
export async function value<T>(origin: string, token: string, method: string, args: unknown[] = []): Promise<T> {
  const answer = await call(origin, token, method, args);
  const result = answer.json() as { ok: boolean; value?: T; error?: unknown };
  if (answer.status !== 200 || !result.ok) throw new Error(`${method} failed: ${answer.status} ${answer.text}`);
  return result.value as T;
}

/** Reads `data:` records from the event stream until `count` have arrived. */
export async function openEvents(origin: string, token: string): Promise<{ next: () => Promise<unknown>; close: () => void; status: number }> {
  const controller = new AbortController();
  const res = await fetch(`${origin}/api/events?token=${encodeURIComponent(token)}`, { signal: controller.signal });
  const queue: unknown[] = [];
  const waiting: ((event: unknown) => void)[] = [];
  let buffer = '';
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const record = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!record.startsWith('data: ')) continue; // comments (keep-alive)
          const event = JSON.parse(record.slice(6)) as unknown;
          const waiter = waiting.shift();
          if (waiter) waiter(event);
          else queue.push(event);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve))),
    close: () => controller.abort(),
  };
}
