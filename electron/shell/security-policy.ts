// Runs in Electron's main process.
/**
 * Electron's security checklist, in one place: no permissions, no navigation away from the app, no new
 * windows (https links go to the system browser), no <webview>, a strict CSP on everything app:// serves,
 * and a session that cancels every request leaving the app's own origin, so the renderer never reaches
 * the network. Registry traffic happens in Node services (undici), not through this session.
 */
import type { Session, WebContents } from 'electron';
import { app, shell } from 'electron';
import { isAppUrl } from './app-url.js';

import { SECURITY_HEADERS } from '../services/web/security-headers.js';

export { CONTENT_SECURITY_POLICY } from '../services/web/security-headers.js';

/** Headers on every app:// response, with its content type. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' };
}

/** Links the system browser may open: https only, without credentials in the URL. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/**
 * Requests the renderer's session may make: the app's own origin, DevTools' own pages, and the
 * in-memory data: and blob: URLs (blob: only when created by the app's origin). Nothing touches the network.
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('devtools://')) return true;
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length));
  return false;
}

/** Denies every permission, and cancels every request that is not the app's own. */
export function applySessionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}

/** Opens `url` in the system browser when it is a plain https link; anything else is dropped. */
export function openExternalSafely(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  shell.openExternal(url).catch(() => undefined);
  return true;
}

/** Keeps one web contents on the app: no navigation or redirect elsewhere, no windows, no <webview>. */
export function applyWebContentsPolicy(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
}

/** Applies the web contents policy to every web contents the app ever creates, the first window included. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => applyWebContentsPolicy(contents));
}
