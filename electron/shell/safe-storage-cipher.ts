// Runs in Electron's main process.
/**
 * Secrets encrypted by the OS keychain through Electron's safeStorage. On Linux without a keyring
 * safeStorage falls back to a fixed, well-known key ("basic_text"); that is no protection, so it counts
 * as unavailable and secrets are then never written (the ProfileStore asks for them each session).
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../services/connections/profile-store.js';

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<typeof safeStorage, 'getSelectedStorageBackend'>>;

export function createSafeStorageCipher(storage: SafeStorageLike = safeStorage, platform: NodeJS.Platform = process.platform): SecretCipher {
  const isAvailable = (): boolean => {
    if (!storage.isEncryptionAvailable()) return false;
    if (platform === 'linux' && storage.getSelectedStorageBackend) {
      const backend = storage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') return false;
    }
    return true;
  };
  return {
    isAvailable,
    encrypt(plain) {
      if (!isAvailable()) throw new Error('secure storage is not available');
      return storage.encryptString(plain);
    },
    decrypt(encrypted) {
      if (!isAvailable()) throw new Error('secure storage is not available');
      return storage.decryptString(encrypted);
    },
  };
}
