// Runs in Node.
/**
 * The services as the browser host runs them: settings in `conf` inside the data folder, and no cipher,
 * because outside Electron there is no OS keychain to encrypt with; secrets then live in memory for the
 * session only (AppServices keeps them; nothing is written).
 */
import type { TaglockEvent } from '../../shared/contract/api.js';
import type { AppServices } from '../services/app-services.js';
import { composeServices } from '../services/compose.js';
import { confStore } from '../services/connections/conf-store.js';

export function browserServices(dataDir: string, emit: (event: TaglockEvent) => void): AppServices {
  return composeServices({ dataDir, shell: 'browser', store: confStore({ cwd: dataDir }), cipher: null, emit });
}
