import type { Mock } from 'vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaglockEvent } from '../../../shared/contract/api.js';
import type { Dispatcher } from '../../../shared/contract/dispatch.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../shared/contract/transport-names.js';
import { FakeFrame, FakeWebContents } from './fake-electron.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { createEventForwarder, registerInvokeHandler } = await import('../../../electron/shell/ipc.js');
const { createDispatcher } = await import('../../../shared/contract/dispatch.js');

type Window = InstanceType<typeof fake.BrowserWindow>;
let window: Window;
let dispatch: Mock<Dispatcher>;
let invoke: (event: unknown, method: unknown, args: unknown) => Promise<unknown>;

beforeEach(() => {
  fake.reset();
  window = new fake.BrowserWindow({});
  window.webContents.mainFrame.url = 'app://taglock/index.html';
  dispatch = vi.fn<Dispatcher>(async () => ({ ok: true, value: 'dispatched' }));
  registerInvokeHandler(() => window as never, dispatch);
  invoke = fake.ipcMain.handlers.get('taglock:invoke') as typeof invoke;
});

const fromMainFrame = () => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

describe('the invoke handler', () => {
  it('is the one handler, on taglock:invoke', () => {
    expect(INVOKE_CHANNEL).toBe('taglock:invoke');
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['taglock:invoke']);
    expect(fake.ipcMain.listeners.size).toBe(0);
  });

  it('dispatches a call from the main window top frame on app://taglock', async () => {
    await expect(invoke(fromMainFrame(), 'listSnapshots', [])).resolves.toEqual({ ok: true, value: 'dispatched' });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('listSnapshots', []);
  });

  const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };

  it('refuses a call from a subframe', async () => {
    const child = new FakeFrame('app://taglock/index.html');
    child.parent = window.webContents.mainFrame;
    await expect(invoke({ sender: window.webContents, senderFrame: child }, 'appInfo', [])).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call from another origin', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'app://other/index.html', 'app://taglock:1/index.html', 'about:blank', '']) {
      window.webContents.mainFrame.url = url;
      await expect(invoke(fromMainFrame(), 'appInfo', []), url).resolves.toEqual(forbidden);
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call from another web contents or window', async () => {
    const other = new FakeWebContents();
    other.mainFrame.url = 'app://taglock/index.html';
    await expect(invoke({ sender: other, senderFrame: other.mainFrame }, 'appInfo', [])).resolves.toEqual(forbidden);
    await expect(invoke({ sender: window.webContents, senderFrame: other.mainFrame }, 'appInfo', [])).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call whose frame is gone, or when there is no window', async () => {
    await expect(invoke({ sender: window.webContents, senderFrame: null }, 'appInfo', [])).resolves.toEqual(forbidden);
    window.destroyed = true;
    await expect(invoke(fromMainFrame(), 'appInfo', [])).resolves.toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('hands method and arguments untouched to the real dispatcher, which returns errors as data', async () => {
    fake.reset();
    const services = { appInfo: vi.fn(async () => ({ version: '1', shell: 'electron', canKeepSecrets: false })) };
    registerInvokeHandler(() => window as never, createDispatcher(services as never));
    const real = fake.ipcMain.handlers.get('taglock:invoke') as typeof invoke;
    await expect(real(fromMainFrame(), 'appInfo', [])).resolves.toEqual({ ok: true, value: { version: '1', shell: 'electron', canKeepSecrets: false } });
    await expect(real(fromMainFrame(), 'no-such-method', [])).resolves.toMatchObject({ ok: false, error: { code: 'bad-input' } });
    await expect(real(fromMainFrame(), 'removeConnection', 'not-an-array')).resolves.toMatchObject({ ok: false, error: { code: 'bad-input' } });
    window.webContents.mainFrame.url = 'https://evil.example/';
    await expect(real(fromMainFrame(), 'appInfo', [])).resolves.toEqual(forbidden);
    expect(services.appInfo).toHaveBeenCalledTimes(1);
  });

  it('can be removed', () => {
    fake.reset();
    const remove = registerInvokeHandler(() => null, dispatch);
    remove();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

describe('events', () => {
  const event: TaglockEvent = { type: 'fetch-progress', jobId: 'j1', progress: { phase: 'tags', done: 1, total: 2, requests: 3, bytes: 4, etaSeconds: null } };

  it('forwards every service event to the window on taglock:event', () => {
    const emit = createEventForwarder(() => window as never);
    const done: TaglockEvent = { type: 'fetch-failed', jobId: 'j1', error: { code: 'network', message: 'down' } };
    emit(event);
    emit(done);
    expect(EVENT_CHANNEL).toBe('taglock:event');
    expect(window.webContents.sent).toEqual([
      { channel: 'taglock:event', args: [event] },
      { channel: 'taglock:event', args: [done] },
    ]);
  });

  it('drops events when there is no window, it is destroyed, or it does not show the app', () => {
    let current: Window | null = null;
    const emit = createEventForwarder(() => current as never);
    emit(event);
    current = window;
    window.webContents.mainFrame.url = 'https://evil.example/';
    emit(event);
    window.webContents.mainFrame.url = 'app://taglock/index.html';
    window.webContents.destroyed = true;
    emit(event);
    window.destroyed = true;
    emit(event);
    expect(window.webContents.sent).toEqual([]);
  });
});
