// Where the Electron binary is, without installing it. Requiring the electron package would try to
// download the binary when it is missing (and print to stdout), so this reads what its installer leaves:
// node_modules/electron/path.txt names the executable inside node_modules/electron/dist, and
// ELECTRON_OVERRIDE_DIST_PATH replaces that folder, exactly as the package's own index.js resolves it.
// electron/services/electron-binary.ts is the same lookup for the compiled Node side.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The electron package's folder as resolved from `fromDir`, or null when it is not installed. */
export function electronPackageDir(fromDir) {
  try {
    return dirname(createRequire(join(fromDir, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The installed Electron executable, or null when there is none. */
export function installedElectronBinary(fromDir, env = process.env) {
  const packageDir = electronPackageDir(fromDir);
  if (packageDir === null) return null;
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    : executable && join(packageDir, 'dist', executable);
  return binary && existsSync(binary) ? binary : null;
}
