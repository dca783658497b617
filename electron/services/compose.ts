// Runs in Node.
/**
 * The composition root: the one place that wires the plain service classes together. The Electron shell
 * passes electron-store and safeStorage adapters; the browser host and tests pass `conf` and no cipher.
 */
import { join } from 'node:path';
import type { TaglockEvent } from '../../shared/contract/api.js';
import { AppServices } from './app-services.js';
import { packageInfo } from './package-info.js';
import type { KeyValueStore, SecretCipher } from './connections/profile-store.js';
import { ProfileStore } from './connections/profile-store.js';
import { PublishHistory } from './publish/history-store.js';
import { SnapshotStore } from './snapshots/snapshot-store.js';
import { WorkspaceStore } from './workspace/workspace-store.js';

export interface CompositionOptions {
  dataDir: string;
  shell: 'electron' | 'browser';
  store: KeyValueStore;
  cipher: SecretCipher | null;
  emit: (event: TaglockEvent) => void;
}

export function composeServices(options: CompositionOptions): AppServices {
  return new AppServices({
    version: packageInfo().version,
    shell: options.shell,
    profiles: new ProfileStore(options.store, options.cipher),
    snapshots: new SnapshotStore(join(options.dataDir, 'snapshots')),
    history: new PublishHistory(join(options.dataDir, 'publish-history.jsonl')),
    workspace: new WorkspaceStore(join(options.dataDir, 'workspace.json')),
    emit: options.emit,
  });
}
