/**
 * electron-store needs Electron's `app`, so its import is replaced by its own base class, `conf`, set up
 * the way electron-store sets it up (name → configName, cwd); the adapter then runs against real files.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const constructed = vi.hoisted(() => [] as Record<string, unknown>[]);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  const { ipcMain } = fake.module;
  class ElectronStoreStandIn extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string }) {
      constructed.push(options);
      // Like the real one in the main process: it answers renderer-side stores synchronously.
      ipcMain.on('electron-store-get-data', () => undefined);
      const { name = 'config', ...rest } = options;
      super({ ...rest, configName: name, projectName: 'taglock-test' });
    }
  }
  return { default: ElectronStoreStandIn };
});

const { keyValueStoreFrom, openSettingsStore } = await import('../../../electron/shell/electron-store-adapter.js');
const { ProfileStore } = await import('../../../electron/services/connections/profile-store.js');

let dir: string;
beforeEach(() => {
  fake.reset();
  constructed.length = 0;
  dir = mkdtempSync(join(tmpdir(), 'taglock-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('electron-store adapter', () => {
  it('round-trips values through the settings file in userData', () => {
    const store = openSettingsStore(dir);
    const connections = [{ id: 'a', name: 'Harbor', projects: ['p'] }];
    store.set('connections', connections);
    store.set('secrets', { a: 'c2VhbGVk' });
    expect(store.get('connections')).toEqual(connections);
    expect(store.get('missing')).toBeUndefined();

    const again = openSettingsStore(dir);
    expect(again.get('connections')).toEqual(connections);
    expect(again.get('secrets')).toEqual({ a: 'c2VhbGVk' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ connections, secrets: { a: 'c2VhbGVk' } });
  });

  it('opens electron-store in the given folder, keys taken literally, owner-only file', () => {
    const store = openSettingsStore(dir);
    expect(constructed[0]).toMatchObject({ cwd: dir, name: 'settings', accessPropertiesByDotNotation: false, configFileMode: 0o600 });
    store.set('a.b', 1);
    expect(store.get('a.b')).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ 'a.b': 1 });
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o077).toBe(0);
  });

  it('removes a key set to undefined (electron-store refuses undefined)', () => {
    const store = openSettingsStore(dir);
    store.set('k', 1);
    store.set('k', undefined);
    expect(store.get('k')).toBeUndefined();
  });

  it("closes electron-store's own IPC channel", () => {
    openSettingsStore(dir);
    expect(fake.ipcMain.listenerCount('electron-store-get-data')).toBe(0);
  });

  it('backs the profile store', () => {
    const profiles = new ProfileStore(openSettingsStore(dir), null);
    const { profile: saved } = profiles.save({ name: 'h', url: 'https://harbor.example', kind: 'harbor', username: null, caFile: null, insecure: false, projects: [] });
    expect(new ProfileStore(openSettingsStore(dir), null).list()).toEqual([saved]);
  });

  it('adapts any store with the same get/set/delete surface', () => {
    const data = new Map<string, unknown>();
    const store = keyValueStoreFrom({ get: (k) => data.get(k), set: (k, v) => void data.set(k, v), delete: (k) => void data.delete(k) });
    store.set('x', [1]);
    expect(store.get('x')).toEqual([1]);
    store.set('x', undefined);
    expect(data.has('x')).toBe(false);
  });
});
