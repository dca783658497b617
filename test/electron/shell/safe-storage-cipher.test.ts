import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { createSafeStorageCipher } = await import('../../../electron/shell/safe-storage-cipher.js');
const { ProfileStore } = await import('../../../electron/services/connections/profile-store.js');

beforeEach(() => fake.reset());

describe('safeStorage cipher', () => {
  it('round-trips a secret through safeStorage (Electron’s own safeStorage by default)', () => {
    const cipher = createSafeStorageCipher(undefined, 'darwin');
    expect(cipher.isAvailable()).toBe(true);
    const sealed = cipher.encrypt('s3cret ü');
    expect(Buffer.isBuffer(sealed)).toBe(true);
    expect(sealed.toString('utf8')).not.toContain('s3cret');
    expect(cipher.decrypt(sealed)).toBe('s3cret ü');
  });

  it('is unavailable when safeStorage is, and then refuses to encrypt', () => {
    fake.safeStorage.available = false;
    const cipher = createSafeStorageCipher(undefined, 'win32');
    expect(cipher.isAvailable()).toBe(false);
    expect(() => cipher.encrypt('x')).toThrow(/not available/);
  });

  it('treats Linux without a keyring (basic_text, a fixed key) as unavailable', () => {
    for (const backend of ['basic_text', 'unknown']) {
      fake.safeStorage.backend = backend;
      expect(createSafeStorageCipher(undefined, 'linux').isAvailable(), backend).toBe(false);
    }
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      fake.safeStorage.backend = backend;
      expect(createSafeStorageCipher(undefined, 'linux').isAvailable(), backend).toBe(true);
    }
    fake.safeStorage.backend = 'basic_text';
    expect(createSafeStorageCipher(undefined, 'darwin').isAvailable()).toBe(true);
  });

  it('decides lazily (safeStorage is only usable once the app is ready)', () => {
    fake.safeStorage.available = false;
    const cipher = createSafeStorageCipher(undefined, 'darwin');
    expect(cipher.isAvailable()).toBe(false);
    fake.safeStorage.available = true;
    expect(cipher.isAvailable()).toBe(true);
  });

  it('lets the profile store keep secrets only when available', () => {
    const data = new Map<string, unknown>();
    const store = { get: (k: string) => data.get(k), set: (k: string, v: unknown) => void data.set(k, v) };
    const input = { name: 'h', url: 'https://harbor.example', kind: 'harbor' as const, username: 'u', caFile: null, insecure: false, projects: [], secret: 'pw' };
    expect(new ProfileStore(store, createSafeStorageCipher(undefined, 'darwin')).save(input).profile.hasSecret).toBe(true);
    expect(JSON.stringify([...data])).not.toContain('"pw"');
    fake.safeStorage.available = false;
    const without = new ProfileStore(store, createSafeStorageCipher(undefined, 'darwin'));
    expect(without.canKeepSecrets).toBe(false);
    expect(() => without.save(input)).toThrow(/no secure storage/);
  });
});
