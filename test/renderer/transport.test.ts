import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/contract/client.js';
import type { TaglockEvent } from '../../shared/contract/api.js';
import { TaglockError } from '../../shared/errors.js';
import { TOKEN_HEADER } from '../../shared/contract/transport-names.js';
import { asCallResult, postForBytes } from '../../renderer/src/api/post-json.js';
import { takeSpareCopy } from '../../renderer/src/api/spare-copies.js';
import type { Session } from '../../renderer/src/api/session.js';
import type { EventSourceLike } from '../../renderer/src/api/transport.js';
import { createBridgeTransport, createHttpTransport } from '../../renderer/src/api/transport.js';

class FakeEventSource implements EventSourceLike {
  static last: FakeEventSource | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.closed = true;
  }
  send(data: string) {
    this.onmessage?.({ data });
  }
}

function answering(status: number, body: string) {
  const requests: { url: string; init: { method: string; headers: Record<string, string>; body: string } }[] = [];
  const fetch = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    requests.push({ url, init });
    return { status, ok: status >= 200 && status < 300, text: async () => body };
  };
  return { fetch, requests };
}

/** A session that is ready at once, as after a successful exchange or a reload. */
const ready = (token: string): Promise<Session> => Promise.resolve({ ok: true, token });
/** Lets promise callbacks run (the event stream opens once the session has settled). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('browser host transport', () => {
  it('posts {method, args} to /api/call with the session token in the shared header', async () => {
    const { fetch, requests } = answering(200, JSON.stringify({ ok: true, value: [1, 2] }));
    const transport = createHttpTransport({ session: ready('tok'), fetch, createEventSource: (url) => new FakeEventSource(url) });
    const result = await transport.call('listSnapshots', []);
    expect(result).toEqual({ ok: true, value: [1, 2] });
    expect(requests[0]!.url).toBe('/api/call');
    expect(requests[0]!.init.method).toBe('POST');
    expect(requests[0]!.init.headers[TOKEN_HEADER]).toBe('tok');
    expect(JSON.parse(requests[0]!.init.body)).toEqual({ method: 'listSnapshots', args: [] });
  });

  it('waits for the session before the first call', async () => {
    const { fetch, requests } = answering(200, JSON.stringify({ ok: true, value: 'x' }));
    let grant!: (session: Session) => void;
    const transport = createHttpTransport({ session: new Promise((resolve) => (grant = resolve)), fetch, createEventSource: (u) => new FakeEventSource(u) });
    const answer = transport.call('appInfo', []);
    await settle();
    expect(requests).toHaveLength(0);
    grant({ ok: true, token: 'late' });
    expect(await answer).toEqual({ ok: true, value: 'x' });
    expect(requests[0]!.init.headers[TOKEN_HEADER]).toBe('late');
  });

  it('without a session, answers every call with its error and sends nothing', async () => {
    const { fetch, requests } = answering(200, '');
    const error = { code: 'auth' as const, message: 'this launch link has already been used' };
    const transport = createHttpTransport({ session: Promise.resolve({ ok: false, error }), fetch, createEventSource: (u) => new FakeEventSource(u) });
    expect(await transport.call('appInfo', [])).toEqual({ ok: false, error });
    FakeEventSource.last = null;
    transport.subscribe(() => undefined);
    await settle();
    expect(FakeEventSource.last).toBeNull(); // no stream that would only be refused, again and again
    expect(requests).toHaveLength(0);
  });

  it('passes errors that arrive as data through, whatever the HTTP status', async () => {
    const { fetch } = answering(400, JSON.stringify({ ok: false, error: { code: 'bad-input', message: 'no' } }));
    const transport = createHttpTransport({ session: ready('t'), fetch, createEventSource: (url) => new FakeEventSource(url) });
    expect(await transport.call('appInfo', [])).toEqual({ ok: false, error: { code: 'bad-input', message: 'no' } });
  });

  it('turns a refused token, a broken answer and a dead host into coded errors', async () => {
    const refused = createHttpTransport({ session: ready('old'), fetch: answering(401, '').fetch, createEventSource: (u) => new FakeEventSource(u) });
    const r1 = await refused.call('appInfo', []);
    expect(r1.ok === false && r1.error.code).toBe('auth');
    expect(r1.ok === false && r1.error.message).toContain('start Taglock again');
    const html = createHttpTransport({ session: ready('t'), fetch: answering(502, '<html>').fetch, createEventSource: (u) => new FakeEventSource(u) });
    const r2 = await html.call('appInfo', []);
    expect(r2.ok === false && r2.error.code).toBe('server');
    const dead = createHttpTransport({
      session: ready('t'),
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      createEventSource: (u) => new FakeEventSource(u),
    });
    const r3 = await dead.call('appInfo', []);
    expect(r3.ok === false && r3.error.code).toBe('network');
    expect(r3.ok === false && r3.error.message).toContain('Failed to fetch');
  });

  it('opens one EventSource with the token for all listeners, and closes it with the last', async () => {
    const transport = createHttpTransport({ session: ready('a b'), fetch: answering(200, '').fetch, createEventSource: (url) => new FakeEventSource(url) });
    const seen: TaglockEvent[] = [];
    const seen2: TaglockEvent[] = [];
    FakeEventSource.last = null;
    const off1 = transport.subscribe((e) => seen.push(e));
    const off2 = transport.subscribe((e) => seen2.push(e));
    await settle();
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/events?token=a%20b');
    const event: TaglockEvent = { type: 'fetch-progress', jobId: 'j', progress: { phase: 'listing', done: 1, total: 3, requests: 2, bytes: 10, etaSeconds: null } };
    source.send(JSON.stringify(event));
    source.send('not json');
    source.send(JSON.stringify({ type: 'something-else' }));
    expect(seen).toEqual([event]);
    expect(seen2).toEqual([event]);
    off1();
    expect(source.closed).toBe(false);
    off2();
    expect(source.closed).toBe(true);
    // A new listener opens a new stream.
    transport.subscribe(() => undefined);
    await settle();
    expect(FakeEventSource.last).not.toBe(source);
  });

  it('opens no stream when every listener left before the session was ready', async () => {
    const transport = createHttpTransport({ session: ready('t'), fetch: answering(200, '').fetch, createEventSource: (url) => new FakeEventSource(url) });
    FakeEventSource.last = null;
    transport.subscribe(() => undefined)();
    await settle();
    expect(FakeEventSource.last).toBeNull();
  });

  it('feeds createApiClient: errors become TaglockErrors with their code', async () => {
    const { fetch } = answering(200, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'robot lacks immutable-tag:list' } }));
    const client = createApiClient(createHttpTransport({ session: ready('t'), fetch, createEventSource: (u) => new FakeEventSource(u) }));
    const error = await client.api.pullRules({ connectionId: 'c', project: 'p' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaglockError);
    expect((error as TaglockError).code).toBe('forbidden');
  });
});

describe('Electron bridge transport', () => {
  it('invokes through the preload and relays events', async () => {
    const listeners: ((e: TaglockEvent) => void)[] = [];
    const bridge = {
      invoke: async (method: string, args: unknown[]) => ({ ok: true as const, value: { method, args } }),
      onEvent: (listener: (e: TaglockEvent) => void) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    const transport = createBridgeTransport(bridge);
    expect(await transport.call('deleteSnapshot', ['x'])).toEqual({ ok: true, value: { method: 'deleteSnapshot', args: ['x'] } });
    const seen: TaglockEvent[] = [];
    const off = transport.subscribe((e) => seen.push(e));
    listeners[0]!({ type: 'fetch-failed', jobId: 'j', error: { code: 'cancelled', message: 'stop' } });
    off();
    expect(seen).toHaveLength(1);
    expect(listeners).toHaveLength(0);
  });

  it('reports a throwing or malformed bridge as an internal error', async () => {
    const throwing = createBridgeTransport({ invoke: async () => Promise.reject(new Error('ipc gone')), onEvent: () => () => undefined });
    const r = await throwing.call('appInfo', []);
    expect(r.ok === false && r.error).toEqual({ code: 'internal', message: expect.stringContaining('ipc gone') });
    const malformed = createBridgeTransport({ invoke: async () => 42 as never, onEvent: () => () => undefined });
    const r2 = await malformed.call('appInfo', []);
    expect(r2.ok === false && r2.error.code).toBe('internal');
  });

  it('recognises only well-formed CallResults', () => {
    expect(asCallResult({ ok: true, value: null })).toEqual({ ok: true, value: null });
    expect(asCallResult({ ok: false, error: { code: 'auth', message: 'm' } })).toEqual({ ok: false, error: { code: 'auth', message: 'm' } });
    expect(asCallResult({ ok: false })).toBeNull();
    expect(asCallResult({ ok: true })).toBeNull();
    expect(asCallResult('x')).toBeNull();
  });
});

describe('binary answers', () => {
  /**
   * A host's answer announcing `length` bytes (byte i is i % 251) and sending `sent` of them in 1 MiB
   * chunks: as a byte stream (read into one buffer, as browsers' fetch bodies are) or as a plain stream.
   */
  function bytesAnswer(length: number, { byteStream = true, sent = length }: { byteStream?: boolean; sent?: number } = {}) {
    const chunk = 2 ** 20;
    const parts = () => {
      const out: Uint8Array<ArrayBuffer>[] = [];
      for (let at = 0; at < sent; at += chunk) {
        const part = new Uint8Array(Math.min(chunk, sent - at));
        for (let i = 0; i < part.length; i++) part[i] = (at + i) % 251;
        out.push(part);
      }
      return out;
    };
    const body = byteStream
      ? new ReadableStream({
          type: 'bytes',
          start(controller) {
            for (const part of parts()) controller.enqueue(part);
            controller.close();
          },
        })
      : new ReadableStream<Uint8Array>({
          start(controller) {
            for (const part of parts()) controller.enqueue(part);
            controller.close();
          },
        });
    return async () => new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) } });
  }
  const LARGE = 9 * 2 ** 20; // read chunk by chunk (over 8 MiB)

  for (const byteStream of [true, false]) {
    it(`writes a spare copy of a large answer as it arrives, when asked, to be taken once (${byteStream ? 'byte stream' : 'plain stream'})`, async () => {
      const result = await postForBytes(bytesAnswer(LARGE, { byteStream }), 'http://host/api/binary', {}, { method: 'loadSnapshotIndex', args: ['x'] }, 'application/octet-stream', { keeping: 'spare' });
      if (!result.ok) throw new Error(result.error.message);
      const bytes = result.value as ArrayBuffer;
      expect(bytes.byteLength).toBe(LARGE);
      expect(new Uint8Array(bytes).every((b, i) => b === i % 251)).toBe(true);
      const spare = takeSpareCopy(bytes);
      expect(spare).not.toBeNull();
      expect(spare).not.toBe(bytes);
      expect(Buffer.from(spare!).equals(Buffer.from(bytes))).toBe(true);
      expect(takeSpareCopy(bytes)).toBeNull();
    });

    it(`keeps a large answer in shared memory, when asked, with no spare copy (${byteStream ? 'byte stream' : 'plain stream'})`, async () => {
      const result = await postForBytes(bytesAnswer(LARGE, { byteStream }), 'http://host/api/binary', {}, { method: 'loadSnapshotIndex', args: ['x'] }, 'application/octet-stream', { keeping: 'shared' });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value).toBeInstanceOf(SharedArrayBuffer);
      const bytes = result.value as SharedArrayBuffer;
      expect(bytes.byteLength).toBe(LARGE);
      expect(new Uint8Array(bytes).every((b, i) => b === i % 251)).toBe(true);
      expect(takeSpareCopy(bytes)).toBeNull();
    });

    it(`refuses a large answer shorter or longer than announced (${byteStream ? 'byte stream' : 'plain stream'})`, async () => {
      for (const keeping of ['alone', 'spare', 'shared'] as const) {
        for (const sent of [LARGE - 1, LARGE + 1, LARGE + 2 ** 20]) {
          const result = await postForBytes(bytesAnswer(LARGE, { byteStream, sent }), 'http://host/api/binary', {}, { method: 'loadSnapshotIndex', args: ['x'] }, 'application/octet-stream', { keeping });
          expect(result, `${keeping}, ${sent} bytes sent`).toEqual({ ok: false, error: { code: 'network', message: expect.stringContaining('cut off') } });
        }
      }
    });
  }

  it('makes no spare copy unless asked (an export)', async () => {
    const result = await postForBytes(bytesAnswer(LARGE), 'http://host/api/binary', {}, { method: 'exportSnapshot', args: ['x'] }, 'application/octet-stream');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(result.value as ArrayBuffer)[LARGE - 1]).toBe((LARGE - 1) % 251);
    expect(takeSpareCopy(result.value as ArrayBuffer)).toBeNull();
  });
});
