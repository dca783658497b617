// The test server's injected failures behave as announced.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarborServer, type HarborServer } from '../support/harbor-server/index.js';
import { authorization, call, rule, standardOptions } from './fixture.js';
import { closeCheckedServer } from '../support/checked-server.js';

const RULES = '/projects/library/immutabletagrules';

let server: HarborServer;
beforeEach(async () => {
  server = await startHarborServer(standardOptions());
});
afterEach(async () => {
  await closeCheckedServer(server);
});

describe('faults', () => {
  it('status: answers the given status, body and headers for `times` matching requests, then normally', async () => {
    const fault = server.faults.add({ kind: 'status', pathPattern: /immutabletagrules$/, method: 'GET', times: 2, status: 503, headers: { 'Retry-After': '1' } });
    const first = await call(server, 'GET', RULES);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.json).toEqual({ errors: [{ code: 'UNKNOWN', message: 'internal server error' }] });
    expect((await call(server, 'GET', '/projects')).status).toBe(200); // not matching
    expect((await call(server, 'POST', RULES, { body: rule('x') })).status).toBe(201); // other method
    expect((await call(server, 'GET', RULES)).status).toBe(503);
    expect((await call(server, 'GET', RULES)).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(server.requests.filter((r) => r.fault === 'status').map((r) => r.status)).toEqual([503, 503]);

    server.faults.add({ kind: 'status', pathPattern: /projects/, status: 429, body: { errors: [{ code: 'TOO_MANY_REQUESTS', message: 'slow down' }] }, times: Infinity });
    expect((await call(server, 'GET', RULES)).status).toBe(429);
    server.faults.clear();
    expect((await call(server, 'GET', RULES)).status).toBe(200);
  });

  it('reset: drops the connection without an answer (before the request did anything)', async () => {
    server.faults.add({ kind: 'reset', pathPattern: /immutabletagrules$/, method: 'POST' });
    await expect(call(server, 'POST', RULES, { body: rule('r1') })).rejects.toThrow();
    expect(server.state.rulesOf('library')).toHaveLength(1);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', status: 0, fault: 'reset' });
  });

  it("when: 'after' lets the write happen, then breaks the answer", async () => {
    server.faults.add({ kind: 'reset', pathPattern: /immutabletagrules$/, method: 'POST', when: 'after' });
    await expect(call(server, 'POST', RULES, { body: rule('lost-answer') })).rejects.toThrow();
    expect(server.state.rulesOf('library').map((r) => r.tag_selectors?.[0]?.pattern)).toEqual(['v*', 'lost-answer']);
    server.faults.add({ kind: 'status', status: 502, method: 'DELETE', when: 'after' });
    const id = server.state.rulesOf('library')[1]!.id;
    expect((await call(server, 'DELETE', `${RULES}/${id}`)).status).toBe(502);
    expect(server.state.rulesOf('library')).toHaveLength(1);
  });

  it('slow: delays the answer by delayMs', async () => {
    server.faults.add({ kind: 'slow', pathPattern: /systeminfo/, delayMs: 300 });
    const started = Date.now();
    const result = await call(server, 'GET', '/systeminfo');
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(server.requests.at(-1)!.fault).toBe('slow');
  });

  it('slowBody: sends status and headers, then stalls', async () => {
    server.faults.add({ kind: 'slowBody', pathPattern: /immutabletagrules$/ });
    const response = await request(server.url + '/api/v2.0' + RULES, { headers: { authorization: authorization('admin')! }, bodyTimeout: 200 });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-total-count']).toBe('1');
    await expect(response.body.text()).rejects.toThrow(/timeout/i);
  });

  it('truncate: declares the full Content-Length, sends half, closes', async () => {
    server.faults.add({ kind: 'truncate', pathPattern: /immutabletagrules$/ });
    const response = await request(server.url + '/api/v2.0' + RULES, { headers: { authorization: authorization('admin')! } });
    expect(response.statusCode).toBe(200);
    const declared = Number(response.headers['content-length']);
    expect(declared).toBeGreaterThan(10);
    await expect(response.body.text()).rejects.toThrow();
  });

  it('contentType: a 200 HTML login page instead of JSON', async () => {
    server.faults.add({ kind: 'contentType', pathPattern: /projects$/ });
    const result = await call(server, 'GET', '/projects');
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.text).toContain('<harbor-app>');
  });

  it('redirect: 302 to the given location', async () => {
    server.faults.add({ kind: 'redirect', pathPattern: /projects$/, location: 'https://sso.example.com/login' });
    const result = await call(server, 'GET', '/projects');
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe('https://sso.example.com/login');
    server.faults.add({ kind: 'redirect', match: (r) => r.query.get('page') === '2' });
    expect((await call(server, 'GET', '/projects?page=1')).status).toBe(200);
    const second = await call(server, 'GET', '/projects?page=2');
    expect(second.headers.location).toBe('/account/sign-in?redirect_url=%2Fapi%2Fv2.0%2Fprojects');
  });
});

describe('options', () => {
  it('latencyMs delays every answer', async () => {
    const slow = await startHarborServer({ ...standardOptions(), latencyMs: 150 });
    try {
      const started = Date.now();
      await call(slow, 'GET', '/systeminfo');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });
});
