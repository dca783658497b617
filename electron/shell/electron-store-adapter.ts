// Runs in Electron's main process.
/**
 * Settings through electron-store (a JSON file in userData, written atomically), seen by the services as
 * a plain KeyValueStore. Keys are taken literally (no dot paths) and the file is readable by its owner only.
 */
import { ipcMain } from 'electron';
import Store from 'electron-store';
import type { KeyValueStore } from '../services/connections/profile-store.js';

/** The part of electron-store (and of its base, conf) the adapter uses. */
export interface GetSetStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export function keyValueStoreFrom(store: GetSetStore): KeyValueStore {
  return {
    get: (key) => store.get(key),
    // electron-store refuses undefined values; storing "nothing" means removing the key.
    set: (key, value) => (value === undefined ? store.delete(key) : store.set(key, value)),
  };
}

export const SETTINGS_NAME = 'settings';

export function openSettingsStore(cwd: string): KeyValueStore {
  const store = new Store<Record<string, unknown>>({
    cwd,
    name: SETTINGS_NAME,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  });
  // electron-store also answers a synchronous 'electron-store-get-data' IPC for renderer-side stores;
  // Taglock has none, so no channel but Taglock's own stays open.
  ipcMain.removeAllListeners('electron-store-get-data');
  return keyValueStoreFrom(store);
}
