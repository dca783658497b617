import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, preloadPath, secureWebPreferences } from '../../../electron/shell/window-options.js';

describe('window options', () => {
  const prefs = secureWebPreferences('/app/dist/electron/shell/preload.cjs', { devTools: false });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('loads the preload and enables no Blink features', () => {
    expect(prefs.preload).toBe('/app/dist/electron/shell/preload.cjs');
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('allows DevTools only when asked (development builds)', () => {
    expect(prefs.devTools).toBe(false);
    expect(secureWebPreferences('p', { devTools: true }).devTools).toBe(true);
  });

  it('builds the window hidden until ready, with those preferences', () => {
    const options = mainWindowOptions('p', { devTools: false });
    expect(options.show).toBe(false);
    expect(options.title).toBe('Taglock');
    expect(options.webPreferences).toEqual(secureWebPreferences('p', { devTools: false }));
  });

  it('finds the preload as the CommonJS file beside the shell', () => {
    expect(preloadPath(join('x', 'shell'))).toBe(join('x', 'shell', 'preload.cjs'));
  });
});
