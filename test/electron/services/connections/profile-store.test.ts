import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confStore } from '../../../../electron/services/connections/conf-store.js';
import type { SecretCipher } from '../../../../electron/services/connections/profile-store.js';
import { ProfileStore, registryOrigin } from '../../../../electron/services/connections/profile-store.js';

// Stands in for Electron's safeStorage (an OS keychain is not available here): real AES-GCM encryption.
function testCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    isAvailable: () => true,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const input = { name: 'prod', url: 'https://harbor.example.com/', kind: 'harbor' as const, username: 'robot$ci', caFile: null, insecure: false, projects: ['shop'] };

function filesText(dir: string): string {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

describe('connection profiles', () => {
  it('persist in a real conf file and keep the secret only encrypted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const cipher = testCipher();
    const store = new ProfileStore(confStore({ cwd: dir }), cipher);
    const { profile: saved } = store.save({ ...input, secret: 'S3cret-Token!' });
    expect(saved.url).toBe('https://harbor.example.com');
    expect(saved.hasSecret).toBe(true);
    expect(filesText(dir)).not.toContain('S3cret-Token!');
    // A second store over the same folder (a restart) reads it back.
    const again = new ProfileStore(confStore({ cwd: dir }), cipher);
    expect(again.list()).toEqual([saved]);
    expect(again.secret(saved.id)).toBe('S3cret-Token!');
    again.remove(saved.id);
    expect(new ProfileStore(confStore({ cwd: dir }), cipher).list()).toEqual([]);
  });

  it('never writes a secret when no secure storage exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const store = new ProfileStore(confStore({ cwd: dir }), null);
    expect(() => store.save({ ...input, secret: 'plain' })).toThrow(/no secure storage/);
    const { profile: saved } = store.save(input);
    expect(saved.hasSecret).toBe(false);
    expect(store.secret(saved.id)).toBeNull();
    expect(filesText(dir)).not.toContain('plain');
  });

  it('refuses bad input with a clear message', () => {
    const store = new ProfileStore(confStore({ cwd: mkdtempSync(join(tmpdir(), 'taglock-profiles-')) }), null);
    expect(() => store.save({ ...input, url: 'harbor.example.com' })).toThrow(/not a URL/);
    expect(() => store.save({ ...input, url: 'ftp://x' })).toThrow(/https/);
    expect(() => store.save({ ...input, url: 'https://u:p@x' })).toThrow(/not in the URL/);
    expect(() => store.save({ ...input, name: ' ' })).toThrow(/needs a name/);
  });

  it('drop the saved secret when the scheme, host or port changes, on disk too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const cipher = testCipher();
    const store = new ProfileStore(confStore({ cwd: dir }), cipher);
    const savedSecretIds = () => Object.keys((JSON.parse(readFileSync(join(dir, 'connections.json'), 'utf8')) as { secrets: object }).secrets);
    for (const elsewhere of ['http://harbor.example.com', 'https://harbor.example.com:8443', 'https://harbor2.example.com', 'https://harbor.example.com.evil.test']) {
      const { profile } = store.save({ ...input, secret: 'S3cret-Token!' });
      expect(savedSecretIds()).toEqual([profile.id]);
      // Only the URL changes, the secret is left as it was (undefined keeps a secret on the same origin).
      const moved = store.save({ ...input, id: profile.id, url: elsewhere });
      expect(moved.originChanged, elsewhere).toBe(true);
      expect(moved.profile.hasSecret, elsewhere).toBe(false);
      expect(store.secret(profile.id)).toBeNull();
      expect(savedSecretIds()).toEqual([]);
      const restarted = new ProfileStore(confStore({ cwd: dir }), cipher);
      expect(restarted.get(profile.id)).toMatchObject({ url: elsewhere, hasSecret: false });
      // Moving back does not bring the secret back: it was deleted, not hidden.
      expect(restarted.save({ ...input, id: profile.id }).profile.hasSecret).toBe(false);
      restarted.remove(profile.id);
    }
  });

  it('keep the saved secret on the same origin: another path, case of the host, the default port', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const cipher = testCipher();
    const store = new ProfileStore(confStore({ cwd: dir }), cipher);
    const { profile } = store.save({ ...input, secret: 'S3cret-Token!' });
    for (const same of ['https://harbor.example.com/harbor/', 'https://HARBOR.Example.com', 'https://harbor.example.com:443/', 'https://harbor.example.com/']) {
      const kept = store.save({ ...input, id: profile.id, url: same, name: 'renamed' });
      expect(kept.originChanged, same).toBe(false);
      expect(kept.profile.hasSecret, same).toBe(true);
      expect(new ProfileStore(confStore({ cwd: dir }), cipher).secret(profile.id)).toBe('S3cret-Token!');
    }
  });

  it('keep a new secret given together with a new origin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const cipher = testCipher();
    const store = new ProfileStore(confStore({ cwd: dir }), cipher);
    const { profile } = store.save({ ...input, secret: 'old-host-secret' });
    const moved = store.save({ ...input, id: profile.id, url: 'https://registry.other.test', secret: 'new-host-secret' });
    expect(moved).toMatchObject({ originChanged: true, profile: { hasSecret: true } });
    expect(new ProfileStore(confStore({ cwd: dir }), cipher).secret(profile.id)).toBe('new-host-secret');
    expect(filesText(dir)).not.toContain('old-host-secret');
  });

  it('report no origin change for a new connection', () => {
    const store = new ProfileStore(confStore({ cwd: mkdtempSync(join(tmpdir(), 'taglock-profiles-')) }), testCipher());
    expect(store.save({ ...input, id: 'fresh-id', secret: 'x' })).toMatchObject({ originChanged: false, profile: { id: 'fresh-id', hasSecret: true } });
  });

  it('keep allowed token services as origins, and read connections saved before the setting as allowing none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taglock-profiles-'));
    const kv = confStore({ cwd: dir });
    const store = new ProfileStore(kv, null);
    const { profile } = store.save({ ...input, tokenRealms: ['https://Auth.Example.com:443/service/token', 'https://auth.example.com', 'http://10.0.0.9:5001/token'] });
    expect(profile.tokenRealms).toEqual(['https://auth.example.com', 'http://10.0.0.9:5001']);
    expect(new ProfileStore(confStore({ cwd: dir }), null).get(profile.id).tokenRealms).toEqual(['https://auth.example.com', 'http://10.0.0.9:5001']);
    kv.set('connections', [{ ...input, id: 'old', hasSecret: false }]);
    expect(store.get('old').tokenRealms).toEqual([]);
    expect(() => store.save({ ...input, tokenRealms: ['auth.example.com'] })).toThrow(/is not a URL/);
  });
});

describe('registry origin', () => {
  it.each([
    ['https://Harbor.Example.com:443/harbor/', 'https://harbor.example.com'],
    ['http://harbor.example.com:80', 'http://harbor.example.com'],
    ['https://harbor.example.com:80', 'https://harbor.example.com:80'],
    ['http://harbor.example.com:443', 'http://harbor.example.com:443'],
    ['https://[::1]:8443/x', 'https://[::1]:8443'],
  ])('%s is %s', (url, origin) => {
    expect(registryOrigin(url)).toBe(origin);
  });

  it('is null for text that is no URL', () => {
    expect(registryOrigin('harbor.example.com')).toBeNull();
  });
});
