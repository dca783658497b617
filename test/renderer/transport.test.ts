import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../shared/contract/client.js';
import type { TaglockEvent } from '../../shared/contract/api.js';
import { TaglockError } from '../../shared/errors.js';
import type { EventSourceLike } from '../../renderer/src/api/transport.js';
import {
  asCallResult,
  createBridgeTransport,
  createHttpTransport,
  hashWithoutToken,
  takeTokenFromLocation,
  tokenFromHash,
} from '../../renderer/src/api/transport.js';

describe('token in the URL fragment', () => {
  it('reads #token=… and tolerates other parameters', () => {
    expect(tokenFromHash('#token=abc')).toBe('abc');
    expect(tokenFromHash('#x=1&token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#other=1')).toBeNull();
  });

  it('removes only the token from the fragment', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#x=1&token=abc')).toBe('#x=1');
    expect(hashWithoutToken('#x=1')).toBe('#x=1');
  });

  it('scrubs the address bar with replaceState, keeping path and query', () => {
    const calls: unknown[][] = [];
    const history = { state: { keep: true }, replaceState: (...args: unknown[]) => void calls.push(args) };
    const token = takeTokenFromLocation({ pathname: '/app/', search: '?a=1', hash: '#token=s3cret' }, history);
    expect(token).toBe('s3cret');
    expect(calls).toEqual([[{ keep: true }, '', '/app/?a=1']]);
  });

  it("keeps the token in the tab's session storage, so a reload of the tab still reaches the host", () => {
    const tab = new Map<string, string>();
    const storage = { getItem: (k: string) => tab.get(k) ?? null, setItem: (k: string, v: string) => void tab.set(k, v) };
    const history = { state: null, replaceState: () => undefined };
    expect(takeTokenFromLocation({ pathname: '/', search: '', hash: '#token=first' }, history, storage)).toBe('first');
    // The reload: the address bar has no token any more.
    expect(takeTokenFromLocation({ pathname: '/', search: '', hash: '' }, history, storage)).toBe('first');
    // A new link of a new host run wins.
    expect(takeTokenFromLocation({ pathname: '/', search: '', hash: '#token=second' }, history, storage)).toBe('second');
    expect(takeTokenFromLocation({ pathname: '/', search: '', hash: '' }, history, null)).toBeNull();
  });

  it('leaves the address bar alone when there is no token', () => {
    const calls: unknown[][] = [];
    expect(takeTokenFromLocation({ pathname: '/', search: '', hash: '' }, { state: null, replaceState: (...a: unknown[]) => void calls.push(a) })).toBeNull();
    expect(calls).toEqual([]);
  });
});

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

describe('browser host transport', () => {
  it('posts {method, args} to /api/call with the token header', async () => {
    const { fetch, requests } = answering(200, JSON.stringify({ ok: true, value: [1, 2] }));
    const transport = createHttpTransport({ token: 'tok', fetch, createEventSource: (url) => new FakeEventSource(url) });
    const result = await transport.call('listSnapshots', []);
    expect(result).toEqual({ ok: true, value: [1, 2] });
    expect(requests[0]!.url).toBe('/api/call');
    expect(requests[0]!.init.method).toBe('POST');
    expect(requests[0]!.init.headers['X-Taglock-Token']).toBe('tok');
    expect(JSON.parse(requests[0]!.init.body)).toEqual({ method: 'listSnapshots', args: [] });
  });

  it('passes errors that arrive as data through, whatever the HTTP status', async () => {
    const { fetch } = answering(400, JSON.stringify({ ok: false, error: { code: 'bad-input', message: 'no' } }));
    const transport = createHttpTransport({ token: 't', fetch, createEventSource: (url) => new FakeEventSource(url) });
    expect(await transport.call('appInfo', [])).toEqual({ ok: false, error: { code: 'bad-input', message: 'no' } });
  });

  it('turns a refused token, a broken answer and a dead host into coded errors', async () => {
    const refused = createHttpTransport({ token: null, fetch: answering(401, '').fetch, createEventSource: (u) => new FakeEventSource(u) });
    const r1 = await refused.call('appInfo', []);
    expect(r1.ok === false && r1.error.code).toBe('auth');
    const html = createHttpTransport({ token: 't', fetch: answering(502, '<html>').fetch, createEventSource: (u) => new FakeEventSource(u) });
    const r2 = await html.call('appInfo', []);
    expect(r2.ok === false && r2.error.code).toBe('server');
    const dead = createHttpTransport({
      token: 't',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      createEventSource: (u) => new FakeEventSource(u),
    });
    const r3 = await dead.call('appInfo', []);
    expect(r3.ok === false && r3.error.code).toBe('network');
    expect(r3.ok === false && r3.error.message).toContain('Failed to fetch');
  });

  it('opens one EventSource with the token for all listeners, and closes it with the last', () => {
    const transport = createHttpTransport({ token: 'a b', fetch: answering(200, '').fetch, createEventSource: (url) => new FakeEventSource(url) });
    const seen: TaglockEvent[] = [];
    const seen2: TaglockEvent[] = [];
    const off1 = transport.subscribe((e) => seen.push(e));
    const source = FakeEventSource.last!;
    const off2 = transport.subscribe((e) => seen2.push(e));
    expect(FakeEventSource.last).toBe(source);
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
  });

  it('feeds createApiClient: errors become TaglockErrors with their code', async () => {
    const { fetch } = answering(200, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'robot lacks immutable-tag:list' } }));
    const client = createApiClient(createHttpTransport({ token: 't', fetch, createEventSource: (u) => new FakeEventSource(u) }));
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
