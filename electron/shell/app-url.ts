// Runs in Node (Electron's main process).
/**
 * Where the UI lives: the privileged `app://taglock` origin, served only from dist/renderer. Node's URL
 * parser gives non-special schemes the opaque origin "null", so the origin is compared part by part.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'taglock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Whether `url` is on the app's own origin (app://taglock, no port, no credentials). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}
