// Test helper (Node): the HTTP(S) server: request log, latency, faults, session/CSRF, authentication,
// routing, Harbor's answer format, and the swagger check of every answer it sends.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { authenticate, principalName } from './auth.js';
import { checkAccept } from './bind.js';
import type { Answer, Handler, RequestContext } from './context.js';
import { Sessions } from './csrf.js';
import { ERROR_CONTENT_TYPE, errorBody, HarborError } from './errors.js';
import { Faults, LOGIN_PAGE, type Fault } from './faults.js';
import { engineJudge, requestJudge } from './judge.js';
import { route } from './router.js';
import { registry } from './routes/registry.js';
import { HarborState } from './state.js';
import { loadSwagger, validateResponse } from './swagger.js';
import type { HarborServerOptions, RequestLogEntry } from './types.js';

export interface HarborServer {
  /** `http://127.0.0.1:PORT` (or https). The API is under `/api/v2.0`. */
  readonly url: string;
  /** The live model: read it, or change it to simulate other actors. */
  readonly state: HarborState;
  /** Every request in arrival order. */
  readonly requests: RequestLogEntry[];
  readonly faults: Faults;
  /** Swagger violations of answers this server sent (faults excluded). Tests assert it stays empty. */
  readonly contractProblems: string[];
  /** Exceptions the server hit while answering (answered as Harbor's generic 500). Should stay empty. */
  readonly serverErrors: Error[];
  /**
   * Calls `listener` after every request the server processed (its effect on the state is made, its
   * answer not yet sent, and may still be broken by a fault): how a test sees every intermediate state.
   */
  observe(listener: (entry: RequestLogEntry) => void): () => void;
  close(): Promise<void>;
}

interface Rendered {
  status: number;
  headers: Record<string, string | string[]>;
  text: string;
  /** What the swagger check reads: the JSON payload, undefined for an empty answer. */
  payload: unknown;
  /** The template to validate against (or the raw path when no route matched); null: do not validate. */
  validateAs: string | null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function firstValues(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of query) if (!(key in out)) out[key] = value;
  return out;
}

export async function startHarborServer(options: HarborServerOptions = {}): Promise<HarborServer> {
  const state = new HarborState(options);
  const validate = options.validate ?? true;
  const judge = options.judge ?? engineJudge(() => state.harborVersion);
  const faults = new Faults();
  const sessions = new Sessions();
  const requests: RequestLogEntry[] = [];
  const contractProblems: string[] = [];
  const serverErrors: Error[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const observers = new Set<(entry: RequestLogEntry) => void>();
  loadSwagger();

  let externalUrl = '';
  const scheme = options.tls ? 'https' : 'http';

  function render(request: IncomingMessage, rawPath: string, rawQuery: string, body: string, entry: RequestLogEntry): Rendered {
    const method = (request.method ?? 'GET').toUpperCase();
    const requestId = (request.headers['x-request-id'] as string | undefined) || randomUUID();
    const headers: Record<string, string | string[]> = { 'X-Request-Id': requestId };
    let validateAs: string | null = rawPath;
    let answer: Answer;
    try {
      const principal = authenticate(state, request.headers.authorization);
      entry.principal = principalName(principal);
      const session = sessions.check(method, request.headers);
      headers['Set-Cookie'] = session.setCookies;
      if (session.error) throw session.error;
      let handler: Handler;
      let params: Record<string, string> = {};
      let path: string;
      if (rawPath === '/v2' || rawPath.startsWith('/v2/')) {
        // The registry API is not part of the swagger.
        validateAs = null;
        handler = registry;
        path = safeDecode(rawPath);
      } else {
        const resolved = route(method, rawPath);
        if (resolved.kind === 'unimplemented') {
          const text = `{"errors":[{"code":"NOT_IMPLEMENTED","message":"${method} ${resolved.template} is part of Harbor's API but not of this test server"}]}\n`;
          return { status: 501, headers: { ...headers, 'Content-Type': ERROR_CONTENT_TYPE }, text, payload: undefined, validateAs: null };
        }
        validateAs = resolved.template;
        checkAccept(request.headers);
        handler = resolved.handler;
        params = resolved.params;
        path = resolved.path;
      }
      const context: RequestContext = {
        state,
        principal,
        method,
        rawPath,
        path,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: request.headers,
        body,
        params,
        isImmutable: requestJudge(state, judge),
        externalUrl,
      };
      answer = handler(context);
    } catch (error) {
      if (!(error instanceof HarborError)) serverErrors.push(error instanceof Error ? error : new Error(String(error)));
      const failure = error instanceof HarborError ? error : new HarborError(500, 'UNKNOWN', String(error));
      const text = errorBody(failure.status, failure.code, failure.message);
      return {
        status: failure.status,
        headers: { ...headers, ...failure.headers, 'Content-Type': ERROR_CONTENT_TYPE },
        text,
        payload: JSON.parse(text),
        validateAs,
      };
    }
    Object.assign(headers, answer.headers ?? {});
    if (answer.json === undefined) return { status: answer.status, headers, text: '', payload: undefined, validateAs };
    headers['Content-Type'] = 'application/json';
    return { status: answer.status, headers, text: JSON.stringify(answer.json) + '\n', payload: answer.json, validateAs };
  }

  function check(method: string, rawPath: string, rawQuery: string, rendered: Rendered): void {
    if (!validate || rendered.validateAs === null) return;
    const problems = validateResponse(method, rendered.validateAs, rendered.status, rendered.payload, rendered.headers);
    const request = `${method} ${rawPath}${rawQuery ? '?' + rawQuery : ''}`;
    for (const problem of problems) contractProblems.push(`${request}: ${problem}`);
  }

  function send(response: ServerResponse, rendered: Rendered): void {
    response.writeHead(rendered.status, { ...rendered.headers, 'Content-Length': String(Buffer.byteLength(rendered.text)) });
    response.end(rendered.text);
  }

  function later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  }

  /** Break the answer as the fault says; `rendered` is the real answer when the request was processed. */
  function applyFault(fault: Fault, request: IncomingMessage, response: ServerResponse, rendered: Rendered | null, entry: RequestLogEntry): void {
    entry.fault = fault.kind;
    switch (fault.kind) {
      case 'reset':
        entry.status = 0;
        request.socket.resetAndDestroy();
        return;
      case 'status': {
        const status = fault.status ?? 503;
        const body =
          fault.body === undefined ? errorBody(status, status >= 500 ? 'UNKNOWN' : 'ERROR', 'injected fault') : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
        entry.status = status;
        response.writeHead(status, { 'Content-Type': ERROR_CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(body)), ...(fault.headers ?? {}) });
        response.end(body);
        return;
      }
      case 'contentType':
        entry.status = 200;
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(LOGIN_PAGE)), ...(fault.headers ?? {}) });
        response.end(LOGIN_PAGE);
        return;
      case 'redirect': {
        entry.status = 302;
        const location = fault.location ?? `/account/sign-in?redirect_url=${encodeURIComponent(entry.path)}`;
        response.writeHead(302, { Location: location, 'Content-Length': '0', ...(fault.headers ?? {}) });
        response.end();
        return;
      }
      case 'truncate': {
        const real = rendered!;
        const bytes = Buffer.from(real.text.length > 0 ? real.text : '{}\n');
        entry.status = real.status;
        response.writeHead(real.status, { ...real.headers, 'Content-Length': String(bytes.length) });
        response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.end());
        return;
      }
      case 'slowBody': {
        const real = rendered!;
        entry.status = real.status;
        response.writeHead(real.status, { ...real.headers, 'Content-Length': String(Math.max(1, Buffer.byteLength(real.text))) });
        response.flushHeaders();
        if (fault.delayMs !== undefined) later(fault.delayMs, () => response.socket?.destroy());
        return;
      }
      case 'slow':
        return; // handled by the caller (a delay, then the normal answer)
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    const { authorization: _hidden, ...loggedHeaders } = request.headers;
    const entry: RequestLogEntry = {
      method,
      path: rawPath,
      query: firstValues(query),
      rawQuery,
      headers: loggedHeaders,
      principal: null,
      body: '',
      status: -1,
    };
    requests.push(entry);
    entry.body = await readBody(request);
    if (state.latencyMs > 0) await sleep(state.latencyMs);

    const fault = faults.take({ method, path: rawPath, query });
    const alwaysAfter = fault !== null && (fault.kind === 'truncate' || fault.kind === 'slowBody');
    if (fault && !alwaysAfter && (fault.when ?? 'before') === 'before') {
      if (fault.kind === 'slow') {
        entry.fault = 'slow';
        await sleep(fault.delayMs ?? 1000);
      } else {
        entry.principal = principalName(authenticate(state, request.headers.authorization));
        applyFault(fault, request, response, null, entry);
        return;
      }
    }

    const rendered = render(request, rawPath, rawQuery, entry.body, entry);
    for (const observer of observers) observer(entry);
    if (fault && fault.kind !== 'slow' && (alwaysAfter || fault.when === 'after')) {
      applyFault(fault, request, response, rendered, entry);
      return;
    }
    if (fault?.kind === 'slow' && fault.when === 'after') {
      entry.fault = 'slow';
      await sleep(fault.delayMs ?? 1000);
    }
    check(method, rawPath, rawQuery, rendered);
    entry.status = rendered.status;
    send(response, rendered);
  }

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      serverErrors.push(error instanceof Error ? error : new Error(String(error)));
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': ERROR_CONTENT_TYPE });
        response.end(errorBody(500, 'UNKNOWN', ''));
      } else response.destroy();
    });
  };
  const server: Server | HttpsServer = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  externalUrl = `${scheme}://127.0.0.1:${port}`;

  return {
    url: externalUrl,
    state,
    requests,
    faults,
    contractProblems,
    serverErrors,
    observe(listener) {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
