// Runs in Node.
/**
 * Saved connections. Settings persist through a small key-value store (electron-store in the app, its
 * Node base `conf` elsewhere); secrets are kept only when a cipher is available (Electron's safeStorage,
 * backed by the OS keychain) and then only encrypted. Without a cipher a secret is never written: the
 * user types it again, or the command line reads it from stdin or the environment.
 * A saved secret belongs to the registry origin it was given for: changing a connection's scheme, host
 * or port drops it, so the next Test asks for it again instead of sending it to the new host.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, ConnectionInput } from '../../../shared/contract/api.js';
import { badInput, TaglockError } from '../../../shared/errors.js';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

/** Saved connections are exactly what the contract shows the UI (never the secret itself). */
export type ConnectionProfile = Connection;

export type ProfileInput = Omit<ConnectionInput, 'secret'> & { secret?: string | null };

/** What a save did, beyond the profile: callers holding secrets of their own must drop them too. */
export interface SavedProfile {
  profile: ConnectionProfile;
  /** The connection existed and now points at another origin: its saved secret was dropped. */
  originChanged: boolean;
}

const PROFILES_KEY = 'connections';
const SECRETS_KEY = 'secrets';

function validate(input: ProfileInput): void {
  if (!input.name.trim()) throw badInput('a connection needs a name');
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw badInput(`not a URL: ${JSON.stringify(input.url)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('the registry URL must start with https:// (or http://)');
  if (url.username || url.password) throw badInput('put credentials in the user and secret fields, not in the URL');
}

/**
 * The token services a connection allows, as origins (scheme, host, port): the permission is for a
 * server, not a path, and an origin is what the sign-in check compares. Duplicates are dropped.
 */
export function tokenRealmOrigins(realms: readonly string[]): string[] {
  const origins = realms.map((text) => {
    let url: URL;
    try {
      url = new URL(text.trim());
    } catch {
      throw badInput(`token service ${JSON.stringify(text)} is not a URL (write it as https://auth.example.com)`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput(`token service ${url.origin || JSON.stringify(text)} must start with https:// (or http://)`);
    if (url.username || url.password) throw badInput('a token service address must not carry credentials');
    return url.origin;
  });
  return [...new Set(origins)];
}

/**
 * The origin a secret is bound to: scheme, lower-case host and port, the scheme's default port (443,
 * 80) folded away (the WHATWG URL origin). The path is not part of it: `/` and `/harbor/` on one
 * host are the same server for a secret. Null for text that is no URL.
 */
export function registryOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export class ProfileStore {
  constructor(private readonly store: KeyValueStore, private readonly cipher: SecretCipher | null) {}

  get canKeepSecrets(): boolean {
    return this.cipher?.isAvailable() === true;
  }

  list(): ConnectionProfile[] {
    const profiles = this.store.get(PROFILES_KEY);
    // Connections saved before token services could be allowed have no list: none is allowed.
    return Array.isArray(profiles) ? (profiles as ConnectionProfile[]).map((p) => ({ ...p, tokenRealms: Array.isArray(p.tokenRealms) ? p.tokenRealms : [] })) : [];
  }

  get(id: string): ConnectionProfile {
    const profile = this.list().find((p) => p.id === id);
    if (!profile) throw new TaglockError('not-found', `no saved connection ${JSON.stringify(id)}`);
    return profile;
  }

  /**
   * Creates or updates a connection. `secret`: undefined keeps the saved one (unless the origin
   * changed), null or "" forgets it, text replaces it (a new secret given with a new origin is kept).
   */
  save(input: ProfileInput): SavedProfile {
    validate(input);
    const tokenRealms = tokenRealmOrigins(input.tokenRealms ?? []);
    const id = input.id ?? randomUUID();
    const previous = this.list().find((p) => p.id === id);
    // An unreadable old URL counts as another origin: dropping a secret is always safe.
    const originChanged = previous !== undefined && registryOrigin(previous.url) !== registryOrigin(input.url);
    const secrets = this.secrets();
    if (originChanged) delete secrets[id];
    if (input.secret !== undefined) {
      if (input.secret === null || input.secret === '') delete secrets[id];
      else if (this.canKeepSecrets) secrets[id] = this.cipher!.encrypt(input.secret).toString('base64');
      else throw new TaglockError('bad-input', 'this system offers no secure storage for secrets: the secret is not saved; enter it when connecting');
    }
    const { secret: _secret, ...fields } = input;
    const profile: ConnectionProfile = { ...fields, id, url: input.url.replace(/\/+$/, ''), tokenRealms, hasSecret: id in secrets };
    this.store.set(SECRETS_KEY, secrets);
    this.store.set(PROFILES_KEY, [...this.list().filter((p) => p.id !== id), profile]);
    return { profile, originChanged };
  }

  remove(id: string): void {
    const secrets = this.secrets();
    delete secrets[id];
    this.store.set(SECRETS_KEY, secrets);
    this.store.set(PROFILES_KEY, this.list().filter((p) => p.id !== id));
  }

  /** The decrypted secret, for a connection about to be opened; never logged or sent to the renderer. */
  secret(id: string): string | null {
    const encrypted = this.secrets()[id];
    if (encrypted === undefined) return null;
    if (!this.canKeepSecrets) throw new TaglockError('auth', 'the saved secret cannot be decrypted on this system; enter it again');
    return this.cipher!.decrypt(Buffer.from(encrypted, 'base64'));
  }

  private secrets(): Record<string, string> {
    const value = this.store.get(SECRETS_KEY);
    return value && typeof value === 'object' ? { ...(value as Record<string, string>) } : {};
  }
}
