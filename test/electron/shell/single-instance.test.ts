import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { claimSingleInstance, focusWindow } = await import('../../../electron/shell/single-instance.js');

beforeEach(() => fake.reset());

describe('single instance', () => {
  it('keeps running with the lock and calls back on each second launch', () => {
    const onSecond = vi.fn();
    expect(claimSingleInstance(onSecond)).toBe(true);
    expect(fake.app.quitCalls).toBe(0);
    fake.app.emit('second-instance', {}, ['taglock', '--x'], '/tmp');
    fake.app.emit('second-instance', {}, ['taglock'], '/tmp');
    expect(onSecond).toHaveBeenCalledTimes(2);
  });

  it('quits without the lock and never listens for other instances', () => {
    fake.app.lock = false;
    const onSecond = vi.fn();
    expect(claimSingleInstance(onSecond)).toBe(false);
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });

  it('brings the first window forward, restoring it when minimized', () => {
    const window = new fake.BrowserWindow({});
    window.minimized = true;
    focusWindow(window as never);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    const visible = new fake.BrowserWindow({});
    focusWindow(visible as never);
    expect(visible.calls).toEqual(['show', 'focus']);
  });

  it('ignores a missing or destroyed window', () => {
    expect(() => focusWindow(null)).not.toThrow();
    const gone = new fake.BrowserWindow({});
    gone.destroyed = true;
    focusWindow(gone as never);
    expect(gone.calls).toEqual([]);
  });
});
