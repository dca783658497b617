/**
 * The preload as Electron runs it: the file `tsc -p tsconfig.json` (npm run build) emits, evaluated the way
 * a sandboxed renderer evaluates preloads (CommonJS wrapper, `require` that knows only 'electron').
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeElectron } from './fake-electron.js';
import { PRELOAD_FILE, preloadPath } from '../../../electron/shell/window-options.js';
import { BRIDGE_NAME, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../shared/contract/transport-names.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let outDir: string;
let mainFile: string;
let preloadFile: string;
let preloadSource: string;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'taglock-build-'));
  // The project build, into a temporary folder instead of dist/ (type errors elsewhere do not stop emit).
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json'), '--outDir', outDir], { cwd: root, encoding: 'utf8' });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  mainFile = join(outDir, relative('dist', pkg.main));
  preloadFile = preloadPath(dirname(mainFile));
  if (!existsSync(preloadFile)) throw new Error(`the build did not produce ${preloadFile}:\n${build.stdout}${build.stderr}`);
  preloadSource = readFileSync(preloadFile, 'utf8');
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built preload', () => {
  it('is emitted by the project build beside main.js, where the window loads it', () => {
    expect(existsSync(mainFile)).toBe(true);
    expect(PRELOAD_FILE).toBe('preload.cjs');
    expect(preloadFile).toBe(join(dirname(mainFile), 'preload.cjs'));
  });

  it('is CommonJS: no import statements, no dynamic import, no import.meta', () => {
    const code = preloadSource.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/^\s*import\b/m);
    expect(code).not.toMatch(/^\s*export\b/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toMatch(/\bimport\.meta\b/);
  });

  it("requires nothing but 'electron' (all a sandboxed preload can require)", () => {
    const required = [...preloadSource.matchAll(/\brequire\(\s*(["'`])(.*?)\1\s*\)/g)].map((m) => m[2]);
    expect(required).toEqual(['electron']);
  });
});

describe('window.taglock', () => {
  let electron: ReturnType<typeof createFakeElectron>;
  let taglock: { invoke: (method: string, args: unknown[]) => Promise<unknown>; onEvent: (listener: (event: unknown) => void) => () => void };

  beforeEach(() => {
    electron = createFakeElectron();
    const requireInSandbox = (id: string) => {
      if (id === 'electron') return electron.module;
      throw new Error(`module not found: ${id}`);
    };
    const module = { exports: {} };
    const wrapper = runInNewContext(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {${preloadSource}\n})`, {}, { filename: preloadFile });
    wrapper(requireInSandbox, {}, undefined, {}, undefined, undefined, module.exports, module);
    taglock = electron.contextBridge.exposed.get(BRIDGE_NAME) as typeof taglock;
  });

  it('is the only thing exposed, and it has exactly invoke and onEvent', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual([BRIDGE_NAME]);
    expect(Object.keys(taglock).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(taglock).every((value) => typeof value === 'function')).toBe(true);
  });

  it('invoke sends method and args on the shared invoke channel and returns the CallResult', async () => {
    electron.ipcRenderer.reply = { ok: true, value: [1, 2] };
    await expect(taglock.invoke('listSnapshots', [])).resolves.toEqual({ ok: true, value: [1, 2] });
    expect(electron.ipcRenderer.invocations).toEqual([{ channel: INVOKE_CHANNEL, args: ['listSnapshots', []] }]);
  });

  it('onEvent delivers only the event payload (never the IPC event or its sender) and unsubscribes', () => {
    const received: unknown[][] = [];
    const off = taglock.onEvent((...args: unknown[]) => received.push(args));
    const payload = { type: 'fetch-done', jobId: 'j', snapshot: {} };
    electron.ipcRenderer.emit(EVENT_CHANNEL, { sender: electron.ipcRenderer, senderId: 0 }, payload);
    electron.ipcRenderer.emit('some-other-channel', {}, { type: 'x' });
    off();
    electron.ipcRenderer.emit(EVENT_CHANNEL, { sender: electron.ipcRenderer }, payload);
    expect(received).toEqual([[payload]]);
    expect(electron.ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('onEvent refuses a non-function', () => {
    expect(() => taglock.onEvent('nope' as never)).toThrow('onEvent needs a function');
  });
});
