// Runs in Node.
/**
 * The one stderr line that says why this is the browser version and how to get the desktop app. The
 * electron npm package exports its binary's path, and throws when the binary was never downloaded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export function desktopHint(): string {
  return electronBinary() === null
    ? 'This is the browser version of Taglock because no Electron binary is installed here; for the desktop app, install Electron where its binary can be downloaded (npm install electron), then run npm start.'
    : 'This is the browser version of Taglock; the desktop app starts with npm start.';
}
