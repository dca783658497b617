// Runs in Node.
/**
 * Serves the built renderer (dist/renderer) and nothing else: every path is decoded, normalised and
 * confined to that folder (symbolic links included), hidden files and folders are never served, and a
 * folder never produces a listing.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from '../services/web/content-types.js';
import { HttpRefusal } from './responses.js';

const notFound = () => new HttpRefusal(404, 'not-found', 'no such file');

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The file a URL path names inside `root`, or a refusal; never a path outside `root`. */
export async function resolveStaticFile(root: string, pathname: string): Promise<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new HttpRefusal(400, 'bad-input', 'malformed path');
  }
  if (decoded.includes('\0')) throw new HttpRefusal(400, 'bad-input', 'malformed path');
  const wanted = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  // Both separators, whatever the platform: `..\` is a traversal on Windows. Dot segments (`..`,
  // `.env`, `.git`) are refused outright before any path arithmetic.
  const segments = wanted.split(/[\\/]/);
  if (wanted === '' || segments.some((s) => s.startsWith('.'))) throw notFound();
  const candidate = resolve(root, ...segments);
  if (!inside(root, candidate)) throw notFound();
  try {
    // Confine again after links are followed: a link inside the folder may point anywhere.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    if (!inside(realRoot, realFile) || !(await stat(realFile)).isFile()) throw notFound();
    return realFile;
  } catch (error) {
    if (error instanceof HttpRefusal) throw error;
    if (wanted === 'index.html') throw new HttpRefusal(404, 'not-found', 'the Taglock UI is not built yet: run npm run build');
    throw notFound();
  }
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpRefusal(405, 'bad-input', `${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
  }
  const file = await resolveStaticFile(resolve(root), url.pathname);
  const info = await stat(file);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': info.size,
    // The page must never be cached (it is tied to this run's origin); assets are revalidated.
    'Cache-Control': basename(file) === 'index.html' ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}
