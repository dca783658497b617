// Runs in Electron's main process.
/**
 * The IPC surface: one invoke channel and one event channel. Every call is checked to come from the main
 * window's top frame while it shows the app's own origin; anything else is answered with a `forbidden`
 * error and never reaches the dispatcher. Calls are otherwise handed, untouched, to the contract's
 * dispatcher, which validates the method and its arguments and returns errors as data.
 */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { ipcMain } from 'electron';
import type { CallResult, TaglockEvent } from '../../shared/contract/api.js';
import type { Dispatcher } from '../../shared/contract/dispatch.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/contract/transport-names.js';
import { isAppUrl } from './app-url.js';

export const FORBIDDEN: CallResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: "this call did not come from Taglock's own window" },
};

/** Whether an IPC message comes from `window`'s top frame showing app://taglock. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow | null): boolean {
  if (!window || window.isDestroyed()) return false;
  const contents = window.webContents;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame) return false;
  const top = contents.mainFrame;
  const same = frame === top || (frame.processId === top.processId && frame.routingId === top.routingId);
  if (!same || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Registers the one invoke handler; returns a function that removes it. */
export function registerInvokeHandler(getWindow: () => BrowserWindow | null, dispatch: Dispatcher): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, args: unknown): Promise<CallResult<unknown>> => {
    if (!isTrustedSender(event, getWindow())) return FORBIDDEN;
    return dispatch(method, args);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** The services' `emit`: sends each event to the window, while it shows the app (dropped otherwise). */
export function createEventForwarder(getWindow: () => BrowserWindow | null): (event: TaglockEvent) => void {
  return (event) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return;
    const contents = window.webContents;
    if (contents.isDestroyed() || !isAppUrl(contents.mainFrame.url)) return;
    contents.send(EVENT_CHANNEL, event);
  };
}
