// Runs in Electron's main process.
/** One Taglock at a time: a second launch quits and brings the first one's window forward. */
import type { BrowserWindow } from 'electron';
import { app } from 'electron';

/** True when this process holds the lock; otherwise it has asked the app to quit. */
export function claimSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}

export function focusWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
