// Runs in Electron's main process.
/**
 * File > Import Snapshot…: the main process asks for a file and streams it into the snapshot store, as
 * the browser version's upload does (no whole-file string: files of any size the store takes), then reports
 * the outcome in a message box. The UI sees the snapshot the next time it lists them.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { dialog } from 'electron';
import type { AppServices } from '../services/app-services.js';

function show(window: BrowserWindow | null, options: MessageBoxOptions): Promise<unknown> {
  return window && !window.isDestroyed() ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}

export async function importSnapshotFromDisk(window: BrowserWindow | null, services: Pick<AppServices, 'importSnapshotStream'>): Promise<void> {
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
    const summary = await services.importSnapshotStream(basename(file), createReadStream(file));
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
