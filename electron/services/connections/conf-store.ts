// Runs in Node.
/**
 * The settings store outside the app: `conf`, the Node base of electron-store, in the data folder. The
 * folder is created owner-only before conf would create it with the default mode, and the file is 0600.
 */
import Conf from 'conf';
import { ensurePrivateFolder } from '../data-dir.js';
import type { KeyValueStore } from './profile-store.js';

export function confStore(options: { cwd?: string } = {}): KeyValueStore {
  if (options.cwd) ensurePrivateFolder(options.cwd);
  const conf = new Conf<Record<string, unknown>>({
    projectName: 'taglock',
    configName: 'connections',
    configFileMode: 0o600,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) };
}
