// Runs anywhere (pure).
/**
 * Builds a typed TaglockApi from a transport (Electron IPC through the preload, or HTTP to the browser
 * host). Errors that arrive as data are turned back into TaglockErrors with the same code.
 */
import { TaglockError } from '../errors.js';
import type { CallResult, MethodName, TaglockApi, TaglockEvent } from './api.js';
import { METHODS } from './api.js';

export interface Transport {
  call(method: MethodName, args: unknown[]): Promise<CallResult<unknown>>;
  subscribe(listener: (event: TaglockEvent) => void): () => void;
}

export interface ApiClient {
  api: TaglockApi;
  onEvent(listener: (event: TaglockEvent) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  const api = {} as Record<MethodName, (...args: unknown[]) => Promise<unknown>>;
  for (const method of METHODS) {
    api[method] = async (...args: unknown[]) => {
      const result = await transport.call(method, args);
      if (!result.ok) throw new TaglockError(result.error.code, result.error.message);
      return result.value;
    };
  }
  return { api: api as unknown as TaglockApi, onEvent: (listener) => transport.subscribe(listener) };
}
