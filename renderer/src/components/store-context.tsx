// Runs in the browser (React).
/** The store reaches components through context, so tests can render with a store of their own. */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { AppStore } from '../store/app-store.js';
import type { AppState } from '../store/types.js';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('components must be rendered inside <StoreProvider>');
  return store;
}

/** One value from the state (compared with Object.is). */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/** Several values at once (an object or array compared shallowly). */
export function useAppShallow<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStore(), useShallow(selector));
}
