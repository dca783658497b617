// Runs in Node.
/** Headers on every response, static or API (the list is shared with the Electron shell). */
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../services/web/security-headers.js';

export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../services/web/security-headers.js';

/**
 * The browser host's alone: with the shared opener policy, it isolates the page from other origins, so
 * the page may share memory with its simulation worker (an opened snapshot's bytes are held once, not
 * copied for the worker: api/transport.ts). Everything the page loads is its own, so nothing it needs is
 * blocked. The desktop shell's pages get those bytes over IPC and have no use for it.
 */
export const HOST_ONLY_HEADERS: Readonly<Record<string, string>> = { 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Every header the browser host sends on each answer, listed once. */
const HOST_HEADERS = Object.entries({ ...SECURITY_HEADERS, ...HOST_ONLY_HEADERS });

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of HOST_HEADERS) res.setHeader(name, value);
}
