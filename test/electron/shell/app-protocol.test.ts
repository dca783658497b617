import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { createAppRequestHandler, mimeTypeFor, registerAppScheme, serveAppScheme } = await import('../../../electron/shell/app-protocol.js');
const { CONTENT_SECURITY_POLICY } = await import('../../../electron/shell/security-policy.js');

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'taglock-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Taglock</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'simulation.worker-PTviQ1CN.js'), 'self.onmessage = () => undefined;');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(root, 'assets', 'data.json'), '{}');
  writeFileSync(join(root, 'assets', 'name with space.txt'), 'spaced');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
  // A sibling whose name starts like the root: a naive startsWith check would let it through.
  mkdirSync(join(base, 'renderer-private'));
  writeFileSync(join(base, 'renderer-private', 'key.txt'), 'sibling');
  try {
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  } catch {
    // Symlinks may be unavailable (Windows without privileges); that case is then not tested.
  }
  handler = createAppRequestHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => fake.reset());

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol', () => {
  it('is registered as a privileged standard, secure scheme before the app is ready', () => {
    registerAppScheme();
    expect(fake.protocol.registeredBeforeReady).toBe(true);
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }) }]);
  });

  it('is handled with protocol.handle', async () => {
    serveAppScheme(root);
    const response = await fake.protocol.handlers.get('app')!(new Request('app://taglock/index.html'));
    expect(response.status).toBe(200);
  });

  it('serves the UI with the CSP header and correct MIME types', async () => {
    const cases: [string, string][] = [
      ['app://taglock/index.html', 'text/html; charset=utf-8'],
      ['app://taglock/', 'text/html; charset=utf-8'],
      ['app://taglock/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://taglock/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://taglock/assets/logo.svg', 'image/svg+xml'],
      ['app://taglock/assets/font.woff2', 'font/woff2'],
      ['app://taglock/assets/data.json', 'application/json; charset=utf-8'],
    ];
    for (const [url, type] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(response.headers.get('access-control-allow-origin'), url).toBeNull();
    }
    expect(await (await get('app://taglock/index.html')).text()).toBe('<!doctype html><title>Taglock</title>');
    expect(await (await get('app://taglock/assets/name%20with%20space.txt')).text()).toBe('spaced');
  });

  it('gives the simulation module worker what it needs to load from app://', async () => {
    // An opaque origin ("null") cannot start workers, and module workers are fetched in CORS mode.
    registerAppScheme();
    expect(fake.protocol.privileged[0]!.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true });
    // With nosniff, a module worker runs only when served as JavaScript; the CSP it carries is the app's.
    const response = await get('app://taglock/assets/simulation.worker-PTviQ1CN.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('self.onmessage = () => undefined;');
    // The policy lets the page start a worker from its own origin, and the worker run script from it.
    const directives = new Map(
      response.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name!, sources] as const),
    );
    const workerSources = directives.get('worker-src') ?? directives.get('script-src') ?? directives.get('default-src');
    expect(workerSources).toContain("'self'");
    expect(directives.get('script-src') ?? directives.get('default-src')).toContain("'self'");
  });

  it('refuses traversal out of the renderer folder, however it is spelled', async () => {
    const attempts = [
      'app://taglock/../secret.txt',
      'app://taglock/assets/../../secret.txt',
      'app://taglock/%2e%2e/secret.txt',
      'app://taglock/..%2fsecret.txt',
      'app://taglock/..%2Fsecret.txt',
      'app://taglock/assets/..%2f..%2fsecret.txt',
      'app://taglock/%2e%2e%2fsecret.txt',
      'app://taglock/..%2frenderer-private/key.txt',
      'app://taglock/..%5csecret.txt',
      'app://taglock/assets%5c..%5c..%5csecret.txt',
      `app://taglock/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://taglock/index.html%00.png',
      'app://taglock/%E0%A4%A',
      'app://taglock/assets/link.txt',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      const body = await response.text();
      expect(body, url).not.toContain('outside the root');
      expect(body, url).not.toContain('sibling');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('serves nothing for other hosts, folders, missing files or other methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://taglock/assets')).status).toBe(404);
    expect((await get('app://taglock/missing.js')).status).toBe(404);
    expect((await get('app://taglock/index.html', 'POST')).status).toBe(405);
    const head = await get('app://taglock/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('falls back to application/octet-stream for unknown extensions', () => {
    expect(mimeTypeFor('a/b.unknown')).toBe('application/octet-stream');
    expect(mimeTypeFor('A.HTML')).toBe('text/html; charset=utf-8');
  });
});
