// Runs in Node.
/** The settings store outside the app: `conf`, the Node base of electron-store, in the user's config folder. */
import Conf from 'conf';
import type { KeyValueStore } from './profile-store.js';

export function confStore(options: { cwd?: string } = {}): KeyValueStore {
  const conf = new Conf<Record<string, unknown>>({ projectName: 'taglock', configName: 'connections', ...(options.cwd ? { cwd: options.cwd } : {}) });
  return { get: (key) => conf.get(key), set: (key, value) => conf.set(key, value) };
}
