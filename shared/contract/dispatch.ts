// Runs anywhere (pure).
/**
 * The single entry for calls on the Node side: checks the method and its arguments, runs it, and returns
 * the result or the error as data. Unexpected failures become `internal` without their stack.
 */
import { TaglockError } from '../errors.js';
import type { CallResult, TaglockApi } from './api.js';
import { isMethodName } from './api.js';
import { validateArgs } from './validate-args.js';

export type Dispatcher = (method: unknown, args: unknown) => Promise<CallResult<unknown>>;

export function createDispatcher(services: TaglockApi, onUnexpected?: (error: unknown) => void): Dispatcher {
  return async (method, args) => {
    try {
      if (!isMethodName(method)) throw new TaglockError('bad-input', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
      const checked = validateArgs(method, args);
      const call = services[method] as (...a: unknown[]) => Promise<unknown>;
      const value = await call.apply(services, checked);
      return { ok: true, value: value === undefined ? null : value };
    } catch (error) {
      if (error instanceof TaglockError) return { ok: false, error: error.toData() };
      onUnexpected?.(error);
      return { ok: false, error: { code: 'internal', message: 'Taglock hit an unexpected problem; the details are in its log.' } };
    }
  };
}
