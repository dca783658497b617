// `npm start`: the desktop app when Electron's binary is installed, else the same UI in a browser.
// Builds first when the build output is missing. The child inherits stdio (so the host's one stdout
// line reaches the user unchanged) and receives the signals this launcher gets.
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

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
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
