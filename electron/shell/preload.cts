// Runs in the renderer's sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules).
/**
 * The only bridge between the page and the main process: `window.taglock` with `invoke` and `onEvent`,
 * nothing else (no ipcRenderer, no Node). It must stay self-contained: a sandboxed preload can require
 * only 'electron', so the names of shared/contract/transport-names.ts are imported as types and spelled
 * here again, where the compiler refuses any spelling but the one defined there.
 */
import electron = require('electron');
import type { CallResult, TaglockEvent } from '../../shared/contract/api.js';
import type { BridgeName, EventChannel, InvokeChannel, TaglockBridge } from '../../shared/contract/transport-names.js';

const BRIDGE_NAME: BridgeName = 'taglock';
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

electron.contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
