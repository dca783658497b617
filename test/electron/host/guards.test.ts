import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { startHost } from '../../../electron/host/start-host.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/security-headers.js';
import { REPO_ROOT } from '../../support/repo-files.js';
import { call, send } from './http.js';
import { throwawayRenderer } from './renderer-dir.js';
import { newDataDir, startTestHost } from './test-host.js';

// Who may talk to the host: the real host on a real port, with real services on a temp data folder.
let host: RunningHost;
const SMALL_LIMIT = 4096;
let small: RunningHost;
beforeAll(async () => {
  const rendererDir = throwawayRenderer();
  host = await startHost({ port: 0, dataDir: newDataDir(), rendererDir });
  small = await startTestHost({ rendererDir, maxBodyBytes: SMALL_LIMIT });
});
afterAll(async () => {
  await host.close();
  await small.close();
});

const errorOf = (text: string) => (JSON.parse(text) as { ok: boolean; error: { code: string; message: string } });

describe('the handle it returns', () => {
  it('listens on 127.0.0.1; its launch URLs carry a new one-time code each, never the token', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const [first, second] = [host.newLaunchUrl(), host.newLaunchUrl()];
    expect(first).toMatch(new RegExp(`^${host.origin}/#code=[A-Za-z0-9_-]{43}$`));
    expect(second).not.toBe(first);
    expect(first).not.toContain(host.token);
  });

  it('makes a new token every run', async () => {
    const other = await startHost({ port: 0, services: {} as never, rendererDir: throwawayRenderer() });
    await other.close();
    expect(other.token).not.toBe(host.token);
    expect(other.origin).not.toBe(host.origin);
  });
});

describe('the token', () => {
  it('is required on calls: 401 without it', async () => {
    const answer = await call(host.origin, '', 'appInfo', []);
    expect(answer.status).toBe(401);
    expect(errorOf(answer.text)).toEqual({ ok: false, error: { code: 'auth', message: expect.any(String) } });
  });

  it('is required on calls: 401 with a wrong one, of any length', async () => {
    for (const wrong of ['x', host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A'), host.token + 'A']) {
      const answer = await call(host.origin, wrong, 'appInfo', []);
      expect(answer.status).toBe(401);
      expect(errorOf(answer.text).error.code).toBe('auth');
    }
  });

  it('is only accepted in a header for calls, not in the query', async () => {
    const answer = await send(host.origin, {
      method: 'POST',
      path: `/api/call?token=${host.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{"method":"appInfo","args":[]}',
    });
    expect(answer.status).toBe(401);
  });

  it('is required on the event stream', async () => {
    expect((await send(host.origin, { path: '/api/events' })).status).toBe(401);
    expect((await send(host.origin, { path: '/api/events?token=nope' })).status).toBe(401);
  });

  it('guards unknown API paths too (no probing without it)', async () => {
    expect((await send(host.origin, { path: '/api/nothing' })).status).toBe(401);
    const known = await send(host.origin, { path: '/api/nothing', headers: { 'x-taglock-token': host.token } });
    expect(known.status).toBe(404);
    expect(errorOf(known.text).error.code).toBe('not-found');
  });

  it('is never echoed back in an answer', async () => {
    const answer = await call(host.origin, host.token + 'x', 'appInfo', []);
    expect(answer.text).not.toContain(host.token);
  });
});

describe('the Host header (DNS rebinding)', () => {
  it.each(['evil.example:PORT', '127.0.0.1', '127.0.0.1:1', 'localhost', '[::1]:PORT', '127.0.0.2:PORT', 'localhost.evil.example:PORT'])(
    'refuses Host %s with 421, on the API and on pages',
    async (hostHeader) => {
      const value = hostHeader.replace('PORT', new URL(host.origin).port);
      const api = await call(host.origin, host.token, 'appInfo', [], { host: value, origin: `http://${value}` });
      expect(api.status).toBe(421);
      expect(errorOf(api.text).error.code).toBe('forbidden');
      const page = await send(host.origin, { path: '/', headers: { host: value } });
      expect(page.status).toBe(421);
    },
  );

  it('accepts 127.0.0.1:<port> and localhost:<port>', async () => {
    const port = new URL(host.origin).port;
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST']) {
      const hostHeader = `${name}:${port}`;
      const answer = await call(host.origin, host.token, 'appInfo', [], { host: hostHeader, origin: `http://${hostHeader.toLowerCase()}` });
      expect(answer.status).toBe(200);
    }
  });
});

describe('the Origin header (cross-site requests)', () => {
  it.each(['https://evil.example', 'null', 'http://127.0.0.1:1', 'https://127.0.0.1:PORT', 'http://localhost:PORT'])(
    'refuses a POST from %s with 403, even with the right token',
    async (origin) => {
      const answer = await call(host.origin, host.token, 'appInfo', [], { origin: origin.replace('PORT', new URL(host.origin).port) });
      expect(answer.status).toBe(403);
      expect(errorOf(answer.text).error.code).toBe('forbidden');
    },
  );

  it('accepts its own origin, and no Origin at all (non-browser clients)', async () => {
    expect((await call(host.origin, host.token, 'appInfo', [])).status).toBe(200);
    const answer = await send(host.origin, {
      method: 'POST',
      path: '/api/call',
      headers: { 'content-type': 'application/json', 'x-taglock-token': host.token },
      body: '{"method":"appInfo","args":[]}',
    });
    expect(answer.status).toBe(200);
  });

  it('refuses a foreign origin on the event stream too', async () => {
    const answer = await send(host.origin, { path: `/api/events?token=${host.token}`, headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(403);
  });

  it('sends no CORS permission to anyone', async () => {
    const preflight = await send(host.origin, {
      method: 'OPTIONS',
      path: '/api/call',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-taglock-token' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('request bodies', () => {
  const post = (origin: string, token: string, body: string | Buffer, contentType: string | null) =>
    send(origin, {
      method: 'POST',
      path: '/api/call',
      headers: { 'x-taglock-token': token, ...(contentType === null ? {} : { 'content-type': contentType }) },
      body,
    });

  it('must be JSON by content type: 415 otherwise', async () => {
    for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await post(host.origin, host.token, '{"method":"appInfo","args":[]}', type);
      expect(answer.status).toBe(415);
      expect(errorOf(answer.text).error.code).toBe('bad-input');
    }
    expect((await post(host.origin, host.token, '{"method":"appInfo","args":[]}', 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('must parse: 400 bad-input, without quoting the body back', async () => {
    const answer = await post(host.origin, host.token, '{"method":"appInfo","args":[] SECRET-TEXT', 'application/json');
    expect(answer.status).toBe(400);
    expect(errorOf(answer.text).error.code).toBe('bad-input');
    expect(answer.text).not.toContain('SECRET-TEXT');
  });

  it('must be an object: 400 bad-input', async () => {
    for (const body of ['[]', '"appInfo"', 'null', '42']) {
      const answer = await post(host.origin, host.token, body, 'application/json');
      expect(answer.status).toBe(400);
      expect(errorOf(answer.text).error.code).toBe('bad-input');
    }
  });

  it('are limited: a chunked body past the limit gets 413', async () => {
    const big = JSON.stringify({ method: 'importSnapshot', args: [{ fileName: 'x.json', text: 'x'.repeat(SMALL_LIMIT) }] });
    const answer = await send(small.origin, {
      method: 'POST',
      path: '/api/call',
      headers: { 'x-taglock-token': small.token, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(answer.status).toBe(413);
    expect(errorOf(answer.text).error.code).toBe('bad-input');
    // Just under the limit is fine (and reaches the dispatcher).
    const fits = JSON.stringify({ method: 'importSnapshot', args: [{ fileName: 'x.json', text: 'x'.repeat(SMALL_LIMIT - 100) }] });
    const ok = await send(small.origin, {
      method: 'POST',
      path: '/api/call',
      headers: { 'x-taglock-token': small.token, 'content-type': 'application/json' },
      body: fits,
    });
    expect(ok.status).toBe(200);
    expect((ok.json() as { ok: boolean }).ok).toBe(false); // not a snapshot, but an answer
  });

  it('are limited to 64 MiB by default: a larger declared length gets 413 before any of it is sent', async () => {
    const { request } = await import('node:http');
    const { hostname, port, host: hostHeader } = new URL(host.origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        hostname,
        port,
        method: 'POST',
        path: '/api/call',
        agent: false,
        headers: { host: hostHeader, 'content-type': 'application/json', 'x-taglock-token': host.token, 'content-length': String(64 * 1024 * 1024 + 1) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders(); // headers only; the body never comes
    });
    expect(status).toBe(413);
  });

  it('of 20 MiB pass (snapshot imports are big)', async () => {
    const text = JSON.stringify({ padding: 'x'.repeat(20 * 1024 * 1024) });
    const answer = await call(host.origin, host.token, 'importSnapshot', [{ fileName: 'big.json', text }]);
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('HTTP methods', () => {
  it('answers 405 with Allow for the wrong method', async () => {
    const get = await send(host.origin, { path: '/api/call', headers: { 'x-taglock-token': host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(errorOf(get.text).error.code).toBe('bad-input');
    const post = await send(host.origin, { method: 'POST', path: `/api/events?token=${host.token}`, headers: { 'x-taglock-token': host.token } });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    const page = await send(host.origin, { method: 'DELETE', path: '/index.html' });
    expect(page.status).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD');
  });
});

describe('security headers', () => {
  it('are on every answer: pages, API results and refusals', async () => {
    const answers = [
      await send(host.origin, { path: '/' }),
      await call(host.origin, host.token, 'appInfo', []),
      await call(host.origin, 'wrong', 'appInfo', []),
      await send(host.origin, { path: '/nope.js' }),
      await send(host.origin, { path: '/', headers: { host: 'evil.example' } }),
    ];
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(answer.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('repeat the Content-Security-Policy of the page itself (renderer/index.html), plus frame-ancestors', () => {
    // Browsers ignore frame-ancestors in a meta tag (and complain), so only the header carries it.
    const page = readFileSync(join(REPO_ROOT, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page);
    expect(`${meta?.[1]}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });

  it('API answers are never cached', async () => {
    expect((await call(host.origin, host.token, 'appInfo', [])).headers['cache-control']).toBe('no-store');
  });
});
