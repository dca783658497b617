import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => (await import('./fake-electron.js')).createFakeElectron());
vi.mock('electron', () => fake.module);

const { installApplicationMenu, menuTemplate } = await import('../../../electron/shell/menu.js');

type Item = { role?: string; label?: string; id?: string; accelerator?: string; submenu?: Item[]; click?: () => void; type?: string };

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}
function menu(template: Item[], label: string): Item[] {
  const found = template.find((item) => item.label?.replace('&', '') === label);
  if (!found?.submenu) throw new Error(`no ${label} menu`);
  return found.submenu;
}
const roles = (items: Item[]) => items.map((i) => i.role).filter(Boolean);

beforeEach(() => fake.reset());

describe('application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    describe(platform, () => {
      const importSnapshot = vi.fn();
      const template = menuTemplate({ platform, packaged: true, importSnapshot }) as Item[];

      it('has File > Import Snapshot… with a shortcut that runs the app-level action', () => {
        const item = menu(template, 'File').find((i) => i.id === 'import-snapshot')!;
        expect(item.label).toBe('Import Snapshot…');
        expect(item.accelerator).toBe('CmdOrCtrl+O');
        item.click!();
        expect(importSnapshot).toHaveBeenCalledTimes(1);
      });

      it('can quit', () => {
        expect(flatten(template).some((i) => i.role === 'quit')).toBe(true);
      });

      it('has the standard Edit roles', () => {
        expect(roles(menu(template, 'Edit'))).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
      });

      it('has View: reload, full screen and zoom, and no DevTools when packaged', () => {
        expect(roles(menu(template, 'View'))).toEqual(expect.arrayContaining(['reload', 'togglefullscreen', 'resetZoom', 'zoomIn', 'zoomOut']));
        expect(flatten(template).some((i) => i.role === 'toggleDevTools' || i.role === 'forceReload')).toBe(false);
      });

      it('has Help > About', () => {
        expect(roles(menu(template, 'Help'))).toContain('about');
      });

      it('uses only roles and app-level actions: the one click handler is the import', () => {
        expect(flatten(template).filter((i) => i.click).map((i) => i.id)).toEqual(['import-snapshot']);
      });
    });
  }

  it('offers DevTools in development builds', () => {
    const template = menuTemplate({ platform: 'linux', packaged: false, importSnapshot: () => undefined }) as Item[];
    expect(roles(menu(template, 'View'))).toContain('toggleDevTools');
  });

  it('is installed as the application menu', () => {
    installApplicationMenu({ platform: 'linux', packaged: true, importSnapshot: () => undefined });
    expect(fake.Menu.current?.template.map((i: Item) => i.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });
});
