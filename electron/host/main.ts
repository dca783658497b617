#!/usr/bin/env node
// Runs in Node.
/**
 * `node dist/electron/host/main.js`: the browser host as a program. Prints exactly one line on stdout,
 * `Taglock is running at <URL>` (scripts may read it; the URL carries a one-time launch code in its
 * fragment, good for one page and a few minutes), and one line on stderr about the desktop app.
 * Settings live in the data folder (TAGLOCK_DATA_DIR or the platform's default, the same as the desktop
 * app's); TAGLOCK_PORT picks a fixed port.
 */
import { defaultDataDir } from '../services/data-dir.js';
import { browserServices } from './browser-services.js';
import { desktopHint } from './desktop-hint.js';
import { startHost } from './start-host.js';

/** If closing hangs (a stuck call), leave anyway after this long. */
const SHUTDOWN_LIMIT_MS = 5_000;

function portFromEnvironment(): number {
  const value = process.env.TAGLOCK_PORT;
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`TAGLOCK_PORT must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return port;
}

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  const host = await startHost({
    port: portFromEnvironment(),
    services: (emit) => browserServices(dataDir, emit),
    // A development seam: serve a renderer built elsewhere.
    ...(process.env.TAGLOCK_RENDERER_DIR ? { rendererDir: process.env.TAGLOCK_RENDERER_DIR } : {}),
  });
  process.stdout.write(`Taglock is running at ${host.newLaunchUrl()}\n`);
  process.stderr.write(`${desktopHint()}\n`);

  // Repeated signals are expected (a terminal's Ctrl-C reaches both `npm start` and this process, and
  // the launcher forwards it too): the first starts the shutdown, later ones change nothing.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), SHUTDOWN_LIMIT_MS).unref();
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${process.env.TAGLOCK_PORT} is already in use` : (error as Error).message;
  process.stderr.write(`taglock: cannot start the browser host: ${message}\n`);
  process.exit(1);
});
