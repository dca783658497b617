// Runs in Node.
/** Headers on every response, static or API (the list is shared with the Electron shell). */
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../services/web/security-headers.js';

export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../services/web/security-headers.js';

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
