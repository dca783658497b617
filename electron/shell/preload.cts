// Runs in the renderer's sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules).
/**
 * The only bridge between the page and the main process: `window.taglock` with `invoke` and `onEvent`,
 * nothing else (no ipcRenderer, no Node). It must stay self-contained: a sandboxed preload can require
 * only 'electron', so the contract is imported for its types alone and the two channel names are spelled
 * here and checked against ipc.ts by the compiler (ipc.ts types its constants with the types below).
 */
import electron = require('electron');
import type { CallResult, TaglockEvent } from '../../shared/contract/api.js';

export type InvokeChannel = 'taglock:invoke';
export type EventChannel = 'taglock:event';

export interface TaglockBridge {
  invoke(method: string, args: unknown[]): Promise<CallResult<unknown>>;
  onEvent(listener: (event: TaglockEvent) => void): () => void;
}

const INVOKE_CHANNEL: InvokeChannel = 'taglock:invoke';
const EVENT_CHANNEL: EventChannel = 'taglock:event';

const bridge: TaglockBridge = {
  invoke(method, args) {
    return electron.ipcRenderer.invoke(INVOKE_CHANNEL, method, args) as Promise<CallResult<unknown>>;
  },
  onEvent(listener) {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    // The IPC event (which carries the sender, i.e. ipcRenderer) never reaches the page: only the payload.
    const forward = (_event: unknown, payload: TaglockEvent) => listener(payload);
    electron.ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      electron.ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

electron.contextBridge.exposeInMainWorld('taglock', bridge);
