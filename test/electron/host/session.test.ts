import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { startHost } from '../../../electron/host/start-host.js';
import { call, exchange, launchCodeOf, send } from './http.js';
import { throwawayRenderer } from './renderer-dir.js';

// The one-time launch code of the printed URL, traded for the session token at POST /api/session: the
// real host on a real port, with real services on a temporary data folder.
let host: RunningHost;
beforeAll(async () => {
  host = await startHost({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'taglock-session-')), rendererDir: throwawayRenderer() });
});
afterAll(() => host.close());

const errorOf = (text: string) => JSON.parse(text) as { ok: false; error: { code: string; message: string } };
const freshCode = () => launchCodeOf(host.newLaunchUrl());

describe('POST /api/session', () => {
  it('trades a launch code for the session token, which then works for calls', async () => {
    const answer = await exchange(host.origin, freshCode());
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ ok: true, value: { token: host.token } });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect((await call(host.origin, host.token, 'appInfo', [])).json()).toMatchObject({ ok: true, value: { shell: 'browser' } });
  });

  it('takes each code once: a second use gets 401 auth, saying to start Taglock again', async () => {
    const code = freshCode();
    expect((await exchange(host.origin, code)).status).toBe(200);
    const again = await exchange(host.origin, code);
    expect(again.status).toBe(401);
    expect(errorOf(again.text)).toEqual({ ok: false, error: { code: 'auth', message: expect.stringContaining('start Taglock again') } });
    expect(again.text).not.toContain(host.token);
    expect(again.text).not.toContain(code);
  });

  it('does not take a launch code as the session token, on calls or on the event stream', async () => {
    for (const code of [freshCode(), launchCodeOf(host.newLaunchUrl())]) {
      const answer = await call(host.origin, code, 'appInfo', []);
      expect(answer.status).toBe(401);
      expect(errorOf(answer.text).error.code).toBe('auth');
      expect((await send(host.origin, { path: `/api/events?token=${code}` })).status).toBe(401);
    }
  });

  it('refuses a wrong, missing or malformed code with 401, without spending the real one', async () => {
    const code = freshCode();
    const nearMiss = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    for (const wrong of [nearMiss, code + 'A', '', null, 42, ['x'], host.token]) {
      const answer = await exchange(host.origin, wrong);
      expect(answer.status).toBe(401);
      expect(errorOf(answer.text).error.code).toBe('auth');
    }
    const noCode = await send(host.origin, { method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noCode.status).toBe(401);
    expect((await exchange(host.origin, code)).status).toBe(200);
  });

  it('keeps the codes of different launch URLs apart: spending one leaves the others good', async () => {
    const [first, second] = [freshCode(), freshCode()];
    expect((await exchange(host.origin, first)).status).toBe(200);
    expect((await exchange(host.origin, second)).status).toBe(200);
    expect((await exchange(host.origin, first)).status).toBe(401);
  });

  it('lets a code expire unused', async () => {
    const shortLived = await startHost({ port: 0, services: {} as never, rendererDir: throwawayRenderer(), launchCodeTtlMs: 50 });
    try {
      const code = launchCodeOf(shortLived.newLaunchUrl());
      await new Promise((resolve) => setTimeout(resolve, 120));
      const answer = await exchange(shortLived.origin, code);
      expect(answer.status).toBe(401);
      expect(errorOf(answer.text).error.message).toMatch(/expired/);
    } finally {
      await shortLived.close();
    }
  });

  it('has the guards of every API route: Host, Origin, method, content type, a small size limit', async () => {
    const code = freshCode();
    const port = new URL(host.origin).port;
    expect((await exchange(host.origin, code, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })).status).toBe(421);
    expect((await exchange(host.origin, code, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await send(host.origin, { path: '/api/session' })).status).toBe(405);
    const form = await send(host.origin, { method: 'POST', path: '/api/session', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ code }) });
    expect(form.status).toBe(415);
    const padded = JSON.stringify({ code, padding: 'x'.repeat(2048) });
    expect((await send(host.origin, { method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: padded })).status).toBe(413);
    // None of the refused attempts spent the code.
    expect((await exchange(host.origin, code)).status).toBe(200);
  });
});
