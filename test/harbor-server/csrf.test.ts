// The test server hands out a session cookie and enforces CSRF on requests that send it back (spec §6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { call, errorOf, rule, standardOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

let server: HarborServer;
beforeAll(async () => {
  server = await startHarborServer(standardOptions());
});
afterAll(async () => {
  await closeCheckedServer(server);
});

function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair] = line.split(';');
    const [key, value] = pair!.split('=');
    if (key === name) return value;
  }
  return undefined;
}

describe('session cookie and CSRF', () => {
  it('sets a fresh sid cookie on every answer to a cookie-less request, errors included', async () => {
    const a = await call(server, 'GET', '/systeminfo');
    const b = await call(server, 'GET', '/projects/nope/immutabletagrules', { as: 'anonymous' });
    expect(a.headers['set-cookie']).toMatch(/^sid=[0-9a-f]+; Path=\/; HttpOnly$/);
    expect(b.headers['set-cookie']).toMatch(/^sid=/);
    expect(cookieValue(a.headers['set-cookie'], 'sid')).not.toBe(cookieValue(b.headers['set-cookie'], 'sid'));
  });

  it('refuses a write that carries the sid cookie without the CSRF token (the client must keep no cookie jar)', async () => {
    const sid = cookieValue((await call(server, 'GET', '/systeminfo')).headers['set-cookie'], 'sid')!;
    const read = await call(server, 'GET', '/projects/library/immutabletagrules', { headers: { cookie: `sid=${sid}` } });
    expect(read.status).toBe(200);
    const token = cookieValue(read.headers['set-cookie'], '__csrf')!;
    expect(token).toBeTruthy();
    expect(cookieValue(read.headers['set-cookie'], 'sid')).toBeUndefined(); // a known session is kept

    const noToken = await call(server, 'POST', '/projects/library/immutabletagrules', { body: rule('c1'), headers: { cookie: `sid=${sid}` } });
    expect(noToken.status).toBe(403);
    expect(errorOf(noToken)).toEqual({ code: 'FORBIDDEN', message: 'CSRF token not found in request' });
    const wrong = await call(server, 'DELETE', '/projects/library/immutabletagrules/1', { headers: { cookie: `sid=${sid}`, 'X-Harbor-CSRF-Token': 'nope' } });
    expect(wrong.status).toBe(403);
    expect(errorOf(wrong)).toEqual({ code: 'FORBIDDEN', message: 'CSRF token invalid' });
    expect(server.state.rulesOf('library')).toHaveLength(1);

    const withToken = await call(server, 'POST', '/projects/library/immutabletagrules', {
      body: rule('c2'),
      headers: { cookie: `sid=${sid}`, 'X-Harbor-CSRF-Token': token },
    });
    expect(withToken.status).toBe(201);
    // Any sid cookie, even one the server never issued, switches the check on (and earns a new sid).
    const madeUp = await call(server, 'PUT', '/projects/library/immutabletagrules/1', { body: { ...rule('m'), id: 1 }, headers: { cookie: 'sid=made-up' } });
    expect(madeUp.status).toBe(403);
    expect(cookieValue(madeUp.headers['set-cookie'], 'sid')).toMatch(/^[0-9a-f]{32}$/);
    const cookieless = await call(server, 'POST', '/projects/library/immutabletagrules', { body: rule('c3') });
    expect(cookieless.status).toBe(201);
  });
});
