// Runs in the browser (no DOM needed: any Storage-like object will do, tests pass a Map-backed one).
/**
 * Drafts survive a restart: each (registry, project) draft with unpublished changes is saved under its
 * scope, and the last opened snapshot is remembered, so a reload opens it instead of the demo. The
 * renderer's localStorage works the same in Electron and in the browser.
 */
import type { WireRule } from '../../../shared/rules/wire.js';
import type { DraftScope } from './draft-scope.js';
import { scopeKey } from './draft-scope.js';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SavedDraft {
  scope: DraftScope;
  savedAt: string;
  rules: WireRule[];
  /** Stable labels, one per rule, and the next new-rule letter. */
  labels: string[];
  nextLabel: number;
}

const DRAFT_PREFIX = 'taglock.draft.v1:';
const LAST_SNAPSHOT = 'taglock.last-snapshot.v1';

export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** localStorage when the page has one (and it works: private modes may refuse), memory otherwise. */
export function defaultStorage(): KeyValueStorage {
  try {
    const storage = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
    if (storage) {
      storage.setItem('taglock.probe', '1');
      storage.removeItem('taglock.probe');
      return storage;
    }
  } catch {
    // Fall through: drafts then live as long as the page.
  }
  return memoryStorage();
}

export class DraftStore {
  constructor(private readonly storage: KeyValueStorage) {}

  load(scope: DraftScope): SavedDraft | null {
    const text = this.read(DRAFT_PREFIX + scopeKey(scope));
    if (text === null) return null;
    try {
      const saved = JSON.parse(text) as SavedDraft;
      if (!Array.isArray(saved.rules) || !Array.isArray(saved.labels) || saved.labels.length !== saved.rules.length) return null;
      return saved;
    } catch {
      return null;
    }
  }

  save(draft: SavedDraft): void {
    this.write(DRAFT_PREFIX + scopeKey(draft.scope), JSON.stringify(draft));
  }

  remove(scope: DraftScope): void {
    try {
      this.storage.removeItem(DRAFT_PREFIX + scopeKey(scope));
    } catch {
      // Nothing saved, nothing to remove.
    }
  }

  lastSnapshot(): string | null {
    return this.read(LAST_SNAPSHOT);
  }

  setLastSnapshot(id: string): void {
    this.write(LAST_SNAPSHOT, id);
  }

  private read(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch {
      return null;
    }
  }

  /** A full or refused storage must not break editing: the draft then lives as long as the page. */
  private write(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch {
      // See above.
    }
  }
}
