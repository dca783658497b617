// Runs in Node.
/**
 * The app's workspace between runs: drafts with unpublished changes, per (registry, project), and the
 * last opened snapshot, in one small JSON file of the data folder. Kept on the Node side so it survives
 * a restart of the browser host too (its page address, and so its localStorage, changes with its port).
 * A missing or unreadable file is an empty workspace: drafts are a convenience, never a reason not to start.
 */
import { readFile } from 'node:fs/promises';
import type { SavedDraftView, WorkspaceView } from '../../../shared/contract/api.js';
import { badInput } from '../../../shared/errors.js';
import { parseWireRules } from '../../../shared/rules/wire.js';
import { writeFileAtomic } from '../files/json-file.js';

/** More drafts than anyone edits at once; a bound keeps a runaway page from filling the disk. */
export const MAX_SAVED_DRAFTS = 500;

const EMPTY: WorkspaceView = { drafts: [], lastSnapshot: null };

export class WorkspaceStore {
  constructor(private readonly path: string) {}

  async load(): Promise<WorkspaceView> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { ...EMPTY };
    }
    try {
      const value = JSON.parse(text) as Partial<WorkspaceView>;
      const drafts = Array.isArray(value.drafts) ? value.drafts.filter(usable) : [];
      return { drafts, lastSnapshot: typeof value.lastSnapshot === 'string' ? value.lastSnapshot : null };
    } catch {
      return { ...EMPTY };
    }
  }

  async save(workspace: WorkspaceView): Promise<void> {
    if (workspace.drafts.length > MAX_SAVED_DRAFTS) throw badInput(`at most ${MAX_SAVED_DRAFTS} drafts are kept, got ${workspace.drafts.length}`);
    workspace.drafts.forEach((draft, i) => {
      try {
        parseWireRules(draft.rules);
      } catch (error) {
        throw badInput(`drafts[${i}].rules: ${(error as Error).message}`);
      }
      if (draft.labels.length !== draft.rules.length) throw badInput(`drafts[${i}] needs one label per rule`);
    });
    await writeFileAtomic(this.path, `${JSON.stringify({ drafts: workspace.drafts, lastSnapshot: workspace.lastSnapshot }, null, 1)}\n`);
  }
}

function usable(draft: unknown): draft is SavedDraftView {
  const d = draft as SavedDraftView;
  if (typeof d !== 'object' || d === null || typeof d.scope !== 'object' || d.scope === null) return false;
  if (!Array.isArray(d.rules) || !Array.isArray(d.labels) || d.labels.length !== d.rules.length) return false;
  try {
    parseWireRules(d.rules);
    return true;
  } catch {
    return false;
  }
}
