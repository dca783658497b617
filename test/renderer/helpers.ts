// Test helper (Node): a store over the fake API, simulating on the calling thread without debounce.
import { createAppStore } from '../../renderer/src/store/app-store.js';
import type { AppStore } from '../../renderer/src/store/app-store.js';
import type { StoreOptions } from '../../renderer/src/store/types.js';
import { MainThreadRunner } from '../../renderer/src/sim/runner.js';
import { FakeApi } from './fake-api.js';

export interface Harness {
  api: FakeApi;
  store: AppStore;
  state: () => ReturnType<AppStore['getState']>;
  /** Run the pending simulation and wait for it. */
  settle: () => Promise<void>;
}

/** A started store; pass the `api` of an earlier harness to play a restart of the app (its workspace stays). */
export async function startedHarness(api = new FakeApi(), options: StoreOptions = {}): Promise<Harness> {
  const store = createAppStore(api, api.onEvent, { debounceMs: () => 0, runnerFactory: (index) => new MainThreadRunner(index), now: () => Date.UTC(2026, 10, 2, 9), ...options });
  await store.getState().ui.start();
  const state = () => store.getState();
  const settle = async () => {
    await state().simulation.runNow();
  };
  await settle();
  return { api, store, state, settle };
}

/** Wait until a condition holds (polling the microtask/timer queue). */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
