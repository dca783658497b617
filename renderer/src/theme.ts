// Runs in the browser (DOM; without one, as in server rendering, it reads as "follow the system").
/**
 * The colour theme: follow the system (the default), or light or dark whatever the system says. The
 * choice is kept in this browser's (or the desktop app's) local storage, and set on <html data-theme>,
 * which styles.css reads; components that paint with the theme's colours themselves (the lock map's
 * canvas) subscribe to it to paint again.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'As the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const STORAGE_KEY = 'taglock-theme';
const listeners = new Set<() => void>();
let choice: ThemeChoice = readStored();

function readStored(): ThemeChoice {
  try {
    const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system'; // storage refused (a locked-down browser): the default holds
  }
}

/** Puts the choice on the page: no attribute follows the system (styles.css's media query). */
export function applyTheme(): void {
  if (typeof document === 'undefined') return;
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

export function setTheme(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not kept for next time; it still applies now.
  }
  applyTheme();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // The system's own switch matters while following it.
  const query = typeof matchMedia === 'undefined' ? null : matchMedia('(prefers-color-scheme: dark)');
  query?.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    query?.removeEventListener('change', listener);
  };
}

/** The theme the page shows now: the choice, or the system's when following it. */
export function shownTheme(): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The choice (re-rendering when it, or the followed system theme, changes). */
export function useTheme(): { choice: ThemeChoice; shown: 'light' | 'dark' } {
  const shown = useSyncExternalStore(subscribe, shownTheme, () => 'light' as const);
  const chosen = useSyncExternalStore(subscribe, () => choice, () => 'system' as const);
  return { choice: chosen, shown };
}
