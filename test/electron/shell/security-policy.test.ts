import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fakeEvent } from './fake-electron.js';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const policy = await import('../../../electron/shell/security-policy.js');

beforeEach(() => fake.reset());

describe('content security policy', () => {
  it('is exactly the app policy', () => {
    expect(policy.CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('goes on every app:// response with nosniff and the content type', () => {
    const headers = policy.appResponseHeaders('text/css; charset=utf-8');
    expect(headers['Content-Security-Policy']).toBe(policy.CONTENT_SECURITY_POLICY);
    expect(headers['Content-Type']).toBe('text/css; charset=utf-8');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('session policy', () => {
  beforeEach(() => policy.applySessionPolicy(fake.session.defaultSession as never));

  it('denies every permission request', () => {
    const handler = fake.session.defaultSession.permissionRequestHandler!;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      handler({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('denies every permission check and device permission', () => {
    for (const permission of ['media', 'clipboard-read', 'hid', 'serial', 'usb', 'notifications']) {
      expect(fake.session.defaultSession.permissionCheckHandler!({}, permission, 'app://taglock', {})).toBe(false);
    }
    expect(fake.session.defaultSession.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://taglock' })).toBe(false);
  });

  it('cancels every request that leaves the app, so the renderer never reaches the network', () => {
    const decide = (url: string) => {
      const callback = vi.fn();
      fake.session.defaultSession.beforeRequest!({ url, method: 'GET', resourceType: 'xhr' }, callback);
      return (callback.mock.calls[0]![0] as { cancel: boolean }).cancel;
    };
    for (const url of ['app://taglock/index.html', 'app://taglock/assets/index-abc.js', 'devtools://devtools/bundled/inspector.html', 'data:image/png;base64,AAAA', 'blob:app://taglock/6f1c7c1e-0000-4000-8000-000000000000']) {
      expect(decide(url), url).toBe(false);
    }
    for (const url of [
      'https://harbor.example.com/api/v2.0/projects',
      'http://127.0.0.1:8080/',
      'wss://evil.example/socket',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://taglock:8080/index.html',
      'app://user:pw@taglock/index.html',
      'blob:https://evil.example/1234',
      'ftp://example.com/',
      'chrome://settings',
    ]) {
      expect(decide(url), url).toBe(true);
    }
  });
});

describe('web contents policy', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    policy.applyWebContentsPolicy(contents as never);
  });

  it('blocks navigation and redirects away from the app, in any frame', () => {
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'http://harbor.local/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/']) {
        const event = fakeEvent({ url });
        contents.emit(name, event, url);
        expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
      }
      const inside = fakeEvent({ url: 'app://taglock/index.html' });
      contents.emit(name, inside, inside.url);
      expect(inside.defaultPrevented, name).toBe(false);
    }
    expect(fake.shell.opened).toEqual([]);
  });

  it('blocks <webview> attachment', () => {
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every window.open and opens only https links in the system browser', () => {
    const open = contents.windowOpenHandler!;
    for (const url of ['https://goharbor.io/docs/', 'http://insecure.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://taglock/index.html', 'https://user:pw@example.com/', 'not a url', 'data:text/html,hi']) {
      expect(open({ url }), url).toEqual({ action: 'deny' });
    }
    expect(fake.shell.opened).toEqual(['https://goharbor.io/docs/']);
  });

  it('is applied to every web contents the app creates', () => {
    policy.hardenAllWebContents();
    const created = new FakeWebContents();
    fake.app.emit('web-contents-created', fakeEvent(), created);
    expect(created.windowOpenHandler).not.toBeNull();
    expect(created.listenerCount('will-navigate')).toBe(1);
    expect(created.listenerCount('will-attach-webview')).toBe(1);
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts https only', () => {
    expect(policy.isSafeExternalUrl('https://example.com/a?b#c')).toBe(true);
    for (const url of ['http://example.com', 'file:///x', 'javascript:alert(1)', 'vbscript:x', 'smb://host/share', 'HTTPS://', '']) {
      expect(policy.isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
