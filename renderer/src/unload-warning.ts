// Runs in the browser (DOM).
/**
 * Asks before a browser tab with unpublished changes closes or reloads. The draft itself is autosaved
 * (see store/draft-storage.ts), so nothing is lost either way; the question makes sure closing with
 * unpublished rules is a choice, not an accident.
 */
import type { AppStore } from './store/app-store.js';
import { isDirty } from './store/rules-state.js';

export function installUnloadWarning(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, store: AppStore): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    const { rules } = store.getState();
    if (rules.scope === null || !isDirty(rules)) return;
    event.preventDefault();
    // Older engines show the dialog only when returnValue is set.
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}
