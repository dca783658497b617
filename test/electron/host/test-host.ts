// Test helper (Node): the browser host as the host tests start it, on a free port with a throwaway
// renderer and, unless one is given, a data folder of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostOptions, RunningHost } from '../../../electron/host/start-host.js';
import { startHost } from '../../../electron/host/start-host.js';
import { throwawayRenderer } from './renderer-dir.js';

/** A new, empty data folder. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'taglock-host-'));
}

export function startTestHost(options: HostOptions = {}): Promise<RunningHost> {
  return startHost({ port: 0, dataDir: newDataDir(), rendererDir: throwawayRenderer(), ...options });
}
