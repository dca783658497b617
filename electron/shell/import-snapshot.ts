// Runs in Electron's main process.
/**
 * File > Import Snapshot…: the main process asks for a file, reads it and hands it to the same service the
 * UI calls, then reports the outcome in a message box. The UI sees the snapshot the next time it lists them.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { dialog } from 'electron';
import type { TaglockApi } from '../../shared/contract/api.js';
import { TaglockError } from '../../shared/errors.js';

/** Larger files are refused before reading (snapshots of very large registries stay far below). */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

function show(window: BrowserWindow | null, options: MessageBoxOptions): Promise<unknown> {
  return window && !window.isDestroyed() ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}

export async function importSnapshotFromDisk(window: BrowserWindow | null, services: Pick<TaglockApi, 'importSnapshot'>): Promise<void> {
  const options = {
    title: 'Import snapshot',
    properties: ['openFile' as const],
    filters: [
      { name: 'Taglock snapshots', extensions: ['json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const choice = window && !window.isDestroyed() ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return;
  try {
    const info = await stat(file);
    if (info.size > MAX_SNAPSHOT_BYTES) throw new TaglockError('bad-input', `${basename(file)} is larger than ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MiB`);
    const summary = await services.importSnapshot({ fileName: basename(file), text: await readFile(file, 'utf8') });
    await show(window, {
      type: 'info',
      title: 'Snapshot imported',
      message: `Imported “${summary.name}”`,
      detail: `${summary.tags} tags in ${summary.repositories} repositories. It is in the snapshot list.`,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await show(window, { type: 'error', title: 'Import failed', message: `Could not import ${basename(file)}`, detail: message });
  }
}
