// `npm install` (postinstall): install Electron's binary with the electron package's own installer, so
// `npm start` opens the desktop app. Where that cannot work (ELECTRON_SKIP_BINARY_DOWNLOAD, no network,
// an unsupported platform) it prints one line saying so and succeeds: the browser version still runs.
// The installer is a child process whose output is kept back, so a failure shows as that one line only.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, installedElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** A download that has not finished by then is given up (the installer can be run again any time). */
const INSTALL_LIMIT_MS = 15 * 60_000;
const BROWSER_VERSION = 'npm start runs the browser version; `npx install-electron` installs the binary later';

function skipRequested(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function say(line) {
  process.stdout.write(`${line}\n`);
}

function main() {
  if (installedElectronBinary(root) !== null) return;
  const packageDir = electronPackageDir(root);
  if (packageDir === null) return say(`Electron binary not installed: the electron package is not installed (production install); ${BROWSER_VERSION}.`);
  if (skipRequested(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    return say(`Electron binary not installed: ELECTRON_SKIP_BINARY_DOWNLOAD is set; ${BROWSER_VERSION}.`);
  }
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: INSTALL_LIMIT_MS,
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
  });
  if (result.status === 0 && installedElectronBinary(root) !== null) return say('Electron binary installed: npm start opens the desktop app.');
  const reason = result.error
    ? result.error.message
    : (`${result.stderr}\n${result.stdout}`.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? `the installer exited with ${result.status ?? result.signal}`);
  say(`Electron binary not installed (${reason.slice(0, 200)}); ${BROWSER_VERSION}.`);
}

main();
