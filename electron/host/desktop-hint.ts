// Runs in Node.
/**
 * The one stderr line that says why this is the browser version and how to get the desktop app. The
 * lookup never installs anything (requiring the electron package would try to download the binary).
 */
import { installedElectronBinary } from '../services/electron-binary.js';

export function desktopHint(): string {
  return installedElectronBinary() === null
    ? 'This is the browser version of Taglock because no Electron binary is installed here; for the desktop app, install Electron where its binary can be downloaded (npx install-electron), then run npm start.'
    : 'This is the browser version of Taglock; the desktop app starts with npm start.';
}
