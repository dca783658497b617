import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaglockApi } from '../../../shared/contract/api.js';
import type { RunningHost } from '../../../electron/host/start-host.js';
import { startHost } from '../../../electron/host/start-host.js';
import { send } from './http.js';
import { INDEX_HTML, throwawayRenderer } from './renderer-dir.js';

// The renderer files, and only them. Requests go out raw (node:http), so `..` reaches the server as typed.
let host: RunningHost;
let rendererDir: string;
beforeAll(async () => {
  // The renderer folder sits inside a parent holding a file that must never be reachable.
  const parent = mkdtempSync(join(tmpdir(), 'taglock-static-'));
  writeFileSync(join(parent, 'package.json'), '{"name":"outside"}');
  rendererDir = join(parent, 'renderer');
  mkdirSync(rendererDir);
  cpSync(throwawayRenderer(), rendererDir, { recursive: true });
  // A link inside the folder that points outside it.
  symlinkSync(join(parent, 'package.json'), join(rendererDir, 'escape.json'));
  host = await startHost({ port: 0, rendererDir, services: {} as TaglockApi });
});
afterAll(() => host.close());

describe('static files', () => {
  it('serves index.html for / with no-store', async () => {
    const answer = await send(host.origin, { path: '/' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(INDEX_HTML);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect((await send(host.origin, { path: '/index.html' })).headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    ['/assets/worker-1.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const answer = await send(host.origin, { path });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD with headers only', async () => {
    const answer = await send(host.origin, { method: 'HEAD', path: '/' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
  });

  it('serves the page with a query string (the token is in the fragment, never sent)', async () => {
    expect((await send(host.origin, { path: '/?x=1' })).status).toBe(200);
  });

  it.each(['/nope.js', '/assets/', '/assets', '/assets/missing.css', '/.env', '/.hidden/secret.txt', '/assets/%2e%2e/.env'])(
    'answers 404 for %s (missing, folders without listing, hidden files)',
    async (path) => {
      const answer = await send(host.origin, { path });
      expect(answer.status).toBe(404);
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(answer.text).not.toContain('index-abc123');
    },
  );

  it.each([
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '//../package.json',
    '/escape.json',
    `/${encodeURIComponent(join(tmpdir(), 'x'))}`,
  ])('never serves outside the folder: %s', async (path) => {
    const answer = await send(host.origin, { path });
    expect([400, 404]).toContain(answer.status);
    expect(answer.text).not.toContain('outside');
  });

  it('refuses malformed paths with 400', async () => {
    expect((await send(host.origin, { path: '/%E0%A4%A' })).status).toBe(400);
    expect((await send(host.origin, { path: '/index.html%00.js' })).status).toBe(400);
  });

  it('says how to build when the UI is missing', async () => {
    const empty = await startHost({ port: 0, rendererDir: mkdtempSync(join(tmpdir(), 'taglock-empty-')), services: {} as TaglockApi });
    try {
      const answer = await send(empty.origin, { path: '/' });
      expect(answer.status).toBe(404);
      expect(answer.json()).toMatchObject({ error: { code: 'not-found', message: expect.stringContaining('npm run build') } });
    } finally {
      await empty.close();
    }
  });
});
