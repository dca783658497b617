// Runs in the browser (no DOM needed).
/**
 * Drafts survive a restart: each (registry, project) draft with unpublished changes is kept under its
 * scope, and the last opened snapshot is remembered, so a restart opens it instead of the demo. The
 * workspace lives on the Node side (a file in the data folder, see WorkspaceStore), because the
 * browser host's page address, and with it any page storage, changes with its port. Here it is held in
 * memory, read once at start, and written back after every change (the newest state wins; writes never
 * overlap).
 */
import type { SavedDraftView, WorkspaceView } from '../../../shared/contract/api.js';
import type { ErrorData } from '../../../shared/errors.js';
import { toErrorData } from '../view/format.js';
import type { DraftScope } from './draft-scope.js';
import { scopeKey } from './draft-scope.js';

export type SavedDraft = SavedDraftView;

export type SaveStatus = { state: 'idle' | 'saving' | 'saved' } | { state: 'failed'; error: ErrorData };

export interface WorkspacePersistence {
  loadWorkspace(): Promise<WorkspaceView>;
  saveWorkspace(workspace: WorkspaceView): Promise<void>;
}

export class DraftStore {
  private drafts = new Map<string, SavedDraft>();
  private last: string | null = null;
  private writing = false;
  private dirty = false;

  constructor(
    private readonly persistence: WorkspacePersistence,
    private readonly onStatus: (status: SaveStatus) => void = () => undefined,
  ) {}

  /** Reads the saved workspace; an unreadable one starts empty (drafts never stop the app). */
  async load(): Promise<void> {
    try {
      const workspace = await this.persistence.loadWorkspace();
      this.drafts = new Map(workspace.drafts.map((d) => [scopeKey(d.scope), d]));
      this.last = workspace.lastSnapshot;
    } catch {
      this.drafts = new Map();
    }
  }

  draftOf(scope: DraftScope): SavedDraft | null {
    return this.drafts.get(scopeKey(scope)) ?? null;
  }

  save(draft: SavedDraft): void {
    this.drafts.set(scopeKey(draft.scope), draft);
    this.flush();
  }

  remove(scope: DraftScope): void {
    if (this.drafts.delete(scopeKey(scope))) this.flush();
  }

  lastSnapshot(): string | null {
    return this.last;
  }

  setLastSnapshot(id: string): void {
    if (this.last === id) return;
    this.last = id;
    this.flush();
  }

  /** Writes the whole workspace; while a write runs, changes wait for it and go in one more write. */
  private flush(): void {
    this.dirty = true;
    if (this.writing) return;
    this.writing = true;
    this.dirty = false;
    this.onStatus({ state: 'saving' });
    const workspace: WorkspaceView = { drafts: [...this.drafts.values()], lastSnapshot: this.last };
    this.persistence.saveWorkspace(workspace).then(
      () => this.done({ state: 'saved' }),
      (error: unknown) => this.done({ state: 'failed', error: toErrorData(error) }),
    );
  }

  private done(status: SaveStatus): void {
    this.writing = false;
    if (this.dirty) this.flush();
    else this.onStatus(status);
  }
}
