import { describe, expect, it } from 'vitest';
import { SESSION_PATH } from '../../shared/contract/transport-names.js';
import type { TabStorage } from '../../renderer/src/api/session.js';
import { hashWithoutLaunchCode, launchCodeFromHash, startSession, takeLaunchCode } from '../../renderer/src/api/session.js';

// How a page gets its session: the one-time launch code of the printed URL, scrubbed from the address
// bar and traded for the token, which the tab keeps for reloads. The host's side: test/electron/host/session.test.ts.

type Init = { method: string; headers: Record<string, string>; body: string };

/** A host that answers the exchange with `status` and `body`, recording what it was sent. */
function host(status: number, body: unknown) {
  const requests: { url: string; init: Init }[] = [];
  const fetch = async (url: string, init: Init) => {
    requests.push({ url, init });
    return { status, ok: status === 200, text: async () => JSON.stringify(body) };
  };
  return { fetch, requests };
}

const granting = (token: string) => host(200, { ok: true, value: { token } });
const SPENT = { code: 'auth', message: 'this launch link has already been used or has expired: start Taglock again' };

function tabStorage(): TabStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

function addressBar(hash: string, pathname = '/', search = '') {
  const replaced: unknown[][] = [];
  return { location: { pathname, search, hash }, history: { state: { keep: true }, replaceState: (...args: unknown[]) => void replaced.push(args) }, replaced };
}

describe('the launch code in the URL fragment', () => {
  it('reads #code=… and tolerates other parameters', () => {
    expect(launchCodeFromHash('#code=abc')).toBe('abc');
    expect(launchCodeFromHash('#x=1&code=a%2Bb')).toBe('a+b');
    expect(launchCodeFromHash('')).toBeNull();
    expect(launchCodeFromHash('#')).toBeNull();
    expect(launchCodeFromHash('#code=')).toBeNull();
    expect(launchCodeFromHash('#other=1')).toBeNull();
  });

  it('removes only the code from the fragment', () => {
    expect(hashWithoutLaunchCode('#code=abc')).toBe('');
    expect(hashWithoutLaunchCode('#x=1&code=abc')).toBe('#x=1');
    expect(hashWithoutLaunchCode('#x=1')).toBe('#x=1');
  });

  it('is scrubbed from the address bar with replaceState, keeping path, query and state', () => {
    const bar = addressBar('#code=s3cret', '/app/', '?a=1');
    expect(takeLaunchCode(bar.location, bar.history)).toBe('s3cret');
    expect(bar.replaced).toEqual([[{ keep: true }, '', '/app/?a=1']]);
  });

  it('leaves the address bar alone when there is none', () => {
    const bar = addressBar('#x=1');
    expect(takeLaunchCode(bar.location, bar.history)).toBeNull();
    expect(bar.replaced).toEqual([]);
  });
});

describe('startSession', () => {
  it('scrubs the code at once, trades it at /api/session and keeps the token in the tab', async () => {
    const { fetch, requests } = granting('session-token');
    const bar = addressBar('#code=c0de');
    const tab = tabStorage();
    const session = startSession({ ...bar, tab, fetch });
    expect(bar.replaced).toHaveLength(1); // before the exchange has answered
    expect(await session).toEqual({ ok: true, token: 'session-token' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(SESSION_PATH);
    expect(requests[0]!.init.method).toBe('POST');
    expect(requests[0]!.init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(requests[0]!.init.body)).toEqual({ code: 'c0de' });
    expect([...tab.items.values()]).toEqual(['session-token']);
  });

  it('after a reload (no code), uses the token the tab kept, without asking the host', async () => {
    const tab = tabStorage();
    await startSession({ ...addressBar('#code=c0de'), tab, fetch: granting('kept').fetch });
    const { fetch, requests } = granting('unused');
    expect(await startSession({ ...addressBar(''), tab, fetch })).toEqual({ ok: true, token: 'kept' });
    expect(requests).toEqual([]);
  });

  it('without a code or a kept token (a new tab), says to start Taglock again', async () => {
    const { fetch, requests } = granting('unused');
    const session = await startSession({ ...addressBar(''), tab: tabStorage(), fetch });
    expect(session).toEqual({ ok: false, error: { code: 'auth', message: expect.stringContaining('start Taglock again') } });
    expect(requests).toEqual([]);
    expect(await startSession({ ...addressBar(''), tab: null, fetch })).toMatchObject({ ok: false, error: { code: 'auth' } });
  });

  it("passes the host's refusal of a spent code on, when the tab has no token of its own", async () => {
    const { fetch } = host(401, { ok: false, error: SPENT });
    expect(await startSession({ ...addressBar('#code=spent'), tab: tabStorage(), fetch })).toEqual({ ok: false, error: SPENT });
  });

  it('keeps using its own token when the tab opens the link it already traded', async () => {
    const tab = tabStorage();
    await startSession({ ...addressBar('#code=c0de'), tab, fetch: granting('mine').fetch });
    const { fetch } = host(401, { ok: false, error: SPENT });
    expect(await startSession({ ...addressBar('#code=c0de'), tab, fetch })).toEqual({ ok: true, token: 'mine' });
  });

  it("takes a new run's token over an old one the tab kept (a fixed port makes the origin the same)", async () => {
    const tab = tabStorage();
    await startSession({ ...addressBar('#code=first'), tab, fetch: granting('old').fetch });
    expect(await startSession({ ...addressBar('#code=second'), tab, fetch: granting('new').fetch })).toEqual({ ok: true, token: 'new' });
    expect(await startSession({ ...addressBar(''), tab, fetch: granting('unused').fetch })).toEqual({ ok: true, token: 'new' });
  });

  it('works without session storage (a reload then needs a new link), and reports a dead host', async () => {
    const broken: TabStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(await startSession({ ...addressBar('#code=c0de'), tab: broken, fetch: granting('t').fetch })).toEqual({ ok: true, token: 't' });
    const dead = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await startSession({ ...addressBar('#code=c0de'), tab: null, fetch: dead })).toMatchObject({ ok: false, error: { code: 'network' } });
  });
});
