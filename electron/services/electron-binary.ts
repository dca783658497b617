// Runs in Node.
/**
 * Where the Electron binary is, without installing it. Requiring the electron package tries to download
 * the binary when it is missing (printing to stdout), so this reads what its installer leaves:
 * node_modules/electron/path.txt names the executable inside node_modules/electron/dist, and
 * ELECTRON_OVERRIDE_DIST_PATH replaces that folder, as the package's own index.js resolves it.
 * scripts/electron-binary.mjs is the same lookup for the scripts that run before any build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function installedElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    : executable && join(packageDir, 'dist', executable);
  return binary && existsSync(binary) ? binary : null;
}
