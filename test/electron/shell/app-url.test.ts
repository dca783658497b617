import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../../electron/shell/app-url.js';

describe('app URL', () => {
  it('is app://taglock/index.html', () => {
    expect(APP_ORIGIN).toBe('app://taglock');
    expect(APP_ENTRY_URL).toBe('app://taglock/index.html');
  });

  it('recognises the app origin although Node gives app: URLs the opaque origin "null"', () => {
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    for (const url of ['app://taglock/', 'app://taglock/index.html', 'app://taglock/assets/a.js?x=1#y']) expect(isAppUrl(url), url).toBe(true);
  });

  it('rejects other schemes, hosts, ports, credentials and garbage', () => {
    for (const url of ['https://taglock/', 'app://taglock.evil/', 'app://evil/taglock', 'app://taglock:80/', 'app://u:p@taglock/', 'app:taglock', 'file:///taglock', '', 'null', 'devtools://devtools/']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
