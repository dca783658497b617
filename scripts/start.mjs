// `npm start`: the desktop app when Electron's binary is installed, else the same UI in a browser.
// Builds first when the build output is missing. The child inherits stdio (so the host's one stdout
// line reaches the user unchanged) and receives the signals this launcher gets, or SIGTERM when the
// launcher's own parent goes away.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHELL_ENTRY = 'dist/electron/shell/main.js';
const HOST_ENTRY = 'dist/electron/host/main.js';
const RENDERER = 'dist/renderer/index.html';

// Never require('electron') here: when its binary is missing, that tries to download it.
const electron = installedElectronBinary(root);
// Check only the entry this run needs: the other one may not exist (and need not) in this checkout.
// The browser host may serve a UI built elsewhere (TAGLOCK_RENDERER_DIR); Electron always loads dist/.
const rendererDir = !electron && process.env.TAGLOCK_RENDERER_DIR;
const needed = [join(root, electron ? SHELL_ENTRY : HOST_ENTRY), rendererDir ? join(rendererDir, 'index.html') : join(root, RENDERER)];
if (needed.some((file) => !existsSync(file))) {
  process.stderr.write('Building Taglock first (npm run build)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env };
// Set, it would make Electron behave as plain Node and ignore the app.
delete env.ELECTRON_RUN_AS_NODE;
const child = electron
  ? spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env })
  : spawn(process.execPath, [join(root, HOST_ENTRY)], { cwd: root, stdio: 'inherit', env });

const stop = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
// Stopped by its process id, npm passes the signal to the shell it ran this launcher in, and the shell
// dies without passing it on (an editor's Stop button does this): the app would stay up, orphaned, with
// its port and data folder. A launcher whose parent is gone stops the app as if the signal had come here.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM');
}, 500).unref();
child.on('error', (error) => {
  process.stderr.write(`taglock: cannot start ${electron ? 'Electron' : 'the browser host'}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // End the same way the child did, so whoever started us sees the signal.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 1);
  }
});
