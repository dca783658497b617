// Runs in Electron's main process.
/**
 * The `app://taglock` scheme: registered as privileged (standard, secure) before the app is ready, then
 * served from one folder (dist/renderer) and nothing else. A request's path is decoded, resolved and
 * checked against the folder, symlinks included, before any byte is read; every response carries the CSP.
 */
// fs.promises is read at call time: Electron patches it to read inside app.asar.
import { promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-url.js';
import { contentTypeFor } from '../services/web/content-types.js';
import { appResponseHeaders } from './security-policy.js';

/** The same content types the browser host serves. */
export const mimeTypeFor = contentTypeFor;

/**
 * Must run before the app is ready: makes app:// a standard, secure origin with fetch. corsEnabled because
 * module scripts and module workers (what vite emits) are fetched in CORS mode; no response carries
 * Access-Control-Allow-Origin, so no other origin can read from it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves app:// from `rootDir` (call once the app is ready). */
export function serveAppScheme(rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The file under `root` a URL names, or null when it names nothing there (or tries to leave). */
export async function resolveAppFile(root: string, url: string): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const candidate = resolve(root, `.${path}`);
  if (!inside(root, candidate)) return null;
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    return null;
  }
  const realRoot = await fs.realpath(root).catch(() => root);
  if (!inside(realRoot, real)) return null;
  const info = await fs.stat(real).catch(() => null);
  return info?.isFile() ? real : null;
}

export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const file = await resolveAppFile(root, request.url);
    if (!file) return plain(404, 'not found');
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return plain(404, 'not found');
    }
    const headers = appResponseHeaders(mimeTypeFor(file));
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
