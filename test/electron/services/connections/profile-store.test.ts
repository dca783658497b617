import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confStore } from '../../../../electron/services/connections/conf-store.js';
import type { SecretCipher } from '../../../../electron/services/connections/profile-store.js';
import { ProfileStore } from '../../../../electron/services/connections/profile-store.js';

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
    const saved = store.save({ ...input, secret: 'S3cret-Token!' });
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
    const saved = store.save(input);
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
});
